'use strict';
// The monitored web service with everything on (HTTP metrics, host and runtime metrics, summaries, the health
// monitor sampling every second, Prometheus scraping /metrics once per second of load) against the same service
// with monitoring off, in one run: two child processes, each loaded by 50 kept-alive connections from 127.0.0.1
// (bench/lib/keepalive-load.js, closed loop, nothing pipelined) on GET /work?n=20 (20 rounds of SHA-256: a route
// doing real work). The load alternates between the two every WINDOW_MS in palindrome rounds (off, on, on, off);
// a round's ratio is on / off requests per second within the round, and the figure is the median over rounds.
// Also each service thread's CPU per request in the same windows, which other tenants of the machine move less.
//
// Why short windows on kept-alive sockets: on a shared 2-core machine the throughput of one second moves by tens of
// percent from the next (other tenants' bursts). With 1 s autocannon windows (new connections each) the rounds
// of one run scattered from 0.74 to 1.33 and runs gave 0.84-1.04; a pair of half-second windows sees nearly the
// same machine. Tried and left out: pinning both services to one CPU and the load generator to the other (taskset):
// a pinned service cannot move away from a neighbour's burst, and the rounds scattered more.
//
// What the on-windows count: every request the service answers in them, the scrape (its server side; the client
// side is Prometheus' work and runs here), and whatever of the service's timers (health sample, summary export)
// falls into them; the monitor's timers run on wall-clock time, so about half of their runs fall into the off
// windows, unmeasured (they cost ~2 ms of CPU per second: bench notes in docs/example-service.md).
const http = require('http');
const { loadProcsampler, loadDist } = require('../lib/procsampler');
const { median, round } = require('../lib/measure');
const { startServerChild } = require('../lib/server-child');
const { KeepAliveLoad } = require('../lib/keepalive-load');

const MODES = ['off', 'on'];
const CONNECTIONS = 50;
const URL_PATH = '/work?n=20';
const WINDOW_MS = 500;

const startService = (mode) => startServerChild('example-service-child.js', mode);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

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

/** One window of load on service `s`: requests/s, and the service thread's CPU ns and requests in the window. */
async function window(s, ms, withScrape) {
  await s.ask({ cmd: 'begin' });
  const c0 = s.load.completed;
  const t0 = performance.now();
  s.load.start();
  const scraped = withScrape ? scrape(s.port) : null;
  await sleep(ms);
  const n = s.load.completed - c0;
  const seconds = (performance.now() - t0) / 1000;
  await s.load.stop();
  if (scraped) await scraped;
  const w = await s.ask({ cmd: 'end' });
  return { rps: n / seconds, cpuNs: w.cpuNs, requests: w.requests };
}

async function run(ctx) {
  const core = loadProcsampler();
  const dist = core.skipped ? core : loadDist('example/web-service');
  if (dist.skipped) {
    ctx.skip('example service', dist.skipped);
    return { ratios: { exampleServiceThroughputRatio: { skipped: dist.skipped } } };
  }
  const services = [];
  try {
    for (const m of MODES) {
      const s = await startService(m);
      s.load = new KeepAliveLoad(s.port, URL_PATH, CONNECTIONS);
      services.push(s);
    }
    // warm up: 2 s each, scraped once a second as in the rounds
    for (const s of services) for (let i = 0; i < 2; i++) await window(s, 1000, s.mode === 'on');
    const rounds = ctx.ci ? 24 : 60;
    const per = { off: [], on: [] };
    const order = services.concat(services.slice().reverse());
    for (let r = 0; r < rounds; r++) {
      const sum = { off: { rps: 0, cpuNs: 0, requests: 0 }, on: { rps: 0, cpuNs: 0, requests: 0 } };
      let scraped = false;
      for (const s of order) {
        // one scrape per round: the on service gets 2 x WINDOW_MS = 1 s of load a round
        const withScrape = s.mode === 'on' && !scraped;
        if (withScrape) scraped = true;
        const w = await window(s, WINDOW_MS, withScrape);
        sum[s.mode].rps += w.rps / 2;
        sum[s.mode].cpuNs += w.cpuNs;
        sum[s.mode].requests += w.requests;
      }
      for (const m of MODES) per[m].push({ rps: sum[m].rps, cpuNsPerRequest: sum[m].cpuNs / sum[m].requests });
      ctx.log(`round ${r + 1}/${rounds}: ${MODES.map((m) => `${m} ${Math.round(sum[m].rps)}/s ${Math.round(sum[m].cpuNs / sum[m].requests)} ns`).join(', ')}`);
    }
    const ratios = per.on.map((x, i) => x.rps / per.off[i].rps);
    const ratio = median(ratios);
    const cpuRatio = median(per.on.map((x, i) => per.off[i].cpuNsPerRequest / x.cpuNsPerRequest));
    const sorted = ratios.slice().sort((a, b) => a - b);
    ctx.log(`round ratios: min ${round(sorted[0], 3)}, quartiles ${round(sorted[Math.floor(rounds / 4)], 3)} / ${round(sorted[Math.floor((3 * rounds) / 4)], 3)}, max ${round(sorted[rounds - 1], 3)}`);
    for (const m of MODES) {
      const rps = Math.round(median(per[m].map((x) => x.rps)));
      ctx.record({ name: `example service, monitoring ${m}: GET ${URL_PATH} (median of rounds, ${CONNECTIONS} connections)`, medianNs: round(1e9 / rps, 1), heapBytesPerOp: null, maxLoopStallMs: null, spawns: 0, note: `${rps} requests/s` });
    }
    return {
      ratios: { exampleServiceThroughputRatio: round(ratio, 4), exampleServiceCpuThroughputRatio: round(cpuRatio, 4) },
      info: { exampleRounds: rounds, exampleWindowMs: WINDOW_MS },
    };
  } finally {
    for (const s of services) {
      s.load?.close();
      s.child.kill('SIGKILL');
    }
  }
}

module.exports = { run };
