'use strict';
// The monitored web service with everything on (HTTP metrics, host and runtime metrics, summaries, the health
// monitor sampling every second, Prometheus scraping /metrics once a second) against the same service with
// monitoring off, in one run, as bench/cases/http.js measures the HTTP metrics: three child processes (off, on, and
// a second off as an A/A control), loaded AT THE SAME TIME in every round, each by its own load generator (wrk, one
// thread, 50 keep-alive connections, 127.0.0.1; bench/lib/keepalive-load.js in this process when wrk is not
// installed) on GET /work?n=20 (20 rounds of SHA-256: ~30 us of CPU, a route doing real work), the services pinned
// to one CPU and the load generators to another (taskset, when there are two CPUs). Each ratio is the median over
// rounds of (on / off) within the round; the control's ratio (exampleControlThroughputRatio, info) shows what is
// left of the noise. Also each service thread's CPU per request in the same rounds (/proc/thread-self/schedstat).
//
// Why at the same time: on this shared 2-core machine the throughput of one second moves by tens of percent from
// the next. Alternating windows gave round ratios from 0.42 to 3.5 and whole runs from 0.84 to 1.04 within an hour
// (1 s autocannon windows, then 0.5 s windows on kept-alive sockets, and pinned alternation, all tried). Loaded
// together on one core, the services see the same machine at every instant: the core's time is shared between
// them, and the one that needs more CPU per request answers fewer requests.
//
// What a round of the on service includes: every request it answers, one scrape (its server side; the client side
// is Prometheus' work and runs here), and its timers (the health sample each second, the summary export), which
// run on wall-clock time inside the round as they would in production.
const http = require('http');
const { loadProcsampler, loadDist } = require('../lib/procsampler');
const { median, round } = require('../lib/measure');
const { startServerChild, loadWrk, pinning, which } = require('../lib/server-child');
const { KeepAliveLoad } = require('../lib/keepalive-load');

const CONNECTIONS = 50;
const URL_PATH = '/work?n=20';
const CONTROL = 'off (control)';
/** A round in which a service answered fewer requests measures nothing (the machine starved it); it is repeated. */
const MIN_REQUESTS = 1000;

/** One GET /metrics from this process (the scraper's side of a scrape is Prometheus' work, not the service's). */
function scrape(port) {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: '/metrics', agent: false }, (res) => {
        if (res.statusCode !== 200) reject(new Error(`GET /metrics answered ${res.statusCode}`));
        res.resume();
        res.on('end', resolve);
      })
      .on('error', reject);
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** How the services are started and loaded: wrk pinned when possible, else the in-process kept-alive load. */
function loader() {
  const pin = process.env.PROCSAMPLER_BENCH_PIN === '0' ? null : pinning();
  const wrk = which('wrk');
  const where = pin ? { cpu: pin.load, taskset: pin.taskset } : {};
  return {
    name: `${wrk ? 'wrk' : 'in-process kept-alive load'}${pin ? `, services on CPU ${pin.server}, load on CPU ${pin.load}` : ', not pinned'}`,
    start: (mode) => startServerChild('example-service-child.js', mode === CONTROL ? 'off' : mode, pin ? { cpu: pin.server, taskset: pin.taskset } : {}),
    /** Requests per second of `seconds` of load on service `s`. */
    async load(s, seconds) {
      if (wrk) return loadWrk(wrk, s.port, URL_PATH, CONNECTIONS, seconds, where);
      s.load ??= new KeepAliveLoad(s.port, URL_PATH, CONNECTIONS);
      const c0 = s.load.completed;
      const t0 = performance.now();
      s.load.start();
      await sleep(seconds * 1000);
      const n = s.load.completed - c0;
      const elapsed = (performance.now() - t0) / 1000;
      await s.load.stop();
      return n / elapsed;
    },
  };
}

async function run(ctx) {
  const core = loadProcsampler();
  const dist = core.skipped ? core : loadDist('example/web-service');
  if (dist.skipped) {
    ctx.skip('example service', dist.skipped);
    return { ratios: { exampleServiceThroughputRatio: { skipped: dist.skipped } } };
  }
  const how = loader();
  ctx.log(`load: ${how.name}`);
  const services = [];
  try {
    for (const mode of ['off', 'on', CONTROL]) services.push({ ...(await how.start(mode)), mode });
    const on = services[1];
    const rounds = ctx.ci ? 40 : 80;
    const maxRounds = rounds * 3;
    const seconds = ctx.ci ? 1 : 2;
    // warm up (JIT, sockets), scraped as in the rounds
    await Promise.all([...services.map((s) => how.load(s, 2)), scrape(on.port).then(() => sleep(1000)).then(() => scrape(on.port))]);
    const per = Object.fromEntries(services.map((s) => [s.mode, []]));
    let skipped = 0;
    for (let r = 0; per.off.length < rounds && r < maxRounds; r++) {
      // the order the loads start in rotates
      const order = services.slice(r % services.length).concat(services.slice(0, r % services.length));
      await Promise.all(order.map((s) => s.ask({ cmd: 'begin' })));
      // one scrape per second of load, as a Prometheus with scrape_interval 1s would
      const scrapes = (async () => {
        for (let i = 0; i < seconds; i++) await Promise.all([scrape(on.port), sleep(1000)]);
      })();
      const rps = await Promise.all(order.map((s) => how.load(s, seconds)));
      await scrapes;
      const w = await Promise.all(order.map((s) => s.ask({ cmd: 'end' })));
      if (w.some((x) => x.requests < MIN_REQUESTS)) {
        skipped++;
        ctx.log(`round ${r + 1}: skipped (requests ${order.map((s, i) => `${s.mode} ${w[i].requests}`).join(', ')})`);
        continue;
      }
      order.forEach((s, i) => per[s.mode].push({ rps: rps[i], cpuNsPerRequest: w[i].cpuNs / w[i].requests }));
      const k = per.off.length - 1;
      ctx.log(`round ${r + 1}: ${services.map((s) => `${s.mode} ${Math.round(per[s.mode][k].rps)}/s ${Math.round(per[s.mode][k].cpuNsPerRequest)} ns`).join(', ')}`);
    }
    if (per.off.length === 0) throw new Error(`example service: no round out of ${skipped} had ${MIN_REQUESTS} requests per service`);
    const ratio = (m) => median(per[m].map((x, i) => x.rps / per.off[i].rps));
    const cpuRatio = (m) => median(per[m].map((x, i) => per.off[i].cpuNsPerRequest / x.cpuNsPerRequest));
    const ratios = per.on.map((x, i) => x.rps / per.off[i].rps).sort((a, b) => a - b);
    const q = (f) => round(ratios[Math.min(ratios.length - 1, Math.floor(f * ratios.length))], 3);
    ctx.log(`on/off round ratios: min ${q(0)}, quartiles ${q(0.25)} / ${q(0.75)}, max ${q(1)}; control ${round(ratio(CONTROL), 4)}; ${skipped} rounds skipped`);
    for (const m of ['off', 'on']) {
      const rps = Math.round(median(per[m].map((x) => x.rps)));
      ctx.record({ name: `example service, monitoring ${m}: GET ${URL_PATH} (median of rounds, ${CONNECTIONS} connections, loaded with the others)`, medianNs: round(1e9 / rps, 1), heapBytesPerOp: null, maxLoopStallMs: null, spawns: 0, note: `${rps} requests/s` });
    }
    return {
      ratios: {
        exampleServiceThroughputRatio: round(ratio('on'), 4),
        exampleServiceCpuThroughputRatio: round(cpuRatio('on'), 4),
        exampleControlThroughputRatio: round(ratio(CONTROL), 4),
      },
      info: { exampleRounds: per.off.length, exampleRoundsSkipped: skipped, exampleLoad: how.name, exampleControlCpuRatio: round(cpuRatio(CONTROL), 4) },
    };
  } finally {
    for (const s of services) {
      s.load?.close();
      s.child.kill('SIGKILL');
    }
  }
}

module.exports = { run };
