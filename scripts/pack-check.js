#!/usr/bin/env node
'use strict';
// Checks what `npm pack` puts in the tarball and reports its size.
//   node scripts/pack-check.js                 inspects `npm pack --dry-run` of this repository
//   node scripts/pack-check.js <file.tgz>      inspects a tarball that was already packed
// Required: the compiled JS and its type declarations, the install script, the sources of a source build
// (binding.gyp, CMakeLists.txt, native/), METRICS.md, every file the exports map names, and one prebuild per
// shipped arch that passes scripts/check-prebuilds.js (architecture, glibc floor). The published package.json
// has no install-time script but `install` (npm 11 asks consumers to allow each one: no `prepare`), and an
// exports map of exactly the documented entry points. Forbidden: tests, benchmarks, node_modules, build output,
// TypeScript sources, caches, logs. Exits 1 with the list of problems.
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const { checkPrebuild } = require('./check-prebuilds');

const root = path.join(__dirname, '..');
/** The entry points of the exports map, exactly. */
const EXPORTS = ['.', './runtime', './otel', './package.json'];
/** The lifecycle scripts npm runs when a consumer installs the package. */
const INSTALL_SCRIPTS = ['preinstall', 'install', 'postinstall', 'prepare'];

/** Lists a .tgz (gzip'd ustar) without a tar binary: names and sizes of its regular files. */
function listTarball(file) {
  const data = zlib.gunzipSync(fs.readFileSync(file));
  const files = [];
  let longName = null;
  for (let offset = 0; offset + 512 <= data.length; ) {
    const header = data.subarray(offset, offset + 512);
    if (header.every((byte) => byte === 0)) break;
    const field = (start, length) => header.subarray(start, start + length).toString('utf8').replace(/\0.*$/s, '');
    const size = parseInt(field(124, 12).trim() || '0', 8);
    const type = field(156, 1) || '0';
    const prefix = field(345, 155);
    let name = longName || (prefix ? `${prefix}/${field(0, 100)}` : field(0, 100));
    longName = null;
    const body = data.subarray(offset + 512, offset + 512 + size);
    if (type === 'L') longName = body.toString('utf8').replace(/\0.*$/s, '');
    else if (type === '0' || type === '7') files.push({ path: name.replace(/^package\//, ''), size, body });
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return { files, size: fs.statSync(file).size, unpackedSize: files.reduce((sum, f) => sum + f.size, 0) };
}

function dryRun() {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const info = JSON.parse(out)[0];
  const read = (p) => (p === 'package.json' || p.endsWith('.node') ? fs.readFileSync(path.join(root, p)) : undefined);
  return { files: info.files.map((f) => ({ path: f.path, size: f.size, body: read(f.path) })), size: info.size, unpackedSize: info.unpackedSize };
}

const source = process.argv[2];
const pack = source ? listTarball(source) : dryRun();
const names = pack.files.map((f) => f.path);
const problems = [];

const required = [
  'package.json',
  'dist/index.js',
  'dist/index.d.ts',
  'dist/native.js',
  'dist/native.d.ts',
  'scripts/install.js',
  'binding.gyp',
  'CMakeLists.txt',
  'native/layout.h',
  'LICENSE',
  'METRICS.md',
  'dist/peers.d.ts',
  'docs/MIGRATION.md',
];
for (const name of required) if (!names.includes(name)) problems.push(`missing ${name}`);

// Every source that binding.gyp compiles must ship, or a consumer's source build fails.
const gyp = JSON.parse(fs.readFileSync(path.join(root, 'binding.gyp'), 'utf8'));
for (const src of gyp.targets[0].sources) if (!names.includes(src)) problems.push(`missing ${src} (a binding.gyp source)`);

for (const tuple of ['linux-x64', 'linux-arm64']) {
  if (!names.some((n) => n.startsWith(`prebuilds/${tuple}/`) && n.endsWith('.node'))) problems.push(`no prebuilds/${tuple}/*.node`);
}
for (const f of pack.files.filter((x) => /^prebuilds\/[^/]+\/[^/]+\.node$/.test(x.path))) {
  problems.push(...checkPrebuild(f.path.split('/')[1], f.body).problems.map((p) => `prebuilds/${p}`));
}

const manifestFile = pack.files.find((f) => f.path === 'package.json');
const manifest = manifestFile ? JSON.parse(manifestFile.body.toString('utf8')) : {};
const scripts = manifest.scripts || {};
for (const name of INSTALL_SCRIPTS) {
  if (name === 'install') {
    if (scripts.install !== 'node scripts/install.js') problems.push(`package.json: the install script must be "node scripts/install.js", is ${JSON.stringify(scripts.install)}`);
  } else if (scripts[name] !== undefined) {
    problems.push(`package.json: a "${name}" script would run on every consumer's install (${JSON.stringify(scripts[name])}); only "install" is needed`);
  }
}
const exportsMap = manifest.exports || {};
if (JSON.stringify(Object.keys(exportsMap)) !== JSON.stringify(EXPORTS)) {
  problems.push(`package.json: the exports map must have exactly ${EXPORTS.join(', ')}; has ${Object.keys(exportsMap).join(', ') || 'none'}`);
}
for (const [key, target] of Object.entries(exportsMap)) {
  for (const file of typeof target === 'string' ? [target] : Object.values(target)) {
    if (!names.includes(file.replace(/^\.\//, ''))) problems.push(`package.json: exports["${key}"] names ${file}, which is not in the tarball`);
  }
}

const forbidden = [
  [/^test\//, 'tests'],
  [/^bench\//, 'benchmarks'],
  [/(^|\/)node_modules\//, 'node_modules'],
  [/^build\//, 'build output'],
  [/^src\//, 'TypeScript sources'],
  [/^\.cache\//, 'caches'],
  [/^docs\/(?!MIGRATION\.md$)/, 'docs (the README carries the install section; docs/MIGRATION.md ships)'],
  [/\.log$/, 'logs'],
  [/\.tgz$/, 'tarballs'],
  [/^\.ci\//, 'CI scripts'],
  [/^prebuilds\/(?!linux-(x64|arm64)\/)/, 'an unexpected prebuild folder'],
];
for (const name of names) {
  for (const [pattern, what] of forbidden) if (pattern.test(name)) problems.push(`${name}: ${what} must not ship`);
}

const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
console.log(`pack-check: ${names.length} files, tarball ${kib(pack.size)} (${pack.size} bytes), unpacked ${kib(pack.unpackedSize)}`);
for (const f of pack.files.filter((f) => f.path.startsWith('prebuilds/'))) console.log(`pack-check:   ${f.path} ${kib(f.size)}`);
if (problems.length > 0) {
  for (const problem of problems) console.error(`pack-check: FAIL: ${problem}`);
  process.exit(1);
}
console.log('pack-check: ok');
