/**
 * http.route from the frameworks' own tracing channels: Express 5.3 (router 2.3, `express.router.request`) and
 * fastify 5 (`fastify.request.handler`), with real servers on 127.0.0.1.
 */
import * as http from 'http';
import type { AddressInfo } from 'net';
import express from 'express';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import * as sc from '../../src/semconv';
import { HttpServerMetrics, setRoute } from '../../src/http';
import { histTotal, pointsOf, request, until } from './helpers';

const D = sc.METRIC_HTTP_SERVER_REQUEST_DURATION;
const ROUTE = sc.ATTR_HTTP_ROUTE;
const STATUS = sc.ATTR_HTTP_RESPONSE_STATUS_CODE;
const ERR = sc.ATTR_ERROR_TYPE;

/** fastify publishes its handler channel only where TracingChannel has `hasSubscribers` (Node 20.13+, 22+). */
const fastifyPublishes = (() => {
  const dc = require('diagnostics_channel') as { tracingChannel?: (n: string) => { hasSubscribers?: boolean } };
  return typeof dc.tracingChannel === 'function' && 'hasSubscribers' in dc.tracingChannel('procsampler.probe');
})();

describe('Express 5', () => {
  let server: http.Server;
  let port: number;
  let metrics: HttpServerMetrics;
  beforeAll(async () => {
    const app = express();
    app.use((_req, _res, next) => next()); // middleware: its route ('/') is not the request's route
    const api = express.Router();
    api.get('/items/:item', (_req, res) => {
      res.send('item');
    });
    const admin = express.Router();
    admin.all('/stats', (_req, res) => {
      res.send('stats');
    });
    api.use('/admin', admin);
    app.use('/api/:version', api);
    const other = express.Router();
    other.get('/other/:x', (_req, res) => {
      res.send('other');
    });
    app.use(other); // mounted at '/'
    app.get('/users/:id', (_req, _res, next) => next(), (_req, res) => {
      res.status(201).send('user');
    });
    app.get('/boom', () => {
      throw new Error('boom');
    });
    app.get('/explicit/:x', (req, res) => {
      setRoute(req, '/explicit/{x}');
      res.send('explicit');
    });
    server = http.createServer(app);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
    metrics = new HttpServerMetrics({ servers: [server] }).start();
  });
  afterAll(async () => {
    metrics.stop();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  test('route templates of route handlers, mounted routers at any depth, 404 and 500', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 2 });
    const paths: Array<[string, number]> = [
      ['/users/1', 201], ['/users/2', 201], ['/api/v1/items/7', 200], ['/api/v2/items/8', 200],
      ['/api/v1/admin/stats', 200], ['/other/5', 200], ['/nothing/here', 404], ['/boom', 500], ['/explicit/3', 200],
    ];
    for (const [p, status] of paths) expect([p, (await request(port, { path: p, agent })).status]).toEqual([p, status]);
    agent.destroy();
    await until(() => metrics.activeRequests === 0);
    const r = await metrics.metricProducer().collect();
    const routes = pointsOf(r, D).map((p) => `${p.attributes[ROUTE]} ${p.attributes[STATUS]} ${p.attributes[ERR] ?? '-'} ${(p.value as { count: number }).count}`).sort();
    expect(routes).toEqual([
      '/api/:version/admin/stats 200 - 1',
      '/api/:version/items/:item 200 - 2',
      '/boom 500 500 1',
      '/explicit/{x} 200 - 1',
      '/other/:x 200 - 1',
      '/users/:id 201 - 2',
      'undefined 404 - 1',
    ]);
    // never a raw path
    for (const p of pointsOf(r, D)) expect(String(p.attributes[ROUTE])).not.toMatch(/\/(v1|v2|1|2|7|8|5|3)(\/|$)/);
  });
});

describe('fastify 5', () => {
  const itIf = fastifyPublishes ? test : test.skip;
  let app: FastifyInstance;
  let port: number;
  let metrics: HttpServerMetrics;
  beforeAll(async () => {
    app = Fastify();
    app.get('/users/:id', async () => ({ user: true }));
    app.get('/fail', async (_req: FastifyRequest, reply: FastifyReply) => {
      reply.code(502);
      return 'bad gateway';
    });
    app.get('/throws', async () => {
      throw new Error('handler error');
    });
    await app.register(
      async (sub: FastifyInstance) => {
        sub.post('/orders/:order', async (req: FastifyRequest) => ({ got: (req.body as { n: number }).n }));
      },
      { prefix: '/v1' },
    );
    await app.listen({ port: 0, host: '127.0.0.1' });
    port = (app.server.address() as AddressInfo).port;
    metrics = new HttpServerMetrics({ servers: [app.server] }).start();
  });
  afterAll(async () => {
    metrics.stop();
    await app.close();
  });

  itIf('route templates (with a plugin prefix), 404 without a route, 5xx with error.type', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    expect((await request(port, { path: '/users/42', agent })).status).toBe(200);
    expect((await request(port, { path: '/users/43', agent })).status).toBe(200);
    const body = JSON.stringify({ n: 1 });
    expect((await request(port, { method: 'POST', path: '/v1/orders/9', body, agent, headers: { 'content-type': 'application/json' } })).status).toBe(200);
    expect((await request(port, { path: '/fail', agent })).status).toBe(502);
    expect((await request(port, { path: '/throws', agent })).status).toBe(500);
    expect((await request(port, { path: '/nope', agent })).status).toBe(404);
    agent.destroy();
    await until(() => metrics.activeRequests === 0);
    const r = await metrics.metricProducer().collect();
    expect(histTotal(r, D, { [ROUTE]: '/users/:id', [STATUS]: 200 })).toBe(2);
    expect(histTotal(r, D, { [ROUTE]: '/v1/orders/:order', [sc.ATTR_HTTP_REQUEST_METHOD]: 'POST' })).toBe(1);
    expect(pointsOf(r, D, { [ROUTE]: '/fail' }).map((p) => [p.attributes[STATUS], p.attributes[ERR]])).toEqual([[502, '502']]);
    expect(pointsOf(r, D, { [ROUTE]: '/throws' }).map((p) => [p.attributes[STATUS], p.attributes[ERR]])).toEqual([[500, '500']]);
    expect(pointsOf(r, D, { [STATUS]: 404 }).map((p) => p.attributes[ROUTE])).toEqual([undefined]);
    expect(histTotal(r, D)).toBe(6);
  });
});
