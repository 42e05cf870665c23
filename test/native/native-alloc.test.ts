/**
 * No native heap allocation on the sample path: ltrace counts the malloc/new calls made from procsampler.node
 * while a warmed-up sampler runs 2,000 samples. Set-up may allocate (buffers, names); the steady state must not.
 * Needs ltrace (.ci/run installs it).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const root = path.join(__dirname, '..', '..');
const haveLtrace = !spawnSync('ltrace', ['-V']).error;
const haveDist = fs.existsSync(path.join(root, 'dist', 'index.js'));
const run = (haveLtrace && haveDist) || process.env.CI === 'true' ? test : test.skip;

run('sample() makes no malloc/new call from the addon in the steady state', () => {
  const script = path.join(os.tmpdir(), `procsampler-alloc-${process.pid}.js`);
  fs.writeFileSync(
    script,
    `const { Sampler } = require(${JSON.stringify(path.join(root, 'dist'))});
     const s = new Sampler();
     for (let i = 0; i < 50; i++) s.sample();
     process.stderr.write('MARK-STEADY\\n');
     for (let i = 0; i < 2000; i++) s.sample();
     process.stderr.write('MARK-END\\n');
     s.close();`,
  );
  try {
    // Only calls whose call site is in the addon (symbol@library), so node's own allocations are not traced.
    const lib = 'procsampler.node';
    const filter = ['malloc', 'calloc', 'realloc', 'posix_memalign', '_Znwm', '_Znam'].map((f) => `${f}@${lib}`).join('+');
    const r = spawnSync('ltrace', ['-f', '-e', filter, process.execPath, script], {
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
      timeout: 120000,
    });
    const out = `${r.stdout}${r.stderr}`;
    const start = out.indexOf('MARK-STEADY');
    const end = out.indexOf('MARK-END');
    expect(start).toBeGreaterThan(0);
    expect(end).toBeGreaterThan(start);
    const fromAddon = (s: string): number => s.split('\n').filter((l) => l.includes('procsampler.node->')).length;
    // The addon does allocate at set-up (the tracing works), and never in the 2,000 samples.
    expect(fromAddon(out.slice(0, start))).toBeGreaterThan(0);
    expect(fromAddon(out.slice(start, end))).toBe(0);
  } finally {
    fs.rmSync(script, { force: true });
  }
}, 150000);

run('the runtime hook and its reads make no malloc/new call from the addon in the steady state', () => {
  const script = path.join(os.tmpdir(), `procsampler-rt-alloc-${process.pid}.js`);
  // A started RuntimeMetrics (window, GC callbacks, hook), loop iterations, forced GCs, and every kind of read.
  fs.writeFileSync(
    script,
    `const { RuntimeMetrics } = require(${JSON.stringify(path.join(root, 'dist'))});
     require('v8').setFlagsFromString('--expose-gc');
     const gc = require('vm').runInNewContext('gc');
     const rm = new RuntimeMetrics({ instruments: false }).start();
     const turns = (n) => new Promise((resolve) => { let i = 0; const step = () => (++i < n ? setImmediate(step) : resolve()); setImmediate(step); });
     (async () => {
       await turns(50); rm.snapshot(); rm.metricData(); rm.metricData(); gc();
       process.stderr.write('MARK-STEADY\\n');
       for (let k = 0; k < 20; k++) { await turns(300); gc(); rm.snapshot(); rm.metricData(); }
       process.stderr.write('MARK-END\\n');
       rm.shutdown();
     })();`,
  );
  try {
    const lib = 'procsampler.node';
    const filter = ['malloc', 'calloc', 'realloc', 'posix_memalign', '_Znwm', '_Znam'].map((f) => `${f}@${lib}`).join('+');
    const r = spawnSync('ltrace', ['-f', '-e', filter, process.execPath, script], {
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
      timeout: 120000,
    });
    const out = `${r.stdout}${r.stderr}`;
    const start = out.indexOf('MARK-STEADY');
    const end = out.indexOf('MARK-END');
    expect(start).toBeGreaterThan(0);
    expect(end).toBeGreaterThan(start);
    const fromAddon = (s: string): number => s.split('\n').filter((l) => l.includes('procsampler.node->')).length;
    expect(fromAddon(out.slice(0, start))).toBeGreaterThan(0); // the window's buffers at start()
    expect(fromAddon(out.slice(start, end))).toBe(0); // 6,000 iterations, 20 GCs, 40 reads
  } finally {
    fs.rmSync(script, { force: true });
  }
}, 150000);
