/**
 * scripts/pack-check.js and scripts/check-prebuilds.js on tarballs made here: the repository's own file list
 * (npm pack --dry-run), with the package.json and the prebuilds varied. The prebuilds are minimal ELF files
 * written byte by byte (machine, and the symbol versions they need in .gnu.version_r), so every verdict is known.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import { describeIf, file, tool } from '../support/needs';

const ROOT = path.join(__dirname, '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const elf = require('../../scripts/check-prebuilds.js') as {
  readElf(b: Buffer): { machine: number; versions: string[] };
  newest(v: string[], p: string): string | null;
  checkPrebuild(t: string, b: Buffer): { problems: string[] };
};

const X86_64 = 62;
const AARCH64 = 183;

/** A 64-bit little-endian ELF with a .dynstr and a .gnu.version_r needing `versions` from libc.so.6. */
function fakeElf(machine: number, versions: string[]): Buffer {
  const strings = ['', 'libc.so.6', ...versions];
  const dynstr = Buffer.from(strings.join('\0') + '\0', 'latin1');
  const at = (s: string): number => dynstr.indexOf(Buffer.from(`\0${s}\0`, 'latin1')) + 1;
  const verneed = Buffer.alloc(16 + 16 * versions.length);
  verneed.writeUInt16LE(1, 0);
  verneed.writeUInt16LE(versions.length, 2);
  verneed.writeUInt32LE(at('libc.so.6'), 4);
  verneed.writeUInt32LE(16, 8);
  versions.forEach((v, i) => {
    const o = 16 + 16 * i;
    verneed.writeUInt16LE(i + 2, o + 6);
    verneed.writeUInt32LE(at(v), o + 8);
    verneed.writeUInt32LE(i === versions.length - 1 ? 0 : 16, o + 12);
  });
  const header = Buffer.alloc(64);
  header.writeUInt32BE(0x7f454c46, 0);
  header[4] = 2;
  header[5] = 1;
  header[6] = 1;
  header.writeUInt16LE(3, 16); // ET_DYN
  header.writeUInt16LE(machine, 18);
  const shoff = 64 + dynstr.length + verneed.length;
  header.writeBigUInt64LE(BigInt(shoff), 0x28);
  header.writeUInt16LE(64, 0x3a);
  header.writeUInt16LE(3, 0x3c);
  const sh = Buffer.alloc(64 * 3);
  const put = (i: number, type: number, offset: number, size: number, link: number): void => {
    sh.writeUInt32LE(type, i * 64 + 4);
    sh.writeBigUInt64LE(BigInt(offset), i * 64 + 0x18);
    sh.writeBigUInt64LE(BigInt(size), i * 64 + 0x20);
    sh.writeUInt32LE(link, i * 64 + 0x28);
  };
  put(1, 3, 64, dynstr.length, 0);
  put(2, 0x6ffffffe, 64 + dynstr.length, verneed.length, 1);
  return Buffer.concat([header, dynstr, verneed, sh]);
}

/** A gzip'd ustar archive of `files` under package/. */
function tarball(files: Map<string, Buffer>): Buffer {
  const blocks: Buffer[] = [];
  for (const [name, body] of files) {
    const h = Buffer.alloc(512);
    h.write(`package/${name}`, 0, 100, 'utf8');
    h.write('0000644\0', 100);
    h.write('0000000\0', 108);
    h.write('0000000\0', 116);
    h.write(body.length.toString(8).padStart(11, '0') + '\0', 124);
    h.write('00000000000\0', 136);
    h.write('        ', 148);
    h.write('0', 156);
    h.write('ustar\0' + '00', 257);
    let sum = 0;
    for (const b of h) sum += b;
    h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
    blocks.push(h, body, Buffer.alloc((512 - (body.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return zlib.gzipSync(Buffer.concat(blocks));
}

describeIf('pack-check on tarballs', [file(path.join(ROOT, 'dist', 'index.js'), 'the compiled package (npm run build:ts)')], () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ps-pack-check-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  let listed: string[] = [];
  beforeAll(() => {
    const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' });
    listed = (JSON.parse(r.stdout) as Array<{ files: Array<{ path: string }> }>)[0]!.files.map((f) => f.path).filter((p) => !p.startsWith('prebuilds/'));
  });
  const good = (): Map<string, Buffer> => {
    const files = new Map<string, Buffer>(listed.map((p) => [p, p === 'package.json' ? fs.readFileSync(path.join(ROOT, p)) : Buffer.from('x')]));
    files.set('prebuilds/linux-x64/procsampler.glibc.node', fakeElf(X86_64, ['GLIBC_2.2.5', 'GLIBC_2.17', 'GLIBCXX_3.4.22']));
    files.set('prebuilds/linux-arm64/procsampler.glibc.node', fakeElf(AARCH64, ['GLIBC_2.17', 'GLIBCXX_3.4.21']));
    return files;
  };
  const check = (name: string, files: Map<string, Buffer>): { status: number | null; out: string } => {
    const f = path.join(dir, `${name}.tgz`);
    fs.writeFileSync(f, tarball(files));
    const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'pack-check.js'), f], { encoding: 'utf8' });
    return { status: r.status, out: r.stdout + r.stderr };
  };
  const manifest = (edit: (p: Record<string, unknown>) => void): Buffer => {
    const p = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
    edit(p);
    return Buffer.from(JSON.stringify(p));
  };

  test('the repository’s files with both prebuilds within the floors: ok', () => {
    const r = check('good', good());
    expect(r.out).toContain('pack-check: ok');
    expect(r.status).toBe(0);
  });

  test.each<[string, (f: Map<string, Buffer>) => void, string]>([
    ['no arm64 prebuild', (f) => f.delete('prebuilds/linux-arm64/procsampler.glibc.node'), 'no prebuilds/linux-arm64/*.node'],
    ['an x86-64 file in linux-arm64', (f) => f.set('prebuilds/linux-arm64/procsampler.glibc.node', fakeElf(X86_64, ['GLIBC_2.17'])), 'linux-arm64: the binary is not AArch64 (ELF machine 62)'],
    ['a prebuild above the glibc floor', (f) => f.set('prebuilds/linux-x64/procsampler.glibc.node', fakeElf(X86_64, ['GLIBC_2.17', 'GLIBC_2.34'])), 'linux-x64: needs GLIBC_2.34, above the GLIBC_2.28 floor'],
    ['a libstdc++ above its floor', (f) => f.set('prebuilds/linux-arm64/procsampler.glibc.node', fakeElf(AARCH64, ['GLIBCXX_3.4.26'])), 'needs GLIBCXX_3.4.26, above the GLIBCXX_3.4.25 floor'],
    ['not an ELF file', (f) => f.set('prebuilds/linux-x64/procsampler.glibc.node', Buffer.from('MZ not elf at all, but long enough to have a header............................')), 'linux-x64: not an ELF file'],
    ['a prepare script', (f) => f.set('package.json', manifest((p) => ((p.scripts as Record<string, string>).prepare = 'tsc'))), 'a "prepare" script would run on every consumer\'s install'],
    ['a postinstall script', (f) => f.set('package.json', manifest((p) => ((p.scripts as Record<string, string>).postinstall = 'node x'))), 'a "postinstall" script'],
    ['an extra export', (f) => f.set('package.json', manifest((p) => ((p.exports as Record<string, string>)['./dist/*'] = './dist/*'))), 'the exports map must have exactly'],
    ['an export whose file is missing', (f) => f.delete('dist/otel/index.js'), 'exports["./otel"] names ./dist/otel/index.js, which is not in the tarball'],
    ['no METRICS.md', (f) => f.delete('METRICS.md'), 'missing METRICS.md'],
    ['a test file', (f) => f.set('test/x.test.ts', Buffer.from('x')), 'test/x.test.ts: tests must not ship'],
  ])('%s: fails, saying why', (name, edit, message) => {
    const files = good();
    edit(files);
    const r = check(name.replace(/\W+/g, '-'), files);
    expect(r.status).toBe(1);
    expect(r.out).toContain(message);
  });
});

test('the ELF reader on hand-made files: machine and needed versions', () => {
  const e = elf.readElf(fakeElf(AARCH64, ['GLIBC_2.17', 'GLIBC_2.28', 'GLIBCXX_3.4.9', 'GLIBCXX_3.4.22']));
  expect(e).toEqual({ machine: AARCH64, versions: ['GLIBCXX_3.4.22', 'GLIBCXX_3.4.9', 'GLIBC_2.17', 'GLIBC_2.28'] });
  expect(elf.newest(e.versions, 'GLIBCXX')).toBe('3.4.22'); // numeric, not string, order
  expect(elf.newest(e.versions, 'GLIBC')).toBe('2.28');
  expect(elf.checkPrebuild('linux-arm64', fakeElf(AARCH64, ['GLIBC_2.28'])).problems).toEqual([]);
  expect(elf.checkPrebuild('linux-riscv64', fakeElf(AARCH64, [])).problems).toEqual(['unexpected prebuild folder linux-riscv64']);
});

describeIf('the ELF reader against objdump on the real addon', [tool('objdump', ['--version'], 'apt-get install binutils'), file(path.join(ROOT, 'build', 'Release', 'procsampler.node'), 'the addon (npm run build:native)')], () => {
  test('the same symbol versions as objdump -T lists', () => {
    const f = path.join(ROOT, 'build', 'Release', 'procsampler.node');
    const dump = spawnSync('objdump', ['-T', f], { encoding: 'utf8' }).stdout;
    const fromObjdump = [...new Set(dump.match(/\b(GLIBC|GLIBCXX|CXXABI|GCC)_[0-9][0-9.]*/g) ?? [])].sort();
    const mine = elf.readElf(fs.readFileSync(f)).versions.filter((v) => /^(GLIBC|GLIBCXX|CXXABI|GCC)_[0-9]/.test(v));
    expect(mine).toEqual(fromObjdump);
    expect(elf.readElf(fs.readFileSync(f)).machine).toBe(process.arch === 'arm64' ? AARCH64 : X86_64);
  });
});
