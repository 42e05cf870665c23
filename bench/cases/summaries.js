'use strict';
// Summaries and the health report:
//   - insert time of procsampler's Summary (log-bucket sketch, 1%), beside @datadog/sketches-js DDSketch (1%),
//     prom-client's Summary (t-digest) and the original design's store-and-sort aggregator (an array of every
//     value, sorted on each read), measured in interleaved rounds of 65,536 inserts of the same log-normal values;
//   - memory per series (JS heap + ArrayBuffers retained after a full GC): 40 series of 100,000 log-normal values
//     each, and procsampler's worst case (values over more decades than its bucket budget, so every bucket is
//     held); the store-and-sort aggregator at 10^6 values, and its read (sort) time against a Summary's;
//   - HealthMonitor.report() time from the cached sample, and the samples a monitor takes while its /health
//     handler answers about 1,000 requests/s on 127.0.0.1 (none beyond its interval).
const http = require('http');
const { loadProcsampler } = require('../lib/procsampler');
const { median, round } = require('../lib/measure');
const { random } = require('../lib/random');

const ROUND = 1 << 16;
const MASK = ROUND - 1;

function logNormal(n, seed) {
  const r = random(seed);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.exp(Math.log(0.05) + 1.2 * Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r()));
  return out;
}

/** The original design's aggregator: keeps every value, sorts on each read. */
class StoreAndSort {
  constructor() {
    this.values = [];
  }
  record(v) {
    this.values.push(v);
  }
  quantile(q) {
    const sorted = this.values.slice().sort((a, b) => a - b);
    return sorted[Math.floor(q * (sorted.length - 1))];
  }
}

function retained() {
  global.gc();
  global.gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

/** Bytes retained per series: `count` series made by `make`, each fed `fill`. */
function bytesPerSeries(make, fill, count) {
  const keep = [];
  const before = retained();
  for (let i = 0; i < count; i++) {
    const s = make(i);
    fill(s);
    keep.push(s);
  }
  const after = retained();
  keep.length = count; // keep them alive through the second reading
  return (after - before) / count;
}

async function run(ctx) {
  const core = loadProcsampler();
  if (core.skipped) {
    ctx.skip('summaries', core.skipped);
    return { ratios: { summaryInsertNs: { skipped: core.skipped } } };
  }
  const { Summary, HealthMonitor, healthHandler } = core.mod;
  let DDSketch = null;
  let promClient = null;
  try {
    DDSketch = require('@datadog/sketches-js').DDSketch;
  } catch (error) {
    ctx.skip('@datadog/sketches-js DDSketch.accept()', error.message);
  }
  try {
    promClient = require('prom-client');
  } catch (error) {
    ctx.skip('prom-client Summary.observe()', error.message);
  }
  const values = logNormal(ROUND, 1);

  // Insert time: interleaved rounds, a fresh structure per round for store-and-sort (its array only grows).
  const candidates = [
    ['procsampler Summary.record() (1%)', () => new Summary(), (s, v) => s.record(v)],
    ['store-and-sort aggregator: push (original design)', () => new StoreAndSort(), (s, v) => s.record(v)],
  ];
  if (DDSketch) candidates.push(['@datadog/sketches-js DDSketch.accept() (1%)', () => new DDSketch({ relativeAccuracy: 0.01 }), (s, v) => s.accept(v)]);
  if (promClient) {
    let n = 0;
    candidates.push([
      'prom-client Summary.observe() (t-digest)',
      () => new promClient.Summary({ name: `s${n++}`, help: 'h', percentiles: [0.5, 0.95, 0.99], registers: [] }),
      (s, v) => s.observe(v),
    ]);
  }
  const rounds = ctx.ci ? 15 : 60;
  const times = candidates.map(() => []);
  const kept = candidates.map(([, make]) => make());
  for (let r = 0; r < rounds + 3; r++) {
    for (let c = 0; c < candidates.length; c++) {
      const [, make, insert] = candidates[c];
      if (c === 1) kept[c] = make();
      const s = kept[c];
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < ROUND; i++) insert(s, values[i & MASK]);
      const ns = Number(process.hrtime.bigint() - t0) / ROUND;
      if (r >= 3) times[c].push(ns); // the first rounds compile
    }
  }
  const insertNs = {};
  for (let c = 0; c < candidates.length; c++) {
    const name = candidates[c][0];
    insertNs[name] = median(times[c]);
    ctx.record({ name, medianNs: round(insertNs[name], 1), heapBytesPerOp: null, maxLoopStallMs: null, spawns: 0, note: `median of ${rounds} interleaved rounds of ${ROUND} inserts` });
  }
  const ownNs = insertNs[candidates[0][0]];

  // Memory per series.
  const series = ctx.ci ? 20 : 40;
  const perSeries = 100000;
  const feed = logNormal(perSeries, 2);
  const fill = (insert) => (s) => {
    for (let i = 0; i < perSeries; i++) insert(s, feed[i]);
  };
  const mem = {};
  // what one record() allocates in the steady state (the range of keys stable): expected 0
  const steady = new Summary();
  for (let i = 0; i < ROUND; i++) steady.record(values[i]);
  let next = 0;
  const recordCase = await ctx.measure({ name: 'procsampler Summary.record(): heap per insert (steady state)', fn: () => steady.record(values[next++ & MASK]) });

  const own = ctx.ci ? 100 : 200; // more series: the per-series figure is what the target bounds
  mem.own = bytesPerSeries(() => new Summary(), fill((s, v) => s.record(v)), own);
  // worst case: 10^5 values spread over 12 decades, more than the bucket budget covers
  mem.ownWorst = bytesPerSeries(
    () => new Summary(),
    (s) => {
      for (let i = 0; i < perSeries; i++) s.record(10 ** (-6 + (12 * i) / perSeries));
    },
    own,
  );
  if (DDSketch) mem.ddsketch = bytesPerSeries(() => new DDSketch({ relativeAccuracy: 0.01 }), fill((s, v) => s.accept(v)), series);
  if (promClient) {
    let n = 0;
    mem.promClient = bytesPerSeries(
      () => new promClient.Summary({ name: `m${n++}`, help: 'h', percentiles: [0.5, 0.95, 0.99], registers: [] }),
      fill((s, v) => s.observe(v)),
      Math.max(5, series >> 2),
    );
  }
  // store-and-sort at 10^6 values: memory, and one read (the sort) against a Summary's quantile()
  const million = logNormal(1000000, 3);
  mem.storeSort1e6 = bytesPerSeries(
    () => new StoreAndSort(),
    (s) => {
      for (let i = 0; i < million.length; i++) s.record(million[i]);
    },
    2,
  );
  const store = new StoreAndSort();
  const sketch = new Summary();
  for (let i = 0; i < million.length; i++) {
    store.record(million[i]);
    sketch.record(million[i]);
  }
  const readTimes = { store: [], sketch: [] };
  for (let r = 0; r < (ctx.ci ? 3 : 7); r++) {
    let t0 = process.hrtime.bigint();
    store.quantile(0.99);
    readTimes.store.push(Number(process.hrtime.bigint() - t0));
    t0 = process.hrtime.bigint();
    for (let k = 0; k < 1000; k++) sketch.quantile(0.99);
    readTimes.sketch.push(Number(process.hrtime.bigint() - t0) / 1000);
  }
  const storeReadNs = median(readTimes.store);
  const sketchReadNs = median(readTimes.sketch);
  ctx.record({ name: 'store-and-sort aggregator: one p99 read at 10^6 values (sort)', medianNs: round(storeReadNs, 0), heapBytesPerOp: null, maxLoopStallMs: null, spawns: 0 });
  ctx.record({ name: 'procsampler Summary.quantile(0.99) at 10^6 values', medianNs: round(sketchReadNs, 1), heapBytesPerOp: null, maxLoopStallMs: null, spawns: 0 });
  ctx.log(`bytes per series: ${JSON.stringify(Object.fromEntries(Object.entries(mem).map(([k, v]) => [k, Math.round(v)])))}`);

  // HealthMonitor.report() from the cached sample.
  const monitor = new HealthMonitor({ intervalMs: 60000 });
  monitor.start();
  await monitor.refresh();
  const reportCase = await ctx.measure({ name: 'HealthMonitor.report() (cached sample)', fn: () => monitor.report() });
  monitor.close();

  // /health at about 1,000 requests/s: samples taken against the interval allows.
  const intervalMs = 250;
  const loaded = new HealthMonitor({ intervalMs }).start();
  const server = http.createServer(healthHandler(loaded));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = server.address().port;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  const get = () =>
    new Promise((resolve) => {
      const req = http.get({ host: '127.0.0.1', port, path: '/health', agent }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode));
      });
      req.on('error', () => resolve(0));
    });
  const samples0 = loaded.samples;
  const t0 = performance.now();
  const pending = [];
  let answered = 0;
  while (performance.now() - t0 < 2000) {
    for (let i = 0; i < 10; i++) pending.push(get().then((code) => void (code > 0 && answered++)));
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  await Promise.all(pending);
  const elapsed = performance.now() - t0;
  const samples = loaded.samples - samples0;
  const allowed = Math.floor(elapsed / intervalMs) + 1;
  agent.destroy();
  server.close();
  server.closeAllConnections();
  loaded.close();
  ctx.log(`/health: ${answered} answers in ${round(elapsed, 0)} ms (${round((answered * 1000) / elapsed, 0)}/s), ${samples} samples, ${allowed} allowed`);

  const ratio = (a, b) => (a && b ? round(a / b, 3) : null);
  const ddName = candidates.find(([n]) => n.startsWith('@datadog'));
  const promName = candidates.find(([n]) => n.startsWith('prom-client'));
  return {
    ratios: {
      summaryInsertNs: round(ownNs, 1),
      summaryBytesPerSeries: round(mem.ownWorst, 0),
      summaryBytesPerSeriesLogNormal: round(mem.own, 0),
      summaryRecordHeapBytes: recordCase.skipped ? null : recordCase.heapBytesPerOp,
      summaryInsertVsDDSketch: ddName ? ratio(insertNs[ddName[0]], ownNs) : null,
      summaryInsertVsPromClient: promName ? ratio(insertNs[promName[0]], ownNs) : null,
      summaryBytesVsPromClient: mem.promClient ? ratio(mem.promClient, mem.own) : null,
      summaryBytesVsDDSketch: mem.ddsketch ? ratio(mem.ddsketch, mem.own) : null,
      storeSortBytesVsSummary1e6: ratio(mem.storeSort1e6, mem.ownWorst),
      storeSortReadVsSummary1e6: ratio(storeReadNs, sketchReadNs),
      healthReportUs: reportCase.skipped ? null : round(reportCase.medianNs / 1000, 3),
      healthSamplesBeyondInterval: samples - allowed,
    },
    info: { bytesPerSeries: mem, insertNs, healthRequests: answered, healthElapsedMs: round(elapsed, 0), healthSamples: samples, healthAllowed: allowed },
  };
}

module.exports = { run };
