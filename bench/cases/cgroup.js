'use strict';
// The cgroup and pressure sources against the C floor reading the same files the same way (bench/floor.c
// `cgroup` mode): the files are the ones the sampler keeps open, found from its new descriptors in /proc/self/fd,
// so the floor cannot read a different set. Paired rounds (bench/lib/build-floor.js) as for the default floor.
const fs = require('fs');
const { pairedFloorRounds } = require('../lib/build-floor');
const { round } = require('../lib/measure');

const NAME = 'procsampler sample() [cgroup, pressure]';
const FLOOR_NAME = 'C floor: the cgroup and pressure files, kept-open pread + parse';

function openFds() {
  const out = new Map();
  for (const fd of fs.readdirSync('/proc/self/fd')) {
    try {
      out.set(fd, fs.readlinkSync(`/proc/self/fd/${fd}`));
    } catch {
      // closed while listing (the directory's own descriptor)
    }
  }
  return out;
}

/** Opens the sampler and returns it with the paths of the regular files it opened. */
function openWithFiles(Sampler) {
  const before = openFds();
  const sampler = new Sampler({ sources: ['cgroup', 'pressure'] });
  const files = [];
  for (const [fd, target] of openFds()) {
    if (!before.has(fd) && target.startsWith('/') && fs.statSync(target).isFile()) files.push(target);
  }
  return { sampler, files };
}

/** Runs the rounds and records both rows; returns the ratio (or a { skipped } object). */
async function runCgroupFloor(ctx, Sampler, rounds, iterations) {
  const { sampler, files } = openWithFiles(Sampler);
  sampler.sample();
  if (sampler.snapshot().cgroup === null || files.length === 0) {
    const why = 'no cgroup found for this process';
    ctx.skip(NAME, why);
    sampler.close();
    return { skipped: why };
  }
  const r = await pairedFloorRounds({ fn: () => sampler.sample(), iterations, rounds, mode: 'cgroup', args: files });
  ctx.log(
    `cgroup floor rounds (${files.length} files): sample() ${round(r.js / 1e3, 2)} us, ` +
      `floor ${round(r.floor / 1e3, 2)} us, ratio ${round(r.ratio, 3)}`,
  );
  const note = `median of ${rounds} rounds x ${iterations} samples of ${files.length} files, interleaved`;
  ctx.record({ name: NAME, medianNs: round(r.js, 1), heapBytesPerOp: null, maxLoopStallMs: null, spawns: 0, note });
  ctx.record({ name: FLOOR_NAME, medianNs: round(r.floor, 1), heapBytesPerOp: 0, maxLoopStallMs: null, spawns: 0, note });
  sampler.close();
  return round(r.ratio, 3);
}

module.exports = { runCgroupFloor };
