/**
 * monitorPool on mysql2 pools against a real MariaDB (test/support/servers.ts): concurrent load on a small pool
 * shows used/pending counts, wait and use times bounded below by SLEEP(), connectTimeout (mysql2's only timeout)
 * counted when the server stops answering, and counts that return to idle; read through a real MeterProvider.
 */
import * as mysql from 'mysql2/promise';
import * as mysqlCb from 'mysql2';
import { monitorPool, type PoolMonitor } from '../../src/pool';
import { describeIf } from '../support/needs';
import { NEEDS_MARIADB, startMariaDb, type MariaDbServer } from '../support/servers';
import { cleanupsAfterEach, closeAfter, collectPool, errorWhileStopped, meterProviderFor } from './helpers';

/** How long each query of the load holds its connection, on the server (a lower bound of every use time). */
const HOLD_S = 0.3;
/** connectTimeout of the stopped-server test (ms): above what opening a healthy connection takes on a busy machine. */
const CONNECT_TIMEOUT_MS = 1500;

describeIf('monitorPool: mysql2 against MariaDB', NEEDS_MARIADB, () => {
  let db: MariaDbServer | undefined;
  const cleanups = cleanupsAfterEach();
  beforeAll(async () => {
    db = await startMariaDb();
    const c = await mysql.createConnection({ host: db.host, port: db.port, user: db.user });
    await c.query('CREATE DATABASE app');
    await c.end();
  });
  afterAll(() => db?.stop());

  function newPool(extra: mysql.PoolOptions = {}): mysql.Pool {
    const pool = mysql.createPool({ host: db!.host, port: db!.port, user: db!.user, database: 'app', ...extra });
    cleanups.push(() => pool.end());
    return pool;
  }
  const watch = (m: PoolMonitor): PoolMonitor => closeAfter(cleanups, m);

  test('6 queries on a pool of 2 (promise API): used 2 and pending 4 at once; waits and uses >= the hold; 2 creates; then all idle', async () => {
    const pool = newPool({ connectionLimit: 2 });
    const m = watch(monitorPool(pool));
    const name = `127.0.0.1:${db!.port}/app`;
    expect(m.name).toBe(name);
    const { reader, provider } = meterProviderFor(m);
    cleanups.push(() => provider.shutdown());

    const queries = Array.from({ length: 6 }, () => pool.query(`SELECT SLEEP(${HOLD_S}) AS s`));
    const busy = await collectPool(reader, name);
    expect(busy).toMatchObject({ used: 2, idle: 0, pending: 4, max: 2, idleMax: 2, idleMin: 0, timeouts: 0 });
    const results = await Promise.all(queries);
    expect(results.map(([rows]) => Number((rows as mysql.RowDataPacket[])[0]?.s))).toEqual([0, 0, 0, 0, 0, 0]);

    const done = await collectPool(reader, name);
    expect(done).toMatchObject({ used: 0, idle: 2, pending: 0, max: 2, timeouts: 0 });
    expect(done.wait?.count).toBe(6);
    expect(done.wait!.max).toBeGreaterThanOrEqual(HOLD_S * 0.95);
    expect(done.use?.count).toBe(6);
    expect(done.use!.min).toBeGreaterThanOrEqual(HOLD_S * 0.95);
    expect(done.create?.count).toBe(2);
    expect(done.create!.min).toBeGreaterThan(0);
  });

  test('the callback API and getConnection/release: a connection handed straight to a queued request is timed too', async () => {
    const pool = mysqlCb.createPool({ host: db!.host, port: db!.port, user: db!.user, connectionLimit: 1 });
    cleanups.push(() => new Promise((r) => pool.end(r)));
    const m = watch(monitorPool(pool, { name: 'cb' }));
    const { reader, provider } = meterProviderFor(m);
    cleanups.push(() => provider.shutdown());
    const get = (): Promise<mysqlCb.PoolConnection> =>
      new Promise((resolve, reject) => pool.getConnection((e, c) => (e ? reject(e) : resolve(c))));
    const first = await get();
    const second = get();
    expect(await collectPool(reader, 'cb')).toMatchObject({ used: 1, idle: 0, pending: 1 });
    await new Promise((r) => first.query(`SELECT SLEEP(${HOLD_S})`, r));
    first.release(); // handed to the queued request without an 'acquire' or 'release' event
    const c2 = await second;
    c2.release();
    const r = await collectPool(reader, 'cb');
    expect(r).toMatchObject({ used: 0, idle: 1, pending: 0, timeouts: 0 });
    expect(r.wait?.count).toBe(2);
    expect(r.wait!.max).toBeGreaterThanOrEqual(HOLD_S * 0.95);
    expect(r.use?.count).toBe(2);
    expect(r.use!.max).toBeGreaterThanOrEqual(HOLD_S * 0.95);
    expect(r.create?.count).toBe(1);
  });

  test('close() restores getConnection/releaseConnection and the listener; the pool still works', async () => {
    const pool = newPool({ connectionLimit: 1 });
    const core = (pool as unknown as { pool: Record<string, unknown> & { listenerCount(e: string): number } }).pool;
    const listeners = core.listenerCount('connection');
    const m = monitorPool(pool, { name: 'restore' });
    expect(Object.prototype.hasOwnProperty.call(core, 'getConnection')).toBe(true);
    m.close();
    expect(Object.prototype.hasOwnProperty.call(core, 'getConnection')).toBe(false);
    expect(Object.prototype.hasOwnProperty.call(core, 'releaseConnection')).toBe(false);
    expect(core.listenerCount('connection')).toBe(listeners);
    const [rows] = await pool.query('SELECT 6 * 7 AS n');
    expect(Number((rows as mysql.RowDataPacket[])[0]?.n)).toBe(42);
  });

  // Last: it stops the server for a moment.
  test('connectTimeout hit while the server does not answer (SIGSTOP): ETIMEDOUT, counted as a timeout; counts return to idle', async () => {
    const pool = newPool({ connectionLimit: 1, connectTimeout: CONNECT_TIMEOUT_MS });
    const m = watch(monitorPool(pool, { name: 'stopped' }));
    const { reader, provider } = meterProviderFor(m);
    cleanups.push(() => provider.shutdown());
    const err = await errorWhileStopped(db!.pid, () => pool.query('SELECT 1'));
    expect((err as { code?: string } | undefined)?.code).toBe('ETIMEDOUT');
    const r = await collectPool(reader, 'stopped');
    expect(r).toMatchObject({ timeouts: 1, pending: 0, used: 0, idle: 0 });
    expect(r.wait).toBeUndefined();
    const [rows] = await pool.query('SELECT 1 AS one');
    expect(Number((rows as mysql.RowDataPacket[])[0]?.one)).toBe(1);
    expect(await collectPool(reader, 'stopped')).toMatchObject({ timeouts: 1, used: 0, idle: 1, pending: 0 });
  });
});
