/**
 * No native heap allocation on the sample path: ltrace counts the malloc/new calls made from procsampler.node
 * while a warmed-up sampler runs 2,000 samples. Set-up may allocate (buffers, names); the steady state must not.
 * Needs ltrace (.ci/run installs it).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { describeIf, file, tool } from '../support/needs';

const root = path.join(__dirname, '..', '..');
const needs = [
  tool('ltrace', ['-V'], 'apt-get install ltrace'),
  file(path.join(root, 'dist', 'index.js'), 'the compiled package (npm run build:ts)'),
];

/**
 * Runs `body` (CommonJS; it writes MARK-STEADY and MARK-END to stderr around its steady state) under ltrace and
 * returns the malloc/new calls made from procsampler.node before the steady state and within it.
 */
function addonAllocations(name: string, body: string): { setup: number; steady: number } {
  const script = path.join(os.tmpdir(), `procsampler-${name}-${process.pid}.js`);
  fs.writeFileSync(script, body);
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
    return { setup: fromAddon(out.slice(0, start)), steady: fromAddon(out.slice(start, end)) };
  } finally {
    fs.rmSync(script, { force: true });
  }
}

describeIf('no native allocation on the sample paths (ltrace)', needs, () => {
test('sample() makes no malloc/new call from the addon in the steady state', () => {
  const { setup, steady } = addonAllocations(
    'alloc',
    `const { Sampler } = require(${JSON.stringify(path.join(root, 'dist'))});
     const s = new Sampler();
     for (let i = 0; i < 50; i++) s.sample();
     process.stderr.write('MARK-STEADY\\n');
     for (let i = 0; i < 2000; i++) s.sample();
     process.stderr.write('MARK-END\\n');
     s.close();`,
  );
  // The addon does allocate at set-up (the tracing works), and never in the 2,000 samples.
  expect(setup).toBeGreaterThan(0);
  expect(steady).toBe(0);
}, 150000);

test.each([
  ['this machine', '{ sources: ["cgroup", "pressure"] }'],
  ['the v2 fixture', `{ sources: ["cgroup", "pressure"], procRoot: ${JSON.stringify(path.join(root, 'test/fixtures/cgroup/v2-limits/proc'))}, cgroupRoot: ${JSON.stringify(path.join(root, 'test/fixtures/cgroup/v2-limits/sys/fs/cgroup'))} }`],
])('the cgroup and pressure sources make no malloc/new call from the addon in the steady state (%s)', (_what, options) => {
  const { setup, steady } = addonAllocations(
    'cgroup-alloc',
    `const { Sampler } = require(${JSON.stringify(path.join(root, 'dist'))});
     const s = new Sampler(${options});
     for (let i = 0; i < 50; i++) s.sample();
     if (s.snapshot().cgroup === null) throw new Error('no cgroup read');
     process.stderr.write('MARK-STEADY\\n');
     for (let i = 0; i < 2000; i++) s.sample();
     process.stderr.write('MARK-END\\n');
     s.close();`,
  );
  expect(setup).toBeGreaterThan(0); // discovery, paths and buffers at construction
  expect(steady).toBe(0);
}, 150000);

test('the runtime hook and its reads make no malloc/new call from the addon in the steady state', () => {
  // A started RuntimeMetrics (window, GC callbacks, hook), loop iterations, forced GCs, and every kind of read.
  const { setup, steady } = addonAllocations(
    'rt-alloc',
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
  expect(setup).toBeGreaterThan(0); // the window's buffers at start()
  expect(steady).toBe(0); // 6,000 iterations, 20 GCs, 40 reads
}, 150000);
});
