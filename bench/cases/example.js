'use strict';
// The monitored web service with everything on (HTTP metrics, host and runtime metrics, summaries, the health
// monitor sampling every second, Prometheus scraping /metrics once a second) against the same service with
// monitoring off, in one run, measured as bench/cases/http.js measures the HTTP metrics: four child processes (off,
// on, a second off (also the A/A control) and a second on; see BASE), loaded one at a time in alternating palindrome
// rounds (bench/lib/rounds.js), the rounds shared out over a few generations of fresh processes (GENERATIONS),
// each window by wrk (one thread, 50 keep-alive connections, 127.0.0.1;
// bench/lib/keepalive-load.js in this process when wrk is not installed) on GET /work?n=20 (20 rounds of SHA-256:
// ~30 us of CPU, a route doing real work), the services pinned to one CPU and the load generator to another
// (taskset, when there are two CPUs). Each ratio is the median over rounds of (on / off) within the round, each
// side the mean of its two services; the control's ratio (second off / first: exampleControlThroughputRatio, info)
// shows what is left of the noise. Also each service thread's CPU per request in the same rounds
// (/proc/thread-self/schedstat).
//
// Every service runs without V8's memory reducer and runs two full GCs after its start, before its first request
// (--expose-gc, bench/lib/gc-settle.js), for the reasons given in bench/cases/http.js (NODE_ARGS): a service idles
// while the others are loaded, and a first mark-compact during the warm-up could leave node:http's inlined
// process.nextTick sites megamorphic for the rest of the run.
//
// What a window of the on service includes: every request it answers, one scrape per second of load (its server
// side; the client side is Prometheus' work and runs here), and its timers (the health sample each second, the
// summary export), which run on wall-clock time as they would in production (between its windows, too: a few
// tenths of a millisecond of CPU a second, on the same CPU as the other services' windows).
const http = require('http');
const { loadProcsampler, loadDist } = require('../lib/procsampler');
const { median, round } = require('../lib/measure');
const { startServerChild, loadWrk, pinning, which } = require('../lib/server-child');
const { generationRounds, roundRatioSpread, throughputRatio, cpuRatio } = require('../lib/rounds');
const { KeepAliveLoad } = require('../lib/keepalive-load');

const CONNECTIONS = 50;
const URL_PATH = '/work?n=20';
const CONTROL = 'off (control)';
/** The label of the second monitored service. */
const SECOND = 'on (2)';
/**
 * The ratios take two services of each side, averaged within each round (as bench/cases/http.js does): off and
 * the control against on and its second service. Two identical off services differed by up to 5% over a whole
 * run (the control's ratio: 0.95 to 1.035 in five runs of one service a side), the state each process's JIT
 * settled in; one process a side let that decide a run.
 */
const BASE = ['off', CONTROL];
const OURS = ['on', SECOND];
/**
 * Generations of fresh services per run (bench/lib/rounds.js, generationRounds): the rounds are shared out over
 * them. A service keeps the state its JIT settled in for its whole life: monitored services read 0.95 to 1.00 of the
 * off services of their generation while the off services stayed within 0.985-1.015 of their mean (four runs of
 * three or more services a side), so a run of one generation measured the states it drew.
 */
const GENERATIONS_CI = 4;
const GENERATIONS = 6;
/** A round in which a service answered fewer requests measures nothing (the machine starved it); it is repeated. */
const MIN_REQUESTS = 1000;
/** See bench/cases/http.js (NODE_ARGS). */
const NODE_ARGS = ['--no-memory-reducer', '--expose-gc'];

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
    start: (mode) => startServerChild('example-service-child.js', mode === CONTROL ? 'off' : mode === SECOND ? 'on' : mode, { ...(pin ? { cpu: pin.server, taskset: pin.taskset } : {}), nodeArgs: NODE_ARGS }),
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
  const rounds = ctx.ci ? 16 : 30;
  const seconds = ctx.ci ? 1 : 2;
  const { per, skipped } = await generationRounds({
    generations: ctx.ci ? GENERATIONS_CI : GENERATIONS,
    async start(services) {
      for (const mode of ['off', 'on', CONTROL, SECOND]) services.push({ ...(await how.start(mode)), mode });
      // warm up (JIT, sockets), scraped as in the rounds
      for (const s of services) await how.load(s, 2);
      for (const s of services) if (OURS.includes(s.mode)) await scrape(s.port);
    },
    stop,
    rounds,
    maxRounds: rounds * 3,
    minRequests: MIN_REQUESTS,
    log: ctx.log,
    async window(s) {
      await s.ask({ cmd: 'begin' });
      // one scrape per second of load, as a Prometheus with scrape_interval 1s would
      const scrapes = OURS.includes(s.mode)
        ? (async () => {
            for (let i = 0; i < seconds; i++) await Promise.all([scrape(s.port), sleep(1000)]);
          })()
        : undefined;
      const rps = await how.load(s, seconds);
      await scrapes;
      const w = await s.ask({ cmd: 'end' });
      return { rps, cpuNs: w.cpuNs, requests: w.requests };
    },
  });
  const ratio = (m, base = BASE) => throughputRatio(per, m, base);
  const spread = roundRatioSpread(per, OURS, BASE);
  ctx.log(`on/off round ratios: min ${spread.min}, quartiles ${spread.q1} / ${spread.q3}, max ${spread.max}; control ${round(ratio(CONTROL, 'off'), 4)}; per service ${round(ratio('on'), 4)}, ${round(ratio(SECOND), 4)}; ${skipped} rounds skipped`);
  for (const m of ['off', 'on']) {
    const rps = Math.round(median(per[m].map((x) => x.rps)));
    ctx.record({ name: `example service, monitoring ${m}: GET ${URL_PATH} (median of rounds, ${CONNECTIONS} connections)`, medianNs: round(1e9 / rps, 1), heapBytesPerOp: null, maxLoopStallMs: null, spawns: 0, note: `${rps} requests/s` });
  }
  return {
    ratios: {
      exampleServiceThroughputRatio: round(ratio(OURS), 4),
      exampleServiceCpuThroughputRatio: round(cpuRatio(per, OURS, BASE), 4),
      exampleControlThroughputRatio: round(ratio(CONTROL, 'off'), 4),
    },
    info: { exampleRounds: per.off.length, exampleRoundsSkipped: skipped, exampleLoad: how.name, exampleControlCpuRatio: round(cpuRatio(per, CONTROL, 'off'), 4), examplePerService: { on: round(ratio('on'), 4), [SECOND]: round(ratio(SECOND), 4) } },
  };
}

/** Ends a generation's services. */
function stop(services) {
  for (const s of services) {
    s.load?.close();
    s.child.kill('SIGKILL');
  }
}

module.exports = { run };
