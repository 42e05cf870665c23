'use strict';
// procsampler's runtime metrics:
//   - the per-iteration hooks' cost: setImmediate ping-pong iterations per second with the hooks on and off,
//     in several processes (bench/lib/pingpong-child.js), each alternating off / on / off windows; the ratio is
//     the median over processes of each process's median per-round ratio, beside an off / off ratio measured
//     the same way (what the method reads when nothing differs);
//   - what reading them allocates: metricData() (the MetricProducer fast path), a HostMetrics producer that
//     serves only the runtime groups, and what snapshot() allocates against the size of the object it returns,
//     both counted by V8's sampling heap profiler (every object allocated; the objects 2,000 held snapshots
//     keep alive through a full GC).
const path = require('path');
const { loadProcsampler, loadDist } = require('../lib/procsampler');
const { median, round, tick } = require('../lib/measure');
const { original, uncounted } = require('../lib/spawn-counter');
const { sampledBytesPerOp, sampledRetainedBytes } = require('../lib/sampled-heap');

const ON = 'runtime hooks on: one setImmediate ping-pong turn';
const OFF = 'runtime hooks off: one setImmediate ping-pong turn';
const METRIC_DATA = 'runtime metricData() (MetricProducer fast path)';
const PRODUCER = 'HostMetrics runtime groups only: metricProducer().collect()';
const SNAPSHOT = 'runtime snapshot()';

/** Runs one ping-pong process; resolves with its parsed JSON line. */
function pingPongProcess(rounds, windowMs) {
  return new Promise((resolve, reject) => {
    const child = uncounted(() =>
      original.spawn(process.execPath, ['--expose-gc', path.join(__dirname, '..', 'lib', 'pingpong-child.js'), String(rounds), String(windowMs)], {
        stdio: ['ignore', 'pipe', 'inherit'],
      }),
    );
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`pingpong-child exited with ${code}`));
      try {
        resolve(JSON.parse(out.trim().split('\n').pop()));
      } catch (error) {
        reject(error);
      }
    });
  });
}

async function hookThroughput(ctx) {
  const processes = ctx.ci ? 3 : 5;
  const rounds = ctx.ci ? 25 : 40;
  const windowMs = ctx.ci ? 50 : 80;
  const runs = [];
  for (let i = 0; i < processes; i++) runs.push(await pingPongProcess(rounds, windowMs));
  const perProcess = runs.map((r) => median(r.ratios));
  const note = `${processes} processes × ${rounds} rounds of off/on/off ${windowMs} ms windows`;
  const onPerS = median(runs.flatMap((r) => r.on));
  const offPerS = median(runs.flatMap((r) => r.off));
  return {
    ratio: median(perProcess),
    onPerS,
    offPerS,
    info: {
      note,
      // What the hook adds to one loop turn, whatever the turn costs on this machine: the ratio is this over
      // the length of a turn, and a turn's length differs several-fold between machines.
      hookNsPerTurn: round(1e9 / onPerS - 1e9 / offPerS, 1),
      offTurnNs: round(1e9 / offPerS, 1),
      perProcessRatios: perProcess.map((v) => round(v, 4)),
      perProcessAaRatios: runs.map((r) => round(median(r.aa), 4)),
      hookPaths: runs[0].info,
    },
  };
}

async function run(ctx) {
  const core = loadProcsampler();
  const rt = core.skipped ? core : loadDist('runtime');
  const otel = core.skipped ? core : loadDist('otel');
  if (rt.skipped || typeof rt.mod.RuntimeMetrics !== 'function') {
    const reason = rt.skipped || 'dist/runtime has no RuntimeMetrics';
    for (const name of [ON, OFF, METRIC_DATA, PRODUCER, SNAPSHOT]) ctx.skip(name, reason);
    return { ratios: { runtimeHooksThroughputRatio: { skipped: reason } } };
  }
  const { RuntimeMetrics } = rt.mod;

  const hooks = await hookThroughput(ctx);
  ctx.log(`hook throughput: ${JSON.stringify(hooks.info)}`);
  for (const [name, perS] of [
    [ON, hooks.onPerS],
    [OFF, hooks.offPerS],
  ]) {
    ctx.record({ name, medianNs: round(1e9 / perS, 1), heapBytesPerOp: null, maxLoopStallMs: null, spawns: 0, note: hooks.info.note });
  }

  // Reading: a started RuntimeMetrics, warmed up (compiled) before it is measured.
  const metrics = new RuntimeMetrics({ instruments: false }).start();
  await new Promise((resolve) => setTimeout(resolve, 20));
  let kept;
  for (let i = 0; i < 20000; i++) metrics.metricData();
  for (let i = 0; i < 5000; i++) kept = metrics.snapshot();
  await tick();
  const md = await ctx.measure({ name: METRIC_DATA, fn: () => metrics.metricData() });
  const snap = await ctx.measure({ name: SNAPSHOT, heapOps: 200, fn: () => (kept = metrics.snapshot()) });
  const objectBytes = await sampledRetainedBytes(() => metrics.snapshot(), 2000);
  const snapshotSampled = await sampledBytesPerOp(() => (kept = metrics.snapshot()), 5000);
  metrics.shutdown();

  let producerCase = { skipped: 'dist/otel is not available' };
  if (!otel.skipped) {
    const groups = otel.mod.RUNTIME_GROUPS;
    const hm = new otel.mod.HostMetrics({ metricGroups: groups });
    const producer = hm.metricProducer();
    for (let i = 0; i < 5000; i++) await producer.collect();
    producerCase = await ctx.measure({ name: PRODUCER, async: true, fn: () => producer.collect() });
    await hm.shutdown();
  } else ctx.skip(PRODUCER, otel.skipped);
  void kept;

  const heapOf = (c) => (c.skipped || c.heapBytesPerOp === null ? null : c.heapBytesPerOp);
  const snapHeap = heapOf(snap);
  return {
    ratios: {
      runtimeHooksThroughputRatio: round(hooks.ratio, 4),
      runtimeFastPathHeapBytes: heapOf(md),
      runtimeProducerHeapBytes: heapOf(producerCase),
      runtimeSnapshotHeapVsObject: objectBytes > 0 ? round(snapshotSampled / objectBytes, 3) : null,
    },
    info: { ...hooks.info, snapshotObjectBytes: round(objectBytes, 1), snapshotSampledBytes: round(snapshotSampled, 1), snapshotHeapDelta: snapHeap },
  };
}

module.exports = { run };
