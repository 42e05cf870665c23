'use strict';
// The monitored web service with everything on (HTTP metrics, host and runtime metrics, summaries, the health
// monitor sampling every second, Prometheus scraping /metrics every second) against the same service with
// monitoring off, in one run: two child processes loaded by autocannon (50 connections, keep-alive, 127.0.0.1) on
// GET /work?n=20 (20 rounds of SHA-256: a route doing real work), in palindrome rounds (off, on, on, off), each
// ratio the median over rounds of on / off within the round. Also each server thread's CPU per request, which
// other tenants of the machine do not move. The scrape's client side runs here (it is Prometheus' work, not the
// service's). Not pinned: with taskset putting both services on one CPU of a busy 2-core machine and autocannon on
// the other, the per-round ratios scattered more (0.74-1.33 in one run against 0.85-1.1 unpinned), since a pinned
// service cannot move away from a neighbour's burst.
const http = require('http');
const { loadProcsampler, loadDist } = require('../lib/procsampler');
const { median, round } = require('../lib/measure');
const { startServerChild, load: loadServer } = require('../lib/server-child');

const MODES = ['off', 'on'];
const CONNECTIONS = 50;
const URL_PATH = '/work?n=20';

const startService = (mode) => startServerChild('example-service-child.js', mode);

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

async function load(autocannon, s, seconds) {
  // A scrape a second while the load runs, as a Prometheus with scrape_interval 1s would (monitoring on only:
  // the service with monitoring off has no /metrics).
  let scraping = s.mode === 'on';
  const scraper = (async () => {
    while (scraping) {
      await scrape(s.port);
      await new Promise((r) => setTimeout(r, 1000));
    }
  })();
  try {
    return await loadServer(autocannon, s.port, URL_PATH, CONNECTIONS, seconds);
  } finally {
    scraping = false;
    await scraper;
  }
}

async function run(ctx) {
  const core = loadProcsampler();
  const dist = core.skipped ? core : loadDist('example/web-service');
  if (dist.skipped) {
    ctx.skip('example service', dist.skipped);
    return { ratios: { exampleServiceThroughputRatio: { skipped: dist.skipped } } };
  }
  let autocannon;
  try {
    autocannon = require('autocannon');
  } catch (error) {
    ctx.skip('example service', `autocannon unavailable: ${error.message}`);
    return { ratios: { exampleServiceThroughputRatio: { skipped: 'autocannon unavailable' } } };
  }
  const services = [];
  try {
    for (const m of MODES) services.push(await startService(m));
    for (const s of services) await load(autocannon, s, 2); // warm up
    const rounds = ctx.ci ? 9 : 15;
    const seconds = ctx.ci ? 1 : 2;
    const per = { off: [], on: [] };
    const order = services.concat(services.slice().reverse());
    for (let r = 0; r < rounds; r++) {
      const sum = { off: { rps: 0, cpuNs: 0, requests: 0 }, on: { rps: 0, cpuNs: 0, requests: 0 } };
      for (const s of order) {
        await s.ask({ cmd: 'begin' });
        const rps = await load(autocannon, s, seconds);
        const w = await s.ask({ cmd: 'end' });
        sum[s.mode].rps += rps / 2;
        sum[s.mode].cpuNs += w.cpuNs;
        sum[s.mode].requests += w.requests;
      }
      for (const m of MODES) per[m].push({ rps: sum[m].rps, cpuNsPerRequest: sum[m].cpuNs / sum[m].requests });
      ctx.log(`round ${r + 1}/${rounds}: ${MODES.map((m) => `${m} ${Math.round(sum[m].rps)}/s ${Math.round(sum[m].cpuNs / sum[m].requests)} ns`).join(', ')}`);
    }
    const ratio = median(per.on.map((x, i) => x.rps / per.off[i].rps));
    const cpuRatio = median(per.on.map((x, i) => per.off[i].cpuNsPerRequest / x.cpuNsPerRequest));
    for (const m of MODES) {
      const rps = Math.round(median(per[m].map((x) => x.rps)));
      ctx.record({ name: `example service, monitoring ${m}: GET ${URL_PATH} (median of rounds, ${CONNECTIONS} connections)`, medianNs: round(1e9 / rps, 1), heapBytesPerOp: null, maxLoopStallMs: null, spawns: 0, note: `${rps} requests/s` });
    }
    return {
      ratios: { exampleServiceThroughputRatio: round(ratio, 4), exampleServiceCpuThroughputRatio: round(cpuRatio, 4) },
      info: { exampleRounds: rounds },
    };
  } finally {
    for (const s of services) s.child.kill('SIGKILL');
  }
}

module.exports = { run };
