'use strict';
// The measurement of one case: median time (benchmark.js), JS heap bytes per operation in a window with no GC,
// the longest event-loop stall while the case runs, and the child processes it starts.
//
// A case is { name, fn, async?, heapOps?, note? }: `fn` does one operation (for `async`, returns a promise).
// Needs node --expose-gc (bench/run.js starts every group that way).
const { performance, PerformanceObserver } = require('perf_hooks');
const v8 = require('v8');
const Benchmark = require('benchmark');
const counter = require('./spawn-counter');
const { StallProbe } = require('./stall-probe');
const { threadCpuNs } = require('./thread-cpu');

// Start times (performance.now() ms) of recent GCs. Entries arrive asynchronously, so a window is checked only
// after yielding to the loop.
const gcStarts = [];
const observer = new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcStarts.push(entry.startTime);
  if (gcStarts.length > 4096) gcStarts.splice(0, gcStarts.length - 1024);
});
observer.observe({ entryTypes: ['gc'] });

const tick = () => new Promise((resolve) => setImmediate(resolve));
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The stall the probe sees on an idle loop (1 ms timers only) for `ms`: what the machine itself adds (other
 * processes, the hypervisor) to every stall figure of the same moment.
 */
async function idleStall(ms) {
  const probe = new StallProbe();
  await probe.start();
  try {
    probe.reset();
    const end = performance.now() + ms;
    while (performance.now() < end) await sleep(1);
    return { maxLoopStallMs: probe.maxStallMs, maxLoopStallNetMs: probe.maxStallNetMs, p99LoopStallMs: probe.p99StallMs };
  } finally {
    await probe.stop();
  }
}

/** Wall-clock and CPU ns per call of fn over `iterations` calls (CPU: this process's user + system time, which
 * getrusage() brings up to date for the calling thread; nothing else of the process runs during a synchronous
 * loop). */
function timeLoopCpu(fn, iterations) {
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) fn();
  const wall = Number(process.hrtime.bigint() - t0) / iterations;
  const c = process.cpuUsage(c0);
  return { wall, cpu: ((c.user + c.system) * 1000) / iterations };
}

/** Iterations of fn that make a batch of about `ms` milliseconds, from a probe of 20 calls. */
function iterationsFor(fn, ms, min = 20, max = 5000) {
  const probe = timeLoopCpu(fn, 20).wall;
  return Math.max(min, Math.min(max, Math.round((ms * 1e6) / Math.max(probe, 1))));
}

/**
 * Main-thread CPU per operation (ms), without the probe: an upper bound on the loop time an async operation's
 * own JS and native completion can take, which unlike a wall-clock stall is not moved by the machine's other
 * tenants. (Time the main thread spends asleep, e.g. blocked on a lock, is not CPU: the stall columns cover it.)
 */
async function mainThreadCpu(c, ops) {
  await tick();
  const r0 = threadCpuNs();
  for (let i = 0; i < ops; i++) {
    if (c.async) await c.fn();
    else c.fn();
    await tick();
  }
  return (threadCpuNs() - r0) / 1e6 / ops;
}

/** Profiles: `ci` keeps the whole run well under 3 minutes; `full` is for the committed reference run. */
const PROFILES = {
  ci: { maxTime: 0.4, minSamples: 5, stallOps: 200, stallMs: 400, heapBudgetMs: 200, heapMaxOps: 2000, pacedOps: 5, pacedHeapWindows: 3 },
  full: { maxTime: 2, minSamples: 20, stallOps: 3000, stallMs: 2500, heapBudgetMs: 1000, heapMaxOps: 20000, pacedOps: 15, pacedHeapWindows: 5 },
};

function median(values) {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Median time per operation in nanoseconds from benchmark.js (the median of its per-cycle means). */
function benchTime(c, profile) {
  return new Promise((resolve, reject) => {
    let failure = null;
    const options = {
      maxTime: c.maxTime ?? profile.maxTime,
      minSamples: c.minSamples ?? profile.minSamples,
      initCount: 1,
      delay: 0,
    };
    const bench = c.async
      ? new Benchmark(c.name, {
          ...options,
          defer: true,
          fn(deferred) {
            c.fn().then(
              () => deferred.resolve(),
              (error) => {
                failure = failure || error;
                deferred.resolve();
              },
            );
          },
        })
      : new Benchmark(c.name, c.fn, options);
    bench.on('complete', () => {
      if (failure || bench.error) reject(failure || bench.error);
      else resolve({ medianNs: median(bench.stats.sample) * 1e9, rme: bench.stats.rme, samples: bench.stats.sample.length });
    });
    bench.run();
  });
}

// Heap in use for data: every space but the JIT's code spaces (compiling the harness loop or the case's
// functions is not an allocation the operation makes).
const DATA_SPACES = new Set(['new_space', 'old_space', 'large_object_space', 'new_large_object_space', 'map_space', 'shared_space', 'shared_large_object_space', 'trusted_space', 'trusted_large_object_space']);
function dataHeapUsed() {
  let used = 0;
  for (const s of v8.getHeapSpaceStatistics()) if (DATA_SPACES.has(s.space_name)) used += s.space_used_size;
  return used;
}

/** One window: gc() twice, `n` operations between two readings; `gcInside` when a GC started in it. */
async function heapWindow(c, n) {
  global.gc();
  global.gc();
  await tick();
  const fn = c.fn;
  const t0 = performance.now();
  const h0 = dataHeapUsed();
  if (c.async) {
    for (let i = 0; i < n; i++) await fn();
  } else {
    for (let i = 0; i < n; i++) fn();
  }
  const h1 = dataHeapUsed();
  const t1 = performance.now();
  await tick();
  await tick();
  return { bytes: h1 - h0, gcInside: gcStarts.some((t) => t >= t0 && t <= t1) };
}

let readingBytes = null;
/** What the two readings themselves allocate (the statistics objects): measured with an empty window. */
async function readingOverhead() {
  if (readingBytes === null) {
    const r = [];
    for (let i = 0; i < 5; i++) r.push((await heapWindow({ fn() {} }, 0)).bytes);
    readingBytes = median(r);
  }
  return readingBytes;
}

/**
 * JS heap bytes per operation: after a warm-up window, gc() twice, then `ops` operations between two readings
 * of the data spaces. A window counts only if no GC started inside it (else it is retried with fewer
 * operations); the readings' own allocation is subtracted. With a warm-up, the least of `windows` windows is
 * kept: what an operation allocates is the same every time, while one-offs add to a window or two: the JIT
 * compiling the measuring loop for this case, and V8 resizing the young generation after the gc() calls (the
 * young space's used size then reads up to a semispace, ~2 MB, high). Async cases: see measureCase.
 */
async function heapPerOp(c, ops, warmUp = true, windows = 5) {
  let n = Math.max(1, Math.floor(ops));
  const overhead = await readingOverhead();
  if (warmUp) await heapWindow(c, Math.max(1, Math.min(1000, Math.floor(n / 10)))); // compile the loop
  let best = null;
  let kept = 0;
  for (let attempt = 0; attempt < 8 && kept < (warmUp ? windows : 1); attempt++) {
    const w = await heapWindow(c, n);
    if (w.gcInside) {
      if (n === 1) break;
      n = Math.max(1, Math.floor(n / 4));
      continue;
    }
    const bytes = (w.bytes - overhead) / n;
    best = best === null ? { bytesPerOp: bytes, ops: n } : { bytesPerOp: Math.min(best.bytesPerOp, bytes), ops: n };
    kept++;
  }
  return best ?? { bytesPerOp: null, ops: n, note: 'a GC ran inside every heap window' };
}

let asyncLoopBytes = null;
/** Heap bytes of one `await fn()` iteration of the harness with a function that allocates nothing itself. */
async function asyncLoopOverhead() {
  if (asyncLoopBytes === null) {
    const resolved = Promise.resolve();
    const r = await heapPerOp({ async: true, fn: () => resolved }, 20000);
    asyncLoopBytes = r.bytesPerOp ?? 0;
  }
  return asyncLoopBytes;
}

/**
 * The longest event-loop stall while the case runs `ops` times (each operation in its own macrotask), from a
 * worker-thread probe (see stall-probe.js), and the children started per operation in that pass.
 */
async function stallPass(c, ops, maxMs) {
  const probe = new StallProbe();
  await probe.start();
  const spawns0 = counter.spawns();
  let done = 0;
  try {
    await tick();
    probe.reset();
    const start = performance.now();
    while (done < ops && (done < 3 || performance.now() - start < maxMs)) {
      // One operation per macrotask: an async case that settles through microtasks only would otherwise hold
      // the loop for the whole pass, which is the driver's doing, not the case's.
      if (c.async) await c.fn();
      else c.fn();
      await tick();
      done++;
    }
    await sleep(2); // let the probe see the end of the last operation
  } finally {
    await probe.stop();
  }
  return {
    maxLoopStallMs: probe.maxStallMs,
    maxLoopStallNetMs: probe.maxStallNetMs,
    p99LoopStallMs: probe.p99StallMs,
    spawnsPerOp: (counter.spawns() - spawns0) / done,
    ops: done,
  };
}

/**
 * For peers that cache results between calls closer than some interval (systeminformation returns its last
 * answer for calls under 500 ms apart, and host-metrics' network group goes through it): every operation starts
 * `intervalMs` after the previous one, as in a real collection loop, and is timed on its own. The same pass
 * gives the stall (the probe watches each operation) and the spawns; the heap comes from one-operation windows.
 */
async function pacedMeasure(c, profile) {
  const times = [];
  let maxGap = 0;
  let maxNet = 0;
  const spawns0 = counter.spawns();
  const probe = new StallProbe();
  await probe.start();
  try {
    for (let i = 0; i < profile.pacedOps; i++) {
      await sleep(c.intervalMs);
      probe.reset();
      const t0 = performance.now();
      await c.fn();
      times.push((performance.now() - t0) * 1e6);
      await sleep(2);
      maxGap = Math.max(maxGap, probe.maxStallMs);
      maxNet = Math.max(maxNet, probe.maxStallNetMs);
    }
  } finally {
    await probe.stop();
  }
  const spawnsPerOp = (counter.spawns() - spawns0) / profile.pacedOps;
  const heaps = [];
  let heapNote;
  for (let i = 0; i < profile.pacedHeapWindows; i++) {
    await sleep(c.intervalMs);
    const r = await heapPerOp(c, 1, false); // no warm-up call: it would make the next one a cached answer
    if (r.bytesPerOp !== null) heaps.push(r.bytesPerOp);
    else heapNote = r.note;
  }
  return {
    timing: { medianNs: median(times), rme: null, samples: times.length },
    stall: { maxLoopStallMs: maxGap, maxLoopStallNetMs: maxNet, spawnsPerOp, ops: times.length },
    heap: { bytesPerOp: heaps.length ? median(heaps) : null, ops: 1, note: heapNote },
  };
}

/**
 * Measures one case. Returns { name, medianNs, heapBytesPerOp, maxLoopStallMs, spawns, ... } or
 * { name, skipped } when the case cannot run here (a module absent, an error: the reason is recorded).
 */
async function measureCase(c, profile) {
  if (c.skipped) return { name: c.name, skipped: c.skipped };
  try {
    if (c.setup) await c.setup();
    for (let i = 0; i < (c.warmup ?? 3); i++) await c.fn();
    let timing, stall, heap;
    if (c.intervalMs) {
      ({ timing, stall, heap } = await pacedMeasure(c, profile));
    } else {
      timing = await benchTime(c, profile);
      global.gc(); // the garbage benchmark.js left behind is not the case's stall
      stall = await stallPass(c, c.stallOps ?? profile.stallOps, c.stallMs ?? profile.stallMs);
      const budgetOps = Math.floor((profile.heapBudgetMs * 1e6) / Math.max(timing.medianNs, 1));
      const heapOps = c.heapOps ?? Math.max(1, Math.min(profile.heapMaxOps, budgetOps));
      heap = await heapPerOp(c, heapOps);
    }
    let heapBytesPerOp = heap.bytesPerOp;
    if (c.async && heapBytesPerOp !== null) heapBytesPerOp = Math.max(0, heapBytesPerOp - (await asyncLoopOverhead()));
    const result = {
      name: c.name,
      group: c.group,
      medianNs: round(timing.medianNs, 1),
      heapBytesPerOp: heapBytesPerOp === null ? null : round(heapBytesPerOp, 2),
      maxLoopStallMs: round(stall.maxLoopStallMs, 3),
      maxLoopStallNetMs: round(stall.maxLoopStallNetMs, 3),
      p99LoopStallMs: stall.p99LoopStallMs === undefined ? null : round(stall.p99LoopStallMs, 3),
      spawns: round(stall.spawnsPerOp, 2),
      rme: round(timing.rme, 2),
      samples: timing.samples,
      ...(c.intervalMs ? { intervalMs: c.intervalMs } : {}),
      heapOps: heap.ops,
      stallOps: stall.ops,
    };
    if (c.cpuOps) result.mainThreadCpuMsPerOp = round(await mainThreadCpu(c, c.cpuOps), 4);
    if (heap.note) result.note = heap.note;
    if (c.note) result.note = result.note ? `${c.note}; ${result.note}` : c.note;
    if (c.extra) Object.assign(result, await c.extra());
    return result;
  } catch (error) {
    return { name: c.name, skipped: `failed: ${error && error.message ? error.message : String(error)}` };
  } finally {
    if (c.teardown) {
      try {
        await c.teardown();
      } catch {
        // a failed teardown must not hide the measurement
      }
    }
  }
}

/**
 * A against B in alternating rounds (the order flipped every round), each round timing `iterations` calls;
 * returns the median ns per call of each and the median of the per-round ratios A/B.
 */
async function interleave(a, b, { rounds, iterations, async: isAsync }) {
  const timeOne = async (fn) => {
    const t0 = process.hrtime.bigint();
    if (isAsync) for (let i = 0; i < iterations; i++) await fn();
    else for (let i = 0; i < iterations; i++) fn();
    return Number(process.hrtime.bigint() - t0) / iterations;
  };
  const as = [];
  const bs = [];
  const ratios = [];
  for (let r = 0; r < rounds; r++) {
    let ta;
    let tb;
    if (r % 2 === 0) {
      ta = await timeOne(a);
      tb = await timeOne(b);
    } else {
      tb = await timeOne(b);
      ta = await timeOne(a);
    }
    as.push(ta);
    bs.push(tb);
    ratios.push(ta / tb);
    await tick();
  }
  return { a: median(as), b: median(bs), ratio: median(ratios), ratios };
}

function round(value, digits) {
  if (value === null || value === undefined || !Number.isFinite(value)) return value ?? null;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

module.exports = { timeLoopCpu, iterationsFor, PROFILES, measureCase, interleave, idleStall, mainThreadCpu, heapPerOp, stallPass, benchTime, median, round, tick, asyncLoopOverhead };
