import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import Fastify from 'fastify';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { HealthMonitor, PROMETHEUS_CONTENT_TYPE, Summaries, healthHandler, metricsHandler, type HealthMonitorOptions } from '../../src';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Lets one monitor interval (100 ms) pass and takes the sample that sees the new state. */
const resample = async (m: HealthMonitor): Promise<void> => {
  await sleep(110);
  await m.refresh();
};
const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
afterAll(() => agent.destroy());

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function request(port: number, path: string, method = 'GET'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, method, agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function listen(server: http.Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

function close(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** Only user checks, so that the verdict does not depend on this shared machine's load. */
const QUIET: HealthMonitorOptions['thresholds'] = {
  cpuSystem: false,
  cpuProcess: false,
  memory: false,
  disk: false,
  eventLoopDelay: false,
  eventLoopUtilization: false,
  activeHandles: false,
};

describe('healthHandler and metricsHandler on node:http', () => {
  let state: 'pass' | 'warn' | 'fail';
  let monitor: HealthMonitor;
  let server: http.Server;
  let port: number;
  const summaries = new Summaries();
  let metrics: ReturnType<typeof metricsHandler>;

  beforeAll(async () => {
    state = 'pass';
    monitor = new HealthMonitor({
      intervalMs: 100,
      thresholds: QUIET,
      serviceId: 'orders',
      version: '3',
      checks: [{ name: 'db:ping', run: () => ({ status: state, observedValue: state }) }],
    });
    await monitor.refresh();
    summaries.summary('app.work.duration', { unit: 's' }).record(0.25);
    metrics = metricsHandler({ producers: [summaries.metricProducer()] });
    const ready = healthHandler(monitor);
    const live = healthHandler(monitor, { probe: 'liveness' });
    server = http.createServer((req, res) => {
      if (req.url === '/health/ready') return ready(req, res);
      if (req.url === '/health/live') return live(req, res);
      if (req.url === '/metrics') return metrics(req, res);
      res.statusCode = 404;
      res.end();
    });
    port = await listen(server);
  });
  afterAll(async () => {
    await close(server);
    await metrics.shutdown();
    monitor.close();
  });

  test('pass and warn answer 200, fail 503, as application/health+json in the draft shape', async () => {
    let a = await request(port, '/health/ready');
    expect(a.status).toBe(200);
    expect(a.headers['content-type']).toBe('application/health+json');
    expect(a.headers['cache-control']).toBe('no-store');
    let body = JSON.parse(a.body);
    expect(body).toMatchObject({ status: 'pass', serviceId: 'orders', version: '3' });
    expect(body.checks['db:ping'][0]).toMatchObject({ status: 'pass', observedValue: 'pass', componentType: 'component' });
    expect(Date.parse(body.checks['db:ping'][0].time)).toBeGreaterThan(Date.now() - 60000);
    expect(body.checks['heap:utilization'][0]).toMatchObject({ observedUnit: '1', status: 'pass' });

    state = 'warn';
    await resample(monitor);
    a = await request(port, '/health/ready');
    expect(a.status).toBe(200);
    expect(JSON.parse(a.body).status).toBe('warn');

    state = 'fail';
    await resample(monitor);
    a = await request(port, '/health/ready');
    expect(a.status).toBe(503);
    body = JSON.parse(a.body);
    expect(body.status).toBe('fail');
    expect(Number(a.headers['content-length'])).toBe(Buffer.byteLength(a.body));
    // liveness: the user check is readiness-only, so the process is still alive
    const live = await request(port, '/health/live');
    expect(live.status).toBe(200);
    expect(Object.keys(JSON.parse(live.body).checks).sort()).toEqual(['heap:utilization']);
    // HEAD: the status and headers without a body; other methods: 405
    const head = await request(port, '/health/ready', 'HEAD');
    expect(head.status).toBe(503);
    expect(head.body).toBe('');
    const post = await request(port, '/health/ready', 'POST');
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
    state = 'pass';
  });

  test('/metrics serves the Prometheus text format of the producers on the same port', async () => {
    const a = await request(port, '/metrics');
    expect(a.status).toBe(200);
    expect(a.headers['content-type']).toBe(PROMETHEUS_CONTENT_TYPE);
    expect(a.body).toMatch(/^# TYPE app_work_duration_p99 gauge$/m);
    expect(a.body).toMatch(/^app_work_duration_count(\{[^}]*\})? 1$/m);
    expect(a.body).toMatch(/^app_work_duration_max(\{[^}]*\})? 0\.25$/m);
    expect((await request(port, '/metrics', 'DELETE')).status).toBe(405);
  });

  test('/health under a burst of requests adds no sample beyond the monitor interval (samples counted)', async () => {
    // The guarantee: a report never samples on the caller's turn, so the samples taken are bounded by the elapsed time
    // over intervalMs, whatever the request rate the machine achieved. The request count is fixed (not a rate), and it
    // is checked to exceed that bound, so a handler that sampled per request would fail the bound.
    const REQUESTS = 600;
    const INTERVAL_MS = 250;
    for (const started of [true, false]) {
      const m = new HealthMonitor({ intervalMs: INTERVAL_MS, thresholds: QUIET, checks: [{ name: 'x:y', run: () => true }] });
      if (started) m.start();
      const handler = healthHandler(m);
      const s = http.createServer(handler);
      const p = await listen(s);
      const before = m.samples;
      const t0 = performance.now();
      let ok = 0;
      const inflight: Promise<void>[] = [];
      // 10 requests every 10 ms: about 1,000 requests/s when the machine keeps up, fewer when it is busy
      for (let sent = 0; sent < REQUESTS; sent += 10) {
        for (let i = 0; i < 10; i++) inflight.push(request(p, '/').then((a) => void (a.status === 200 && ok++)));
        await sleep(10);
      }
      await Promise.all(inflight);
      const elapsed = performance.now() - t0;
      const samples = m.samples - before;
      const bound = Math.floor(elapsed / INTERVAL_MS) + 1;
      expect(ok).toBe(REQUESTS);
      expect(REQUESTS).toBeGreaterThan(bound); // the burst is dense enough for the bound to mean something
      expect(samples).toBeLessThanOrEqual(bound);
      expect(samples).toBeGreaterThanOrEqual(1);
      await close(s);
      m.close();
    }
  });
});

describe('with an exporter you registered yourself', () => {
  test('metricsHandler({ exporter }) serves your MeterProvider instruments', async () => {
    const exporter = new PrometheusExporter({ preventServerStart: true });
    const provider = new MeterProvider({ readers: [exporter] });
    provider.getMeter('app').createCounter('jobs.done').add(3);
    const handler = metricsHandler({ exporter });
    const server = http.createServer(handler);
    const port = await listen(server);
    try {
        const a = await request(port, '/');
        expect(a.body).toMatch(/^jobs_done_total(\{[^}]*\})? 3$/m);
    } finally {
      await close(server);
      await provider.shutdown();
    }
  });

  test('bad options are refused with PROCSAMPLER_BAD_OPTION', () => {
    expect(() => metricsHandler({} as never)).toThrow(expect.objectContaining({ code: 'PROCSAMPLER_BAD_OPTION' }));
    expect(() => metricsHandler({ producers: [{}] as never })).toThrow(expect.objectContaining({ code: 'PROCSAMPLER_BAD_OPTION' }));
    expect(() => healthHandler({} as never)).toThrow(expect.objectContaining({ code: 'PROCSAMPLER_BAD_OPTION' }));
  });
});

describe('Express 5 and fastify 5', () => {
  let state: 'pass' | 'fail' = 'pass';
  let monitor: HealthMonitor;
  const summaries = new Summaries();
  beforeAll(async () => {
    monitor = new HealthMonitor({ intervalMs: 100, thresholds: QUIET, checks: [{ name: 'db:ping', run: () => state === 'pass' }] });
    await monitor.refresh();
    summaries.record('app.rows', 42);
  });
  afterAll(() => monitor.close());

  test('Express: app.get(path, handler)', async () => {
    const metrics = metricsHandler({ producers: [summaries.metricProducer()] });
    const app = express();
    app.get('/health/ready', healthHandler(monitor));
    app.get('/health/live', healthHandler(monitor, { probe: 'liveness' }));
    app.get('/metrics', metrics);
    const server = http.createServer(app);
    const port = await listen(server);
    try {
      let a = await request(port, '/health/ready');
      expect(a.status).toBe(200);
      expect(a.headers['content-type']).toBe('application/health+json');
      expect(JSON.parse(a.body).checks['db:ping'][0].observedValue).toBe(true);
      state = 'fail';
      await resample(monitor);
      a = await request(port, '/health/ready');
      expect(a.status).toBe(503);
      expect((await request(port, '/health/live')).status).toBe(200);
      const m = await request(port, '/metrics');
      expect(m.body).toMatch(/^app_rows_p50(\{[^}]*\})? 42$/m);
    } finally {
      await close(server);
      await metrics.shutdown();
      state = 'pass';
      await resample(monitor);
    }
  });

  test('fastify: reply.hijack(), then the handler on request.raw / reply.raw', async () => {
    const metrics = metricsHandler({ producers: [summaries.metricProducer()] });
    const ready = healthHandler(monitor);
    const app = Fastify();
    app.get('/health/ready', (request, reply) => {
      reply.hijack();
      ready(request.raw, reply.raw);
    });
    app.get('/metrics', (request, reply) => {
      reply.hijack();
      metrics(request.raw, reply.raw);
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const port = (app.server.address() as AddressInfo).port;
    try {
      let a = await request(port, '/health/ready');
      expect(a.status).toBe(200);
      expect(JSON.parse(a.body).status).toBe('pass');
      state = 'fail';
      await resample(monitor);
      a = await request(port, '/health/ready');
      expect(a.status).toBe(503);
      expect(a.headers['content-type']).toBe('application/health+json');
      const m = await request(port, '/metrics');
      expect(m.status).toBe(200);
      expect(m.headers['content-type']).toBe(PROMETHEUS_CONTENT_TYPE);
      expect(m.body).toMatch(/^app_rows_max(\{[^}]*\})? 42$/m);
    } finally {
      await app.close();
      await metrics.shutdown();
    }
  });
});
