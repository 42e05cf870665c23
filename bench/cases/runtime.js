'use strict';
// The overhead of procsampler's runtime metrics hooks (event-loop per-iteration timing, libuv metrics, GC
// observer) on a loop that does nothing but turn: setImmediate ping-pong iterations per second with the hooks
// on and off, in short alternating windows (the order flipped every round); ratio = the median of the
// per-round on/off ratios (adjacent windows share the machine's momentary load, which a shared box varies a lot).
const { performance } = require('perf_hooks');
const { loadProcsampler, loadDist } = require('../lib/procsampler');
const { median, round, tick } = require('../lib/measure');

const ON = 'runtime hooks on: one setImmediate ping-pong turn';
const OFF = 'runtime hooks off: one setImmediate ping-pong turn';

/** Loop turns per second for `durationMs`: each turn schedules the next with setImmediate. */
function pingPong(durationMs) {
  return new Promise((resolve) => {
    let n = 0;
    const start = performance.now();
    const end = start + durationMs;
    const step = () => {
      n++;
      if ((n & 255) === 0) {
        const now = performance.now();
        if (now >= end) return resolve((n * 1000) / (now - start));
      }
      setImmediate(step);
    };
    setImmediate(step);
  });
}

async function run(ctx) {
  const core = loadProcsampler();
  const rt = core.skipped ? core : loadDist('runtime');
  if (rt.skipped || typeof rt.mod.RuntimeMetrics !== 'function') {
    const reason = rt.skipped || 'dist/runtime has no RuntimeMetrics';
    ctx.skip(ON, reason);
    ctx.skip(OFF, reason);
    return { ratios: { runtimeHooksThroughputRatio: { skipped: reason } } };
  }
  const { RuntimeMetrics } = rt.mod;
  const rounds = ctx.ci ? 30 : 60;
  const windowMs = ctx.ci ? 100 : 200;
  await pingPong(200); // warm up
  const on = [];
  const off = [];
  const ratios = [];
  const withHooks = async () => {
    const metrics = new RuntimeMetrics().start();
    await tick();
    const r = await pingPong(windowMs);
    await metrics.shutdown();
    return r;
  };
  for (let r = 0; r < rounds; r++) {
    global.gc();
    if (r % 2 === 0) {
      on.push(await withHooks());
      off.push(await pingPong(windowMs));
    } else {
      off.push(await pingPong(windowMs));
      on.push(await withHooks());
    }
    ratios.push(on[r] / off[r]);
  }
  const onPerS = median(on);
  const offPerS = median(off);
  const note = `${rounds} alternating ${windowMs} ms windows per side`;
  for (const [name, perS] of [
    [ON, onPerS],
    [OFF, offPerS],
  ]) {
    ctx.record({ name, medianNs: round(1e9 / perS, 1), heapBytesPerOp: null, maxLoopStallMs: null, spawns: 0, note });
  }
  return {
    ratios: { runtimeHooksThroughputRatio: round(median(ratios), 4) },
    info: {
      ratioOfMedians: round(onPerS / offPerS, 4),
      onIterationsPerS: on.map((v) => Math.round(v)),
      offIterationsPerS: off.map((v) => Math.round(v)),
    },
  };
}

module.exports = { run };
