/**
 * One monitored connection pool: its db.client.connection.* series (attributes built once, with the pool's name),
 * the recorders the adapters call on pool events, and the refresh that reads the pool's counts at collect time.
 *
 * A PoolMonitor is an AppMetricSource: hand it to an AppMetricProducer (`new AppMetricProducer([monitor])` or
 * `producer.add(monitor)`), which exports every monitor's series in one MetricData per metric name. Counts are
 * read from the pool itself on every collect, so several pools never mix and nothing is counted on the way.
 */
import type { Attributes, HrTime } from '../peers';
import { DB_CLIENT_METRICS, type AppMetricDef } from '../otel/catalogue';
import { hrNow } from '../otel/producer';
import * as sc from '../semconv';
import { DropCounts } from '../app/dropped';
import { HistogramSeries, NumberSeries } from '../app/histogram';
import type { AppFeed, AppMetricSource } from '../app/producer';

/** The state of a pool as its adapter reads it. NaN means unknown: the point is left out of the collect. */
export interface PoolCounts {
  /** Connections handed out (or being opened for a request), `{connection}`. */
  used: number;
  /** Open connections waiting in the pool, `{connection}`. */
  idle: number;
  /** Requests waiting for a connection, `{request}`. */
  pending: number;
  /** Most open connections the pool allows, `{connection}`; NaN for an unlimited pool. */
  max: number;
  /** Most idle connections the pool keeps, `{connection}`. */
  idleMax: number;
  /** Fewest idle connections the pool keeps, `{connection}`. */
  idleMin: number;
}

/** What an adapter calls on pool events (internal to the pool family). */
export interface PoolEvents {
  /** A request got a connection after `seconds`. */
  recordWait(seconds: number): void;
  /** A connection came back after `seconds` of use. */
  recordUse(seconds: number): void;
  /** A new connection was opened in `seconds`. */
  recordCreate(seconds: number): void;
  /** A request for a connection timed out. */
  recordTimeout(): void;
}

/** An adapter attached to one pool instance (internal). */
export interface PoolAdapter {
  /** Writes the pool's current state into `c` (NaN where unknown). May throw: the monitor counts it as a drop. */
  read(c: PoolCounts): void;
  /** Removes every listener and wrapper the adapter installed on the pool. */
  detach(): void;
}

/** The family key of the pool metrics (catalogue group, `procsampler.app.family` of its drops). */
export const DB_CLIENT_FAMILY = 'db.client';

/**
 * Why the pool family drops a measurement (`procsampler.drop.reason` of procsampler.app.dropped):
 * `invalid_duration`, a duration given to recordWait/recordUse/recordCreate that is NaN, infinite or negative;
 * `stats_error`, counts that could not be read at a collect (a stats function that threw or returned a
 * non-number).
 */
export const POOL_DROP_REASONS = Object.freeze(['invalid_duration', 'stats_error'] as const);
/** One of POOL_DROP_REASONS. */
export type PoolDropReason = (typeof POOL_DROP_REASONS)[number];
const INVALID_DURATION = POOL_DROP_REASONS.indexOf('invalid_duration');
const STATS_ERROR = POOL_DROP_REASONS.indexOf('stats_error');

function rowOf(name: string): AppMetricDef {
  const d = DB_CLIENT_METRICS.find((r) => r.name === name);
  if (d === undefined) throw new Error(`procsampler: ${name} is missing from DB_CLIENT_METRICS`);
  return d;
}

const COUNT = rowOf(sc.METRIC_DB_CLIENT_CONNECTION_COUNT);
const IDLE_MAX = rowOf(sc.METRIC_DB_CLIENT_CONNECTION_IDLE_MAX);
const IDLE_MIN = rowOf(sc.METRIC_DB_CLIENT_CONNECTION_IDLE_MIN);
const MAX = rowOf(sc.METRIC_DB_CLIENT_CONNECTION_MAX);
const PENDING = rowOf(sc.METRIC_DB_CLIENT_CONNECTION_PENDING_REQUESTS);
const TIMEOUTS = rowOf(sc.METRIC_DB_CLIENT_CONNECTION_TIMEOUTS);
const CREATE_TIME = rowOf(sc.METRIC_DB_CLIENT_CONNECTION_CREATE_TIME);
const WAIT_TIME = rowOf(sc.METRIC_DB_CLIENT_CONNECTION_WAIT_TIME);
const USE_TIME = rowOf(sc.METRIC_DB_CLIENT_CONNECTION_USE_TIME);

/** A count from the pool: a finite number >= 0, anything else unknown (NaN). */
function count(v: unknown): number {
  return typeof v === 'number' && v >= 0 && v !== Infinity ? v : NaN;
}

/**
 * The metrics of one connection pool. Created by `monitorPool()`; `close()` detaches it from the pool (the
 * pool works on as before) and its series disappear from the next collect of every producer it was added to
 * (its `feeds` become empty).
 */
export class PoolMonitor implements AppMetricSource, PoolEvents {
  /** The pool's name, the value of `db.client.connection.pool.name` on every series. */
  readonly name: string;
  readonly #adapter: PoolAdapter;
  readonly #counts: PoolCounts = { used: NaN, idle: NaN, pending: NaN, max: NaN, idleMax: NaN, idleMin: NaN };
  readonly #used: NumberSeries;
  readonly #idle: NumberSeries;
  readonly #pending: NumberSeries;
  readonly #max: NumberSeries;
  readonly #idleMax: NumberSeries;
  readonly #idleMin: NumberSeries;
  readonly #timeouts: NumberSeries;
  readonly #wait: HistogramSeries;
  readonly #use: HistogramSeries;
  readonly #create: HistogramSeries;
  readonly #drops: DropCounts;
  readonly #feeds: readonly AppFeed[];
  readonly #onClose: () => void;
  #closed = false;

  /** @internal Use `monitorPool()`. */
  constructor(name: string, attach: (events: PoolEvents) => PoolAdapter, onClose: () => void) {
    this.name = name;
    const start: HrTime = hrNow([0, 0]);
    const pool: Attributes = Object.freeze({ [sc.ATTR_DB_CLIENT_CONNECTION_POOL_NAME]: name });
    const state = (s: string): Attributes =>
      Object.freeze({ [sc.ATTR_DB_CLIENT_CONNECTION_POOL_NAME]: name, [sc.ATTR_DB_CLIENT_CONNECTION_STATE]: s });
    this.#idle = new NumberSeries(state(sc.DB_CLIENT_CONNECTION_STATE_VALUE_IDLE), start, NaN);
    this.#used = new NumberSeries(state(sc.DB_CLIENT_CONNECTION_STATE_VALUE_USED), start, NaN);
    this.#idleMax = new NumberSeries(pool, start, NaN);
    this.#idleMin = new NumberSeries(pool, start, NaN);
    this.#max = new NumberSeries(pool, start, NaN);
    this.#pending = new NumberSeries(pool, start, NaN);
    this.#timeouts = new NumberSeries(pool, start, 0);
    this.#create = new HistogramSeries(pool, CREATE_TIME.boundaries as readonly number[], start);
    this.#wait = new HistogramSeries(pool, WAIT_TIME.boundaries as readonly number[], start);
    this.#use = new HistogramSeries(pool, USE_TIME.boundaries as readonly number[], start);
    this.#drops = new DropCounts(DB_CLIENT_FAMILY, POOL_DROP_REASONS, start, pool);
    this.#feeds = Object.freeze([
      Object.freeze({ def: COUNT, series: Object.freeze([this.#idle, this.#used]) }),
      Object.freeze({ def: IDLE_MAX, series: Object.freeze([this.#idleMax]) }),
      Object.freeze({ def: IDLE_MIN, series: Object.freeze([this.#idleMin]) }),
      Object.freeze({ def: MAX, series: Object.freeze([this.#max]) }),
      Object.freeze({ def: PENDING, series: Object.freeze([this.#pending]) }),
      Object.freeze({ def: TIMEOUTS, series: Object.freeze([this.#timeouts]) }),
      Object.freeze({ def: CREATE_TIME, series: Object.freeze([this.#create]) }),
      Object.freeze({ def: WAIT_TIME, series: Object.freeze([this.#wait]) }),
      Object.freeze({ def: USE_TIME, series: Object.freeze([this.#use]) }),
      this.#drops.feed,
    ]);
    this.#onClose = onClose;
    this.#adapter = attach(this);
  }

  /** The monitor's metrics (empty once closed). */
  get feeds(): readonly AppFeed[] {
    return this.#closed ? [] : this.#feeds;
  }

  /** True after close(). */
  get closed(): boolean {
    return this.#closed;
  }

  /**
   * Reads the pool's counts (an AppMetricProducer calls this at the start of every collect). Never throws: counts
   * that cannot be read are left out of that collect and counted as a `stats_error` drop.
   */
  refresh(): void {
    if (this.#closed) return;
    const c = this.#counts;
    try {
      this.#adapter.read(c);
    } catch {
      c.used = c.idle = c.pending = c.max = c.idleMax = c.idleMin = NaN;
      this.#drops.add(STATS_ERROR);
    }
    const used = count(c.used);
    const idle = count(c.idle);
    const pending = count(c.pending);
    // A stats function that returned a value of the wrong kind is a drop, too (an adapter's NaN is "unknown").
    if ((used !== used && c.used === c.used) || (idle !== idle && c.idle === c.idle) || (pending !== pending && c.pending === c.pending)) {
      this.#drops.add(STATS_ERROR);
    }
    this.#used.value = used;
    this.#idle.value = idle;
    this.#pending.value = pending;
    this.#max.value = count(c.max);
    this.#idleMax.value = count(c.idleMax);
    this.#idleMin.value = count(c.idleMin);
  }

  /** The counts read by the last refresh() (NaN where unknown). */
  get counts(): Readonly<PoolCounts> {
    return {
      used: this.#used.value,
      idle: this.#idle.value,
      pending: this.#pending.value,
      max: this.#max.value,
      idleMax: this.#idleMax.value,
      idleMin: this.#idleMin.value,
    };
  }

  /** Measurements dropped so far for `reason` (procsampler.app.dropped). */
  dropped(reason: PoolDropReason): number {
    return this.#drops.count(POOL_DROP_REASONS.indexOf(reason));
  }

  /** Acquisitions that timed out so far. */
  get timeouts(): number {
    return this.#timeouts.value;
  }

  /**
   * Records the time (seconds) a request waited for a connection (db.client.connection.wait_time). The adapters
   * call it; call it yourself for a pool monitored through `stats`. A NaN, infinite or negative value is dropped and
   * counted (procsampler.app.dropped, reason `invalid_duration`).
   */
  recordWait(seconds: number): void {
    this.#record(this.#wait, seconds);
  }

  /** Records the time (seconds) a connection was in use, borrowed to returned (db.client.connection.use_time). */
  recordUse(seconds: number): void {
    this.#record(this.#use, seconds);
  }

  /** Records the time (seconds) opening a new connection took (db.client.connection.create_time). */
  recordCreate(seconds: number): void {
    this.#record(this.#create, seconds);
  }

  /** Counts one request for a connection that timed out (db.client.connection.timeouts). */
  recordTimeout(): void {
    if (!this.#closed) this.#timeouts.value++;
  }

  #record(h: HistogramSeries, seconds: number): void {
    if (this.#closed) return;
    if (typeof seconds !== 'number' || !(seconds >= 0) || seconds === Infinity) {
      this.#drops.add(INVALID_DURATION);
      return;
    }
    h.record(seconds);
  }

  /** Detaches from the pool (listeners removed, wrapped methods restored) and frees the name. Safe to call twice. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    try {
      this.#adapter.detach();
    } finally {
      this.#onClose();
    }
  }
}
