'use strict';
// procsampler's HTTP server metrics against no instrumentation and the peers, in one run:
//   - throughput of a hello-world node:http server (a child process per setup: off, procsampler,
//     @opentelemetry/instrumentation-http, prom-client with a 3-label histogram, a second 'off' server (also the
//     A/A control), a second procsampler server, and node:http's channels subscribed by no-op handlers (the floor
//     of the diagnostics-channel approach: node's own publishing, in `info`), and procsampler's setup loaded but
//     never started (`info.http.httpSameSetup`: the metrics on against off in the same setup)) under bench/load.c (50 keep-alive
//     connections per server, opened once per generation, 127.0.0.1; windows of 150 ms, so that the windows of a
//     round meet the same speed of the CPU: on these VMs one virtual CPU runs 20-40% slower than the other for
//     0.1 s to seconds; wrk and then autocannon, with windows of a second, where cc is missing), the servers pinned
//     to one CPU and the load to another (taskset, when there are two CPUs), one server at a time, in palindrome rounds
//     (bench/lib/rounds.js) over a few generations of fresh servers (GENERATIONS); each ratio is the median over
//     rounds of (setup / the two off servers) within the round, procsampler's taking its two servers (see BASE),
//     and the control's ratio (second off / first, in `info`) shows the noise left; rounds with a starved window are
//     repeated (request counts only, never a ratio). (Loading all the servers at once was tried and dropped: with
//     50 connections each, the closed loop hands every server about the same number of requests per scheduling
//     cycle, which pulls every ratio towards 1: instrumentation-http read 0.82-0.90.)
//   - main-thread CPU per request of each setup (bench/lib/thread-cpu.js in the server) in the same
//     windows, and the ratio off / on of it, and the same less the off server's (noisy: the server's own work
//     is ~10 us a request); the handlers' own CPU per request measured in this process (node:http objects and
//     channel messages, metrics on vs no-op subscribers, alternating);
//   - JS heap per request in the steady state: the bytes V8's sampling heap profiler attributes to procsampler's
//     own frames (dist/http, dist/app) and everything they call, over a window of load;
//   - a collect of 1,000 HTTP series through the producer path against the same data in SDK instruments.
const { loadProcsampler, loadDist } = require('../lib/procsampler');
const { median, round, timeLoopCpu } = require('../lib/measure');
const { startServerChild, load: loadAutocannon, loadWrk, pinning, which } = require('../lib/server-child');
const { buildTool } = require('../lib/build-floor');
const { HttpLoad } = require('../lib/http-load');
const { taskCpuNs } = require('../lib/thread-cpu');
const { generationRounds, roundRatioSpread, throughputRatio, cpuRatio: cpuRatioOf, cpuDeltaNs } = require('../lib/rounds');

const MODES = ['off', 'procsampler', 'otel-http', 'prom-client'];
const CONNECTIONS = 50;
/** Fewest requests every server must serve per second of a window for the round to count (see throughput()). */
const MIN_REQUESTS = 2000;
/** Most rounds run, counted or not: this many times the rounds wanted. */
const MAX_ROUNDS_FACTOR = 2;
/**
 * Every server runs without V8's memory reducer (the full GC V8 runs when a process falls idle). Each server sits
 * idle for ~8 s while the others are loaded; a full GC then, which only the servers with the bigger heaps reached
 * (procsampler's and the peers', with the OTel SDK loaded), threw away the optimized code of node:http's functions
 * and the metrics' (the maps of the dead connections' objects), and V8 had not re-optimized them 100,000 requests
 * later: +2-5 us a request for the rest of a 20-round run, an artifact of the idle gaps, so it is off for all.
 * And every server runs two full GCs after its setup, before it takes a request (bench/lib/gc-settle.js): without
 * them, the servers with the bigger heaps (procsampler's, the peers') ran their first mark-compact during the
 * warm-up load, and in 4 of 7 runs of procsampler's server that left node:http's process.nextTick sites (the
 * tick object literal, inlined into stream code) megamorphic for the rest of the process: V8's runtime
 * (Runtime_DefineKeyedOwnPropertyInLiteral, 3.2-4.6% of the server's samples in perf) and 20% fewer requests/s.
 * The off server, with its small heap, never reached a mark-compact in a run. With the GCs first: 0 of 9 runs.
 */
const NODE_ARGS = ['--no-memory-reducer', '--expose-gc'];
/**
 * Generations of fresh servers per run, the rounds shared out over them (bench/lib/rounds.js, generationRounds):
 * a server process keeps the state its JIT settled in for its whole life, and one set of processes per run
 * measured the states it drew.
 */
const GENERATIONS = 5;
/** The label of the second 'off' server (the A/A control). */
const CONTROL = 'off (control)';
/** The label of the second procsampler server. */
const SECOND = 'procsampler (2)';
/**
 * The ratios take two processes of each side, averaged within each round: off and the control against procsampler
 * and its second server. The same setup's processes can differ by a few percent for their whole life (the state
 * their JIT settled in: runs of one process per setup read 0.96, 0.97 and 0.99 within an hour), and one process
 * per side let that decide a run. The A/A control's own ratio (control / off, in `info`) is still reported.
 */
const BASE = ['off', CONTROL];
const OURS = ['procsampler', SECOND];

/** A window's length with bench/load.c: short, so that the windows of a round meet the same CPU speed. */
const WINDOW_MS = 150;
/** A window's length with wrk or autocannon (a process, or a connection set, per window). */
const WINDOW_S = 1;

/** Whether bench/load.c builds here (cc); null when it does, else why not. */
function loadToolMissing() {
  try {
    buildTool('load');
    return null;
  } catch (error) {
    return error.message.split('\n')[0];
  }
}

/**
 * How the servers are loaded, pinned unless PROCSAMPLER_BENCH_PIN=0: bench/load.c (connections opened once per
 * generation, windows of WINDOW_MS, the server's CPU read from its schedstat), else wrk, else autocannon in this
 * process (windows of WINDOW_S, the server's CPU and requests asked over IPC).
 * `open(servers)` prepares a generation; `window(s, ms)` loads one server; `close()` ends the generation's load.
 */
function loader(autocannon, log) {
  const pin = process.env.PROCSAMPLER_BENCH_PIN === '0' ? null : pinning();
  const where = pin ? { cpu: pin.load, taskset: pin.taskset } : {};
  const missing = loadToolMissing();
  const wrk = which('wrk');
  const pinned = pin ? `, servers on CPU ${pin.server}, load on CPU ${pin.load}` : ', not pinned';
  const start = (mode) => startServerChild('http-server-child.js', mode, { ...(pin ? { cpu: pin.server, taskset: pin.taskset } : {}), nodeArgs: NODE_ARGS });
  if (missing === null) {
    let load = null;
    return {
      name: `bench/load.c, windows of ${WINDOW_MS} ms${pinned}`,
      windowMs: WINDOW_MS,
      start,
      async open(servers) {
        load = new HttpLoad({ ports: servers.map((s) => s.port), connections: CONNECTIONS, ...where });
        await load.ready();
      },
      async window(s, ms) {
        const before = taskCpuNs(s.child.pid);
        const w = await load.window(s.port, ms);
        const cpuNs = taskCpuNs(s.child.pid) - before;
        if (w.bad > 0) throw new Error(`${s.mode}: ${w.bad} of ${w.responses} responses were not 200`);
        return { rps: w.rps, cpuNs, requests: w.responses };
      },
      async close() {
        if (load) await load.close();
        load = null;
      },
    };
  }
  log(`bench/load.c unavailable (${missing}): ${wrk ? 'wrk' : 'autocannon'}, windows of ${WINDOW_S} s`);
  const run = wrk ? (port, seconds) => loadWrk(wrk, port, '/', CONNECTIONS, seconds, where) : (port, seconds) => loadAutocannon(autocannon, port, '/', CONNECTIONS, seconds);
  return {
    name: `${wrk ? 'wrk' : 'autocannon'}, windows of ${WINDOW_S} s${pinned}`,
    windowMs: WINDOW_S * 1000,
    start,
    async open() {},
    async window(s, ms) {
      await s.ask({ cmd: 'begin' });
      const rps = await run(s.port, Math.max(1, Math.round(ms / 1000)));
      const w = await s.ask({ cmd: 'end' });
      return { rps, cpuNs: w.cpuNs, requests: w.requests };
    },
    async close() {},
  };
}

async function throughput(ctx, autocannon) {
  const how = loader(autocannon, ctx.log);
  ctx.log(`load: ${how.name}`);
  // Rounds of short windows (bench/load.c) are many; of windows of a second (wrk), few.
  const short = how.windowMs < 1000;
  const rounds = short ? (ctx.ci ? 50 : 100) : ctx.ci ? 10 : 20;
  /** Ends a generation's load and servers. */
  const stop = async (servers) => {
    try {
      await how.close();
    } finally {
      for (const s of servers) s.child.kill('SIGKILL');
    }
  };
  // Palindrome rounds (bench/lib/rounds.js) over generations of fresh servers; the test reads only the request
  // counts, never a ratio.
  const { per, skipped } = await generationRounds({
    generations: GENERATIONS,
    async start(servers) {
      for (const mode of MODES) servers.push(await how.start(mode));
      servers.push({ ...(await how.start('off')), mode: CONTROL });
      servers.push({ ...(await how.start('procsampler')), mode: SECOND });
      servers.push(await how.start('channels'));
      servers.push(await how.start('loaded'));
      await how.open(servers);
      for (const s of servers) await how.window(s, 1000); // warm up (JIT, sockets)
    },
    stop,
    rounds,
    maxRounds: rounds * MAX_ROUNDS_FACTOR,
    minRequests: Math.round((MIN_REQUESTS * how.windowMs) / 1000),
    log: short ? (line) => (/^round \d*0:|skipped|generation/.test(line) ? ctx.log(line) : undefined) : ctx.log,
    window: (s) => how.window(s, how.windowMs),
  });
  const ratio = (m, base = BASE) => throughputRatio(per, m, base);
  const cpuRatio = (m, base = BASE) => cpuRatioOf(per, m, base);
  const cpuDelta = (m, base = BASE) => cpuDeltaNs(per, m, base);
  // Heap per request, procsampler's own frames, under the same load (a server of its own, warmed up first).
  const ps = await how.start('procsampler');
  let heap;
  try {
    await how.open([ps]);
    await how.window(ps, 2000);
    await ps.ask({ cmd: 'heap-begin' });
    await how.window(ps, 2000);
    heap = await ps.ask({ cmd: 'heap-end' });
  } finally {
    await stop([ps]);
  }
  return {
    per,
    load: how.name,
    skipped,
    control: { throughputRatio: round4(ratio(CONTROL, 'off')), cpuRatio: round4(cpuRatio(CONTROL, 'off')), cpuDeltaNs: Math.round(cpuDelta(CONTROL, 'off')) },
    perProcess: { procsampler: round4(ratio('procsampler')), [SECOND]: round4(ratio(SECOND)) },
    // the spread of the per-round ratios behind httpThroughputRatio and behind the A/A control's
    roundSpread: { procsampler: roundRatioSpread(per, OURS, BASE), control: roundRatioSpread(per, CONTROL, 'off') },
    // node:http's own cost of publishing the two channels to (no-op) subscribers: the floor of this approach
    channels: { throughputRatio: round4(ratio('channels')), cpuRatio: round4(cpuRatio('channels')), cpuDeltaNs: Math.round(cpuDelta('channels')) },
    // the same setup with the metrics on and off: against procsampler's setup loaded but never started (the SDK,
    // a MeterProvider, HttpServerMetrics constructed), and that setup's own cost against the bare servers
    sameSetup: {
      throughputRatio: round4(ratio(OURS, 'loaded')),
      cpuDeltaNs: Math.round(cpuDelta(OURS, 'loaded')),
      loadedVsOff: round4(ratio('loaded')),
      loadedCpuDeltaNs: Math.round(cpuDelta('loaded')),
    },
    ratios: {
      httpThroughputRatio: round4(ratio(OURS)),
      httpCpuThroughputRatio: round4(cpuRatio(OURS)),
      httpOtelInstrumentationThroughputRatio: round4(ratio('otel-http')),
      httpPromClientThroughputRatio: round4(ratio('prom-client')),
      httpServerCpuDeltaNsPerRequest: Math.round(cpuDelta(OURS)),
      httpOtelInstrumentationCpuNsPerRequest: Math.round(cpuDelta('otel-http')),
      httpPromClientCpuNsPerRequest: Math.round(cpuDelta('prom-client')),
      httpHeapBytesPerRequest: round(heap.ourBytes / heap.requests, 2),
    },
    heapRequests: heap.requests,
    medianRps: Object.fromEntries(MODES.map((m) => [m, Math.round(median(per[m].map((x) => x.rps)))])),
  };
}

/**
 * The handlers' own main-thread CPU per request, in this process: node:http request/response objects built per
 * operation and the two channel messages published as node:http publishes them, with HttpServerMetrics
 * subscribed, against the same with no-op subscribers; rounds alternate, the median difference is kept.
 */
function handlerCpu(ctx, mod) {
  const http = require('http');
  const net = require('net');
  const dc = require('diagnostics_channel');
  const startCh = dc.channel('http.server.request.start');
  const finishCh = dc.channel('http.server.response.finish');
  const server = new http.Server();
  const socket = new net.Socket();
  const one = () => {
    const req = new http.IncomingMessage(socket);
    req.method = 'GET';
    req.httpVersionMajor = 1;
    req.httpVersionMinor = 1;
    const res = new http.ServerResponse(req);
    const msg = { request: req, response: res, socket, server };
    startCh.publish(msg);
    finishCh.publish(msg);
    res.emit('close');
  };
  const noop = () => undefined;
  const metrics = new mod.HttpServerMetrics();
  const runNs = (on, n) => {
    if (on) metrics.start();
    else {
      dc.subscribe('http.server.request.start', noop);
      dc.subscribe('http.server.response.finish', noop);
    }
    const ns = timeLoopCpu(one, n).cpu;
    if (on) metrics.stop();
    else {
      dc.unsubscribe('http.server.request.start', noop);
      dc.unsubscribe('http.server.response.finish', noop);
    }
    return ns;
  };
  const n = ctx.ci ? 20000 : 50000;
  runNs(true, n);
  runNs(false, n);
  const deltas = [];
  for (let r = 0; r < (ctx.ci ? 10 : 30); r++) {
    const a = runNs(false, n);
    const b = runNs(true, n);
    const c = runNs(false, n);
    deltas.push(b - (a + c) / 2);
  }
  if (metrics.seriesCount !== 1) throw new Error(`handlerCpu: expected 1 series, got ${metrics.seriesCount}`);
  return median(deltas);
}

const round4 = (v) => round(v, 4);

/** 1,000 series (50 routes x 4 statuses x 5 methods) of recorded requests, exported both ways. */
async function collect(ctx, mod, sdk) {
  const { MeterProvider, MetricReader } = sdk;
  class Reader extends MetricReader {
    async onShutdown() {}
    async onForceFlush() {}
  }
  const methods = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'];
  const statuses = [200, 201, 404, 503];
  const metrics = new mod.HttpServerMetrics({ automatic: false });
  const fastReader = new Reader({ metricProducers: [metrics.metricProducer()] });
  const fastProvider = new MeterProvider({ readers: [fastReader] });
  const sdkReader = new Reader();
  const sdkProvider = new MeterProvider({ readers: [sdkReader] });
  const meter = sdkProvider.getMeter('procsampler');
  const hist = meter.createHistogram('http.server.request.duration', {
    unit: 's',
    advice: { explicitBucketBoundaries: [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10] },
  });
  let n = 0;
  for (let r = 0; r < 50; r++) {
    for (const status of statuses) {
      for (const method of methods) {
        const route = `/route${r}/:id`;
        for (let k = 0; k < 3; k++) {
          const durationS = 0.001 * ((n++ % 97) + 1);
          metrics.recordRequest({ method, route, status, durationS });
          const attrs = { 'http.request.method': method, 'url.scheme': 'http', 'http.response.status_code': status, 'http.route': route, 'network.protocol.version': '1.1' };
          if (status >= 500) attrs['error.type'] = String(status);
          hist.record(durationS, attrs);
        }
      }
    }
  }
  if (metrics.seriesCount !== 1000) throw new Error(`expected 1000 series, got ${metrics.seriesCount}`);
  for (let i = 0; i < 200; i++) {
    await fastReader.collect();
    await sdkReader.collect();
  }
  const fast = await ctx.measure({ name: 'HTTP 1,000 series: collect through the producer (reader + metricProducers)', async: true, fn: () => fastReader.collect() });
  const slow = await ctx.measure({ name: 'HTTP 1,000 series: collect through SDK Histogram instruments', async: true, fn: () => sdkReader.collect() });
  await fastProvider.shutdown();
  await sdkProvider.shutdown();
  return { fast, slow };
}

async function run(ctx) {
  const core = loadProcsampler();
  const dist = core.skipped ? core : loadDist('http');
  if (dist.skipped || typeof dist.mod.HttpServerMetrics !== 'function') {
    const reason = dist.skipped || 'dist/http has no HttpServerMetrics';
    ctx.skip('HTTP server metrics', reason);
    return { ratios: { httpThroughputRatio: { skipped: reason } } };
  }
  let autocannon;
  try {
    autocannon = require('autocannon');
  } catch (error) {
    ctx.skip('HTTP throughput', `autocannon unavailable: ${error.message}`);
    return { ratios: { httpThroughputRatio: { skipped: 'autocannon unavailable' } } };
  }
  const sdk = require('@opentelemetry/sdk-metrics');
  const { fast, slow } = await collect(ctx, dist.mod, sdk);
  const handlerNs = handlerCpu(ctx, dist.mod);
  ctx.log(`handlers: ${round(handlerNs, 1)} ns CPU per request`);
  const t = await throughput(ctx, autocannon);
  for (const m of MODES) {
    const rps = t.medianRps[m];
    ctx.record({ name: `HTTP hello world, ${m}: one request (median of rounds, ${CONNECTIONS} connections)`, medianNs: round(1e9 / rps, 1), heapBytesPerOp: null, maxLoopStallMs: null, spawns: 0, note: `${rps} requests/s` });
  }
  return {
    ratios: {
      ...t.ratios,
      httpMetricsCpuNsPerRequest: Math.round(handlerNs),
      httpProducerVsSdkCollect: fast.skipped || slow.skipped ? null : round(slow.medianNs / fast.medianNs, 2),
    },
    info: {
      httpMedianRps: t.medianRps,
      httpRounds: t.per.off.length,
      httpLoad: t.load,
      httpSkippedRounds: t.skipped,
      httpControl: t.control,
      httpPerProcess: t.perProcess,
      httpRoundSpread: t.roundSpread,
      httpChannelsFloor: t.channels,
      httpSameSetup: t.sameSetup,
      httpHeapWindowRequests: t.heapRequests,
    },
  };
}

module.exports = { run, handlerCpu };
