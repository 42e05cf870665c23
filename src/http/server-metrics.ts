/**
 * HttpServerMetrics: http.server.request.duration, http.server.active_requests and the opt-in body sizes, by the
 * semantic conventions v1.44, aggregated per series in plain JS and exported through an AppMetricProducer.
 *
 * Two ways in: automatically from node:http's diagnostics channels (./channels.ts, `start()`), and the manual API
 * for servers that are not node:http (`recordRequest`, `requestStarted`/`requestFinished`). Both end in a table
 * lookup and one or three histogram updates, nothing allocated once the series exists. The automatic path defers
 * that part: a finished request is written into a preallocated batch (its packed code, route and values) and the
 * batch is aggregated when full (BATCH requests) and before anything reads the series (a collect's refresh(),
 * seriesCount, overflowed). The request path then runs a few stores, and the aggregation runs as one loop whose
 * code and tables stay in the CPU's caches: less main-thread time per request than aggregating each request
 * amid node:http's own work.
 *
 * Bad input never throws into the measured server: a measurement that cannot be recorded is dropped and counted
 * in `procsampler.app.dropped` (family `http.server`) with one of HTTP_DROP_REASONS.
 */
import type { IncomingMessage, Server } from 'http';
import type { HrTime } from '../peers';
import { badOption } from '../errors';
import { HTTP_SERVER_METRICS, type AppMetricDef } from '../otel/catalogue';
import { hrNow } from '../otel/producer';
import {
  METRIC_HTTP_SERVER_ACTIVE_REQUESTS,
  METRIC_HTTP_SERVER_REQUEST_BODY_SIZE,
  METRIC_HTTP_SERVER_REQUEST_DURATION,
  METRIC_HTTP_SERVER_RESPONSE_BODY_SIZE,
} from '../semconv';
import { refineClock } from '../app/clock';
import { DropCounts } from '../app/dropped';
import { HistogramSeries, NumberSeries } from '../app/histogram';
import { AppMetricProducer, type AppFeed, type AppMetricProducerOptions, type AppMetricSource } from '../app/producer';
import { ATTR_OTEL_METRIC_OVERFLOW, SeriesTable } from '../app/series-table';
import {
  METHOD_VALUES,
  SCHEME_VALUES,
  activeAttributes,
  methodIndex,
  packCode,
  protocolIndexOf,
  schemeIndex,
  seriesAttributes,
} from './attributes';
import { HttpChannels, type HttpRecorder } from './channels';

/** The family key of the HTTP server metrics (catalogue group, `procsampler.app.family`). */
export const HTTP_SERVER_FAMILY = 'http.server';

/**
 * Why a measurement was dropped (`procsampler.drop.reason`):
 * - `bad_duration`: recordRequest's durationS is not a finite number >= 0;
 * - `bad_status`: recordRequest's status is not an integer 100..599;
 * - `bad_route`: a route that is not a string, or longer than MAX_ROUTE_LENGTH (the request is recorded without
 *   http.route);
 * - `route_error`: the `route` option's callback threw (the request is recorded without http.route);
 * - `bad_size`: requestBytes/responseBytes not a finite number >= 0 (the duration is recorded, the size is not);
 * - `unbalanced_finish`: requestFinished() with no request of that method and scheme active.
 */
export const HTTP_DROP_REASONS = Object.freeze([
  'bad_duration',
  'bad_status',
  'bad_route',
  'route_error',
  'bad_size',
  'unbalanced_finish',
] as const);
/** One of HTTP_DROP_REASONS. */
export type HttpDropReason = (typeof HTTP_DROP_REASONS)[number];
const DROP_BAD_DURATION = 0;
const DROP_BAD_STATUS = 1;
const DROP_BAD_ROUTE = 2;
const DROP_ROUTE_ERROR = 3;
const DROP_BAD_SIZE = 4;
const DROP_UNBALANCED = 5;

/** Requests of the automatic path aggregated together (see the file comment). */
export const HTTP_RECORD_BATCH = 256;

/** Routes longer than this are refused (`bad_route`): a template is short; a long one is a raw path or garbage. */
export const MAX_ROUTE_LENGTH = 512;
/** Default of `maxSeries`. */
export const DEFAULT_HTTP_MAX_SERIES = 2000;

/** Options of `new HttpServerMetrics()`. */
export interface HttpServerMetricsOptions {
  /**
   * Measure every node:http / https server of the process through diagnostics_channel when `start()` is called
   * (default true). False leaves only the manual API.
   */
  automatic?: boolean;
  /** Take http.route from fastify 5's and Express 5.3's (router 2.3) tracing channels (default true). */
  frameworkRoutes?: boolean;
  /**
   * Measure only the requests of these servers (node:http or https Server objects); default: every server of the
   * process (the channels are process-wide), including one that serves /metrics.
   */
  servers?: readonly Server[];
  /**
   * Opt-in metrics by name: `'http.server.request.body.size'`, `'http.server.response.body.size'`. Unknown names
   * throw PROCSAMPLER_BAD_OPTION.
   */
  optIn?: readonly string[];
  /**
   * Most distinct series of http.server.request.duration (default 2000). Past it, new attribute combinations are
   * recorded into ONE overflow series whose only attribute is `otel.metric.overflow: true`.
   */
  maxSeries?: number;
  /**
   * Called at the end of a request whose route is not known from a framework or setRoute(): returns the route
   * template, or undefined. A throw or a non-string is counted as a drop and the request is recorded without
   * http.route.
   */
  route?: (req: IncomingMessage) => string | undefined;
}

/** One request for the manual API (`recordRequest`). */
export interface HttpRequestRecord {
  /** Request method; anything outside the known methods is `_OTHER`. */
  method: string;
  /** Route template (never the raw path); '' or undefined when unknown. */
  route?: string;
  /** Response status code, an integer 100..599. */
  status: number;
  /** Duration in seconds, finite and >= 0. */
  durationS: number;
  /** Request body bytes (recorded when http.server.request.body.size is opted in). */
  requestBytes?: number;
  /** Response body bytes (recorded when http.server.response.body.size is opted in). */
  responseBytes?: number;
  /** `http` (default) or `https`. */
  scheme?: string;
  /** `network.protocol.version`: '1.0', '1.1', '2' or '3'; other values leave the attribute out. */
  protocolVersion?: string;
  /** The client aborted the request (error.type `aborted`). */
  aborted?: boolean;
}

/** The series of one attribute combination: duration and, when opted in, the body sizes. */
interface HttpSeries {
  duration: HistogramSeries;
  requestSize: HistogramSeries | undefined;
  responseSize: HistogramSeries | undefined;
}

function rowOf(name: string): AppMetricDef {
  return HTTP_SERVER_METRICS.find((d) => d.name === name) as AppMetricDef;
}

/** Every live instance, for the module-level setRoute(). */
const instances = new Set<HttpServerMetrics>();

/**
 * Sets the route template of a request being measured (node:http IncomingMessage), for every started
 * HttpServerMetrics. Returns false when no instance measures this request, or the route is refused (counted as
 * `bad_route`). An explicit route wins over a framework's.
 */
export function setRoute(req: IncomingMessage, route: string): boolean {
  let ok = false;
  for (const m of instances) if (m.setRoute(req, route)) ok = true;
  return ok;
}

/**
 * HTTP server metrics by the semantic conventions. `start()` subscribes to node:http's diagnostics channels;
 * `metricProducer()` gives the MetricProducer to attach to a reader.
 */
export class HttpServerMetrics implements AppMetricSource, HttpRecorder {
  readonly feeds: readonly AppFeed[];
  readonly #table: SeriesTable<HttpSeries>;
  readonly #durations: HistogramSeries[] = [];
  readonly #requestSizes: HistogramSeries[] | undefined;
  readonly #responseSizes: HistogramSeries[] | undefined;
  /**
   * Requests in flight by (method, scheme): NaN until the first request of the pair (its series does not exist
   * yet). One typed array rather than a series object per pair: the request path touches one small array; the
   * series (#activeBy) get the counts at collect time (refresh()).
   */
  readonly #active = new Float64Array(METHOD_VALUES.length * SCHEME_VALUES.length).fill(NaN);
  readonly #activeBy: (NumberSeries | undefined)[] = new Array(METHOD_VALUES.length * SCHEME_VALUES.length).fill(undefined);
  readonly #activeList: NumberSeries[] = [];
  readonly #drops: DropCounts;
  readonly #routeFn: ((req: IncomingMessage) => string | undefined) | undefined;
  readonly #channels: HttpChannels | undefined;
  readonly #startTime: HrTime;
  /** The batch of finished requests not yet aggregated: packed codes, routes, [duration, request, response bytes]. */
  readonly #batchCodes = new Int32Array(HTTP_RECORD_BATCH);
  readonly #batchRoutes: string[] = new Array<string>(HTTP_RECORD_BATCH).fill('');
  readonly #batchValues = new Float64Array(HTTP_RECORD_BATCH * 3);
  #batched = 0;

  constructor(options: HttpServerMetricsOptions = {}) {
    if (options === null || typeof options !== 'object') badOption('HttpServerMetrics options must be an object');
    const maxSeries = options.maxSeries ?? DEFAULT_HTTP_MAX_SERIES;
    if (!Number.isInteger(maxSeries) || maxSeries < 1) badOption(`maxSeries must be a positive integer, got ${String(maxSeries)}`);
    if (options.route !== undefined && typeof options.route !== 'function') badOption('route must be a function');
    if (options.servers !== undefined && (!Array.isArray(options.servers) || options.servers.some((x) => x === null || typeof x !== 'object'))) {
      badOption('servers must be an array of http/https Server objects');
    }
    const optIn = options.optIn ?? [];
    if (!Array.isArray(optIn)) badOption('optIn must be an array of metric names');
    const optional = HTTP_SERVER_METRICS.filter((d) => d.optIn).map((d) => d.name);
    for (const name of optIn) {
      if (!optional.includes(name)) badOption(`optIn: unknown HTTP server metric ${JSON.stringify(name)} (known: ${optional.join(', ')})`);
    }
    this.#startTime = hrNow([0, 0]);
    this.#routeFn = options.route;
    const wantRequest = optIn.includes(METRIC_HTTP_SERVER_REQUEST_BODY_SIZE);
    const wantResponse = optIn.includes(METRIC_HTTP_SERVER_RESPONSE_BODY_SIZE);
    this.#requestSizes = wantRequest ? [] : undefined;
    this.#responseSizes = wantResponse ? [] : undefined;
    const durationDef = rowOf(METRIC_HTTP_SERVER_REQUEST_DURATION);
    const requestDef = rowOf(METRIC_HTTP_SERVER_REQUEST_BODY_SIZE);
    const responseDef = rowOf(METRIC_HTTP_SERVER_RESPONSE_BODY_SIZE);
    const make = (attributes: HttpSeries['duration']['attributes']): HttpSeries => {
      const start = hrNow([0, 0]);
      const s: HttpSeries = {
        duration: new HistogramSeries(attributes, durationDef.boundaries as readonly number[], start),
        requestSize: wantRequest ? new HistogramSeries(attributes, requestDef.boundaries as readonly number[], start) : undefined,
        responseSize: wantResponse ? new HistogramSeries(attributes, responseDef.boundaries as readonly number[], start) : undefined,
      };
      this.#durations.push(s.duration);
      if (s.requestSize) this.#requestSizes?.push(s.requestSize);
      if (s.responseSize) this.#responseSizes?.push(s.responseSize);
      return s;
    };
    this.#table = new SeriesTable<HttpSeries>({
      limit: maxSeries,
      create: (route, code) => make(seriesAttributes(route, code)),
      overflow: () => make(Object.freeze({ [ATTR_OTEL_METRIC_OVERFLOW]: true })),
    });
    this.#drops = new DropCounts(HTTP_SERVER_FAMILY, HTTP_DROP_REASONS, this.#startTime);
    const feeds: AppFeed[] = [
      { def: durationDef, series: this.#durations },
      { def: rowOf(METRIC_HTTP_SERVER_ACTIVE_REQUESTS), series: this.#activeList },
    ];
    if (this.#requestSizes) feeds.push({ def: requestDef, series: this.#requestSizes });
    if (this.#responseSizes) feeds.push({ def: responseDef, series: this.#responseSizes });
    feeds.push(this.#drops.feed);
    this.feeds = Object.freeze(feeds.map((f) => Object.freeze(f)));
    this.#channels =
      options.automatic === false
        ? undefined
        : new HttpChannels(this, {
            frameworkRoutes: options.frameworkRoutes !== false,
            requestSizes: wantRequest,
            responseSizes: wantResponse,
            servers: options.servers ? [...options.servers] : undefined,
          });
  }

  /** Subscribes to the diagnostics channels (no-op without `automatic` or when started). Returns this. */
  start(): this {
    instances.add(this);
    this.#channels?.subscribe();
    return this;
  }

  /**
   * Unsubscribes. Nothing new is measured automatically; requests in flight still end at their finish (or at their
   * socket's close), and the finish channel is left when the last of them has ended. The series and the manual
   * API stay usable.
   */
  stop(): void {
    this.#channels?.unsubscribe();
    instances.delete(this);
  }

  /** A MetricProducer of these metrics (one per reader). */
  metricProducer(options: AppMetricProducerOptions = {}): AppMetricProducer {
    return new AppMetricProducer([this], options);
  }

  /**
   * Records one finished request (the manual API, for servers that are not node:http). Returns false, and counts
   * the drop, when durationS or status is bad; never throws.
   */
  recordRequest(r: HttpRequestRecord): boolean {
    if (r === null || typeof r !== 'object') {
      this.#drops.add(DROP_BAD_DURATION);
      return false;
    }
    const d = r.durationS;
    if (typeof d !== 'number' || !(d >= 0) || d === Infinity) {
      this.#drops.add(DROP_BAD_DURATION);
      return false;
    }
    const status = r.status;
    if (typeof status !== 'number' || !Number.isInteger(status) || status < 100 || status > 599) {
      this.#drops.add(DROP_BAD_STATUS);
      return false;
    }
    const route = this.#checkRoute(r.route);
    const code = packCode(methodIndex(r.method), schemeIndex(r.scheme), protocolIndexOf(r.protocolVersion), status, r.aborted === true);
    this.#recordSizes(this.#table.get(route, code), d, this.#checkSize(r.requestBytes), this.#checkSize(r.responseBytes));
    return true;
  }

  /** One request started (manual API): http.server.active_requests + 1 for this method and scheme. */
  requestStarted(method?: string, scheme?: string): void {
    this.started(methodIndex(method), schemeIndex(scheme));
  }

  /** One request finished (manual API): active - 1; without a matching start it is counted as `unbalanced_finish`. */
  requestFinished(method?: string, scheme?: string): void {
    this.finished(methodIndex(method), schemeIndex(scheme));
  }

  /** Sets the route of a request measured by this instance (see the module-level setRoute). */
  setRoute(req: IncomingMessage, route: string): boolean {
    if (this.#channels === undefined) return false;
    if (typeof route !== 'string' || route.length > MAX_ROUTE_LENGTH) {
      if (this.#channels.measures(req)) this.#drops.add(DROP_BAD_ROUTE);
      return false;
    }
    return this.#channels.setRoute(req, route);
  }

  /** Drops counted for a reason (see HTTP_DROP_REASONS). */
  dropped(reason: HttpDropReason): number {
    return this.#drops.count(HTTP_DROP_REASONS.indexOf(reason));
  }

  /** Distinct duration series (the overflow series not counted). */
  get seriesCount(): number {
    this.#flush();
    return this.#table.size;
  }

  /** Requests recorded into the overflow series because maxSeries was reached. */
  get overflowed(): number {
    this.#flush();
    return this.#table.overflowed;
  }

  /** Requests in flight now, over every method and scheme. */
  get activeRequests(): number {
    const a = this.#active;
    let n = 0;
    for (let i = 0; i < a.length; i++) if ((a[i] as number) > 0) n += a[i] as number;
    return n;
  }

  /**
   * AppMetricSource: aggregates the batch of finished requests and copies the active-request counts into their
   * series, before a collect reads them; and refines the request clock's rate (src/app/clock.ts).
   */
  refresh(): void {
    refineClock();
    this.#flush();
    const a = this.#active;
    const by = this.#activeBy;
    for (let i = 0; i < by.length; i++) {
      const s = by[i];
      if (s !== undefined) s.value = a[i] as number;
    }
  }

  // HttpRecorder: the automatic path (channels.ts) calls these with validated numbers.

  /** @internal */
  started(method: number, scheme: number): void {
    const i = method * SCHEME_VALUES.length + scheme;
    const a = this.#active;
    const v = a[i] as number;
    if (v !== v) {
      this.#newActive(i, method, scheme);
      a[i] = 1;
    } else a[i] = v + 1;
  }

  #newActive(i: number, method: number, scheme: number): void {
    const s = new NumberSeries(activeAttributes(method, scheme), hrNow([0, 0]), 0);
    this.#activeBy[i] = s;
    this.#activeList.push(s);
  }

  /** @internal */
  finished(method: number, scheme: number): void {
    const a = this.#active;
    const i = method * SCHEME_VALUES.length + scheme;
    const v = a[i] as number;
    if (!(v > 0)) {
      this.#drops.add(DROP_UNBALANCED);
      return;
    }
    a[i] = v - 1;
  }

  /**
   * @internal Records a request the channels measured (`values[0]`: seconds; a size < 0: unknown) into the batch;
   * route '' means ask the route callback (now: it reads the request).
   */
  record(code: number, route: string, req: IncomingMessage, values: Float64Array, requestBytes: number, responseBytes: number): void {
    if (route === '' && this.#routeFn !== undefined) route = this.#callRoute(req);
    const n = this.#batched;
    this.#batchCodes[n] = code;
    this.#batchRoutes[n] = route;
    const v = this.#batchValues;
    v[3 * n] = values[0] as number;
    v[3 * n + 1] = requestBytes;
    v[3 * n + 2] = responseBytes;
    this.#batched = n + 1;
    if (n + 1 === HTTP_RECORD_BATCH) this.#flush();
  }

  /** Aggregates the batch into the series. */
  #flush(): void {
    const n = this.#batched;
    if (n === 0) return;
    this.#batched = 0;
    const codes = this.#batchCodes;
    const routes = this.#batchRoutes;
    const v = this.#batchValues;
    const table = this.#table;
    for (let i = 0; i < n; i++) {
      const s = table.get(routes[i] as string, codes[i] as number);
      routes[i] = '';
      s.duration.recordAt(v, 3 * i);
      if (s.requestSize !== undefined && (v[3 * i + 1] as number) >= 0) s.requestSize.recordAt(v, 3 * i + 1);
      if (s.responseSize !== undefined && (v[3 * i + 2] as number) >= 0) s.responseSize.recordAt(v, 3 * i + 2);
    }
  }

  /** @internal */
  dropBadRoute(): void {
    this.#drops.add(DROP_BAD_ROUTE);
  }

  #recordSizes(s: HttpSeries, durationS: number, requestBytes: number, responseBytes: number): void {
    s.duration.record(durationS);
    if (s.requestSize !== undefined && requestBytes >= 0) s.requestSize.record(requestBytes);
    if (s.responseSize !== undefined && responseBytes >= 0) s.responseSize.record(responseBytes);
  }

  #callRoute(req: IncomingMessage): string {
    let r: unknown;
    try {
      r = (this.#routeFn as (req: IncomingMessage) => unknown)(req);
    } catch {
      this.#drops.add(DROP_ROUTE_ERROR);
      return '';
    }
    if (r === undefined || r === null) return '';
    return this.#checkRoute(r);
  }

  #checkRoute(route: unknown): string {
    if (route === undefined || route === null || route === '') return '';
    if (typeof route !== 'string' || route.length > MAX_ROUTE_LENGTH) {
      this.#drops.add(DROP_BAD_ROUTE);
      return '';
    }
    return route;
  }

  /** A body size from the manual API: -1 when absent, -1 and a `bad_size` drop when bad. */
  #checkSize(v: unknown): number {
    if (v === undefined || v === null) return -1;
    if (typeof v !== 'number' || !(v >= 0) || v === Infinity) {
      this.#drops.add(DROP_BAD_SIZE);
      return -1;
    }
    return v;
  }
}
