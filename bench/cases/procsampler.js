'use strict';
// procsampler itself: sample() for the default set and per source, sampleAsync(), snapshot(), and the C floor
// for the same sample, in paired rounds with it (bench/lib/build-floor.js).
const { loadProcsampler } = require('../lib/procsampler');
const { buildFloor, pairedFloorRounds, runFloor } = require('../lib/build-floor');
const { runCgroupFloor } = require('./cgroup');
const { round } = require('../lib/measure');

const DEFAULT_NAME = 'procsampler sample() (default sources)';
const FLOOR_NAME = 'C floor: same files, kept-open pread + parse';

async function run(ctx) {
  const loaded = loadProcsampler();
  buildFloor();
  // Many short rounds: on a shared machine a burst of noise then spoils few rounds, and the median drops them.
  const rounds = ctx.ci ? 25 : 61;
  const iterations = ctx.ci ? 400 : 1000;
  if (loaded.skipped) {
    const r = runFloor('sample', iterations);
    ctx.skip(DEFAULT_NAME, loaded.skipped);
    return {
      ratios: { sampleVsFloor: { skipped: loaded.skipped }, heapBytesPerSample: { skipped: loaded.skipped } },
      info: { floorNs: r.cpuNsPerOp },
    };
  }
  const { Sampler, SOURCE_NAMES } = loaded.mod;

  const sampler = new Sampler();
  sampler.sample();
  // The floor's rounds come first, on a quiet process, then the benchmark.js cases.
  const rounds_ = await pairedFloorRounds({ fn: () => sampler.sample(), iterations, rounds, noParse: true });
  ctx.log(
    `floor rounds: sample() ${round(rounds_.js / 1e3, 2)} us, floor ${round(rounds_.floor / 1e3, 2)} us ` +
      `(read only ${round(rounds_.floorNoParse / 1e3, 2)} us), ratio ${round(rounds_.ratio, 3)}`,
  );
  const defaultCase = await ctx.measure({
    name: DEFAULT_NAME,
    fn: () => sampler.sample(),
    heapOps: 100000,
    note: `heap window: 100,000 samples`,
  });
  // The floor's own row: its time from the paired rounds (a separate C process: no JS heap, no loop).
  const floorCase = {
    name: FLOOR_NAME,
    medianNs: round(rounds_.floor, 1),
    heapBytesPerOp: 0,
    maxLoopStallMs: null,
    spawns: 0,
    note: `median of ${rounds} rounds x ${iterations} samples, interleaved with sample(); read only: ${round(rounds_.floorNoParse, 1)} ns`,
  };
  ctx.record(floorCase);
  ctx.record({
    name: 'C floor: same files, read only (no parse)',
    medianNs: round(rounds_.floorNoParse, 1),
    heapBytesPerOp: 0,
    maxLoopStallMs: null,
    spawns: 0,
  });

  for (const source of SOURCE_NAMES) {
    if (source === 'filesystems') {
      ctx.skip(`procsampler sample() [${source}]`, 'filesystems are refreshed by sampleAsync() only (statvfs on a native thread)');
      continue;
    }
    const one = new Sampler({ sources: [source] });
    await ctx.measure({ name: `procsampler sample() [${source}]`, fn: () => one.sample() });
    one.close();
  }

  // The cgroup and pressure sources (not in the default set) against their own floor, in the same run.
  const cgroupVsFloor = await runCgroupFloor(ctx, Sampler, rounds, Math.max(100, iterations / 4));

  await sampler.sampleAsync();
  await ctx.measure({
    name: 'procsampler sampleAsync() (default sources)',
    async: true,
    fn: () => sampler.sampleAsync(),
    cpuOps: ctx.ci ? 20 : 100,
  });
  await ctx.measure({ name: 'procsampler snapshot()', fn: () => sampler.snapshot() });
  sampler.close();

  return {
    ratios: {
      sampleVsFloor: round(rounds_.ratio, 3),
      cgroupSampleVsFloor: cgroupVsFloor,
      heapBytesPerSample: defaultCase.skipped ? { skipped: defaultCase.skipped } : defaultCase.heapBytesPerOp,
    },
    info: {
      floorRounds: {
        rounds,
        iterations,
        sampleNs: round(rounds_.js, 1),
        floorNs: round(rounds_.floor, 1),
        floorReadOnlyNs: round(rounds_.floorNoParse, 1),
        perRoundRatios: rounds_.ratios.map((r) => round(r, 3)),
        benchmarkJsSampleNs: defaultCase.medianNs,
      },
    },
  };
}

module.exports = { run };
