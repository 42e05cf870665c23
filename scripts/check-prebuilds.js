#!/usr/bin/env node
'use strict';
// Checks the prebuilt binaries, reading their ELF headers directly (no `file` or `objdump` needed):
//   - prebuilds/linux-x64/*.node is x86-64 and prebuilds/linux-arm64/*.node is AArch64, both 64-bit little-endian;
//   - the newest glibc symbol version each needs (GLIBC_x.y, from .gnu.version_r) is at most the floor below,
//     and the newest libstdc++ one (GLIBCXX_) at most its floor: RHEL 8, Debian 10, Ubuntu 20.04 and later.
// Used by scripts/check-prebuilds.sh (npm run prebuilds:check), scripts/prepack.sh (every npm pack / publish) and
// scripts/pack-check.js (on the files inside a tarball).
// Usage: node scripts/check-prebuilds.js [prebuildsDir]      Exits 1 with every problem found.
const fs = require('fs');
const path = require('path');

/** The newest symbol versions a prebuild may need (glibc 2.28 and the libstdc++ of GCC 8, as RHEL 8 has). */
const FLOORS = Object.freeze({ GLIBC: '2.28', GLIBCXX: '3.4.25' });
/** The folders that must each hold one prebuild, and the ELF e_machine of each. */
const TUPLES = Object.freeze({ 'linux-x64': { machine: 62, name: 'x86-64' }, 'linux-arm64': { machine: 183, name: 'AArch64' } });
const SHT_GNU_VERNEED = 0x6ffffffe;

/** Compares dotted versions numerically: <0, 0, >0. */
function compareVersions(a, b) {
  const x = a.split('.').map(Number);
  const y = b.split('.').map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] || 0) - (y[i] || 0);
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * Reads an ELF file's machine and the symbol versions it needs from other libraries. Throws for anything that
 * is not a 64-bit little-endian ELF.
 * @returns {{ machine: number, versions: string[] }}
 */
function readElf(buf) {
  if (buf.length < 64 || buf.readUInt32BE(0) !== 0x7f454c46) throw new Error('not an ELF file');
  if (buf[4] !== 2 || buf[5] !== 1) throw new Error('not a 64-bit little-endian ELF file');
  const machine = buf.readUInt16LE(18);
  const shoff = Number(buf.readBigUInt64LE(0x28));
  const shentsize = buf.readUInt16LE(0x3a);
  const shnum = buf.readUInt16LE(0x3c);
  const section = (i) => {
    const o = shoff + i * shentsize;
    return { type: buf.readUInt32LE(o + 4), offset: Number(buf.readBigUInt64LE(o + 0x18)), size: Number(buf.readBigUInt64LE(o + 0x20)), link: buf.readUInt32LE(o + 0x28) };
  };
  const versions = new Set();
  for (let i = 0; i < shnum; i++) {
    const s = section(i);
    if (s.type !== SHT_GNU_VERNEED) continue;
    const strtab = section(s.link);
    const str = (at) => {
      const start = strtab.offset + at;
      return buf.toString('latin1', start, buf.indexOf(0, start));
    };
    // Verneed { u16 version, u16 cnt, u32 file, u32 aux, u32 next }, Vernaux { u32 hash, u16 flags, u16 other, u32 name, u32 next }
    for (let need = s.offset, n = 0; n < 1024; n++) {
      const cnt = buf.readUInt16LE(need + 2);
      for (let aux = need + buf.readUInt32LE(need + 8), k = 0; k < cnt; k++) {
        versions.add(str(buf.readUInt32LE(aux + 8)));
        const next = buf.readUInt32LE(aux + 12);
        if (next === 0) break;
        aux += next;
      }
      const next = buf.readUInt32LE(need + 12);
      if (next === 0) break;
      need += next;
    }
  }
  return { machine, versions: [...versions].sort() };
}

/** The highest `<prefix>_x.y` version in a list, or null. */
function newest(versions, prefix) {
  const re = new RegExp(`^${prefix}_(\\d+(?:\\.\\d+)*)$`);
  let best = null;
  for (const v of versions) {
    const m = re.exec(v);
    if (m && (best === null || compareVersions(m[1], best) > 0)) best = m[1];
  }
  return best;
}

/**
 * Checks one prebuild (its bytes, and the folder it sits in). Returns the problems (empty when it passes) and a
 * one-line description.
 */
function checkPrebuild(tuple, buf) {
  const want = TUPLES[tuple];
  if (!want) return { problems: [`unexpected prebuild folder ${tuple}`], line: '' };
  let elf;
  try {
    elf = readElf(buf);
  } catch (error) {
    return { problems: [`${tuple}: ${error.message}`], line: '' };
  }
  const problems = [];
  if (elf.machine !== want.machine) problems.push(`${tuple}: the binary is not ${want.name} (ELF machine ${elf.machine})`);
  const found = {};
  for (const [prefix, floor] of Object.entries(FLOORS)) {
    found[prefix] = newest(elf.versions, prefix);
    if (found[prefix] !== null && compareVersions(found[prefix], floor) > 0) {
      const symbols = elf.versions.filter((v) => v === `${prefix}_${found[prefix]}`);
      problems.push(`${tuple}: needs ${symbols[0]}, above the ${prefix}_${floor} floor`);
    }
  }
  const line = `${tuple}: ${elf.machine === want.machine ? want.name : `machine ${elf.machine}`}, needs GLIBC_${found.GLIBC ?? 'none'}, GLIBCXX_${found.GLIBCXX ?? 'none'}, ${buf.length} bytes`;
  return { problems, line };
}

/** Checks a prebuilds folder: one .node per expected tuple, each passing checkPrebuild. */
function checkPrebuildsDir(dir) {
  const problems = [];
  const lines = [];
  const tuples = fs.existsSync(dir) ? fs.readdirSync(dir).filter((t) => fs.statSync(path.join(dir, t)).isDirectory()) : [];
  for (const tuple of Object.keys(TUPLES)) if (!tuples.includes(tuple)) problems.push(`no prebuild in ${path.join(dir, tuple)}`);
  for (const tuple of tuples) {
    const files = fs.readdirSync(path.join(dir, tuple)).filter((f) => f.endsWith('.node'));
    if (files.length !== 1) problems.push(`${tuple}: expected one .node file, found ${files.length}`);
    for (const f of files) {
      const r = checkPrebuild(tuple, fs.readFileSync(path.join(dir, tuple, f)));
      problems.push(...r.problems);
      if (r.line) lines.push(`${tuple}/${f}: ${r.line.slice(tuple.length + 2)}`);
    }
  }
  return { problems, lines };
}

module.exports = { FLOORS, TUPLES, readElf, newest, compareVersions, checkPrebuild, checkPrebuildsDir };

if (require.main === module) {
  const dir = path.resolve(process.argv[2] || path.join(__dirname, '..', 'prebuilds'));
  const { problems, lines } = checkPrebuildsDir(dir);
  for (const l of lines) console.log(`check-prebuilds: ${l}`);
  for (const p of problems) console.error(`check-prebuilds: FAIL: ${p}`);
  process.exit(problems.length ? 1 : 0);
}
