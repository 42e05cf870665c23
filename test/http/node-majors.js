#!/usr/bin/env node
'use strict';
// HTTP server metrics on the Node binary running this script (scripts/ci-packaging.sh runs it on Node 18, 20, 22
// and 24): node:http through diagnostics_channel (keep-alive, chunked, 5xx, an unknown method, an aborted
// request), Express 5 and fastify 5 routes. Exits 1 with the failed checks listed; prints what this Node offers.
//   node test/http/node-majors.js [repo root]
const path = require('path');
const http = require('http');
const net = require('net');
const root = path.resolve(process.argv[2] || path.join(__dirname, '..', '..'));
const { HttpServerMetrics, setRoute } = require(path.join(root, 'dist'));
const express = require(path.join(root, 'node_modules', 'express'));
const Fastify = require(path.join(root, 'node_modules', 'fastify'));
const dc = require('diagnostics_channel');

const failures = [];
function check(what, got, want) {
  if (JSON.stringify(got) !== JSON.stringify(want)) failures.push(`${what}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
}
const D = 'http.server.request.duration';
async function points(m, name) {
  const r = await m.metricProducer({ reuse: false }).collect();
  const md = r.resourceMetrics.scopeMetrics.flatMap((s) => s.metrics).find((x) => x.descriptor.name === name);
  return md ? md.dataPoints : [];
}
const count = (ps, match) =>
  ps.filter((p) => Object.entries(match).every(([k, v]) => (v === undefined ? !(k in p.attributes) : p.attributes[k] === v))).reduce((n, p) => n + p.value.count, 0);
const get = (port, p, method = 'GET', agent = false) =>
  new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: p, method, agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    });
    req.on('error', reject);
    req.end();
  });
const listen = (server) => new Promise((r) => server.listen(0, '127.0.0.1', () => r(server.address().port)));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function until(cond) {
  for (let i = 0; i < 400 && !cond(); i++) await sleep(5);
}

async function plain() {
  let held;
  const server = http.createServer((req, res) => {
    if (req.url === '/hang') return void (held = res);
    if (req.url.startsWith('/u/')) setRoute(req, '/u/:id');
    if (req.url === '/fail') res.statusCode = 500;
    if (req.url === '/chunked') {
      res.write('a');
      return void setImmediate(() => res.end('b'));
    }
    res.end('ok');
  });
  const port = await listen(server);
  const m = new HttpServerMetrics({ servers: [server] }).start();
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  for (let i = 0; i < 5; i++) await get(port, `/u/${i}`, 'GET', agent);
  await get(port, '/fail', 'GET', agent);
  await get(port, '/chunked', 'GET', agent);
  await get(port, '/', 'PURGE', agent);
  agent.destroy();
  const s = net.connect(port, '127.0.0.1', () => s.write('GET /hang HTTP/1.1\r\nHost: x\r\n\r\n'));
  s.on('error', () => undefined);
  await until(() => held !== undefined);
  check('active while a request hangs', m.activeRequests, 1);
  s.destroy();
  await until(() => m.activeRequests === 0);
  const ps = await points(m, D);
  check('node:http route', count(ps, { 'http.route': '/u/:id', 'http.response.status_code': 200 }), 5);
  check('node:http 5xx', count(ps, { 'error.type': '500' }), 1);
  check('node:http chunked', count(ps, { 'http.route': undefined, 'http.response.status_code': 200, 'http.request.method': 'GET' }), 1);
  check('node:http _OTHER', count(ps, { 'http.request.method': '_OTHER' }), 1);
  check('node:http aborted', count(ps, { 'error.type': 'aborted' }), 1);
  check('active after the abort', m.activeRequests, 0);
  m.stop();
  server.closeAllConnections?.();
  server.close();
}

async function viaExpress() {
  const app = express();
  const r = express.Router();
  r.get('/items/:id', (req, res) => res.send('x'));
  app.use('/api/:v', r);
  const server = http.createServer(app);
  const port = await listen(server);
  const m = new HttpServerMetrics({ servers: [server] }).start();
  await get(port, '/api/v1/items/3');
  await until(() => m.activeRequests === 0);
  const ps = await points(m, D);
  check('express route', count(ps, { 'http.route': '/api/:v/items/:id' }), 1);
  m.stop();
  server.close();
}

async function viaFastify() {
  const app = Fastify();
  app.get('/users/:id', async () => 'u');
  await app.listen({ port: 0, host: '127.0.0.1' });
  const m = new HttpServerMetrics({ servers: [app.server] }).start();
  await get(app.server.address().port, '/users/1');
  await until(() => m.activeRequests === 0);
  const ps = await points(m, D);
  const routed = count(ps, { 'http.route': '/users/:id' });
  // fastify checks TracingChannel#hasSubscribers, which Node has from 20.13 and 22.0: before, it never publishes.
  const tc = typeof dc.tracingChannel === 'function' ? dc.tracingChannel('probe') : undefined;
  const publishes = tc !== undefined && 'hasSubscribers' in tc;
  check('fastify request recorded', count(ps, {}), 1);
  check('fastify route', routed, publishes ? 1 : 0);
  m.stop();
  await app.close();
  return publishes;
}

(async () => {
  await plain();
  await viaExpress();
  const fastifyRoutes = await viaFastify();
  const info = {
    node: process.version,
    'dc.subscribe': typeof dc.subscribe === 'function',
    tracingChannel: typeof dc.tracingChannel === 'function',
    fastifyRoutes,
  };
  if (failures.length) {
    console.error(`http node-majors FAILED on ${process.version}:\n  ${failures.join('\n  ')}`);
    process.exit(1);
  }
  console.log(`http node-majors ok ${JSON.stringify(info)}`);
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
