'use strict';
// The measurement of one case: median time (benchmark.js), JS heap bytes per operation in a window with no GC,
// the longest event-loop stall while the case runs, and the child processes it starts.
//
// A case is { name, fn, async?, heapOps?, note? }: `fn` does one operation (for `async`, returns a promise).
// Needs node --expose-gc (bench/run.js starts every group that way).
const { performance, PerformanceObserver } = require('perf_hooks');
const Benchmark = require('benchmark');
const counter = require('./spawn-counter');

// Start times (performance.now() ms) of recent GCs. Entries arrive asynchronously, so a window is checked only
// after yielding to the loop.
const gcStarts = [];
const observer = new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcStarts.push(entry.startTime);
  if (gcStarts.length > 4096) gcStarts.splice(0, gcStarts.length - 1024);
});
observer.observe({ entryTypes: ['gc'] });

const tick = () => new Promise((resolve) => setImmediate(resolve));

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

/**
 * JS heap bytes per operation: gc() twice, then `ops` operations between two heapUsed readings. The window
 * counts only if no GC started inside it (else it is retried with fewer operations). For async cases the
 * harness loop's own cost (awaiting a resolved promise) is measured the same way and subtracted.
 */
async function heapPerOp(c, ops) {
  let n = Math.max(1, Math.floor(ops));
  for (let attempt = 0; attempt < 8; attempt++) {
    global.gc();
    global.gc();
    await tick();
    const fn = c.fn;
    const t0 = performance.now();
    const h0 = process.memoryUsage().heapUsed;
    if (c.async) {
      for (let i = 0; i < n; i++) await fn();
    } else {
      for (let i = 0; i < n; i++) fn();
    }
    const h1 = process.memoryUsage().heapUsed;
    const t1 = performance.now();
    await tick();
    await tick();
    if (!gcStarts.some((t) => t >= t0 && t <= t1)) return { bytesPerOp: (h1 - h0) / n, ops: n };
    if (n === 1) break;
    n = Math.max(1, Math.floor(n / 4));
  }
  return { bytesPerOp: null, ops: n, note: 'a GC ran inside every heap window' };
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
 * The longest gap between two turns of a setImmediate ticker while the case runs `ops` times (each
 * operation in its own macrotask), and the children started per operation in that pass.
 */
async function stallPass(c, ops, maxMs) {
  let maxGap = 0;
  let done = 0;
  let last = performance.now();
  let running = true;
  const ticker = () => {
    const now = performance.now();
    if (now - last > maxGap) maxGap = now - last;
    if (process.env.BENCH_DEBUG_STALL && now - last > 2) process.stderr.write(`gap ${(now - last).toFixed(1)} ms at op ${done}\n`);
    last = now;
    if (running) setImmediate(ticker);
  };
  setImmediate(ticker);
  await tick();
  maxGap = 0;
  const spawns0 = counter.spawns();
  const start = performance.now();
  while (done < ops && (done < 3 || performance.now() - start < maxMs)) {
    // One operation per macrotask: an async case that settles through microtasks only would otherwise hold
    // the loop for the whole pass, which is the driver's doing, not the case's.
    if (c.async) await c.fn();
    else c.fn();
    await tick();
    done++;
  }
  await tick();
  running = false;
  await tick();
  return { maxLoopStallMs: maxGap, spawnsPerOp: (counter.spawns() - spawns0) / done, ops: done };
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * For peers that cache results between calls closer than some interval (systeminformation returns its last
 * answer for calls under 500 ms apart, and host-metrics' network group goes through it): every operation starts
 * `intervalMs` after the previous one, as in a real collection loop, and is timed on its own. The same pass
 * gives the stall (a ticker runs during each operation) and the spawns; the heap comes from one-operation windows.
 */
async function pacedMeasure(c, profile) {
  const times = [];
  let maxGap = 0;
  const spawns0 = counter.spawns();
  for (let i = 0; i < profile.pacedOps; i++) {
    await sleep(c.intervalMs);
    let last = performance.now();
    let running = true;
    const ticker = () => {
      const now = performance.now();
      if (now - last > maxGap) maxGap = now - last;
      last = now;
      if (running) setImmediate(ticker);
    };
    setImmediate(ticker);
    const t0 = performance.now();
    await c.fn();
    times.push((performance.now() - t0) * 1e6);
    await tick();
    running = false;
  }
  const spawnsPerOp = (counter.spawns() - spawns0) / profile.pacedOps;
  const heaps = [];
  let heapNote;
  for (let i = 0; i < profile.pacedHeapWindows; i++) {
    await sleep(c.intervalMs);
    const r = await heapPerOp(c, 1);
    if (r.bytesPerOp !== null) heaps.push(r.bytesPerOp);
    else heapNote = r.note;
  }
  return {
    timing: { medianNs: median(times), rme: null, samples: times.length },
    stall: { maxLoopStallMs: maxGap, spawnsPerOp, ops: times.length },
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
      stall = await stallPass(c, c.stallOps ?? profile.stallOps, profile.stallMs);
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
      spawns: round(stall.spawnsPerOp, 2),
      rme: round(timing.rme, 2),
      samples: timing.samples,
      ...(c.intervalMs ? { intervalMs: c.intervalMs } : {}),
      heapOps: heap.ops,
      stallOps: stall.ops,
    };
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

function round(value, digits) {
  if (value === null || value === undefined || !Number.isFinite(value)) return value ?? null;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

module.exports = { PROFILES, measureCase, heapPerOp, stallPass, benchTime, median, round, tick, asyncLoopOverhead };
