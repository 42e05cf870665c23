/**
 * monitorPool on node-postgres pools against a real PostgreSQL 15 (test/support/servers.ts): concurrent load on a
 * small pool shows used/pending counts, wait and use times bounded below by what the server was told to do
 * (pg_sleep), timeouts when connectionTimeoutMillis is hit, and counts that return to idle; values read through
 * a real MeterProvider and reader with the AppMetricProducer, and end to end through the OpenTelemetry
 * Prometheus exporter scraped by a real Prometheus server.
 */
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { Pool, type PoolClient } from 'pg';
import * as genericPool from 'generic-pool';
import { Client } from 'pg';
import { AppMetricProducer } from '../../src/app';
import { monitorPool, type PoolMonitor } from '../../src/pool';
import { describeIf } from '../support/needs';
import {
  freePort, NEEDS_POSTGRES, NEEDS_PROMETHEUS, startPostgres, startPrometheus, type PostgresServer, type PrometheusServer,
} from '../support/servers';
import { cleanupsAfterEach, closeAfter, collectPool, endPgPool, errorWhileStopped, meterProviderFor } from './helpers';

/** How long each query of the load holds its connection, on the server (a lower bound of every use time). */
const HOLD_S = 0.3;
/**
 * The pool timeouts the tests provoke on purpose (ms). They also bound the opening of healthy connections, which
 * took over a second on this 2-core machine at a load average of 13: set above that.
 */
const TIMEOUT_MS = 1500;

describeIf('monitorPool: pg against PostgreSQL 15', NEEDS_POSTGRES, () => {
  let pg: PostgresServer | undefined;
  const cleanups = cleanupsAfterEach();
  beforeAll(async () => {
    pg = await startPostgres();
  });
  afterAll(() => pg?.stop());

  function newPool(extra: Record<string, unknown> = {}): Pool {
    const pool = new Pool({ host: pg!.host, port: pg!.port, user: pg!.user, database: pg!.database, idleTimeoutMillis: 60000, ...extra });
    cleanups.push(() => endPgPool(pool));
    return pool;
  }
  const watch = (m: PoolMonitor): PoolMonitor => closeAfter(cleanups, m);

  test('6 queries on a pool of 2: used 2 and pending 4 at once; 6 waits (4 of them >= one hold), 6 uses >= the hold, 2 creates; then all idle', async () => {
    const pool = newPool({ max: 2 });
    const m = watch(monitorPool(pool));
    const name = `127.0.0.1:${pg!.port}/postgres`;
    expect(m.name).toBe(name);
    const { reader, provider } = meterProviderFor(m);
    cleanups.push(() => provider.shutdown());

    const queries = Array.from({ length: 6 }, () => pool.query(`SELECT pg_sleep(${HOLD_S})`));
    // pg-pool creates the first two clients and queues the other four synchronously.
    const busy = await collectPool(reader, name);
    expect(busy).toMatchObject({ used: 2, idle: 0, pending: 4, max: 2, idleMax: 2, idleMin: 0, timeouts: 0 });
    await Promise.all(queries);

    const done = await collectPool(reader, name);
    expect(done).toMatchObject({ used: 0, idle: 2, pending: 0, max: 2, timeouts: 0 });
    expect(done.wait?.count).toBe(6);
    // Every queued request waited at least one full hold of a connection by another query.
    const waits = done.wait!;
    const overHold = waits.buckets.counts.reduce(
      (n, c, i) => n + ((i > 0 ? (waits.buckets.boundaries[i - 1] as number) : -Infinity) >= HOLD_S - 0.05 ? c : 0),
      0,
    );
    expect(overHold).toBeGreaterThanOrEqual(4);
    expect(waits.max).toBeGreaterThanOrEqual(HOLD_S * 0.95);
    expect(done.use?.count).toBe(6);
    expect(done.use?.min).toBeGreaterThanOrEqual(HOLD_S * 0.95);
    expect(done.use!.sum).toBeGreaterThanOrEqual(6 * HOLD_S * 0.95);
    expect(done.create?.count).toBe(2);
    expect(done.create!.min).toBeGreaterThan(0);
    // Creating a connection is part of the first two requests' waits.
    expect(waits.min).toBeGreaterThanOrEqual(0);
  });

  test('connectionTimeoutMillis hit: the request rejects, timeouts counts it, pending goes back to 0, counts return to idle', async () => {
    const pool = newPool({ max: 1, connectionTimeoutMillis: TIMEOUT_MS });
    const m = watch(monitorPool(pool, { name: 'timeouts' }));
    const { reader, provider } = meterProviderFor(m);
    cleanups.push(() => provider.shutdown());

    const held: PoolClient = await pool.connect();
    const waiting = pool.query('SELECT 1');
    const queued = await collectPool(reader, 'timeouts');
    expect(queued).toMatchObject({ used: 1, idle: 0, pending: 1, timeouts: 0 });
    await expect(waiting).rejects.toThrow('timeout exceeded when trying to connect');
    const after = await collectPool(reader, 'timeouts');
    expect(after).toMatchObject({ used: 1, idle: 0, pending: 0, timeouts: 1 });
    expect(after.wait?.count).toBe(1); // only the held client's; a timed-out request records no wait
    held.release();
    const r = await pool.query<{ n: number }>('SELECT 41 + 1 AS n');
    expect(r.rows[0]?.n).toBe(42);
    const idle = await collectPool(reader, 'timeouts');
    expect(idle).toMatchObject({ used: 0, idle: 1, pending: 0, timeouts: 1 });
    expect(idle.wait?.count).toBe(2);
    expect(idle.use?.count).toBe(2);
    expect(idle.create?.count).toBe(1);
    // The promise form of connect() times out the same way.
    const h2 = await pool.connect();
    await expect(pool.connect()).rejects.toThrow('timeout exceeded');
    h2.release();
    expect((await collectPool(reader, 'timeouts')).timeouts).toBe(2);
  });

  test('a failing query and a refused connection reach the caller unchanged and are not timeouts', async () => {
    const pool = newPool({ max: 1 });
    const m = watch(monitorPool(pool, { name: 'errors' }));
    const { reader, provider } = meterProviderFor(m);
    cleanups.push(() => provider.shutdown());
    await expect(pool.query('SELEC 1')).rejects.toMatchObject({ code: '42601' }); // syntax_error, from the server
    const r = await collectPool(reader, 'errors');
    expect(r).toMatchObject({ timeouts: 0, pending: 0 });
    expect(r.wait?.count).toBe(1);
    expect(r.use?.count).toBe(1); // released (with the error) after use
    // Nothing listens on port 1 of the loopback: the connection is refused at once.
    const refused = newPool({ host: '127.0.0.1', port: 1, max: 1 });
    const mr = watch(monitorPool(refused, { name: 'refused' }));
    const p2 = meterProviderFor(mr);
    cleanups.push(() => p2.provider.shutdown());
    await expect(refused.query('SELECT 1')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    const rr = await collectPool(p2.reader, 'refused');
    expect(rr).toMatchObject({ timeouts: 0, used: 0, idle: 0, pending: 0 });
    expect(rr.wait).toBeUndefined();
    expect(rr.create).toBeUndefined();
  });

  test('two pools on one server never mix: each has its own name and counts', async () => {
    const a = newPool({ max: 3 });
    const b = newPool({ max: 5, database: 'postgres', min: 1 });
    const ma = watch(monitorPool(a, { name: 'a' }));
    const mb = watch(monitorPool(b, { name: 'b' }));
    const { reader, provider } = meterProviderFor(ma, mb);
    cleanups.push(() => provider.shutdown());
    const ca = await Promise.all([a.connect(), a.connect()]);
    const cb = await b.connect();
    const ra = await collectPool(reader, 'a');
    const rb = await collectPool(reader, 'b');
    expect(ra).toMatchObject({ used: 2, idle: 0, pending: 0, max: 3, idleMin: 0 });
    expect(rb).toMatchObject({ used: 1, idle: 0, pending: 0, max: 5, idleMin: 1 });
    expect(ra.wait?.count).toBe(2);
    expect(rb.wait?.count).toBe(1);
    ca.forEach((c) => c.release());
    cb.release();
    expect(await collectPool(reader, 'a')).toMatchObject({ used: 0, idle: 2 });
    expect(await collectPool(reader, 'b')).toMatchObject({ used: 0, idle: 1 });
  });

  test('close() restores the pool: no own connect/Client, listeners gone, the pool still works, series gone', async () => {
    const pool = newPool({ max: 1 });
    const before = { acquire: pool.listenerCount('acquire'), release: pool.listenerCount('release'), connect: pool.listenerCount('connect') };
    const ownBefore = Object.prototype.hasOwnProperty.call(pool, 'connect');
    const ClientBefore = (pool as unknown as { Client: unknown }).Client;
    const m = monitorPool(pool);
    expect(Object.prototype.hasOwnProperty.call(pool, 'connect')).toBe(true);
    expect(pool.listenerCount('release')).toBe(before.release + 1);
    const { reader, provider } = meterProviderFor(m);
    cleanups.push(() => provider.shutdown());
    await pool.query('SELECT 1');
    m.close();
    m.close();
    expect(Object.prototype.hasOwnProperty.call(pool, 'connect')).toBe(ownBefore);
    expect((pool as unknown as { Client: unknown }).Client).toBe(ClientBefore);
    expect({ acquire: pool.listenerCount('acquire'), release: pool.listenerCount('release'), connect: pool.listenerCount('connect') }).toEqual(before);
    expect((await pool.query<{ n: number }>('SELECT 2 AS n')).rows[0]?.n).toBe(2);
    expect(await collectPool(reader, m.name)).toEqual({});
    // The name and the pool are free again.
    watch(monitorPool(pool));
  });

  test('generic-pool of real pg clients: counts, times and an acquireTimeoutMillis timeout', async () => {
    const created: Client[] = [];
    const gp = genericPool.createPool(
      {
        create: async () => {
          const c = new Client({ host: pg!.host, port: pg!.port, user: pg!.user, database: pg!.database });
          await c.connect();
          created.push(c);
          return c;
        },
        destroy: async (c: Client) => {
          await c.end();
        },
      },
      { max: 2, min: 0, acquireTimeoutMillis: TIMEOUT_MS },
    );
    cleanups.push(async () => {
      await gp.drain();
      await gp.clear();
    });
    const m = watch(monitorPool(gp, { name: 'gp' }));
    const { reader, provider } = meterProviderFor(m);
    cleanups.push(() => provider.shutdown());
    const c1 = await gp.acquire();
    const c2 = await gp.acquire();
    const late = gp.acquire();
    expect(await collectPool(reader, 'gp')).toMatchObject({ used: 2, idle: 0, pending: 1, max: 2, idleMax: 2, idleMin: 0 });
    await expect(late).rejects.toThrow('ResourceRequest timed out');
    await c1.query(`SELECT pg_sleep(${HOLD_S})`);
    await gp.release(c1);
    await gp.release(c2);
    const r = await collectPool(reader, 'gp');
    expect(r).toMatchObject({ used: 0, idle: 2, pending: 0, timeouts: 1 });
    expect(r.wait?.count).toBe(2);
    expect(r.create?.count).toBe(2);
    expect(created.length).toBe(2);
    expect(r.use?.count).toBe(2);
    expect(r.use!.max).toBeGreaterThanOrEqual(HOLD_S * 0.95);
  });

  describeIf('scraped by a real Prometheus', NEEDS_PROMETHEUS, () => {
    test('counts by state, max, pending, timeouts and the wait-time histogram arrive in Prometheus per pool name', async () => {
      const pool = new Pool({ host: pg!.host, port: pg!.port, user: pg!.user, database: pg!.database, max: 2, connectionTimeoutMillis: TIMEOUT_MS });
      cleanups.push(() => endPgPool(pool));
      const m = closeAfter(cleanups, monitorPool(pool, { name: 'orders' }));
      const port = await freePort();
      const exporter = await new Promise<PrometheusExporter>((resolve, reject) => {
        const e: PrometheusExporter = new PrometheusExporter(
          { host: '127.0.0.1', port, metricProducers: [new AppMetricProducer([m])] },
          (err) => (err ? reject(err) : resolve(e)),
        );
      });
      const provider = new MeterProvider({ readers: [exporter] });
      cleanups.push(() => provider.shutdown());

      // Two held clients, one request that times out, and three queries afterwards.
      const held = await Promise.all([pool.connect(), pool.connect()]);
      await expect(pool.query('SELECT 1')).rejects.toThrow('timeout exceeded');
      held.forEach((c) => c.release());
      await Promise.all([pool.query('SELECT 1'), pool.query('SELECT 2'), pool.query('SELECT 3')]);

      const prom: PrometheusServer = await startPrometheus({ targets: [`127.0.0.1:${port}`] });
      cleanups.push(() => prom.stop());
      await prom.waitForScrape(`127.0.0.1:${port}`);
      const q = async (expr: string): Promise<Array<{ labels: Record<string, string>; value: number }>> =>
        (await prom.query(expr)).map((s) => ({ labels: s.metric, value: s.value }));

      const count = await q('{__name__=~"db_client_connection_count.*", db_client_connection_pool_name="orders"}');
      const byState = Object.fromEntries(count.map((s) => [s.labels.db_client_connection_state, s.value]));
      expect(byState).toEqual({ idle: 2, used: 0 });
      expect((await q('{__name__=~"db_client_connection_max.*", db_client_connection_pool_name="orders"}'))[0]?.value).toBe(2);
      expect((await q('{__name__=~"db_client_connection_pending_requests.*", db_client_connection_pool_name="orders"}'))[0]?.value).toBe(0);
      expect((await q('{__name__=~"db_client_connection_timeouts.*", db_client_connection_pool_name="orders"}'))[0]?.value).toBe(1);
      // 2 held + 3 queries got a connection; the timed-out request did not.
      const waits = await q('{__name__=~"db_client_connection_wait_time.*_count", db_client_connection_pool_name="orders"}');
      expect(waits.map((s) => s.value)).toEqual([5]);
      const le = await q('{__name__=~"db_client_connection_wait_time.*_bucket", db_client_connection_pool_name="orders", le="+Inf"}');
      expect(le[0]?.value).toBe(5);
    });
  });

  // Last: it stops the postmaster for a moment (running backends go on; new connections get no answer).
  test('a new client that cannot connect within connectionTimeoutMillis (postmaster stopped): counted as a timeout, no create time', async () => {
    const pool = newPool({ max: 2, connectionTimeoutMillis: TIMEOUT_MS });
    const m = watch(monitorPool(pool, { name: 'stopped' }));
    const { reader, provider } = meterProviderFor(m);
    cleanups.push(() => provider.shutdown());
    const err = await errorWhileStopped(pg!.pid, () => pool.query('SELECT 1'));
    expect(String((err as Error | undefined)?.message)).toMatch(/^Connection terminated due to connection timeout/);
    const r = await collectPool(reader, 'stopped');
    expect(r).toMatchObject({ timeouts: 1, used: 0, idle: 0, pending: 0 });
    expect(r.create).toBeUndefined();
    expect(r.wait).toBeUndefined();
    expect((await pool.query<{ n: number }>('SELECT 3 AS n')).rows[0]?.n).toBe(3);
    const after = await collectPool(reader, 'stopped');
    expect(after).toMatchObject({ timeouts: 1, used: 0, idle: 1, pending: 0 });
    expect(after.create?.count).toBe(1);
  });
});
