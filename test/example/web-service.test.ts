/**
 * The monitored web service end to end: real load through node:http, a real PostgreSQL behind the pool, a real
 * Prometheus scraping /metrics, and the scraped counts compared with what the client sent.
 */
import * as http from 'http';
import { startWebService, WORK_SUMMARY, type WebService } from '../../src/example/web-service';
import { describeIf } from '../support/needs';
import { NEEDS_POSTGRES, NEEDS_PROMETHEUS, startPostgres, startPrometheus, type PostgresServer, type PrometheusServer } from '../support/servers';

const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });

function request(url: string, method = 'GET', body?: string): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, agent }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Sends `n` requests, `concurrency` at a time; resolves with the count per status code. */
async function load(n: number, concurrency: number, url: (i: number) => string, method = 'GET', body?: string): Promise<Map<number, number>> {
  const statuses = new Map<number, number>();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) {
        const i = next++;
        const r = await request(url(i), method, body);
        statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
      }
    }),
  );
  return statuses;
}

/** Polls `f` until it returns `want` (bounded); resolves with the last value seen. */
async function eventually<T>(f: () => Promise<T>, want: T, ms = 30000): Promise<T> {
  const end = Date.now() + ms;
  let last = await f();
  while (JSON.stringify(last) !== JSON.stringify(want) && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 250));
    last = await f();
  }
  return last;
}

afterAll(() => agent.destroy());

describeIf('the monitored web service, scraped by Prometheus, with PostgreSQL behind its pool', [...NEEDS_POSTGRES, ...NEEDS_PROMETHEUS], () => {
  let pg: PostgresServer;
  let prom: PrometheusServer;
  let service: WebService;
  let instance: string;
  const N_WORK = 120;
  const N_USERS = 80;
  const N_ECHO = 30;

  beforeAll(async () => {
    pg = await startPostgres();
    service = await startWebService({ port: 0, databaseUrl: `postgres://${pg.user}@127.0.0.1:${pg.port}/postgres`, poolMax: 3, healthIntervalMs: 500 });
    instance = new URL(service.url).host;
    prom = await startPrometheus({ targets: [instance], metricsPath: '/metrics' });
  }, 90000);
  afterAll(async () => {
    await prom?.stop();
    await service?.close();
    await pg?.stop();
  });

  test('the request counts Prometheus scraped equal the requests sent, per route and status', async () => {
    const work = await load(N_WORK, 8, (i) => `${service.url}/work?n=${20 + (i % 50)}`);
    const users = await load(N_USERS, 8, (i) => `${service.url}/users/${1 + (i % 17)}`);
    const echo = await load(N_ECHO, 4, () => `${service.url}/echo`, 'POST', 'x'.repeat(1000));
    const missing = await load(5, 1, () => `${service.url}/no/such/page`);
    expect([...work]).toEqual([[200, N_WORK]]);
    expect([...users]).toEqual([[200, N_USERS]]);
    expect([...echo]).toEqual([[200, N_ECHO]]);
    expect([...missing]).toEqual([[404, 5]]);
    expect(service.answered.get('/work')).toBe(N_WORK);

    await prom.waitForScrape(instance);
    const byRoute = async (): Promise<Record<string, number>> => {
      const r = await prom.query(`sum by (http_route, http_response_status_code) (http_server_request_duration_count{instance="${instance}"})`);
      return Object.fromEntries(r.filter((s) => s.metric.http_route).map((s) => [`${s.metric.http_route} ${s.metric.http_response_status_code}`, s.value]));
    };
    const want = { '/work 200': N_WORK, '/users/:id 200': N_USERS, '/echo 200': N_ECHO };
    expect(await eventually(byRoute, want)).toEqual(want);
    // the method and scheme are there; the 404s of unknown paths carry no route
    const notFound = await prom.query(`sum(http_server_request_duration_count{instance="${instance}", http_response_status_code="404"})`);
    expect(notFound[0]?.value).toBe(5);
    const methods = await prom.query(`sum by (http_request_method, url_scheme) (http_server_request_duration_count{instance="${instance}", http_route="/echo"})`);
    expect(methods.map((s) => [s.metric.http_request_method, s.metric.url_scheme, s.value])).toEqual([['POST', 'http', N_ECHO]]);
  });

  test('host, runtime, pool and summary series are there, with plausible values', async () => {
    const one = async (expr: string): Promise<number> => {
      const r = await eventually(async () => (await prom.query(expr)).length, 1);
      expect([expr, r]).toEqual([expr, 1]);
      return (await prom.query(expr))[0]!.value;
    };
    expect(await one(`system_memory_limit{instance="${instance}"}`)).toBeGreaterThan(0);
    expect(await one(`system_cpu_logical_count{instance="${instance}"}`)).toBeGreaterThanOrEqual(1);
    expect(await one(`v8js_memory_heap_used{instance="${instance}", v8js_heap_space_name="old_space"}`)).toBeGreaterThan(0);
    expect(await one(`nodejs_eventloop_delay_p99{instance="${instance}"}`)).toBeGreaterThanOrEqual(0);
    // the pool: 3 connections at most; after the load every connection is idle again
    expect(await one(`db_client_connection_max{instance="${instance}"}`)).toBe(3);
    const used = await eventually(async () => (await prom.query(`db_client_connection_count{instance="${instance}", db_client_connection_state="used"}`))[0]?.value, 0);
    expect(used).toBe(0);
    const waits = await one(`db_client_connection_wait_time_count{instance="${instance}"}`);
    expect(waits).toBe(N_USERS); // one acquire per query
    // the work summary: one value per /work request, its quantiles ordered within [min, max]
    const name = WORK_SUMMARY.replace(/\./g, '_');
    expect(await one(`${name}_count{instance="${instance}"}`)).toBe(N_WORK);
    const [min, p50, p99, max] = await Promise.all(['min', 'p50', 'p99', 'max'].map((q) => one(`${name}_${q}{instance="${instance}"}`)));
    expect(min).toBeGreaterThan(0);
    expect(p50).toBeGreaterThanOrEqual(min! * 0.99);
    expect(p99).toBeGreaterThanOrEqual(p50!);
    expect(max).toBeGreaterThanOrEqual(p99! / 1.01);
  });

  test('/health answers application/health+json', async () => {
    const r = await request(`${service.url}/health`);
    expect(r.type).toBe('application/health+json');
    const body = JSON.parse(r.body) as { status: string; checks: Record<string, Array<{ status: string }>> };
    expect(r.status).toBe(body.status === 'fail' ? 503 : 200);
    expect(Object.keys(body.checks)).toEqual(expect.arrayContaining(['cpu:utilization', 'memory:utilization', 'eventloop:delay', 'heap:utilization']));
  });
});

describe('the monitored web service: a blocked event loop turns /health into 503', () => {
  test('503 with eventloop:delay failing while the loop is blocked, 200 again after', async () => {
    const service = await startWebService({ port: 0, healthIntervalMs: 200, thresholds: { eventLoopDelay: { fail: 0.05 }, cpuSystem: false, cpuProcess: false, memory: false, disk: false } });
    try {
      const health = async (): Promise<{ status: number; delay: string | undefined }> => {
        const r = await request(`${service.url}/health`);
        const body = JSON.parse(r.body) as { checks: Record<string, Array<{ status: string }>> };
        return { status: r.status, delay: body.checks['eventloop:delay']?.[0]?.status };
      };
      // Block the loop again and again (100 ms a request) while asking /health, until a report shows the delay
      // check failing: every monitor window (200 ms) then holds a long iteration.
      let blocking = true;
      const blocker = (async () => {
        const end = Date.now() + 15000;
        while (blocking && Date.now() < end) await request(`${service.url}/block?ms=100`);
      })();
      let seen = await health();
      const end = Date.now() + 15000;
      while (!(seen.status === 503 && seen.delay === 'fail') && Date.now() < end) {
        await new Promise((r) => setTimeout(r, 50));
        seen = await health();
      }
      blocking = false;
      await blocker;
      expect(seen).toEqual({ status: 503, delay: 'fail' });
      // nothing blocks now: a window without a long iteration passes again
      expect(await eventually(health, { status: 200, delay: 'pass' }, 10000)).toEqual({ status: 200, delay: 'pass' });
    } finally {
      await service.close();
    }
  });

  test('without monitoring: the same routes, no /metrics and no /health', async () => {
    const service = await startWebService({ port: 0, monitoring: false });
    try {
      expect((await request(`${service.url}/work?n=3`)).status).toBe(200);
      expect((await request(`${service.url}/metrics`)).status).toBe(404);
      expect((await request(`${service.url}/health`)).status).toBe(404);
      expect((await request(`${service.url}/work?n=-1`)).status).toBe(400);
    } finally {
      await service.close();
    }
  });
});
