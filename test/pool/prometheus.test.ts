/**
 * End to end: a pg pool under load against a real PostgreSQL 15, its monitor exported by the OpenTelemetry
 * Prometheus exporter (an AppMetricProducer on its reader), scraped by a real Prometheus server, and read back
 * through Prometheus' query API.
 */
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { Pool } from 'pg';
import { AppMetricProducer } from '../../src/app';
import { monitorPool } from '../../src/pool';
import { describeIf } from '../support/needs';
import {
  freePort, NEEDS_POSTGRES, NEEDS_PROMETHEUS, startPostgres, startPrometheus, type PostgresServer, type PrometheusServer,
} from '../support/servers';
import { cleanupsAfterEach, closeAfter, endPgPool } from './helpers';

describeIf('pool metrics scraped by a real Prometheus', [...NEEDS_POSTGRES, ...NEEDS_PROMETHEUS], () => {
  let pg: PostgresServer | undefined;
  const cleanups = cleanupsAfterEach();
  beforeAll(async () => {
    pg = await startPostgres();
  });
  afterAll(() => pg?.stop());

  test('counts by state, max, pending, timeouts and the wait-time histogram arrive in Prometheus per pool name', async () => {
    const pool = new Pool({ host: pg!.host, port: pg!.port, user: pg!.user, database: pg!.database, max: 2, connectionTimeoutMillis: 150 });
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
