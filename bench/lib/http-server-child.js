'use strict';
// A hello-world node:http server on 127.0.0.1 for the HTTP benchmark, in one of four setups:
//   off          no instrumentation
//   procsampler  procsampler's HttpServerMetrics (automatic, defaults) with its producer on a reader
//   otel-http    @opentelemetry/instrumentation-http 0.219 (metrics only: a MeterProvider, no tracer provider)
//   prom-client  a prom-client Histogram with 3 labels (method, route, status_code) observed per request
//   channels     node:http's two diagnostics channels subscribed with no-op handlers (node's own publishing cost)
//   loaded       procsampler's setup (SDK, MeterProvider, HttpServerMetrics) with the metrics never started
// Prints {"port":N} on stdout, then answers IPC messages from the parent:
//   {cmd:'begin'} / {cmd:'end'}      -> {requests, cpuNs}: requests served and main-thread CPU ns in the window
//   {cmd:'heap-begin'} / 'heap-end'  -> {requests, ourBytes}: bytes V8's sampling heap profiler attributes to
//                                       procsampler's own frames (dist/http, dist/app) and their callees
const path = require('path');
const { settleHeap } = require('./gc-settle');
const { threadCpuNs } = require('./thread-cpu');
const mode = process.argv[2];
const root = path.join(__dirname, '..', '..');

let served = 0;
let setup = () => undefined;
let observe = () => undefined;

/** A MeterProvider with one reader that never exports (collect() only), loaded when a setup needs the SDK. */
function meterProvider(readerOptions) {
  const { MeterProvider, MetricReader } = require('@opentelemetry/sdk-metrics');
  class Reader extends MetricReader {
    async onShutdown() {}
    async onForceFlush() {}
  }
  return new MeterProvider({ readers: [new Reader(readerOptions)] });
}

/** procsampler's setup: HttpServerMetrics with its producer on a reader, started or not. */
function procsampler(start) {
  const { HttpServerMetrics } = require(path.join(root, 'dist'));
  const metrics = new HttpServerMetrics();
  meterProvider({ metricProducers: [metrics.metricProducer()] });
  if (start) metrics.start();
}

if (mode === 'otel-http') {
  const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http');
  const { registerInstrumentations } = require('@opentelemetry/instrumentation');
  registerInstrumentations({ instrumentations: [new HttpInstrumentation()], meterProvider: meterProvider() });
} else if (mode === 'procsampler') {
  procsampler(true);
} else if (mode === 'prom-client') {
  const client = require('prom-client');
  const register = new client.Registry();
  const histogram = new client.Histogram({
    name: 'http_server_request_duration_seconds',
    help: 'Duration of HTTP server requests',
    labelNames: ['method', 'route', 'status_code'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10],
    registers: [register],
  });
  setup = (req, res) => {
    const end = histogram.startTimer();
    res.on('finish', () => end({ method: req.method, route: '/', status_code: res.statusCode }));
  };
  observe = setup;
} else if (mode === 'channels') {
  // node:http's own cost of publishing to subscribers: the two channels subscribed with no-op handlers
  const dc = require('diagnostics_channel');
  dc.subscribe('http.server.request.start', () => undefined);
  dc.subscribe('http.server.response.finish', () => undefined);
} else if (mode === 'loaded') {
  // procsampler's setup with the metrics never started: what loading the SDK and procsampler costs a request
  procsampler(false);
} else if (mode === 'finish') {
  observe = (req, res) => res.on('finish', () => undefined);
} else if (mode === 'req') {
  require('prom-client');
} else if (mode !== 'off') {
  throw new Error(`unknown mode ${mode}`);
}

const http = require('http');
const server = http.createServer((req, res) => {
  served++;
  observe(req, res);
  res.end('hello world');
});

let window = null;
let session = null;
const post = (m, p) => new Promise((resolve, reject) => session.post(m, p, (e, r) => (e ? reject(e) : resolve(r))));
function ourBytes(profile) {
  let bytes = 0;
  const ours = (f) => /[\\/]dist[\\/](http|app)[\\/]/.test(f.url);
  const walk = (n, inside) => {
    const mine = inside || ours(n.callFrame);
    if (mine) bytes += n.selfSize;
    for (const c of n.children) walk(c, mine);
  };
  walk(profile.head, false);
  return bytes;
}

process.on('message', async (msg) => {
  if (msg.cmd === 'begin') {
    window = { served, cpu: threadCpuNs() };
    process.send({ ok: true });
  } else if (msg.cmd === 'end') {
    process.send({ requests: served - window.served, cpuNs: threadCpuNs() - window.cpu });
  } else if (msg.cmd === 'heap-begin') {
    session = new (require('inspector').Session)();
    session.connect();
    await post('HeapProfiler.enable');
    await post('HeapProfiler.startSampling', { samplingInterval: 64, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
    window = { served };
    process.send({ ok: true });
  } else if (msg.cmd === 'heap-end') {
    const { profile } = await post('HeapProfiler.stopSampling');
    session.disconnect();
    process.send({ requests: served - window.served, ourBytes: ourBytes(profile) });
  } else if (msg.cmd === 'exit') {
    process.exit(0);
  }
});
void setup;
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => {
  settleHeap();
  process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`);
});
process.on('disconnect', () => process.exit(0));
