'use strict';
// A seeded generator (mulberry32), shared by the benchmark and the tests, so that a run reproduces.

/** Returns a function of uniform numbers in [0, 1) from `seed`. */
function random(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

module.exports = { random };
