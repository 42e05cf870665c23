/** Reading the pool metrics back through a real MeterProvider and reader, by pool name. */
import { MeterProvider, type CollectionResult, type MetricData } from '@opentelemetry/sdk-metrics';
import { AppMetricProducer } from '../../src/app';
import type { PoolMonitor } from '../../src/pool';
import * as sc from '../../src/semconv';
import { TestReader } from '../otel/helpers';

/** A histogram point's value as the SDK types it. */
export interface HistogramValue {
  count: number;
  sum: number;
  min?: number;
  max?: number;
  buckets: { boundaries: number[]; counts: number[] };
}

/** What one collect says about one pool. */
export interface PoolReading {
  used?: number;
  idle?: number;
  pending?: number;
  max?: number;
  idleMax?: number;
  idleMin?: number;
  timeouts?: number;
  wait?: HistogramValue;
  use?: HistogramValue;
  create?: HistogramValue;
}

/** A MeterProvider whose reader has an AppMetricProducer over the given monitors (results not reused). */
export function meterProviderFor(...monitors: PoolMonitor[]): {
  provider: MeterProvider;
  reader: TestReader;
  producer: AppMetricProducer;
} {
  const producer = new AppMetricProducer(monitors, { reuse: false });
  const reader = new TestReader({ metricProducers: [producer] });
  const provider = new MeterProvider({ readers: [reader] });
  return { provider, reader, producer };
}

export function metric(r: CollectionResult, name: string): MetricData | undefined {
  return r.resourceMetrics.scopeMetrics.flatMap((s) => s.metrics).find((m) => m.descriptor.name === name);
}

/** The points of `pool` in a collect result. */
export function reading(r: CollectionResult, pool: string): PoolReading {
  const out: PoolReading = {};
  const points = (name: string): Array<{ attributes: Record<string, unknown>; value: unknown }> =>
    ((metric(r, name)?.dataPoints ?? []) as Array<{ attributes: Record<string, unknown>; value: unknown }>).filter(
      (p) => p.attributes[sc.ATTR_DB_CLIENT_CONNECTION_POOL_NAME] === pool,
    );
  for (const p of points(sc.METRIC_DB_CLIENT_CONNECTION_COUNT)) {
    const state = p.attributes[sc.ATTR_DB_CLIENT_CONNECTION_STATE];
    if (state === 'used') out.used = p.value as number;
    if (state === 'idle') out.idle = p.value as number;
  }
  const one = (name: string): unknown => {
    const ps = points(name);
    if (ps.length > 1) throw new Error(`${name}: ${ps.length} points for pool ${pool}`);
    return ps[0]?.value;
  };
  out.pending = one(sc.METRIC_DB_CLIENT_CONNECTION_PENDING_REQUESTS) as number | undefined;
  out.max = one(sc.METRIC_DB_CLIENT_CONNECTION_MAX) as number | undefined;
  out.idleMax = one(sc.METRIC_DB_CLIENT_CONNECTION_IDLE_MAX) as number | undefined;
  out.idleMin = one(sc.METRIC_DB_CLIENT_CONNECTION_IDLE_MIN) as number | undefined;
  out.timeouts = one(sc.METRIC_DB_CLIENT_CONNECTION_TIMEOUTS) as number | undefined;
  out.wait = one(sc.METRIC_DB_CLIENT_CONNECTION_WAIT_TIME) as HistogramValue | undefined;
  out.use = one(sc.METRIC_DB_CLIENT_CONNECTION_USE_TIME) as HistogramValue | undefined;
  out.create = one(sc.METRIC_DB_CLIENT_CONNECTION_CREATE_TIME) as HistogramValue | undefined;
  return out;
}

/** Collects through the reader and returns the reading of `pool` (fails on collect errors). */
export async function collectPool(reader: TestReader, pool: string): Promise<PoolReading> {
  const r = await reader.collect();
  if (r.errors.length) throw new Error(`collect errors: ${r.errors.map(String).join('; ')}`);
  return reading(r, pool);
}

/** Work to undo after each test of the calling file (pools ended, monitors closed), run last first. */
export function cleanupsAfterEach(): Array<() => unknown> {
  const list: Array<() => unknown> = [];
  afterEach(async () => {
    while (list.length) await list.pop()!();
  });
  return list;
}

/** A monitor closed after the test. */
export function closeAfter(cleanups: Array<() => unknown>, m: PoolMonitor): PoolMonitor {
  cleanups.push(() => m.close());
  return m;
}

/**
 * Ends a pg pool and waits until every client's connection has closed ('remove'). pg-pool's end() resolves as soon
 * as its list is empty, while the clients are still closing; a server stopped in that moment makes an idle
 * client fail with no one listening.
 */
export async function endPgPool(pool: {
  totalCount: number;
  end(): Promise<void>;
  on(e: 'remove', l: () => void): unknown;
}): Promise<void> {
  let left = pool.totalCount;
  const closed = new Promise<void>((resolve) => {
    if (left === 0) resolve();
    pool.on('remove', () => {
      if (--left <= 0) resolve();
    });
  });
  await pool.end();
  await Promise.race([closed, new Promise((r) => setTimeout(r, 5000).unref())]);
}

/**
 * Runs `f` while the server process `pid` is stopped (SIGSTOP: it accepts no new connection, answers nothing) and
 * returns what `f` threw (undefined when it did not); the server is continued whatever happens.
 */
export async function errorWhileStopped(pid: number, f: () => Promise<unknown>): Promise<unknown> {
  process.kill(pid, 'SIGSTOP');
  try {
    await f();
    return undefined;
  } catch (e) {
    return e;
  } finally {
    process.kill(pid, 'SIGCONT');
  }
}
