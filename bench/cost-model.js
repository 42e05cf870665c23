'use strict';
// A deterministic reading of what a setup of the hello-world HTTP server costs a request, for comparing
// variants whose difference is below the throughput benchmark's noise (a percent between runs on a shared
// machine). The server (bench/lib/http-server-child.js, one mode) runs under valgrind's callgrind with
// instrumentation off; a keep-alive client warms it up, then instrumentation is switched on for a fixed number
// of requests and dumped. Per request, for the server's main thread: instructions (Ir), simulated L1
// instruction and data misses, last-level misses and branch mispredictions, and a cycle estimate that weighs
// them (ESTIMATE below). Not a benchmark of this machine (valgrind simulates its caches), so no target is
// checked on it; its ratios of estimates have matched the throughput benchmark's medians within its noise.
//
//   node bench/cost-model.js [mode ...] [--reps=N] [--warm=N] [--requests=N]
//   (modes of http-server-child.js; default: off channels loaded procsampler). Needs valgrind (apt-get install
//   valgrind) and a built dist/. Several minutes: each run is ~35 s. The server runs on the Node binary that runs
//   this script (another major: /path/to/node bench/cost-model.js; the addon is Node-API, so one build loads).
//   Repeats of 5,000 requests have read up to 3% apart (Node 20 on 3 December: off 128,887-132,029; more on 22
//   and 24): compare means of --reps=2 or more, with --requests=20000 for small differences.
const { spawn } = require('child_process');
const fs = require('fs');
const http = require('http');
const os = require('os');
const path = require('path');

const root = path.join(__dirname, '..');
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const a = args.find((x) => x.startsWith(`--${name}=`));
  return a ? Number(a.split('=')[1]) : dflt;
};
const modes = args.filter((a) => !a.startsWith('--'));
const REPS = opt('reps', 1);
const WARM = opt('warm', 20000);
const REQUESTS = opt('requests', 5000);
const CONNECTIONS = 10;
// Cycles per event: an instruction, an L1 miss served by L2, a last-level miss, a mispredicted branch.
const ESTIMATE = { Ir: 1, I1mr: 12, D1mr: 12, D1mw: 12, ILmr: 100, DLmr: 100, DLmw: 100, Bcm: 15, Bim: 15 };

/** Sends `n` GET / over CONNECTIONS keep-alive connections; resolves when every response has ended. */
function load(port, n) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  return new Promise((resolve, reject) => {
    let sent = 0;
    let done = 0;
    const one = () => {
      if (sent >= n) return;
      sent++;
      http
        .get({ host: '127.0.0.1', port, path: '/', agent }, (res) => {
          res.resume();
          res.on('end', () => {
            if (++done === n) {
              agent.destroy();
              resolve();
            } else one();
          });
        })
        .on('error', reject);
    };
    for (let i = 0; i < CONNECTIONS; i++) one();
  });
}

/** Runs `callgrind_control` with `args` against `pid`. */
function control(pid, ...controlArgs) {
  return new Promise((resolve, reject) => {
    const c = spawn('callgrind_control', [...controlArgs, String(pid)], { stdio: 'ignore' });
    c.on('error', reject);
    c.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`callgrind_control ${controlArgs.join(' ')}: ${code}`))));
  });
}

/** One run of `mode`: the main thread's events per request. */
async function run(mode, dir) {
  const out = path.join(dir, `cg.${mode}`);
  const server = spawn(
    'valgrind',
    ['--tool=callgrind', '--instr-atstart=no', '--separate-threads=yes', '--cache-sim=yes', '--branch-sim=yes', `--callgrind-out-file=${out}`, process.execPath, path.join(root, 'bench', 'lib', 'http-server-child.js'), mode],
    { stdio: ['ignore', 'pipe', 'ignore', 'ipc'] },
  );
  try {
    const port = await new Promise((resolve, reject) => {
      let text = '';
      server.stdout.on('data', (d) => {
        text += d;
        const m = /"port":(\d+)/.exec(text);
        if (m) resolve(Number(m[1]));
      });
      server.on('exit', (code) => reject(new Error(`server (${mode}) exited with ${code}`)));
    });
    await load(port, WARM);
    await control(server.pid, '-i', 'on');
    await load(port, REQUESTS);
    await control(server.pid, '-d');
  } finally {
    server.kill('SIGKILL');
  }
  // The dump of the main thread: <out>.1-01.
  const text = fs.readFileSync(`${out}.1-01`, 'utf8');
  const events = /^events: (.*)$/m.exec(text)[1].split(' ');
  const summary = /^summary: (.*)$/m.exec(text)[1].split(' ').map(Number);
  const per = {};
  events.forEach((e, i) => (per[e] = summary[i] / REQUESTS));
  per.estimate = Object.entries(ESTIMATE).reduce((s, [e, w]) => s + w * (per[e] || 0), 0);
  return per;
}

async function main() {
  const list = modes.length > 0 ? modes : ['off', 'channels', 'loaded', 'procsampler'];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'procsampler-cost-'));
  const rows = [];
  process.stdout.write(`node ${process.version}, ${WARM} warm-up requests, ${REQUESTS} counted, per request:\n`);
  try {
    for (let r = 0; r < REPS; r++) {
      for (const mode of list) {
        const per = await run(mode, dir);
        rows.push({ mode, ...per });
        const f = (k) => Math.round(per[k] || 0);
        process.stdout.write(
          `${mode.padEnd(12)} Ir ${f('Ir')}  I1mr ${f('I1mr')}  D1mr ${f('D1mr')}  D1mw ${f('D1mw')}  LLmiss ${((per.ILmr || 0) + (per.DLmr || 0) + (per.DLmw || 0)).toFixed(1)}  Bcm ${f('Bcm')}  Bim ${f('Bim')}  estimate ${f('estimate')}\n`,
        );
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const mean = (mode) => {
    const v = rows.filter((x) => x.mode === mode).map((x) => x.estimate);
    return v.reduce((a, b) => a + b, 0) / v.length;
  };
  // Against no instrumentation, and against the same setup loaded with the metrics not started (a service that
  // has procsampler and the SDK set up either way).
  const distinct = [...new Set(list)];
  for (const base of ['off', 'loaded']) {
    if (!distinct.includes(base)) continue;
    for (const mode of distinct) {
      if (mode !== base && mode !== 'off') process.stdout.write(`${mode}: ${base} / ${mode} estimate ${(mean(base) / mean(mode)).toFixed(4)}\n`);
    }
  }
}

main().catch((error) => {
  process.stderr.write(`${error && error.stack ? error.stack : error}\n`);
  process.exit(1);
});
