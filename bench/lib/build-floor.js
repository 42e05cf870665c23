'use strict';
// Builds the C floor (bench/floor.c) with cc -O2 into bench/build/floor, only when the source is newer.
const fs = require('fs');
const path = require('path');
const { original, uncounted } = require('./spawn-counter');

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
 * Runs the floor: `mode` is 'sample', 'sample-noparse', 'tcp' or 'mounts'; `args` follow the iteration count (a
 * procRoot, and for 'mounts' a rootFs: see floor.c). Returns its JSON line (nsPerOp: nanoseconds per iteration,
 * measured inside the C process around the loop only).
 */
function runFloor(mode, iterations, ...args) {
  const r = uncounted(() =>
    original.spawnSync(BINARY, [mode, String(iterations), ...args], { encoding: 'utf8', timeout: 120000 }),
  );
  if (r.status !== 0) throw new Error(`floor ${mode} failed: ${r.stderr || r.error}`);
  return JSON.parse(r.stdout);
}

module.exports = { buildFloor, runFloor, BINARY };
