'use strict';
// Scale: how the cost grows with the machine. Synthetic /proc trees (bench/lib/synthetic-proc.js) through
// `procRoot`: 1 to 256 CPUs, 10 to 1,000 block devices, 10 to 1,000 interfaces, 100 to 2,000 mounts, one dimension
// at a time from a base machine (16 CPUs, 10 disks, 10 interfaces, 100 mounts). For each tree:
//   - sample() against the C floor reading the same tree (floor.c with the tree as its root), paired rounds,
//     the median of the per-round ratios;
//   - JS heap per sample() (no GC in the window);
//   - the producer path: HostMetrics' metricProducer().collect() per data point, perCpu off and on;
//   - snapshot(): time and JS heap;
//   - that every CPU, device, interface and mount the tree lists is reported, with status OK;
//   - for mounts, the filesystems refresh (sampleAsync()) against the floor's mountinfo + statvfs loop.
// The ci profile measures the base and the largest size of each dimension, with fewer rounds.
const { loadProcsampler, loadDist } = require('../lib/procsampler');
const { buildFloor, runFloor, pairedFloorRounds } = require('../lib/build-floor');
const { countPoints } = require('../lib/otel');
const { heapPerOp, iterationsFor, median, round, tick, timeLoopCpu } = require('../lib/measure');
const { writeTree, tempDir } = require('../lib/synthetic-proc');
const fs = require('fs');
const path = require('path');

const BASE = { cpus: 16, disks: 10, interfaces: 10, mounts: 100 };
const DIMENSIONS = [
  { key: 'cpus', label: 'CPUs', sizes: [1, 16, 64, 128, 256] },
  { key: 'disks', label: 'block devices', sizes: [10, 100, 1000] },
  { key: 'interfaces', label: 'network interfaces', sizes: [10, 300, 1000] },
  { key: 'mounts', label: 'mounts', sizes: [100, 2000] },
];
const CI_SIZES = { cpus: [16, 256], disks: [10, 1000], interfaces: [10, 1000], mounts: [100, 2000] };
// The real kernel, which hands /proc/net/dev over one page per read: veth pairs in a private network namespace.
const KERNEL_INTERFACES = [10, 300, 1000];
const CI_KERNEL_INTERFACES = [1000];

/** Median wall-clock ns of `n` awaited calls, each timed on its own. */
async function timeAsync(fn, n) {
  const times = [];
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - t0));
  }
  return median(times);
}

/** Median CPU ns (this process, user + system) of `n` awaited calls that run on the main thread. */
async function cpuAsync(fn, n) {
  const times = [];
  for (let i = 0; i < n; i++) {
    const c0 = process.cpuUsage();
    await fn();
    const c = process.cpuUsage(c0);
    times.push((c.user + c.system) * 1000);
  }
  return median(times);
}

/** Whether the snapshot lists everything the tree holds, every selected source but the async ones OK. */
function completeness(sampler, shape, withFs) {
  const snap = sampler.snapshot();
  const status = sampler.status();
  const got = {
    cpus: snap.cpu ? snap.cpu.perCpu.length : 0,
    disks: snap.disks ? snap.disks.length : 0,
    interfaces: snap.network ? snap.network.length : 0,
    mounts: withFs && snap.filesystems ? snap.filesystems.length : null,
  };
  const bad = ['cpu', 'disks', 'network', 'memory', 'system', 'process'].filter((s) => !status[s].ok).map((s) => `${s}: ${status[s].code}`);
  if (withFs && !status.filesystems.ok) bad.push(`filesystems: ${status.filesystems.code}`);
  const complete =
    bad.length === 0 && got.cpus === shape.cpus && got.disks === shape.disks && got.interfaces === shape.interfaces && (!withFs || got.mounts === shape.mounts);
  return { complete, got, bad };
}

async function producerCost(HostMetrics, tree, perCpu, collects) {
  const hm = new HostMetrics({ procRoot: tree.procRoot, rootFs: tree.rootFs, minSampleIntervalMs: 0, runtimeMetrics: false, perCpu, asyncIntervalMs: 3600000 });
  try {
    const producer = hm.metricProducer();
    // Wait for the first filesystems refresh (sampleAsync() on a native thread: 80 ms at 2,000 mounts) and the
    // second collect (utilization gauges need a window), so every collect timed reports the same points.
    const hasFs = (r) => r.resourceMetrics.scopeMetrics.some((sm) => sm.metrics.some((m) => m.descriptor.name === 'system.filesystem.usage' && m.dataPoints.length > 0));
    await producer.collect();
    const deadline = Date.now() + 20000;
    let collected;
    do {
      await new Promise((resolve) => setTimeout(resolve, 30));
      collected = await producer.collect();
    } while (!hasFs(collected) && Date.now() < deadline);
    const points = countPoints(collected).points;
    const ns = await cpuAsync(() => producer.collect(), collects);
    return { points, collectNs: round(ns, 0), nsPerPoint: round(ns / points, 1) };
  } finally {
    await hm.shutdown();
  }
}

async function measureTree(ctx, mods, tree, shape, point) {
  const { Sampler } = mods.core;
  // Short batches, many rounds: the floor's batch is a pipe's round trip from the sampler's (FloorServer), so a
  // round's two sides see the same machine.
  const rounds = ctx.ci ? 25 : 41;
  const sampler = new Sampler({ procRoot: tree.procRoot, rootFs: tree.rootFs, sources: ['cpu', 'memory', 'load', 'vmstat', 'disks', 'network', 'tcp', 'system', 'process'] });
  try {
    sampler.sample(); // the tables grow to the tree's size once
    for (let i = 0; i < 50; i++) sampler.sample();
    const iterations = iterationsFor(() => sampler.sample(), ctx.ci ? 4 : 8);
    // process.cpuUsage() counts every thread of the process: let V8's background compiler finish optimizing the
    // sample path first (on the first tree it otherwise adds a third to the first rounds).
    for (let i = 0; i < 3; i++) {
      timeLoopCpu(() => sampler.sample(), iterations);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const fr = await pairedFloorRounds({ fn: () => sampler.sample(), iterations, rounds, args: [tree.procRoot] });
    const heap = await heapPerOp({ fn: () => sampler.sample() }, Math.min(20000, iterations * 10));
    const snapIterations = Math.max(5, Math.round(iterations / 20));
    const snapshotNs = median(Array.from({ length: 7 }, () => timeLoopCpu(() => sampler.snapshot(), snapIterations).cpu));
    const snapshotHeap = await heapPerOp({ fn: () => sampler.snapshot() }, Math.max(3, snapIterations), true, 3);
    const status = completeness(sampler, shape, false);
    const result = {
      ...point,
      shape,
      iterations,
      rounds,
      sampleNs: round(fr.js, 0),
      floorNs: round(fr.floor, 0),
      ratio: round(fr.ratio, 3),
      sampleWallNs: round(fr.jsWall, 0),
      floorWallNs: round(fr.floorWall, 0),
      wallRatio: round(fr.wallRatio, 3),
      perRoundRatios: fr.ratios.map((r) => round(r, 3)),
      heapBytesPerSample: heap.bytesPerOp === null ? null : round(heap.bytesPerOp, 2),
      snapshotNs: round(snapshotNs, 0),
      snapshotHeapBytes: snapshotHeap.bytesPerOp === null ? null : round(snapshotHeap.bytesPerOp, 0),
      complete: status.complete,
      got: status.got,
      notOk: status.bad,
    };
    if (mods.otel) {
      const collects = ctx.ci ? 15 : 41;
      result.producer = {
        perCpuOff: await producerCost(mods.otel.HostMetrics, tree, false, collects),
        perCpuOn: await producerCost(mods.otel.HostMetrics, tree, true, collects),
      };
    }
    if (point.dimension === 'mounts') result.filesystems = await filesystemsCost(Sampler, tree, shape, ctx);
    return result;
  } finally {
    sampler.close();
  }
}

/** The filesystems refresh of sampleAsync() against the floor's mountinfo + statvfs loop, interleaved. */
async function filesystemsCost(Sampler, tree, shape, ctx) {
  const fsSampler = new Sampler({ procRoot: tree.procRoot, rootFs: tree.rootFs, sources: ['filesystems'] });
  try {
    await fsSampler.sampleAsync();
    const status = completeness(fsSampler, { cpus: 0, disks: 0, interfaces: 0, mounts: shape.mounts }, true);
    const rounds = ctx.ci ? 5 : 11;
    const n = Math.max(3, Math.round(20000 / shape.mounts));
    const js = [];
    const floor = [];
    const ratios = [];
    for (let r = 0; r < rounds; r++) {
      const f = () => runFloor('mounts', n, tree.procRoot, tree.rootFs).nsPerOp;
      let a;
      let b;
      if (r % 2 === 0) {
        b = f();
        a = await timeAsync(() => fsSampler.sampleAsync(), n);
      } else {
        a = await timeAsync(() => fsSampler.sampleAsync(), n);
        b = f();
      }
      js.push(a);
      floor.push(b);
      ratios.push(a / b);
      await tick();
    }
    // The snapshot with the mounts in it (the sampler of measureTree leaves filesystems out).
    const snapIterations = Math.max(3, Math.round(20000 / shape.mounts));
    const snapshotNs = median(Array.from({ length: 5 }, () => timeLoopCpu(() => fsSampler.snapshot(), snapIterations).cpu));
    const snapshotHeap = await heapPerOp({ fn: () => fsSampler.snapshot() }, snapIterations, true, 3);
    return {
      snapshotNs: round(snapshotNs, 0),
      snapshotHeapBytes: snapshotHeap.bytesPerOp === null ? null : round(snapshotHeap.bytesPerOp, 0),
      refreshNs: round(median(js), 0),
      floorNs: round(median(floor), 0),
      ratio: round(median(ratios), 3),
      mountsReported: status.got.mounts,
      complete: status.got.mounts === shape.mounts && fsSampler.status().filesystems.ok,
    };
  } finally {
    fsSampler.close();
  }
}

function points(ci) {
  const out = [];
  const seen = new Set();
  for (const d of DIMENSIONS) {
    for (const size of ci ? CI_SIZES[d.key] : d.sizes) {
      const shape = { ...BASE, [d.key]: size };
      out.push({ dimension: d.key, size, shape, key: JSON.stringify(shape), base: seen.has(JSON.stringify(shape)) });
      seen.add(JSON.stringify(shape));
    }
  }
  return out;
}

/** A real-kernel point: bench/lib/netns-child.js in a network namespace of its own (root, unshare, ip). */
function kernelPoint(interfaces, rounds) {
  const { spawnSync } = require('child_process');
  const { uncounted, original } = require('../lib/spawn-counter');
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return { skipped: 'needs root (a network namespace with veth pairs)' };
  const r = uncounted(() =>
    original.spawnSync('unshare', ['-n', process.execPath, '--expose-gc', path.join(__dirname, '..', 'lib', 'netns-child.js'), String(interfaces), String(rounds)], {
      encoding: 'utf8',
      timeout: 300000,
    }),
  );
  if (r.error) return { skipped: `unshare: ${r.error.message}` };
  const line = (r.stdout || '').trim().split('\n').pop();
  try {
    return JSON.parse(line);
  } catch {
    return { skipped: `no result (exit ${r.status}): ${(r.stderr || '').trim().split('\n').slice(-1)[0]}` };
  }
}

async function run(ctx) {
  const loaded = loadProcsampler();
  const skipped = (reason) => ({
    ratios: {
      scaleSampleVsFloorMax: { skipped: reason },
      scaleHeapBytesPerSampleMax: { skipped: reason },
      scaleEntriesComplete: { skipped: reason },
    },
  });
  if (loaded.skipped) return skipped(loaded.skipped);
  buildFloor();
  const otel = loadDist('otel');
  const mods = { core: loaded.mod, otel: otel.skipped ? null : otel.mod };
  const dir = tempDir();
  const results = [];
  const measured = new Map();
  try {
    for (const pt of points(ctx.ci)) {
      let r = measured.get(pt.key);
      if (r === undefined) {
        const tree = writeTree(path.join(dir, 'tree'), pt.shape);
        r = await measureTree(ctx, mods, tree, pt.shape, { dimension: pt.dimension, size: pt.size });
        measured.set(pt.key, r);
      }
      // The base tree stands for the smallest size of several dimensions: measured once, listed under each.
      const row = { ...r, dimension: pt.dimension, size: pt.size };
      if (pt.dimension === 'mounts' && !row.filesystems) {
        const tree = writeTree(path.join(dir, 'tree'), pt.shape);
        row.filesystems = await filesystemsCost(mods.core.Sampler, tree, pt.shape, ctx);
      }
      results.push(row);
      ctx.log(
        `${pt.dimension}=${pt.size}: sample() ${round(r.sampleNs / 1e3, 1)} us, floor ${round(r.floorNs / 1e3, 1)} us, ratio ${r.ratio}, ` +
          `heap ${r.heapBytesPerSample} B/sample, snapshot ${round(r.snapshotNs / 1e3, 1)} us ${r.snapshotHeapBytes} B, ` +
          `${r.producer ? `producer ${r.producer.perCpuOff.nsPerPoint}/${r.producer.perCpuOn.nsPerPoint} ns/point (${r.producer.perCpuOff.points}/${r.producer.perCpuOn.points} points), ` : ''}` +
          `${row.filesystems ? `filesystems ${round(row.filesystems.refreshNs / 1e6, 2)} ms vs floor ${round(row.filesystems.floorNs / 1e6, 2)} ms (${row.filesystems.mountsReported} mounts), ` : ''}` +
          `complete ${r.complete}${r.notOk.length ? ` (${r.notOk.join(', ')})` : ''}`,
      );
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const kernel = [];
  for (const n of ctx.ci ? CI_KERNEL_INTERFACES : KERNEL_INTERFACES) {
    const k = kernelPoint(n, ctx.ci ? 25 : 41);
    kernel.push({ requested: n, ...k });
    ctx.log(
      k.skipped
        ? `kernel, ${n} interfaces: skipped (${k.skipped})`
        : `kernel, ${k.interfaces} interfaces: ${k.listed} listed, ${k.status}; sample() ${round(k.sampleNs / 1e3, 1)} us, floor ${round(k.floorNs / 1e3, 1)} us (CPU), ratio ${k.ratio}, heap ${k.heapBytesPerSample} B/sample`,
    );
  }
  const unique = [...measured.values()];
  const ratioMax = Math.max(...unique.map((r) => r.ratio));
  const heaps = unique.map((r) => r.heapBytesPerSample).filter((h) => h !== null);
  const kernelComplete = kernel.every((k) => k.skipped || (k.listed === k.interfaces && k.status === 'OK'));
  const complete = kernelComplete && results.every((r) => r.complete && (!r.filesystems || r.filesystems.complete));
  return {
    ratios: {
      scaleSampleVsFloorMax: round(ratioMax, 3),
      scaleHeapBytesPerSampleMax: heaps.length === unique.length ? round(Math.max(0, ...heaps), 1) : { skipped: 'a GC ran inside every heap window' },
      scaleEntriesComplete: complete ? 1 : 0,
    },
    info: { scale: { base: BASE, dimensions: DIMENSIONS.map((d) => ({ key: d.key, label: d.label })), points: results, kernel } },
  };
}

module.exports = { run, DIMENSIONS, BASE };
