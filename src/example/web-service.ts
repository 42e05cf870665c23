/**
 * The monitored web service: a node:http service whose routes do real work, with everything procsampler measures
 * switched on: HTTP server metrics (diagnostics_channel, route templates through setRoute), a PostgreSQL pool's
 * metrics when a database is configured, host and runtime metrics, a summary of the work routes' durations with
 * p50/p95/p99, a health report on /health and the Prometheus text on /metrics, all on the service's own port.
 *
 * Run it with `npx procsampler example-service [--port 3000]` or `node examples/web-service.js`. It needs the
 * optional OpenTelemetry peers (@opentelemetry/api, @opentelemetry/sdk-metrics, @opentelemetry/exporter-prometheus),
 * and `pg` for the database route.
 */
import { createHash } from 'node:crypto';
import * as http from 'node:http';
import { badOption } from '../errors';
import { listen } from '../handlers/listen';
import type { BuiltinCheck, Threshold } from '../health/checks';

/** Options of {@link startWebService}. */
export interface WebServiceOptions {
  /** TCP port (default 3000; 0 picks a free one). */
  port?: number;
  /** Address to listen on (default 127.0.0.1). */
  host?: string;
  /** Switch every measurement off: the same service, unmonitored (the baseline of the benchmark). */
  monitoring?: boolean;
  /**
   * A PostgreSQL connection string (`postgres://user@host:port/db`); with it, GET /users/:id queries the database
   * through a monitored `pg` Pool of `poolMax` connections. Without it, /users/:id answers from memory.
   */
  databaseUrl?: string;
  /** The pool's size (default 4). */
  poolMax?: number;
  /** Milliseconds between the health monitor's samples (default 1000). */
  healthIntervalMs?: number;
  /** Health thresholds, passed to the HealthMonitor (e.g. `{ eventLoopDelay: { fail: 0.001 } }`). */
  thresholds?: Partial<Record<BuiltinCheck, Threshold | false>>;
}

/** A running service. */
export interface WebService {
  /** `http://host:port` */
  readonly url: string;
  /** Requests answered so far, by route template (what the service itself counted, for comparisons). */
  readonly answered: ReadonlyMap<string, number>;
  /** Stops the server and every monitor. */
  close(): Promise<void>;
}

/** The routes, defined once for the router, the route templates and the index page. */
export const ROUTES = {
  index: '/',
  work: '/work',
  users: '/users/:id',
  echo: '/echo',
  block: '/block',
  health: '/health',
  live: '/health/live',
  metrics: '/metrics',
} as const;

/** The summary the work routes record into. */
export const WORK_SUMMARY = 'example.work.duration';

/** The work of GET /work?n=N: N rounds of SHA-256 over the last digest (N at most 100,000). */
function work(n: number): string {
  let digest = Buffer.from('procsampler');
  for (let i = 0; i < n; i++) digest = createHash('sha256').update(digest).digest();
  return digest.toString('hex');
}

/** A user record from memory, for /users/:id without a database. */
function memoryUser(id: number): { id: number; name: string } {
  return { id, name: `user-${id}` };
}

function send(res: http.ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

interface Monitoring {
  setRoute(req: http.IncomingMessage, route: string): void;
  recordWork(seconds: number): void;
  health: (req: http.IncomingMessage, res: http.ServerResponse) => void;
  live: (req: http.IncomingMessage, res: http.ServerResponse) => void;
  metrics: (req: http.IncomingMessage, res: http.ServerResponse) => void;
  close(): Promise<void>;
}

/* eslint-disable @typescript-eslint/no-require-imports */
/** Everything procsampler measures, loaded only when monitoring is on (the peers are optional). */
function startMonitoring(o: Required<Pick<WebServiceOptions, 'healthIntervalMs'>> & WebServiceOptions, pool: object | null): Monitoring {
  const { HostMetrics } = require('../otel/host-metrics') as typeof import('../otel/host-metrics');
  const { HttpServerMetrics } = require('../http') as typeof import('../http');
  const { Summaries } = require('../summaries') as typeof import('../summaries');
  const { monitorPool } = require('../pool') as typeof import('../pool');
  const { AppMetricProducer } = require('../app/producer') as typeof import('../app/producer');
  const { HealthMonitor } = require('../health/monitor') as typeof import('../health/monitor');
  const { healthHandler } = require('../handlers/health-handler') as typeof import('../handlers/health-handler');
  const { metricsHandler } = require('../handlers/metrics-handler') as typeof import('../handlers/metrics-handler');
  const host = new HostMetrics();
  const httpMetrics = new HttpServerMetrics().start();
  const summaries = new Summaries({ window: 'cumulative' }).start(10_000);
  // The handles, not the names: a request records without a lookup by name (nor a walk over every HttpServerMetrics).
  const workSummary = summaries.summary(WORK_SUMMARY, { unit: 's', description: 'Time the /work route spent hashing' });
  const poolMonitor = pool ? monitorPool(pool) : null;
  const app = new AppMetricProducer(poolMonitor ? [httpMetrics, summaries, poolMonitor] : [httpMetrics, summaries]);
  const monitor = new HealthMonitor({ intervalMs: o.healthIntervalMs, thresholds: o.thresholds }).start();
  const metrics = metricsHandler({ producers: [host.metricProducer(), app] });
  return {
    setRoute: (req, route) => void httpMetrics.setRoute(req, route),
    recordWork: (s) => void workSummary.record(s),
    health: healthHandler(monitor),
    live: healthHandler(monitor, { probe: 'liveness' }),
    metrics,
    close: async () => {
      monitor.close();
      summaries.stop();
      httpMetrics.stop();
      poolMonitor?.close();
      await metrics.shutdown();
      host.shutdown();
    },
  };
}

/** A pg Pool for `databaseUrl` (pg is an optional peer, loaded only here). */
function pgPool(databaseUrl: string, max: number): { query(text: string, values: unknown[]): Promise<{ rows: unknown[] }>; end(): Promise<void> } {
  let pg: { Pool: new (o: object) => ReturnType<typeof pgPool> };
  try {
    pg = require('pg') as typeof pg;
  } catch (e) {
    return badOption(`databaseUrl needs the pg package (npm install pg): ${(e as Error).message}`);
  }
  return new pg.Pool({ connectionString: databaseUrl, max, connectionTimeoutMillis: 5000 });
}
/* eslint-enable @typescript-eslint/no-require-imports */

/** Starts the service; resolves once it listens. Throws PROCSAMPLER_BAD_OPTION for bad options. */
export async function startWebService(options: WebServiceOptions = {}): Promise<WebService> {
  if (options === null || typeof options !== 'object') badOption('web service options must be an object');
  const port = options.port ?? 3000;
  if (!Number.isInteger(port) || port < 0 || port > 65535) badOption(`port must be an integer 0..65535, got ${String(port)}`);
  const host = options.host ?? '127.0.0.1';
  const monitoring = options.monitoring !== false;
  const poolMax = options.poolMax ?? 4;
  const healthIntervalMs = options.healthIntervalMs ?? 1000;
  const db = options.databaseUrl ? pgPool(options.databaseUrl, poolMax) : null;
  const mon = monitoring ? startMonitoring({ ...options, healthIntervalMs }, db) : null;
  const answered = new Map<string, number>();
  const count = (route: string): void => void answered.set(route, (answered.get(route) ?? 0) + 1);
  const route = (req: http.IncomingMessage, template: string): void => {
    count(template);
    mon?.setRoute(req, template);
  };
  const index = JSON.stringify({ routes: Object.values(ROUTES) }) + '\n';

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://service');
    const path = url.pathname;
    if (path === ROUTES.metrics && mon) return mon.metrics(req, res);
    if (path === ROUTES.health && mon) return mon.health(req, res);
    if (path === ROUTES.live && mon) return mon.live(req, res);
    if (path === ROUTES.index) {
      route(req, ROUTES.index);
      return send(res, 200, 'application/json', index);
    }
    if (path === ROUTES.work) {
      route(req, ROUTES.work);
      const n = Number(url.searchParams.get('n') ?? '100');
      if (!Number.isInteger(n) || n < 0 || n > 100_000) return send(res, 400, 'text/plain', 'n must be an integer 0..100000\n');
      const t0 = process.hrtime.bigint();
      const digest = work(n);
      mon?.recordWork(Number(process.hrtime.bigint() - t0) / 1e9);
      return send(res, 200, 'application/json', JSON.stringify({ n, digest }) + '\n');
    }
    if (path.startsWith('/users/')) {
      route(req, ROUTES.users);
      const id = Number(path.slice('/users/'.length));
      if (!Number.isInteger(id) || id < 1) return send(res, 404, 'text/plain', 'no such user\n');
      if (!db) return send(res, 200, 'application/json', JSON.stringify(memoryUser(id)) + '\n');
      db.query('SELECT $1::int AS id, $2::text AS name', [id, `user-${id}`]).then(
        (r) => send(res, 200, 'application/json', JSON.stringify(r.rows[0]) + '\n'),
        (e: Error) => send(res, 503, 'text/plain', `database: ${e.message}\n`),
      );
      return;
    }
    if (path === ROUTES.echo && req.method === 'POST') {
      route(req, ROUTES.echo);
      let bytes = 0;
      req.on('data', (c: Buffer) => (bytes += c.length));
      req.on('end', () => send(res, 200, 'application/json', JSON.stringify({ bytes }) + '\n'));
      return;
    }
    if (path === ROUTES.block) {
      // Blocks the event loop for ms milliseconds (at most 2000): makes the service unhealthy on purpose.
      route(req, ROUTES.block);
      const ms = Math.min(2000, Math.max(0, Number(url.searchParams.get('ms') ?? '100') || 0));
      const end = Date.now() + ms;
      while (Date.now() < end);
      return send(res, 200, 'text/plain', `blocked ${ms} ms\n`);
    }
    send(res, 404, 'text/plain', 'not found\n');
  });
  server.keepAliveTimeout = 5000;
  const closeAll = async (): Promise<void> => {
    await mon?.close();
    await db?.end();
  };
  const listening = await listen(server, port, host, closeAll);
  return { url: listening.url, answered, close: () => listening.close() };
}
