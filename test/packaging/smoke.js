#!/usr/bin/env node
'use strict';
// Smoke test of a built package: loads the addon through the package's own entry point, takes real samples and
// compares them with what plain JavaScript reads from /proc. Runs on every Node >= 18 and under
// qemu-aarch64-static (so it uses no test framework). Exits 0 when every check passed, 1 otherwise.
//
// Usage: node test/packaging/smoke.js [packageDir] [--expect-prebuild | --expect-build]
//   packageDir         the package to require (default: this repository, i.e. its dist/ and build or prebuilds)
//   --expect-prebuild  also require that the addon came from prebuilds/linux-<arch>/ (run with PREBUILDS_ONLY=1
//                      inside a repository that also has a build/Release)
//   --expect-build     also require that the addon came from build/Release/ (a source build)
const fs = require('fs');
const path = require('path');

const args = process.argv.slice(2);
const expectPrebuild = args.includes('--expect-prebuild');
const expectBuild = args.includes('--expect-build');
const packageDir = path.resolve(args.find((a) => !a.startsWith('--')) || path.join(__dirname, '..', '..'));

let failed = 0;
let passed = 0;
function check(name, ok, detail) {
  if (ok) {
    passed++;
    console.log(`ok   ${name}`);
  } else {
    failed++;
    console.log(`FAIL ${name}${detail === undefined ? '' : `: ${detail}`}`);
  }
}

function readProc(file) {
  return fs.readFileSync(path.join('/proc', file), 'utf8');
}

function memTotalBytes() {
  const match = /^MemTotal:\s+(\d+) kB$/m.exec(readProc('meminfo'));
  return match ? Number(match[1]) * 1024 : NaN;
}

function cpuLines() {
  return readProc('stat')
    .split('\n')
    .filter((line) => /^cpu\d+ /.test(line)).length;
}

function bootTime() {
  const match = /^btime (\d+)$/m.exec(readProc('stat'));
  return match ? Number(match[1]) : NaN;
}

async function main() {
  const where = `${process.version} ${process.platform}-${process.arch}`;
  console.log(`smoke: ${packageDir} on ${where}`);

  const pkg = require(packageDir);
  check('the package exports Sampler', typeof pkg.Sampler === 'function', typeof pkg.Sampler);

  const native = require(path.join(packageDir, 'dist', 'native.js'));
  const available = native.nativeAvailable();
  let reason = '';
  if (!available) {
    try {
      native.loadAddon();
    } catch (error) {
      reason = error.message;
    }
  }
  check('nativeAvailable() is true', available === true, reason);
  if (!available) return;

  const loaded = require('node-gyp-build').path(packageDir);
  console.log(`     addon: ${path.relative(packageDir, loaded)}`);
  if (expectPrebuild) {
    const dir = path.join(packageDir, 'prebuilds', `linux-${process.arch}`);
    check(`the addon is the prebuild in prebuilds/linux-${process.arch}`, path.dirname(loaded) === dir, loaded);
  }
  if (expectBuild) {
    const file = path.join(packageDir, 'build', 'Release', 'procsampler.node');
    check('the addon is the source build in build/Release', loaded === file, loaded);
  }

  const sampler = new pkg.Sampler();
  try {
    sampler.sample();
    const snap = sampler.snapshot();

    const wantTotal = memTotalBytes();
    const gotTotal = snap.memory && snap.memory.total;
    check('memory.total equals MemTotal * 1024 from /proc/meminfo', gotTotal === wantTotal, `got ${gotTotal}, want ${wantTotal}`);

    const wantCpus = cpuLines();
    const gotCpus = snap.cpu && snap.cpu.count;
    check('cpu.count > 0 and equals the cpuN lines of /proc/stat', gotCpus > 0 && gotCpus === wantCpus, `got ${gotCpus}, want ${wantCpus}`);

    const user = snap.cpu && snap.cpu.total && snap.cpu.total.user;
    check('cpu.total.user is a positive number of seconds', typeof user === 'number' && user > 0, user);

    const wantBoot = bootTime();
    const gotBoot = snap.system && snap.system.bootTime;
    check('system.bootTime equals btime of /proc/stat', gotBoot === wantBoot, `got ${gotBoot}, want ${wantBoot}`);

    const gotPid = snap.process && snap.process.pid;
    check('process.pid equals process.pid', gotPid === process.pid, `got ${gotPid}, want ${process.pid}`);

    await sampler.sampleAsync();
    const after = sampler.snapshot();
    const fsList = after.filesystems || [];
    check(
      'sampleAsync() lists the root filesystem with a positive size',
      fsList.some((f) => f.mountpoint === '/' && typeof f.total === 'number' && f.total > 0),
      JSON.stringify(fsList.filter((f) => f.mountpoint === '/')),
    );
    check('memory.total is unchanged after sampleAsync()', after.memory && after.memory.total === wantTotal);
  } finally {
    sampler.close();
  }
  await runtimeChecks(pkg);
}

/**
 * The runtime metrics on this Node: the addon binds V8's C++ API by name at load time (native/v8_heap.h), so each
 * Node version and architecture is checked here: heap spaces as V8 lists them, GC pauses from V8's callbacks,
 * and a per-iteration delay from the hook.
 */
async function runtimeChecks(pkg) {
  const v8 = require('v8');
  const vm = require('vm');
  const { runtimeCore } = require(path.join(packageDir, 'dist', 'runtime', 'native-runtime.js'));
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc');
  const runtime = new pkg.RuntimeMetrics({ instruments: false }).start();
  try {
    const info = runtimeCore().info();
    check('runtime: V8 heap and GC API found (native/v8_heap.h)', info.heap === 'v8' && info.gc === 'v8', JSON.stringify(info));
    const before = runtime.snapshot();
    const names = v8.getHeapSpaceStatistics().map((s) => s.space_name);
    check('runtime: heap spaces are V8’s', JSON.stringify(before.heap.spaces.map((s) => s.name)) === JSON.stringify(names), JSON.stringify(before.heap.spaces.map((s) => s.name)));
    gc();
    gc();
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
    const after = runtime.snapshot();
    const majors = after.gc.byType.major.count - before.gc.byType.major.count;
    check('runtime: two forced GCs counted as major pauses', majors >= 2 && after.gc.byType.major.totalDuration > 0, `${majors}`);
    check('runtime: the per-iteration hook recorded loop iterations', after.eventLoop.delay.count >= 3, `${after.eventLoop.delay.count}`);
  } finally {
    runtime.shutdown();
  }
}

main()
  .catch((error) => {
    failed++;
    console.log(`FAIL uncaught: ${error && error.stack ? error.stack : error}`);
  })
  .then(() => {
    console.log(`smoke: ${passed} passed, ${failed} failed`);
    process.exitCode = failed === 0 && passed > 0 ? 0 : 1;
  });
