/**
 * The automatic path: node:http's diagnostics channels, and the route channels of fastify 5 and Express 5.3.
 *
 * - `http.server.request.start` (Node 18.7+; every https server too) takes a Slot from a free list, stamps the
 *   start time and the request's method, scheme and protocol, and appends the slot to its socket's list of
 *   requests in flight: one symbol property of the socket holds the list's head (null when nothing is in flight).
 *   The property and ONE shared 'close' listener are added at the socket's first request: nothing is added to the
 *   request or the response, and a keep-alive connection costs its listener once, not once per request. The
 *   objects touched per request are the ones node:http has just touched (the socket, the request), the slot
 *   freed last (the free list is a stack) and the shared series.
 * - `http.server.response.finish` records the request and returns the slot. node:http finishes the responses of
 *   a socket in the order of their requests, so the finished one is the head of the list (checked; a scan
 *   otherwise).
 * - A slot keeps its response only when the request is pipelined (another response holds the socket, or a
 *   request measured here is still in flight on it). Otherwise the request is the socket's only one and its
 *   response is the one node:http attached to the socket (`socket._httpMessage`, from just after the start
 *   message until just after the finish message, and still there when the socket closes). The slots are old
 *   objects (reused) and a response is always a new one: storing it would cost a generational write barrier
 *   and a remembered-set entry per request, which a busy server shows.
 * - The socket's 'close' ends every request of the socket still in flight (the client went away, or the
 *   server destroyed the socket): recorded with error.type `aborted`, so active requests never leak. That covers
 *   pipelined requests whose responses never got the socket, too.
 * - fastify's `fastify.request.handler` start carries `route.url`; router 2.3's `express.router.request` start
 *   carries `route` (the matched pattern) for route handlers (layers with an own `method` key) and the mount
 *   pattern for mounted routers, whose patterns are prefixed, level by level (see #expressStart). Both name the
 *   request by its response; the slot is found through the response's request's socket (`res.req.socket`).
 *
 * Nothing here allocates per request once the slots, series and route strings exist: slots are
 * reused, series are looked up by (route, packed integer), handlers are bound once.
 */
import * as dc from 'diagnostics_channel';
import type { IncomingMessage, ServerResponse } from 'http';
import type { Socket } from 'net';
import { CLOCK, readClock } from '../app/clock';
import { methodIndex, packCode, protocolIndex } from './attributes';

/** What the channels report to (HttpServerMetrics). */
export interface HttpRecorder {
  started(method: number, scheme: number): void;
  finished(method: number, scheme: number): void;
  /** `values[0]` is the duration in seconds (passed in an array: see HistogramSeries.recordAt). */
  record(code: number, route: string, req: IncomingMessage, values: Float64Array, requestBytes: number, responseBytes: number): void;
  dropBadRoute(): void;
}

/** Options of HttpChannels. */
export interface HttpChannelOptions {
  frameworkRoutes: boolean;
  requestSizes: boolean;
  responseSizes: boolean;
  /** Only these servers, or every server. */
  servers: readonly object[] | undefined;
}

/** The channel names (node:http, fastify 5, router 2.3). */
export const CHANNEL_REQUEST_START = 'http.server.request.start';
export const CHANNEL_RESPONSE_FINISH = 'http.server.response.finish';
export const CHANNEL_FASTIFY_HANDLER = 'fastify.request.handler';
export const CHANNEL_EXPRESS_REQUEST = 'express.router.request';

/** Deepest nesting of Express routers whose mount patterns are kept (deeper mounts are left out of the route). */
const MAX_MOUNT_DEPTH = 8;
/** Most cached route joins (mount pattern + route pattern); past it, joins are computed per request. */
const MAX_JOINS = 10000;

interface StartMessage {
  server: object;
  request: IncomingMessage;
  response: ServerResponse;
  socket: Socket & { encrypted?: boolean; _httpMessage?: unknown };
}

/** The mount arrays of a slot that never saw an Express mount (never written: depth stays 0). */
const NO_MOUNTS: string[] = [];

/** The state of one request in flight. Reused. */
class Slot {
  /** The response, for a pipelined request only (see above): null means `socket._httpMessage`. */
  res: ServerResponse | null = null;
  next: Slot | null = null;
  /** CLOCK[0] at the start, seconds. */
  start = 0.5;
  method = 0;
  scheme = 0;
  protocol = 0;
  /** Request body bytes (Content-Length; 0 without a body; -1 unknown). */
  requestBytes = -1;
  /** socket.bytesWritten at the start; -1 when unknown (pipelined, or not measured). */
  written = -1;
  route = '';
  /** The route came from setRoute() and frameworks do not overwrite it. */
  explicit = false;
  /** Express mount levels in use (mountPattern/mountUrl[0 .. depth-1]). */
  depth = 0;
  /** Made at the slot's first Express mount, then kept (a server without Express never makes them). */
  mountPattern: string[] = NO_MOUNTS;
  mountUrl: string[] = NO_MOUNTS;
}

type AnyFn = (message: unknown, name: string | symbol) => void;
type Tracing = { subscribe(h: object): void; unsubscribe(h: object): boolean | void };

function subscribe(name: string, fn: AnyFn): void {
  if (typeof dc.subscribe === 'function') dc.subscribe(name, fn);
  else dc.channel(name).subscribe(fn);
}
function unsubscribe(name: string, fn: AnyFn): void {
  if (typeof dc.unsubscribe === 'function') dc.unsubscribe(name, fn);
  else dc.channel(name).unsubscribe(fn);
}
function tracing(name: string): Tracing | undefined {
  const tc = (dc as unknown as { tracingChannel?: (n: string) => Tracing }).tracingChannel;
  return typeof tc === 'function' ? tc(name) : undefined;
}

/** Joins a mount pattern and a route pattern ('/api/:v' + '/users/:id'). */
export function joinRoute(mount: string, route: string): string {
  if (mount === '' || mount === '/') return route;
  if (route === '' || route === '/') return mount;
  return mount.charCodeAt(mount.length - 1) === 47 /* / */ ? mount + route.slice(1) : mount + route;
}

/**
 * Request body bytes from the raw headers, without building `req.headers` (Node builds that object on first
 * access): Content-Length when present and numeric, 0 when there is neither Content-Length nor
 * Transfer-Encoding (no body), -1 when unknown (a chunked body, a malformed length).
 */
export function requestBodyBytes(raw: readonly string[]): number {
  let bytes = 0;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i] as string;
    if (name.length === 14 && sameLetters(name, 'content-length')) {
      bytes = parseDigits(raw[i + 1] as string);
      if (bytes < 0) return -1;
    } else if (name.length === 17 && sameLetters(name, 'transfer-encoding')) {
      return -1;
    }
  }
  return bytes;
}

/** ASCII case-insensitive comparison with a lower-case name of the same length. */
function sameLetters(s: string, lower: string): boolean {
  for (let i = 0; i < lower.length; i++) {
    let c = s.charCodeAt(i);
    if (c >= 65 && c <= 90) c += 32;
    if (c !== lower.charCodeAt(i)) return false;
  }
  return true;
}

/** A decimal integer (surrounding spaces allowed), or -1. */
function parseDigits(s: string): number {
  let i = 0;
  let n = 0;
  let digits = 0;
  while (i < s.length && s.charCodeAt(i) === 32) i++;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) break;
    n = n * 10 + c;
    digits++;
  }
  while (i < s.length && s.charCodeAt(i) === 32) i++;
  return digits === 0 || i !== s.length || digits > 15 ? -1 : n;
}

/** The diagnostics-channel subscription of one HttpServerMetrics. */
export class HttpChannels {
  readonly #recorder: HttpRecorder;
  readonly #frameworkRoutes: boolean;
  readonly #requestSizes: boolean;
  readonly #responseSizes: boolean;
  readonly #servers: readonly object[] | undefined;
  /**
   * The socket property holding the head of its list of requests in flight (null: none; absent: a socket never
   * seen). Per instance, so that two HttpServerMetrics never share a slot.
   */
  readonly #key = Symbol('procsampler.http.inflight');
  readonly #free: Slot[] = [];
  /** [0]: the duration of the request being recorded, seconds. */
  readonly #values = new Float64Array(1);
  /** Whether the start channel is subscribed. */
  #subscribed = false;
  /** Whether the finish channel is subscribed: it stays after unsubscribe() until the requests in flight end. */
  #finishing = false;
  /** Requests in flight measured here (slots in the sockets' lists). */
  #inFlight = 0;
  readonly #joins = new Map<string, Map<string, string>>();
  #joinCount = 0;
  readonly #onStart: AnyFn;
  readonly #onFinish: AnyFn;
  readonly #onSocketClose: (this: Socket) => void;
  readonly #fastify: { start: (store: unknown) => void };
  readonly #express: { start: (ctx: unknown) => void };

  constructor(recorder: HttpRecorder, options: HttpChannelOptions) {
    this.#recorder = recorder;
    this.#frameworkRoutes = options.frameworkRoutes;
    this.#requestSizes = options.requestSizes;
    this.#responseSizes = options.responseSizes;
    this.#servers = options.servers;
    this.#onStart = (m) => this.#start(m as StartMessage);
    this.#onFinish = (m) => this.#finish(m as StartMessage);
    const self = this;
    this.#onSocketClose = function onSocketClose(this: Socket) {
      self.#closed(this);
    };
    this.#fastify = { start: (store) => this.#fastifyStart(store) };
    this.#express = { start: (ctx) => this.#expressStart(ctx) };
  }

  subscribe(): void {
    if (this.#subscribed) return;
    this.#subscribed = true;
    subscribe(CHANNEL_REQUEST_START, this.#onStart);
    if (!this.#finishing) {
      this.#finishing = true;
      subscribe(CHANNEL_RESPONSE_FINISH, this.#onFinish);
    }
    if (this.#frameworkRoutes) {
      tracing(CHANNEL_FASTIFY_HANDLER)?.subscribe(this.#fastify);
      tracing(CHANNEL_EXPRESS_REQUEST)?.subscribe(this.#express);
    }
  }

  /** Nothing new is measured; the requests in flight still end at their finish (or their socket's close). */
  unsubscribe(): void {
    if (!this.#subscribed) return;
    this.#subscribed = false;
    unsubscribe(CHANNEL_REQUEST_START, this.#onStart);
    if (this.#inFlight === 0) this.#stopFinishing();
    if (this.#frameworkRoutes) {
      tracing(CHANNEL_FASTIFY_HANDLER)?.unsubscribe(this.#fastify);
      tracing(CHANNEL_EXPRESS_REQUEST)?.unsubscribe(this.#express);
    }
  }

  #stopFinishing(): void {
    if (!this.#finishing) return;
    this.#finishing = false;
    unsubscribe(CHANNEL_RESPONSE_FINISH, this.#onFinish);
  }

  /** The oldest request in flight on a socket, or null (none, or not a socket seen here). */
  #headOf(socket: unknown): Slot | null {
    if (socket === null || typeof socket !== 'object') return null;
    return (socket as Record<symbol, Slot | null | undefined>)[this.#key] ?? null;
  }

  /**
   * The slot of a request or response in flight, or undefined: through its socket (a request's, or the
   * response's request's: a pipelined response has no socket of its own until the ones before it finish).
   */
  #slotOf(o: unknown): Slot | undefined {
    if (o === null || typeof o !== 'object') return undefined;
    const x = o as { socket?: unknown; req?: { socket?: unknown } | null };
    let socket = x.socket;
    let head = this.#headOf(socket);
    if (head === null) {
      const req = x.req;
      if (req !== null && typeof req === 'object') {
        socket = req.socket;
        head = this.#headOf(socket);
      }
    }
    for (let s = head; s !== null; s = s.next) {
      const res = responseOf(s, socket as Socket, null);
      if (res !== null && (res === o || res.req === o)) return s;
    }
    return undefined;
  }

  /** True while `req` is a request in flight measured here. */
  measures(req: unknown): boolean {
    return this.#slotOf(req) !== undefined;
  }

  /** setRoute(): the route of a request in flight (already checked to be a string of sane length). */
  setRoute(req: unknown, route: string): boolean {
    const slot = this.#slotOf(req);
    if (slot === undefined) return false;
    slot.route = route;
    slot.explicit = true;
    return true;
  }

  #start(m: StartMessage): void {
    const servers = this.#servers;
    if (servers !== undefined && !servers.includes(m.server)) return;
    const req = m.request;
    const socket = m.socket;
    if (socket === null || typeof socket !== 'object') return;
    const lists = socket as unknown as Record<symbol, Slot | null | undefined>;
    const head = lists[this.#key];
    if (head === undefined) socket.on('close', this.#onSocketClose);
    const slot = this.#free.pop() ?? new Slot();
    readClock();
    slot.start = CLOCK[0] as number;
    // Another response on the socket, measured here or not: this one waits behind it (see Slot.res).
    const pipelined = (head !== undefined && head !== null) || socket._httpMessage != null;
    slot.res = pipelined ? m.response : null;
    slot.next = null;
    slot.method = methodIndex(req.method);
    slot.scheme = socket.encrypted === true ? 1 : 0;
    slot.protocol = protocolIndex(req.httpVersionMajor, req.httpVersionMinor);
    slot.route = '';
    slot.explicit = false;
    slot.depth = 0;
    slot.requestBytes = this.#requestSizes ? requestBodyBytes(req.rawHeaders) : -1;
    // A pipelined request's response waits behind the one writing now: its start on the socket is unknown.
    slot.written = this.#responseSizes && socket._httpMessage == null ? written(socket) : -1;
    if (head === undefined || head === null) lists[this.#key] = slot;
    else {
      let tail = head; // a pipelined request: behind the ones in flight (rare, and a short list)
      while (tail.next !== null) tail = tail.next;
      tail.next = slot;
    }
    this.#inFlight++;
    this.#recorder.started(slot.method, slot.scheme);
  }

  #finish(m: StartMessage): void {
    const socket = m.socket;
    const res = m.response;
    let prev: Slot | null = null;
    let slot = this.#headOf(socket);
    // A slot without a response of its own on a socket with none attached: the responses of a socket finish in
    // the order of their requests, so it is this one.
    while (slot !== null && responseOf(slot, socket, res) !== res) {
      prev = slot;
      slot = slot.next;
    }
    if (slot === null) return;
    this.#end(socket, prev, slot, res, m.request, false);
  }

  /** The socket closed: every request of it still in flight ends (aborted unless it finished unseen). */
  #closed(socket: Socket): void {
    let slot = this.#headOf(socket);
    while (slot !== null) {
      const res = responseOf(slot, socket, null);
      if (res === null) {
        // Its response left the socket unseen (detached by someone else): nothing to record but the end.
        this.#release(socket, null, slot);
        this.#recorder.finished(slot.method, slot.scheme);
      } else {
        // A response that finished while the finish channel was not subscribed is not an abort.
        this.#end(socket, null, slot, res, res.req, res.writableFinished !== true);
      }
      slot = this.#headOf(socket);
    }
  }

  /** Ends `slot` (whose predecessor in its socket's list is `prev`, null for the head) and records it. */
  #end(socket: Socket, prev: Slot | null, slot: Slot, res: ServerResponse, req: IncomingMessage, aborted: boolean): void {
    readClock();
    const values = this.#values;
    values[0] = (CLOCK[0] as number) - slot.start;
    let status = !aborted || res.headersSent ? res.statusCode : 0;
    if (!(status >= 100 && status <= 599)) status = 0;
    let responseBytes = -1;
    if (slot.written >= 0) {
      const header = (res as unknown as { _header?: unknown })._header;
      responseBytes = written(socket) - slot.written - (typeof header === 'string' ? header.length : 0);
      if (!(responseBytes >= 0)) responseBytes = -1;
    }
    const method = slot.method;
    const scheme = slot.scheme;
    const code = packCode(method, scheme, slot.protocol, status, aborted);
    const route = slot.route;
    const requestBytes = slot.requestBytes;
    this.#release(socket, prev, slot);
    this.#recorder.finished(method, scheme);
    this.#recorder.record(code, route, req, values, requestBytes, responseBytes);
  }

  /** Takes `slot` out of its socket's list (`prev`: its predecessor, null for the head) and frees it. */
  #release(socket: Socket, prev: Slot | null, slot: Slot): void {
    const next = slot.next;
    if (prev === null) (socket as unknown as Record<symbol, Slot | null>)[this.#key] = next;
    else prev.next = next;
    slot.res = null;
    slot.next = null;
    this.#free.push(slot);
    this.#inFlight--;
    if (this.#inFlight === 0 && !this.#subscribed) this.#stopFinishing();
  }

  #fastifyStart(store: unknown): void {
    const s = store as { reply?: { raw?: unknown }; route?: { url?: unknown } } | null;
    if (s === null || typeof s !== 'object') return;
    const slot = this.#slotOf(s.reply?.raw);
    if (slot === undefined || slot.explicit) return;
    const url = s.route?.url;
    if (typeof url === 'string') slot.route = url;
  }

  /**
   * Express (router 2.3) publishes a start for every middleware and handler. A route handler's layer has its own
   * `method` key (undefined for `.all`); a mounted router's handler has a `stack`. A router's start already sees
   * the `req.baseUrl` it sets for its own layers; the mounts are kept as levels (pattern, that baseUrl). A layer
   * is inside level k when its baseUrl starts with level k's; a new mount whose baseUrl is not strictly longer
   * than level k's is its sibling (or follows a router that did not match), so level k and those above it are
   * dropped. A router mounted at '/' adds nothing and is not a level. Every baseUrl string compared is Express'
   * own; nothing is allocated.
   */
  #expressStart(ctx: unknown): void {
    const c = ctx as { req?: { baseUrl?: unknown }; res?: unknown; route?: unknown; layer?: unknown; handler?: { stack?: unknown } } | null;
    if (c === null || typeof c !== 'object') return;
    const slot = this.#slotOf(c.res);
    if (slot === undefined || slot.explicit) return;
    const route = c.route;
    if (typeof route !== 'string') return;
    const b = c.req?.baseUrl;
    const baseUrl = typeof b === 'string' ? b : '';
    const layer = c.layer;
    if (layer !== null && typeof layer === 'object' && 'method' in layer) {
      while (slot.depth > 0 && !baseUrl.startsWith(slot.mountUrl[slot.depth - 1] as string)) slot.depth--;
      let full = route;
      for (let i = slot.depth - 1; i >= 0; i--) full = this.#join(slot.mountPattern[i] as string, full);
      slot.route = full;
    } else if (Array.isArray(c.handler?.stack) && route !== '/') {
      while (slot.depth > 0) {
        const u = slot.mountUrl[slot.depth - 1] as string;
        if (baseUrl.length > u.length && baseUrl.startsWith(u)) break;
        slot.depth--;
      }
      if (slot.depth < MAX_MOUNT_DEPTH) {
        if (slot.mountPattern === NO_MOUNTS) {
          slot.mountPattern = new Array<string>(MAX_MOUNT_DEPTH).fill('');
          slot.mountUrl = new Array<string>(MAX_MOUNT_DEPTH).fill('');
        }
        slot.mountPattern[slot.depth] = route;
        slot.mountUrl[slot.depth] = baseUrl;
        slot.depth++;
      }
    }
  }

  #join(mount: string, route: string): string {
    let inner = this.#joins.get(mount);
    const cached = inner?.get(route);
    if (cached !== undefined) return cached;
    const joined = joinRoute(mount, route);
    if (this.#joinCount < MAX_JOINS) {
      if (inner === undefined) {
        inner = new Map();
        this.#joins.set(mount, inner);
      }
      inner.set(route, joined);
      this.#joinCount++;
    }
    return joined;
  }
}

/**
 * The response of a slot in `socket`'s list: its own (pipelined), else the one attached to the socket, which
 * is the slot's while it is the socket's only request (see Slot.res); `otherwise` when the socket has none
 * attached (its response has left it unseen, or a publisher other than node:http never attached one).
 */
function responseOf(slot: Slot, socket: Socket, otherwise: ServerResponse | null): ServerResponse | null {
  if (slot.res !== null) return slot.res;
  const attached = (socket as { _httpMessage?: unknown })._httpMessage;
  return attached !== null && typeof attached === 'object' ? (attached as ServerResponse) : otherwise;
}

/** socket.bytesWritten, or -1 when the socket no longer reports it. */
function written(socket: Socket): number {
  const n = socket.bytesWritten;
  return typeof n === 'number' && n >= 0 ? n : -1;
}

