'use strict';
// Loads the built package (dist/ and the addon) for the benchmark; a missing build is a recorded skip.
const path = require('path');

const ROOT = path.join(__dirname, '..', '..');

/** Returns { mod } (the dist/index.js exports) or { skipped: reason }. */
function loadProcsampler() {
  let mod;
  try {
    mod = require(path.join(ROOT, 'dist', 'index.js'));
  } catch (error) {
    return { skipped: `procsampler is not built (npm run build): ${error.message.split('\n')[0]}` };
  }
  if (typeof mod.nativeAvailable === 'function' && !mod.nativeAvailable()) {
    return { skipped: 'the procsampler addon is not available on this machine' };
  }
  return { mod };
}

/** Requires dist/<sub> (e.g. 'otel', 'runtime'); returns the module or { skipped: reason }. */
function loadDist(sub) {
  try {
    return { mod: require(path.join(ROOT, 'dist', sub)) };
  } catch (error) {
    return { skipped: `dist/${sub} is not available (merge main and build): ${error.message.split('\n')[0]}` };
  }
}

module.exports = { loadProcsampler, loadDist, ROOT };
