'use strict';
// Builds the C floor (bench/floor.c) with cc -O2 into bench/build/floor, only when the source is newer.
const fs = require('fs');
const path = require('path');
const { original, uncounted } = require('./spawn-counter');
const { median, timeLoopCpu } = require('./measure');

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
 * A floor process kept running (`floor MODE serve ARGS`): its files opened once, a batch of `iterations` samples
 * run per call, and while it runs this process's main thread and the floor share one CPU (floor.c pins both and
 * gives the mask back when its stdin closes; a floor killed before that leaves the main thread pinned). On these
 * shared VMs one virtual CPU runs up to 40 % slower than the other for 0.1 s to seconds: a floor process started
 * per round (10-30 ms from the sampler's batch, free to run on the other CPU) met another CPU and moment.
 */
class FloorServer {
  #child;
  #waiting = [];
  #buffered = '';
  #stderr = '';
  #exited = null;

  constructor(mode, ...args) {
    this.#child = uncounted(() => original.spawn(BINARY, [mode, 'serve', ...args.flat()], { stdio: ['pipe', 'pipe', 'pipe'] }));
    this.#child.stdout.setEncoding('utf8');
    this.#child.stdout.on('data', (chunk) => {
      this.#buffered += chunk;
      let nl;
      while ((nl = this.#buffered.indexOf('\n')) >= 0) {
        const line = this.#buffered.slice(0, nl);
        this.#buffered = this.#buffered.slice(nl + 1);
        const waiter = this.#waiting.shift();
        if (waiter) waiter.resolve(line);
      }
    });
    this.#child.stdin.on('error', () => undefined); // a write after it exited: 'close' reports why
    this.#child.stderr.setEncoding('utf8');
    this.#child.stderr.on('data', (chunk) => (this.#stderr += chunk));
    const fail = (why) => {
      this.#exited = new Error(`floor ${mode} serve: ${why}${this.#stderr ? `: ${this.#stderr.trim()}` : ''}`);
      for (const waiter of this.#waiting.splice(0)) waiter.reject(this.#exited);
    };
    this.#child.on('error', (error) => fail(error.message));
    this.#child.on('close', (code, signal) => fail(`exited (${signal || code})`));
  }

  /** The floor process's pid. */
  get pid() {
    return this.#child.pid;
  }

  /** Runs one batch; resolves to the floor's JSON line ({ iterations, nsPerOp, cpuNsPerOp, checksum }). */
  async run(iterations) {
    if (this.#exited) throw this.#exited;
    const line = await new Promise((resolve, reject) => {
      this.#waiting.push({ resolve, reject });
      this.#child.stdin.write(`${iterations}\n`);
    });
    return JSON.parse(line);
  }

  /** Closes its stdin and waits for it to exit. */
  async close() {
    if (this.#exited) return;
    const exited = new Promise((resolve) => this.#child.once('close', resolve));
    this.#child.stdin.end();
    await exited;
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

module.exports = { buildFloor, runFloor, FloorServer, pairedFloorRounds, BINARY };
