'use strict';
// Builds the benchmark's C tools (bench/floor.c, bench/load.c) with cc -O2 into bench/build/, each only when its
// source is newer than its binary.
const fs = require('fs');
const path = require('path');
const { original, uncounted } = require('./spawn-counter');
const { median, timeLoopCpu } = require('./measure');
const { LineChild } = require('./line-child');

const BUILD_DIR = path.join(__dirname, '..', 'build');
const BINARY = path.join(BUILD_DIR, 'floor');

/** Builds bench/NAME.c into bench/build/NAME; returns its path; throws with the compiler's output on failure. */
function buildTool(name) {
  const source = path.join(__dirname, '..', `${name}.c`);
  const binary = path.join(BUILD_DIR, name);
  fs.mkdirSync(BUILD_DIR, { recursive: true });
  const fresh = fs.existsSync(binary) && fs.statSync(binary).mtimeMs >= fs.statSync(source).mtimeMs;
  if (fresh) return binary;
  const cc = process.env.CC || 'cc';
  const r = uncounted(() =>
    original.spawnSync(cc, ['-O2', '-Wall', '-Wextra', '-Werror', '-o', binary, source], { encoding: 'utf8' }),
  );
  if (r.status !== 0) throw new Error(`building bench/${name}.c failed (${cc}): ${r.stderr || r.error}`);
  return binary;
}

/** Returns the path of the built floor binary (bench/floor.c). */
function buildFloor() {
  return buildTool('floor');
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
 * A floor process kept running (`floor MODE serve ARGS`): its files opened once, a batch of `iterations` samples
 * run per call, and while it runs this process's main thread and the floor share one CPU (floor.c pins both and
 * gives the mask back when its stdin closes; a floor killed before that leaves the main thread pinned). On these
 * shared VMs one virtual CPU runs up to 40 % slower than the other for 0.1 s to seconds: a floor process started
 * per round (10-30 ms from the sampler's batch, free to run on the other CPU) met another CPU and moment.
 */
class FloorServer {
  #child;

  constructor(mode, ...args) {
    this.#child = new LineChild(`floor ${mode} serve`, BINARY, [mode, 'serve', ...args.flat()]);
  }

  /** The floor process's pid. */
  get pid() {
    return this.#child.pid;
  }

  /** Runs one batch; resolves to the floor's JSON line ({ iterations, nsPerOp, cpuNsPerOp, checksum }). */
  run(iterations) {
    return this.#child.ask(String(iterations));
  }

  /** Closes its stdin and waits for it to exit. */
  close() {
    return this.#child.close();
  }
}

/**
 * `fn` (one sample) against the floor (`mode` with `args`: see floor.c) in `rounds` paired batches of `iterations`
 * each, the order flipped every round, a FloorServer's batch right before or after the sampler's. Both sides are
 * timed by the wall clock and by their own CPU time; the ratio is the median of the per-round CPU ratios (on a
 * shared machine the wall clock of a batch mostly measures the other tenants). With `noParse`, each round also
 * times `sample-noparse` on the same root (the syscall share of the default floor).
 * Returns ns per sample: { js, floor, jsWall, floorWall, floorNoParse, ratio, wallRatio, ratios }.
 */
async function pairedFloorRounds({ fn, iterations, rounds, mode = 'sample', args = [], noParse = false }) {
  const floorServer = new FloorServer(mode, args);
  const noParseServer = noParse ? new FloorServer('sample-noparse', args) : null;
  try {
    // A batch each to warm up (the floor's first batch pays its page faults; V8 finishes optimizing fn).
    await floorServer.run(iterations);
    if (noParseServer) await noParseServer.run(iterations);
    timeLoopCpu(fn, iterations);
    const js = [];
    const floor = [];
    const floorNoParse = [];
    for (let r = 0; r < rounds; r++) {
      let a;
      let b;
      if (r % 2 === 0) {
        b = await floorServer.run(iterations);
        a = timeLoopCpu(fn, iterations);
      } else {
        a = timeLoopCpu(fn, iterations);
        b = await floorServer.run(iterations);
      }
      js.push(a);
      floor.push(b);
      if (noParseServer) floorNoParse.push((await noParseServer.run(iterations)).cpuNsPerOp);
    }
    return {
      js: median(js.map((x) => x.cpu)),
      floor: median(floor.map((x) => x.cpuNsPerOp)),
      jsWall: median(js.map((x) => x.wall)),
      floorWall: median(floor.map((x) => x.nsPerOp)),
      floorNoParse: noParse ? median(floorNoParse) : null,
      ratio: median(js.map((x, i) => x.cpu / floor[i].cpuNsPerOp)),
      wallRatio: median(js.map((x, i) => x.wall / floor[i].nsPerOp)),
      ratios: js.map((x, i) => x.cpu / floor[i].cpuNsPerOp),
    };
  } finally {
    // In the reverse order of their start: each gives back the CPU mask it found.
    if (noParseServer) await noParseServer.close();
    await floorServer.close();
  }
}

module.exports = { buildTool, buildFloor, runFloor, FloorServer, pairedFloorRounds, BINARY };
