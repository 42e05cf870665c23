/**
 * HttpServerMetrics against real node:http servers on 127.0.0.1: the exported values (through a MeterProvider and
 * reader with the producer attached, and through the Prometheus exporter) against what the client did.
 */
import * as http from 'http';
import * as net from 'net';
import type { Histogram } from '@opentelemetry/sdk-metrics';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import * as sc from '../../src/semconv';
import { HTTP_RECORD_BATCH, HttpServerMetrics, setRoute } from '../../src/http';
import { histTotal, listen, metricOf, pointsOf, raw, readerFor, request, sleep, until } from './helpers';

const D = sc.METRIC_HTTP_SERVER_REQUEST_DURATION;
const A = sc.METRIC_HTTP_SERVER_ACTIVE_REQUESTS;
const REQ = sc.METRIC_HTTP_SERVER_REQUEST_BODY_SIZE;
const RES = sc.METRIC_HTTP_SERVER_RESPONSE_BODY_SIZE;
const ROUTE = sc.ATTR_HTTP_ROUTE;
const STATUS = sc.ATTR_HTTP_RESPONSE_STATUS_CODE;
const METHOD = sc.ATTR_HTTP_REQUEST_METHOD;
const ERR = sc.ATTR_ERROR_TYPE;

/**
 * Runs `body` against a server of its own measured by its own HttpServerMetrics, through a keep-alive agent of
 * `maxSockets`; afterwards every request has ended (none active) and all of them are in the duration histogram.
 */
async function measuredServer(
  handler: http.RequestListener,
  maxSockets: number,
  body: (o: { port: number; metrics: HttpServerMetrics; agent: http.Agent }) => Promise<number>,
): Promise<void> {
  const srv = await listen(handler);
  const metrics = new HttpServerMetrics({ servers: [srv.server] }).start();
  const agent = new http.Agent({ keepAlive: true, maxSockets });
  try {
    const n = await body({ port: srv.port, metrics, agent });
    expect(histTotal(await metrics.metricProducer().collect(), D)).toBe(n);
    expect(metrics.activeRequests).toBe(0);
  } finally {
    agent.destroy();
    metrics.stop();
    await srv.close();
  }
}

describe('node:http, automatic', () => {
  let metrics: HttpServerMetrics;
  let srv: Awaited<ReturnType<typeof listen>>;
  const held: http.ServerResponse[] = [];

  beforeAll(async () => {
    srv = await listen((req, res) => {
      const url = req.url ?? '/';
      if (url.startsWith('/users/')) setRoute(req, '/users/:id');
      if (url === '/fail') {
        res.statusCode = 503;
        res.end('down');
      } else if (url === '/missing') {
        res.statusCode = 404;
        res.end('no such thing');
      } else if (url === '/chunked') {
        res.write('first,');
        res.write('second chunk,');
        setImmediate(() => res.end('last'));
      } else if (url === '/post') {
        req.resume();
        req.on('end', () => {
          res.statusCode = 201;
          res.end('created');
        });
      } else if (url === '/hang' || url === '/partial') {
        if (url === '/partial') res.write('x'.repeat(100)); // headers and a chunk, then nothing
        held.push(res);
      } else {
        res.end('hello');
      }
    });
    metrics = new HttpServerMetrics({ optIn: [REQ, RES], servers: [srv.server] }).start();
  });
  afterAll(async () => {
    metrics.stop();
    for (const r of held) r.destroy();
    await srv.close();
  });

  test('requests per status, method, route and bytes are what the client sent and received', async () => {
    const { reader, provider } = readerFor(metrics.metricProducer());
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    let helloBytes = 0;
    for (let i = 0; i < 20; i++) helloBytes += (await request(srv.port, { path: '/', agent })).bytes; // keep-alive: one socket
    for (let i = 0; i < 3; i++) await request(srv.port, { path: `/users/${i}`, agent });
    const fail = await request(srv.port, { path: '/fail', agent });
    const missing = await request(srv.port, { path: '/missing', agent });
    const body = 'a'.repeat(1234);
    const post = await request(srv.port, { method: 'POST', path: '/post', body, agent });
    const purge = await request(srv.port, { method: 'PURGE', path: '/', agent });
    agent.destroy();
    expect([fail.status, missing.status, post.status, purge.status]).toEqual([503, 404, 201, 200]);
    const r = await reader.collect();
    expect(r.errors).toEqual([]);
    const d = metricOf(r, D)!;
    expect(d.descriptor.unit).toBe('s');
    // 20 + 1 (PURGE, as _OTHER) without a route and status 200
    expect(histTotal(r, D, { [METHOD]: 'GET', [STATUS]: 200, [ROUTE]: undefined })).toBe(20);
    expect(histTotal(r, D, { [METHOD]: '_OTHER', [STATUS]: 200 })).toBe(1);
    expect(histTotal(r, D, { [METHOD]: 'GET', [STATUS]: 200, [ROUTE]: '/users/:id' })).toBe(3);
    expect(pointsOf(r, D, { [STATUS]: 503 }).map((p) => p.attributes[ERR])).toEqual(['503']);
    expect(pointsOf(r, D, { [STATUS]: 404 }).map((p) => p.attributes[ERR])).toEqual([undefined]);
    expect(histTotal(r, D, { [METHOD]: 'POST', [STATUS]: 201 })).toBe(1);
    expect(histTotal(r, D)).toBe(27);
    for (const p of pointsOf(r, D)) {
      expect(p.attributes[sc.ATTR_URL_SCHEME]).toBe('http');
      expect(p.attributes[sc.ATTR_NETWORK_PROTOCOL_VERSION]).toBe('1.1');
      const h = p.value as Histogram;
      expect(h.buckets.boundaries).toEqual(sc.HTTP_SERVER_REQUEST_DURATION_BUCKETS);
      expect(h.buckets.counts.reduce((a, b) => a + b, 0)).toBe(h.count);
      expect(h.min).toBeGreaterThanOrEqual(0);
      expect(h.max).toBeLessThan(60);
    }
    // Body sizes: the client's own counts.
    expect(histTotal(r, REQ, { [METHOD]: 'POST' }, 'sum')).toBe(1234);
    expect(histTotal(r, REQ, { [METHOD]: 'GET' }, 'sum')).toBe(0);
    expect(histTotal(r, RES, { [METHOD]: 'GET', [STATUS]: 200, [ROUTE]: undefined }, 'sum')).toBe(helloBytes);
    expect(helloBytes).toBe(20 * 5);
    expect(histTotal(r, RES, { [STATUS]: 503 }, 'sum')).toBe(fail.bytes);
    expect(histTotal(r, RES, { [STATUS]: 404 }, 'sum')).toBe(missing.bytes);
    expect(histTotal(r, RES, { [STATUS]: 201 }, 'sum')).toBe(post.bytes);
    // Nothing in flight.
    expect(pointsOf(r, A).reduce((n, p) => n + (p.value as number), 0)).toBe(0);
    expect(metrics.activeRequests).toBe(0);
    await provider.shutdown();
  });

  test('a chunked response: body size is the bytes after the header block, as the client received them', async () => {
    const producer = metrics.metricProducer({ reuse: false });
    const before = histTotal(await producer.collect(), RES, { [STATUS]: 200 }, 'sum');
    const got = await raw(srv.port, 'GET /chunked HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(got.head).toMatch(/transfer-encoding: chunked/i);
    expect(got.all.toString('latin1')).toContain('first,');
    await sleep(20);
    const after = histTotal(await producer.collect(), RES, { [STATUS]: 200 }, 'sum');
    expect(after - before).toBe(got.bodyWireBytes);
  });

  test('HTTP/1.0 is network.protocol.version 1.0', async () => {
    const got = await raw(srv.port, 'GET /users/9 HTTP/1.0\r\n\r\n');
    expect(got.head).toMatch(/^HTTP\/1.1 200/);
    await sleep(20);
    const r = await metrics.metricProducer().collect();
    expect(histTotal(r, D, { [sc.ATTR_NETWORK_PROTOCOL_VERSION]: '1.0', [ROUTE]: '/users/:id' })).toBe(1);
  });

  test('aborted requests: active while in flight, then recorded with error.type aborted, never leaked', async () => {
    const producer = metrics.metricProducer({ reuse: false });
    const sockets: net.Socket[] = [];
    const open = (path: string): void => {
      const s = net.connect(srv.port, '127.0.0.1', () => s.write(`GET ${path} HTTP/1.1\r\nHost: x\r\n\r\n`));
      s.on('error', () => undefined);
      sockets.push(s);
    };
    const heldBefore = held.length;
    open('/hang');
    open('/hang');
    open('/partial');
    await until(() => held.length === heldBefore + 3);
    const mid = await producer.collect();
    expect(pointsOf(mid, A, { [METHOD]: 'GET' }).map((p) => p.value)).toEqual([3]);
    for (const s of sockets) s.destroy();
    await until(() => metrics.activeRequests === 0);
    const r = await producer.collect();
    expect(pointsOf(r, A, { [METHOD]: 'GET' }).map((p) => p.value)).toEqual([0]);
    // Before any header: no status. After the header and a chunk: status 200, and the chunk's wire bytes.
    expect(histTotal(r, D, { [ERR]: 'aborted', [STATUS]: undefined })).toBe(2);
    expect(histTotal(r, D, { [ERR]: 'aborted', [STATUS]: 200 })).toBe(1);
    const partial = pointsOf(r, RES, { [ERR]: 'aborted', [STATUS]: 200 })[0]!.value as Histogram;
    expect(partial.sum).toBe(100 + '64\r\n'.length + 2); // one 100-byte chunk with its framing
  });

  test('the Prometheus exporter serves the same counts over HTTP', async () => {
    const exporter = new PrometheusExporter({ preventServerStart: true, metricProducers: [metrics.metricProducer()] });
    const provider = new MeterProvider({ readers: [exporter] });
    // /metrics on a server of its own (not in `servers`, so the scrape is not measured)
    const scrape = await listen((req, res) => exporter.getMetricsRequestHandler(req, res));
    try {
      const expected = histTotal(await metrics.metricProducer().collect(), D, { [ROUTE]: '/users/:id', [sc.ATTR_NETWORK_PROTOCOL_VERSION]: '1.1' });
      expect(expected).toBe(3);
      const text = await new Promise<string>((resolve, reject) => {
        http.get({ host: '127.0.0.1', port: scrape.port, path: '/metrics' }, (res) => {
          let t = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (t += c));
          res.on('end', () => resolve(t));
        }).on('error', reject);
      });
      const line = text
        .split('\n')
        .find((l) => /^http_server_request_duration(_seconds)?_count\{/.test(l) && l.includes('http_route="/users/:id"') && l.includes('network_protocol_version="1.1"'));
      expect(line).toBeDefined();
      expect(Number(line!.split(' ').pop())).toBe(expected);
      expect(text).toMatch(/http_server_active_requests\{[^}]*http_request_method="GET"[^}]*\} 0/);
      expect(text).toMatch(/http_server_request_duration(?:_seconds)?_bucket\{[^}]*http_response_status_code="503"[^}]*le="\+Inf"\} 1/);
    } finally {
      await scrape.close();
      await provider.shutdown();
    }
  });
});

describe('node:http, bad input and limits', () => {
  test('a route callback that throws or returns garbage: the request is recorded without a route and counted', async () => {
    let calls = 0;
    const srv = await listen((req, res) => res.end('ok'));
    const metrics = new HttpServerMetrics({
      servers: [srv.server],
      route: (req) => {
        calls++;
        if (req.url === '/throw') throw new Error('bad callback');
        if (req.url === '/number') return 42 as unknown as string;
        return req.url === '/ok' ? '/ok' : undefined;
      },
    }).start();
    try {
      for (const p of ['/throw', '/number', '/ok', '/none']) expect((await request(srv.port, { path: p })).status).toBe(200);
      const r = await metrics.metricProducer().collect();
      expect(calls).toBe(4);
      expect(histTotal(r, D, { [ROUTE]: '/ok' })).toBe(1);
      expect(histTotal(r, D, { [ROUTE]: undefined })).toBe(3);
      expect([metrics.dropped('route_error'), metrics.dropped('bad_route')]).toEqual([1, 1]);
      const drops = pointsOf(r, sc.METRIC_PROCSAMPLER_APP_DROPPED, { [sc.ATTR_PROCSAMPLER_APP_FAMILY]: 'http.server' });
      expect(Object.fromEntries(drops.map((p) => [p.attributes[sc.ATTR_PROCSAMPLER_DROP_REASON], p.value]))).toMatchObject({ route_error: 1, bad_route: 1 });
    } finally {
      metrics.stop();
      await srv.close();
    }
  });

  test('past maxSeries, new routes go to the one overflow series; existing series keep counting', async () => {
    const srv = await listen((req, res) => {
      setRoute(req, req.url ?? '');
      res.end('ok');
    });
    const metrics = new HttpServerMetrics({ servers: [srv.server], maxSeries: 3 }).start();
    try {
      for (const p of ['/a', '/b', '/c', '/d', '/e', '/a']) await request(srv.port, { path: p });
      const r = await metrics.metricProducer().collect();
      expect(metrics.seriesCount).toBe(3);
      expect(metrics.overflowed).toBe(2);
      expect(histTotal(r, D, { [ROUTE]: '/a' })).toBe(2);
      const overflow = pointsOf(r, D, { 'otel.metric.overflow': true });
      expect(overflow.map((p) => [Object.keys(p.attributes), (p.value as Histogram).count])).toEqual([[['otel.metric.overflow'], 2]]);
    } finally {
      metrics.stop();
      await srv.close();
    }
  });

  test('stop(): nothing new is measured; a request in flight at stop() still ends', async () => {
    let hold: http.ServerResponse | undefined;
    const srv = await listen((req, res) => {
      if (req.url === '/slow') hold = res;
      else res.end('ok');
    });
    const metrics = new HttpServerMetrics({ servers: [srv.server] }).start();
    try {
      const slow = request(srv.port, { path: '/slow' });
      await until(() => hold !== undefined);
      expect(metrics.activeRequests).toBe(1);
      metrics.stop();
      hold!.end('late');
      await slow;
      await request(srv.port, { path: '/after' });
      await until(() => metrics.activeRequests === 0);
      const r = await metrics.metricProducer().collect();
      expect(histTotal(r, D)).toBe(1);
      expect(histTotal(r, D, { [ERR]: undefined, [STATUS]: 200 })).toBe(1); // finished, not aborted
    } finally {
      metrics.stop();
      await srv.close();
    }
  });

  test('only the listed servers are measured; two instances do not share requests', async () => {
    const a = await listen((req, res) => res.end('a'));
    const b = await listen((req, res) => res.end('b'));
    const ma = new HttpServerMetrics({ servers: [a.server] }).start();
    const all = new HttpServerMetrics().start();
    try {
      await request(a.port);
      await request(b.port);
      await request(b.port);
      expect(histTotal(await ma.metricProducer().collect(), D)).toBe(1);
      expect(histTotal(await all.metricProducer().collect(), D)).toBe(3);
    } finally {
      ma.stop();
      all.stop();
      await a.close();
      await b.close();
    }
  });
});

describe('node:http, connections: keep-alive, pipelining, aborts', () => {
  test('no listener is added per request: one close listener per socket, none on the response', async () => {
    const seen: Array<{ socketClose: number; resClose: number }> = [];
    const srv = await listen((req, res) => {
      seen.push({ socketClose: req.socket.listenerCount('close'), resClose: res.listenerCount('close') });
      res.end('ok');
    });
    const before = await (async () => {
      // the same server unmeasured: node:http's own close listeners on a socket
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      await request(srv.port, { agent });
      agent.destroy();
      return seen.pop()!.socketClose;
    })();
    const metrics = new HttpServerMetrics({ servers: [srv.server] }).start();
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      for (let i = 0; i < 10; i++) expect((await request(srv.port, { agent })).status).toBe(200);
      // the first request of the socket sees node:http's listeners and procsampler's one, as does the tenth
      expect(seen.map((s) => s.socketClose)).toEqual(new Array(10).fill(before + 1));
      expect(seen.map((s) => s.resClose)).toEqual(new Array(10).fill(0));
      expect(histTotal(await metrics.metricProducer().collect(), D, { [STATUS]: 200 })).toBe(10);
    } finally {
      agent.destroy();
      metrics.stop();
      await srv.close();
    }
  });

  test('pipelined requests: each recorded, in order, with its route, and nothing left in flight', async () => {
    const srv = await listen((req, res) => {
      const n = (req.url ?? '').split('/')[2];
      setRoute(req, '/p/:n');
      // the first answers last: the later responses wait for the socket
      setTimeout(() => res.end(`r${n}`), n === '0' ? 30 : 0);
    });
    const metrics = new HttpServerMetrics({ servers: [srv.server] }).start();
    try {
      const reqs = [0, 1, 2].map((n) => `GET /p/${n} HTTP/1.1\r\nHost: x\r\n${n === 2 ? 'Connection: close\r\n' : ''}\r\n`).join('');
      // written without a half-close: the server closes after the third (Connection: close)
      const text = await new Promise<string>((resolve, reject) => {
        let t = '';
        const s = net.connect(srv.port, '127.0.0.1', () => s.write(reqs));
        s.setEncoding('latin1');
        s.on('data', (c: string) => (t += c));
        s.on('error', reject);
        s.on('close', () => resolve(t));
      });
      expect(text.match(/HTTP\/1\.1 200/g)).toHaveLength(3);
      expect(text.indexOf('r0')).toBeLessThan(text.indexOf('r1'));
      expect(text.indexOf('r1')).toBeLessThan(text.indexOf('r2'));
      await until(() => metrics.activeRequests === 0);
      const r = await metrics.metricProducer().collect();
      expect(histTotal(r, D, { [ROUTE]: '/p/:n', [STATUS]: 200, [ERR]: undefined })).toBe(3);
      expect(histTotal(r, D)).toBe(3);
    } finally {
      metrics.stop();
      await srv.close();
    }
  });

  test('setRoute() on a finished request of a keep-alive socket does not relabel the request after it', async () => {
    let first: http.IncomingMessage | undefined;
    const calls: boolean[] = [];
    const srv = await listen((req, res) => {
      if (req.url === '/first') {
        first = req;
        calls.push(setRoute(req, '/first'));
      } else {
        // the socket's next request is in flight: a late call for the first one must miss
        calls.push(setRoute(first!, '/late'));
        calls.push(setRoute(req, '/second'));
      }
      res.end('ok');
    });
    const metrics = new HttpServerMetrics({ servers: [srv.server] }).start();
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      await request(srv.port, { agent, path: '/first' });
      await request(srv.port, { agent, path: '/second' });
      expect(first!.socket).not.toBeNull(); // the same socket served both
      expect(calls).toEqual([true, false, true]);
      const r = await metrics.metricProducer().collect();
      expect(histTotal(r, D, { [ROUTE]: '/first' })).toBe(1);
      expect(histTotal(r, D, { [ROUTE]: '/second' })).toBe(1);
      expect(histTotal(r, D, { [ROUTE]: '/late' })).toBe(0);
    } finally {
      agent.destroy();
      metrics.stop();
      await srv.close();
    }
  });

  test('a publisher that never attaches its responses to the socket: each request still ends and is recorded', async () => {
    // node:http attaches a response to its socket between the two messages; a publisher that does not leaves
    // only the order of the responses to go by (as node:http's, they finish in the order of their requests)
    const dc = await import('diagnostics_channel');
    const server = new http.Server();
    const socket = new net.Socket();
    const metrics = new HttpServerMetrics({ servers: [server] }).start();
    try {
      const message = (status: number) => {
        const req = new http.IncomingMessage(socket);
        req.method = 'GET';
        req.httpVersionMajor = 1;
        req.httpVersionMinor = 1;
        const res = new http.ServerResponse(req);
        res.statusCode = status;
        return { request: req, response: res, socket, server };
      };
      for (const status of [200, 404, 200]) {
        const m = message(status);
        dc.channel('http.server.request.start').publish(m);
        expect(metrics.activeRequests).toBe(1);
        dc.channel('http.server.response.finish').publish(m);
        expect(metrics.activeRequests).toBe(0);
      }
      // one left in flight when the socket closes: its response is unknown, so it ends without a record
      dc.channel('http.server.request.start').publish(message(200));
      expect(metrics.activeRequests).toBe(1);
      socket.emit('close', false);
      expect(metrics.activeRequests).toBe(0);
      const r = await metrics.metricProducer().collect();
      expect(histTotal(r, D, { [STATUS]: 200 })).toBe(2);
      expect(histTotal(r, D, { [STATUS]: 404 })).toBe(1);
      expect(histTotal(r, D)).toBe(3);
      expect(metrics.dropped('unbalanced_finish')).toBe(0);
    } finally {
      metrics.stop();
      socket.destroy();
    }
  });

  test('a client that goes away with pipelined requests waiting: every one recorded as aborted, none leaked', async () => {
    let started = 0;
    const srv = await listen(() => {
      started++; // never answers
    });
    const metrics = new HttpServerMetrics({ servers: [srv.server] }).start();
    try {
      const s = net.connect(srv.port, '127.0.0.1', () => s.write('GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\n\r\nPOST /c HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n'));
      s.on('error', () => undefined);
      await until(() => started === 3);
      expect(metrics.activeRequests).toBe(3);
      s.destroy();
      await until(() => metrics.activeRequests === 0);
      const r = await metrics.metricProducer().collect();
      expect(histTotal(r, D, { [ERR]: 'aborted', [STATUS]: undefined, [METHOD]: 'GET' })).toBe(2);
      expect(histTotal(r, D, { [ERR]: 'aborted', [STATUS]: undefined, [METHOD]: 'POST' })).toBe(1);
      expect(histTotal(r, D)).toBe(3);
      expect(pointsOf(r, A).reduce((n, p) => n + (p.value as number), 0)).toBe(0);
      expect(metrics.dropped('unbalanced_finish')).toBe(0);
    } finally {
      metrics.stop();
      await srv.close();
    }
  });

  test('more requests than one aggregation batch: every one counted, each series exact, seriesCount current', async () => {
    const handler: http.RequestListener = (req, res) => {
      if (req.url === '/r') setRoute(req, '/r');
      res.statusCode = req.url === '/missing' ? 404 : 200;
      res.end('ok');
    };
    await measuredServer(handler, 8, async ({ port, metrics, agent }) => {
      const n = HTTP_RECORD_BATCH * 2 + 37;
      for (let i = 0; i < n; i += 50) {
        await Promise.all(
          Array.from({ length: Math.min(50, n - i) }, (_, j) => request(port, { agent, path: (i + j) % 3 === 0 ? '/r' : (i + j) % 3 === 1 ? '/missing' : '/' })),
        );
      }
      expect(metrics.seriesCount).toBe(3); // read before any collect: the batch is aggregated first
      const r = await metrics.metricProducer().collect();
      const third = (k: number): number => Math.floor((n - k + 2) / 3);
      expect(histTotal(r, D, { [ROUTE]: '/r', [STATUS]: 200 })).toBe(third(0));
      expect(histTotal(r, D, { [STATUS]: 404 })).toBe(third(1));
      expect(histTotal(r, D, { [ROUTE]: undefined, [STATUS]: 200 })).toBe(third(2));
      return n;
    });
  });

  test('150 requests in flight at once: each keeps its own route and status, and active requests return to 0', async () => {
    const waiting: (() => void)[] = [];
    const n = 150;
    const handler: http.RequestListener = (req, res) => {
      const i = Number((req.url ?? '').slice(1));
      setRoute(req, `/held/${i % 5}`);
      waiting.push(() => {
        res.statusCode = 200 + (i % 3);
        res.end('ok');
      });
    };
    await measuredServer(handler, n, async ({ port, metrics, agent }) => {
      const all = Array.from({ length: n }, (_, i) => request(port, { agent, path: `/${i}` }));
      await until(() => waiting.length === n);
      expect(metrics.activeRequests).toBe(n);
      for (const answer of waiting.splice(0)) answer();
      await Promise.all(all);
      const r = await metrics.metricProducer().collect();
      for (let k = 0; k < 5; k++) {
        for (let st = 0; st < 3; st++) {
          let expected = 0;
          for (let i = 0; i < n; i++) if (i % 5 === k && i % 3 === st) expected++;
          expect(histTotal(r, D, { [ROUTE]: `/held/${k}`, [STATUS]: 200 + st })).toBe(expected);
        }
      }
      return n;
    });
  });

  test('stop() with a keep-alive socket open: the request in flight ends at its finish, not at the socket close', async () => {
    let hold: http.ServerResponse | undefined;
    const srv = await listen((req, res) => {
      if (req.url === '/slow') hold = res;
      else res.end('ok');
    });
    const metrics = new HttpServerMetrics({ servers: [srv.server] }).start();
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      await request(srv.port, { agent });
      const slow = request(srv.port, { path: '/slow', agent });
      await until(() => hold !== undefined);
      metrics.stop();
      hold!.end('late');
      await slow;
      await until(() => metrics.activeRequests === 0); // the socket is still open (keep-alive)
      await request(srv.port, { agent }); // after stop(): not measured
      const r = await metrics.metricProducer().collect();
      expect(histTotal(r, D, { [ERR]: undefined, [STATUS]: 200 })).toBe(2);
      expect(histTotal(r, D)).toBe(2);
    } finally {
      agent.destroy();
      metrics.stop();
      await srv.close();
    }
  });
});
