'use strict';
// One process of the runtime-hook throughput measurement (bench/cases/runtime.js starts several: the hook's
// cost depends a little on where the process's code and data land, so one process is one draw).
// Runs `rounds` rounds of three windows, off / on / off (order of the offs alternating), each a setImmediate
// ping-pong for `windowMs`, and prints one JSON line:
//   { ratios: on / mean(off, off) per round, aa: off / off per round (the noise of the method itself),
//     on / off: turns per second of each window, info: the native hook's paths }
// "On" is `new RuntimeMetrics().start()`: the per-iteration hook and the GC observer, as an application has them.
const path = require('path');
const { performance } = require('perf_hooks');

const [rounds, windowMs] = process.argv.slice(2).map(Number);
const { RuntimeMetrics } = require(path.join(__dirname, '..', '..', 'dist', 'runtime'));
const { runtimeCore } = require(path.join(__dirname, '..', '..', 'dist', 'runtime', 'native-runtime'));

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
        if (now >= end) return resolve({ wall: (n * 1000) / (now - start) });
      }
      setImmediate(step);
    };
    setImmediate(step);
  });
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

async function withHooks(ms) {
  const metrics = new RuntimeMetrics().start();
  await tick();
  const r = await pingPong(ms);
  metrics.shutdown();
  return r;
}

async function main() {
  // Warm up both paths; the first start also calibrates the hook's clock (20 ms), as in any process.
  await pingPong(200);
  await withHooks(100);
  await new Promise((resolve) => setTimeout(resolve, 10)); // one idle wait: validates the idle-time read
  await withHooks(50);
  const ratios = [];
  const aa = [];
  const on = [];
  const off = [];
  // No gc() between rounds: the window right after a full GC runs slower (V8 shrank the young generation, which
  // then grows back), and that would weigh on whichever window came first.
  for (let r = 0; r < rounds; r++) {
    const first = await pingPong(windowMs);
    const hooked = await withHooks(windowMs);
    const second = await pingPong(windowMs);
    const [a, b] = r % 2 === 0 ? [first, second] : [second, first];
    ratios.push(hooked.wall / ((a.wall + b.wall) / 2));
    aa.push(a.wall / b.wall);
    on.push(hooked.wall);
    off.push(a.wall, b.wall);
  }
  process.stdout.write(`${JSON.stringify({ ratios, aa, on, off, info: runtimeCore().info() })}\n`);
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`${error && error.stack ? error.stack : error}\n`);
    process.exit(1);
  },
);
