/**
 * monitorPool without a server: the catalogue rows and what the producer exports for them, the { name, stats }
 * form, bad input (coded errors, never a crash), dropped measurements counted, default names.
 */
import { AggregationTemporality, DataPointType } from '@opentelemetry/sdk-metrics';
import * as genericPool from 'generic-pool';
import * as mysql from 'mysql2';
import { Pool } from 'pg';
import { AppMetricProducer } from '../../src/app';
import { monitorPool, POOL_DROP_REASONS, type PoolStats } from '../../src/pool';
import { DB_CLIENT_METRICS, DB_POOL_TIME_BUCKETS } from '../../src/otel/catalogue';
import * as sc from '../../src/semconv';
import * as api from '../../src/index';
import { cleanupsAfterEach, closeAfter, collectPool, meterProviderFor, metric } from './helpers';

function code(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return undefined;
}

const closers = cleanupsAfterEach();

function statsPool(name: string, s: () => PoolStats): ReturnType<typeof monitorPool> {
  return closeAfter(closers, monitorPool({ name, stats: s }));
}

describe('db.client rows through the producer', () => {
  test('the producer exports each row with its kind, unit and temporality, every point carrying the pool name', async () => {
    const m = statsPool('p', () => ({ used: 3, idle: 2, pending: 1, max: 10, idleMax: 8, idleMin: 1 }));
    m.recordWait(0.002);
    m.recordUse(0.5);
    m.recordCreate(0.01);
    m.recordTimeout();
    const r = await new AppMetricProducer([m], { reuse: false }).collect();
    for (const d of DB_CLIENT_METRICS) {
      const md = metric(r, d.name);
      expect([d.name, md?.descriptor.unit]).toEqual([d.name, d.unit]);
      const type = d.kind === 'Histogram' ? DataPointType.HISTOGRAM : DataPointType.SUM;
      expect([d.name, md?.dataPointType]).toEqual([d.name, type]);
      expect(md?.aggregationTemporality).toBe(AggregationTemporality.CUMULATIVE);
      if (md?.dataPointType === DataPointType.SUM) expect([d.name, md.isMonotonic]).toEqual([d.name, d.kind === 'Counter']);
      for (const p of md!.dataPoints) expect(p.attributes[sc.ATTR_DB_CLIENT_CONNECTION_POOL_NAME]).toBe('p');
    }
    const wait = metric(r, sc.METRIC_DB_CLIENT_CONNECTION_WAIT_TIME)!.dataPoints[0]!.value as {
      count: number;
      sum: number;
      buckets: { boundaries: number[]; counts: number[] };
    };
    expect(wait.count).toBe(1);
    expect(wait.sum).toBe(0.002);
    expect(wait.buckets.boundaries).toEqual([...DB_POOL_TIME_BUCKETS]);
    // 0.002 s falls in (0.001, 0.0025]
    expect(wait.buckets.counts[DB_POOL_TIME_BUCKETS.indexOf(0.0025)]).toBe(1);
  });
});

describe('monitorPool({ name, stats })', () => {
  test('counts are read at every collect, from each pool separately', async () => {
    let a: PoolStats = { used: 1, idle: 4, pending: 0, max: 5 };
    const ma = statsPool('a', () => a);
    const mb = statsPool('b', () => ({ used: 7, idle: 0, pending: 12, max: 7, idleMax: 7, idleMin: 2 }));
    const { reader, provider } = meterProviderFor(ma, mb);
    closers.push(() => provider.shutdown());
    expect(await collectPool(reader, 'a')).toEqual({ used: 1, idle: 4, pending: 0, max: 5, timeouts: 0 });
    a = { used: 5, idle: 0, pending: 3, max: 5 };
    expect(await collectPool(reader, 'a')).toEqual({ used: 5, idle: 0, pending: 3, max: 5, timeouts: 0 });
    expect(await collectPool(reader, 'b')).toEqual({ used: 7, idle: 0, pending: 12, max: 7, idleMax: 7, idleMin: 2, timeouts: 0 });
  });

  test('recorded times and timeouts go to that pool only', async () => {
    const ma = statsPool('a', () => ({ used: 0, idle: 0, pending: 0, max: 1 }));
    const mb = statsPool('b', () => ({ used: 0, idle: 0, pending: 0, max: 1 }));
    ma.recordWait(0.1);
    ma.recordWait(0.3);
    mb.recordUse(2);
    mb.recordTimeout();
    mb.recordTimeout();
    const { reader, provider } = meterProviderFor(ma, mb);
    closers.push(() => provider.shutdown());
    const ra = await collectPool(reader, 'a');
    const rb = await collectPool(reader, 'b');
    expect(ra.wait).toMatchObject({ count: 2, min: 0.1, max: 0.3 });
    expect(ra.wait!.sum).toBeCloseTo(0.4, 12);
    expect(ra.use).toBeUndefined();
    expect(ra.timeouts).toBe(0);
    expect(rb.use).toMatchObject({ count: 1, sum: 2 });
    expect(rb.wait).toBeUndefined();
    expect(rb.timeouts).toBe(2);
  });

  test('bad durations are dropped and counted (procsampler.app.dropped), never recorded', async () => {
    const m = statsPool('d', () => ({ used: 0, idle: 0, pending: 0, max: 1 }));
    for (const v of [NaN, -0.001, Infinity, -Infinity, '1' as unknown as number]) m.recordWait(v);
    m.recordUse(NaN);
    m.recordCreate(-1);
    m.recordWait(0);
    const r = await new AppMetricProducer([m], { reuse: false }).collect();
    const wait = metric(r, sc.METRIC_DB_CLIENT_CONNECTION_WAIT_TIME)!.dataPoints;
    expect(wait.length).toBe(1);
    expect((wait[0]!.value as { count: number }).count).toBe(1);
    expect(metric(r, sc.METRIC_DB_CLIENT_CONNECTION_USE_TIME)).toBeUndefined();
    const dropped = metric(r, sc.METRIC_PROCSAMPLER_APP_DROPPED)!.dataPoints.find(
      (p) => p.attributes[sc.ATTR_PROCSAMPLER_DROP_REASON] === 'invalid_duration',
    );
    expect(dropped?.value).toBe(7);
    expect(m.dropped('invalid_duration')).toBe(7);
    expect(m.dropped('stats_error')).toBe(0);
    expect(dropped?.attributes).toEqual({
      [sc.ATTR_PROCSAMPLER_APP_FAMILY]: 'db.client',
      [sc.ATTR_PROCSAMPLER_DROP_REASON]: 'invalid_duration',
      [sc.ATTR_DB_CLIENT_CONNECTION_POOL_NAME]: 'd',
    });
  });

  test('a stats function that throws or returns garbage: the collect goes on, the counts are left out, the drop is counted', async () => {
    let mode = 0;
    const m = statsPool('bad', () => {
      if (mode === 0) throw new Error('pool is gone');
      if (mode === 1) return null as unknown as PoolStats;
      return { used: 'x', idle: -1, pending: NaN, max: 3 } as unknown as PoolStats;
    });
    const good = statsPool('good', () => ({ used: 1, idle: 1, pending: 0, max: 2 }));
    const { reader, provider } = meterProviderFor(m, good);
    closers.push(() => provider.shutdown());
    expect(await collectPool(reader, 'bad')).toEqual({ timeouts: 0 });
    mode = 1;
    expect(await collectPool(reader, 'bad')).toEqual({ timeouts: 0 });
    mode = 2;
    expect(await collectPool(reader, 'bad')).toEqual({ max: 3, timeouts: 0 });
    expect(await collectPool(reader, 'good')).toMatchObject({ used: 1, idle: 1, max: 2 });
    const r = await reader.collect();
    const drops = metric(r, sc.METRIC_PROCSAMPLER_APP_DROPPED)!.dataPoints.find(
      (p) =>
        p.attributes[sc.ATTR_DB_CLIENT_CONNECTION_POOL_NAME] === 'bad' &&
        p.attributes[sc.ATTR_PROCSAMPLER_DROP_REASON] === 'stats_error',
    );
    // One drop per collect: one in mode 0, one in mode 1, three in mode 2 (two through collectPool, this one).
    expect(drops?.value).toBe(5);
    expect(m.dropped('stats_error')).toBe(5);
  });

  test('close() removes the series and frees the name', async () => {
    const m = statsPool('c', () => ({ used: 1, idle: 0, pending: 0, max: 1 }));
    const { reader, provider } = meterProviderFor(m);
    closers.push(() => provider.shutdown());
    expect((await collectPool(reader, 'c')).used).toBe(1);
    m.close();
    expect(m.closed).toBe(true);
    expect(await collectPool(reader, 'c')).toEqual({});
    m.recordWait(1); // ignored after close, no throw
    statsPool('c', () => ({ used: 0, idle: 0, pending: 0, max: 1 }));
  });
});

describe('monitorPool: bad input is PROCSAMPLER_BAD_OPTION', () => {
  test.each([
    ['null', null],
    ['a number', 42],
    ['a string', 'pg'],
    ['an empty object', {}],
    ['an object with a stats that is not a function', { name: 'x', stats: 1 }],
    ['a half pg pool (no counts)', { connect() {}, on() {}, removeListener() {}, options: {} }],
    ['a promise-like', Promise.resolve()],
  ])('%s', (_what, pool) => {
    expect(code(() => monitorPool(pool as object))).toBe('PROCSAMPLER_BAD_OPTION');
  });

  test('the { name, stats } form needs a name; generic-pool needs a name; names must be strings', () => {
    expect(code(() => monitorPool({ stats: () => ({ used: 0, idle: 0, pending: 0, max: 1 }) } as never))).toBe('PROCSAMPLER_BAD_OPTION');
    expect(code(() => monitorPool({ name: '', stats: () => ({ used: 0, idle: 0, pending: 0, max: 1 }) }))).toBe('PROCSAMPLER_BAD_OPTION');
    const gp = genericPool.createPool({ create: async () => ({}), destroy: async () => undefined }, { max: 1 });
    closers.push(() => gp.clear());
    expect(code(() => monitorPool(gp))).toBe('PROCSAMPLER_BAD_OPTION');
    expect(code(() => monitorPool(gp, { name: 7 as unknown as string }))).toBe('PROCSAMPLER_BAD_OPTION');
    expect(code(() => monitorPool(gp, null as never))).toBe('PROCSAMPLER_BAD_OPTION');
    const m = monitorPool(gp, { name: 'gp' });
    closers.push(() => m.close());
    expect(m.name).toBe('gp');
  });

  test('a name already in use, or a pool already monitored, is refused', () => {
    const s = () => ({ used: 0, idle: 0, pending: 0, max: 1 });
    statsPool('same', s);
    expect(code(() => monitorPool({ name: 'same', stats: s }))).toBe('PROCSAMPLER_BAD_OPTION');
    const pool = new Pool({ host: '127.0.0.1', port: 1, database: 'x' });
    closers.push(() => pool.end());
    const m = monitorPool(pool);
    closers.push(() => m.close());
    expect(code(() => monitorPool(pool, { name: 'other' }))).toBe('PROCSAMPLER_BAD_OPTION');
  });
});

describe('default pool names (server.address:server.port/db.namespace)', () => {
  function nameOf(pool: { end(): unknown }): string {
    closers.push(() => pool.end());
    const m = monitorPool(pool);
    closers.push(() => m.close());
    return m.name;
  }

  test.each([
    [{ host: 'db.internal', port: 6432, database: 'orders' }, 'db.internal:6432/orders'],
    [{ host: 'db.internal', database: 'orders' }, 'db.internal:5432/orders'],
    [{ user: 'app' }, 'localhost:5432/app'],
    [{ connectionString: 'postgres://u:secret@pg.example:5433/shop' }, 'pg.example:5433/shop'],
    [{ connectionString: 'postgresql://u@pg.example/shop' }, 'pg.example:5432/shop'],
  ])('pg %j -> %s (never the password)', (options, want) => {
    expect(nameOf(new Pool(options))).toBe(want);
  });

  test.each([
    [{ host: 'my.internal', port: 3307, database: 'app' }, 'my.internal:3307/app'],
    [{ host: 'my.internal' }, 'my.internal:3306/'],
    [{ uri: 'mysql://u:secret@my.example:3308/shop' }, 'my.example:3308/shop'],
  ])('mysql2 %j -> %s', (options, want) => {
    const pool = mysql.createPool(options);
    closers.push(() => new Promise((r) => pool.end(r)));
    const m = monitorPool(pool);
    closers.push(() => m.close());
    expect(m.name).toBe(want);
  });
});

test('the public API names the pool family', () => {
  expect(api.monitorPool).toBe(monitorPool);
  expect(api.DB_CLIENT_METRICS).toBe(DB_CLIENT_METRICS);
  expect(typeof api.PoolMonitor).toBe('function');
  expect(api.POOL_DROP_REASONS).toBe(POOL_DROP_REASONS);
  expect(POOL_DROP_REASONS).toEqual(['invalid_duration', 'stats_error']);
  expect(api.DB_CLIENT_FAMILY).toBe('db.client');
});
