#!/usr/bin/env node
'use strict';
// The package's install script. It never fails the consumer's `npm install`:
//   1. a prebuilt binary (prebuilds/<platform>-<arch>/) or a local build (build/Release) that loads: exit 0;
//   2. otherwise build from source with node-gyp (the one npm bundles for its users);
//   3. if that fails too: print ONE warning and exit 0. The library then reports the missing addon itself
//      (nativeAvailable() is false; new Sampler() throws PROCSAMPLER_NATIVE_UNAVAILABLE).
// The library never depends on this script having run: node-gyp-build picks the prebuild at run time.
//
// Force a source build with `npm install procsampler --build-from-source` (npm_config_build_from_source=true)
// or PROCSAMPLER_BUILD_FROM_SOURCE=1.
//
// In a clone of the repository (src/ and tsconfig.build.json present: the tarball ships neither) it also compiles
// the TypeScript into dist/, which `npm install` / `npm ci` in a clone are expected to do. That is why the package
// has no `prepare` script: npm would publish it as one more install script for consumers to allow. A failed
// compile in a clone fails the clone's install (a developer must see it); a consumer never gets here.

const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');

const root = path.join(__dirname, '..');
const verbose = process.env.npm_config_loglevel === 'verbose' || process.env.npm_config_loglevel === 'silly';

function truthy(value) {
  return value !== undefined && value !== '' && value !== '0' && value !== 'false';
}

function forceSource() {
  const flag = process.env.npm_config_build_from_source;
  // node-gyp-build's convention: `true`, or a comma-separated list of package names.
  if (flag === 'true' || (flag && flag.split(',').includes('procsampler'))) return true;
  return truthy(process.env.PROCSAMPLER_BUILD_FROM_SOURCE);
}

/** Returns the path of a binary that loads in this Node, or null with the reason. */
function loadable() {
  let file;
  try {
    file = require('node-gyp-build').path(root);
  } catch (error) {
    return { file: null, reason: String(error.message).split('\n')[0] };
  }
  try {
    require(file);
    return { file, reason: '' };
  } catch (error) {
    return { file: null, reason: `${path.relative(root, file)} did not load: ${String(error.message).split('\n')[0]}` };
  }
}

function nodeGypScript() {
  const candidates = [];
  if (process.env.npm_config_node_gyp) candidates.push(process.env.npm_config_node_gyp);
  try {
    candidates.push(require.resolve('node-gyp/bin/node-gyp.js'));
  } catch {
    // not installed next to us: fall through to npm's own copy
  }
  candidates.push(
    path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
  );
  return candidates.find((file) => fs.existsSync(file)) || null;
}

/** Node's own headers next to its binary (official tarballs and distro packages ship them): no download needed. */
function localNodedir() {
  if (process.env.npm_config_nodedir) return null;
  const prefix = path.join(path.dirname(process.execPath), '..');
  return fs.existsSync(path.join(prefix, 'include', 'node', 'node_api.h')) ? path.resolve(prefix) : null;
}

function buildFromSource() {
  const script = nodeGypScript();
  if (!script) return { ok: false, reason: 'node-gyp was not found (npm normally bundles it)' };
  const args = [script, 'rebuild', '--jobs=max'];
  const nodedir = localNodedir();
  if (nodedir) args.push(`--nodedir=${nodedir}`);
  const log = path.join(root, 'build-error.log');
  const result = spawnSync(process.execPath, args, {
    cwd: root,
    encoding: 'utf8',
    stdio: verbose ? 'inherit' : 'pipe',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status === 0) {
    fs.rmSync(log, { force: true });
    return { ok: true, reason: '' };
  }
  const output = `${result.stdout || ''}${result.stderr || ''}`;
  let where = '';
  try {
    fs.writeFileSync(log, `node ${args.join(' ')}\n${output}`);
    where = ` (full log: ${log})`;
  } catch {
    // a read-only install: the reason below is all we can give
  }
  const firstError = output.split('\n').find((line) => /error/i.test(line)) || '';
  const why = result.error ? result.error.message : `node-gyp exited with ${result.status ?? result.signal}`;
  return { ok: false, reason: `${why}${firstError ? `: ${firstError.trim()}` : ''}${where}` };
}

/** In a clone: tsc -p tsconfig.build.json. Returns null when not a clone or compiled, else why it failed. */
function compileClone() {
  const config = path.join(root, 'tsconfig.build.json');
  if (!fs.existsSync(config) || !fs.existsSync(path.join(root, 'src'))) return null;
  let tsc;
  try {
    tsc = require.resolve('typescript/bin/tsc', { paths: [root] });
  } catch {
    return 'typescript is not installed (npm install without --omit=dev)';
  }
  const result = spawnSync(process.execPath, [tsc, '-p', config], { cwd: root, stdio: 'inherit' });
  return result.status === 0 ? null : `tsc -p tsconfig.build.json exited with ${result.status ?? result.signal}`;
}

function main() {
  const force = forceSource();
  let prebuiltReason = 'a source build was requested';
  if (!force) {
    const found = loadable();
    if (found.file) {
      if (verbose) console.log(`procsampler: using ${path.relative(root, found.file)}`);
      return;
    }
    prebuiltReason = found.reason;
  }
  const built = buildFromSource();
  if (built.ok && loadable().file) return;
  const target = `${os.platform()}-${os.arch()} (Node ${process.versions.node}, ABI ${process.versions.modules})`;
  console.warn(
    `procsampler: WARNING: no native addon for ${target}. No usable prebuilt binary (${prebuiltReason}), ` +
      `and the source build failed (${built.ok ? 'the built addon did not load' : built.reason}). ` +
      'The package is installed, but new Sampler() will throw PROCSAMPLER_NATIVE_UNAVAILABLE and HostMetrics ' +
      'falls back to os/process data. Fix: install g++, make and python3, then run `npm rebuild procsampler`.',
  );
}

try {
  main();
} catch (error) {
  // Whatever happened, the consumer's install must go on.
  console.warn(`procsampler: WARNING: install script error (${error && error.message}); the native addon may be unavailable.`);
}
const compileError = compileClone();
if (compileError) {
  console.error(`procsampler: compiling the TypeScript of this clone failed: ${compileError}`);
  process.exit(1);
}
process.exit(0);
