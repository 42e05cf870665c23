'use strict';
// Builds the C floor (bench/floor.c) with cc -O2 into bench/build/floor, only when the source is newer.
const fs = require('fs');
const path = require('path');
const { original, uncounted } = require('./spawn-counter');
const { median } = require('./measure');

const SOURCE = path.join(__dirname, '..', 'floor.c');
const BUILD_DIR = path.join(__dirname, '..', 'build');
const BINARY = path.join(BUILD_DIR, 'floor');

/** Returns the path of the built floor binary; throws with the compiler's output when the build fails. */
function buildFloor() {
  fs.mkdirSync(BUILD_DIR, { recursive: true });
  const fresh =
    fs.existsSync(BINARY) && fs.statSync(BINARY).mtimeMs >= fs.statSync(SOURCE).mtimeMs;
  if (fresh) return BINARY;
  const cc = process.env.CC || 'cc';
  const r = uncounted(() =>
    original.spawnSync(cc, ['-O2', '-Wall', '-Wextra', '-Werror', '-o', BINARY, SOURCE], { encoding: 'utf8' }),
  );
  if (r.status !== 0) throw new Error(`building the C floor failed (${cc}): ${r.stderr || r.error}`);
  return BINARY;
}

/**
 * Runs the floor: `mode` is 'sample', 'sample-noparse', 'tcp', 'mounts' or 'cgroup'; `args` follow the iteration
 * count: a procRoot for 'sample' (and a rootFs for 'mounts': see floor.c), the files to read for 'cgroup' (an
 * array is spread). Returns its JSON line (nsPerOp: nanoseconds per iteration, measured inside the C process
 * around the loop only).
 */
function runFloor(mode, iterations, ...args) {
  const r = uncounted(() =>
    original.spawnSync(BINARY, [mode, String(iterations), ...args.flat()], { encoding: 'utf8', timeout: 120000 }),
  );
  if (r.status !== 0) throw new Error(`floor ${mode} failed: ${r.stderr || r.error}`);
  return JSON.parse(r.stdout);
}

/**
 * The floor against sample(): rounds of `iterations` samples each, the C program (`mode`, reading `files`) and
 * the JS loop alternating (ABAB, the order flipped every round), each timed inside its own loop. Ratio = median of
 * per-round ratios. With `noParse`, each round also times `sample-noparse` (the syscall share of the default floor).
 */
function floorRounds(sampler, rounds, iterations, noParse, mode = 'sample', files = []) {
  const js = [];
  const floor = [];
  const floorNoParse = [];
  const ratios = [];
  const runJs = () => {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) sampler.sample();
    return Number(process.hrtime.bigint() - t0) / iterations;
  };
  for (let i = 0; i < 200; i++) sampler.sample();
  for (let r = 0; r < rounds; r++) {
    let a;
    let b;
    if (r % 2 === 0) {
      b = runFloor(mode, iterations, files).nsPerOp;
      a = runJs();
    } else {
      a = runJs();
      b = runFloor(mode, iterations, files).nsPerOp;
    }
    js.push(a);
    floor.push(b);
    ratios.push(a / b);
    if (noParse) floorNoParse.push(runFloor('sample-noparse', iterations).nsPerOp);
  }
  return { js: median(js), floor: median(floor), floorNoParse: median(floorNoParse), ratio: median(ratios), ratios };
}

module.exports = { buildFloor, runFloor, floorRounds, BINARY };
