// src/native.ts, the addon loader: the coded error when no binary fits, the cache, and a real load.
// node-gyp-build honours <NAME>_PREBUILD (here PROCSAMPLER_PREBUILD) as the folder to look in instead of the
// package root, which lets a test point it at an empty or a broken folder without touching the real build.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ProcsamplerError } from '../src/errors';

type NativeModule = typeof import('../src/native');

const saved = { prebuild: process.env.PROCSAMPLER_PREBUILD, libc: process.env.LIBC };
let scratch: string;

/** A fresh copy of src/native.ts (and of node-gyp-build, which reads LIBC when it is loaded). */
function freshNative(): NativeModule {
  let mod: NativeModule | undefined;
  jest.isolateModules(() => {
    mod = require('../src/native') as NativeModule;
  });
  if (mod === undefined) throw new Error('src/native did not load');
  return mod;
}

function thrown(fn: () => unknown): Error & { code?: string; platform?: string } {
  try {
    fn();
  } catch (error) {
    return error as Error & { code?: string; platform?: string };
  }
  throw new Error('expected a throw');
}

beforeEach(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'procsampler-native-'));
});

afterEach(() => {
  fs.rmSync(scratch, { recursive: true, force: true });
  for (const [key, value] of [
    ['PROCSAMPLER_PREBUILD', saved.prebuild],
    ['LIBC', saved.libc],
  ] as const) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

describe('no binary for this platform', () => {
  test('importing does not throw; nativeAvailable() is false; loadAddon() throws the coded error', () => {
    process.env.PROCSAMPLER_PREBUILD = scratch;
    const native = freshNative();
    expect(native.nativeAvailable()).toBe(false);

    const error = thrown(() => native.loadAddon());
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('ProcsamplerError');
    expect(error.code).toBe('PROCSAMPLER_NATIVE_UNAVAILABLE');
    expect(error.code).toBe(native.NATIVE_UNAVAILABLE);
    expect(error.platform).toBe(`${os.platform()}-${os.arch()}-glibc`);
    expect(error.message).toContain(`no usable native addon for ${os.platform()}-${os.arch()}-glibc`);
    expect(error.message).toContain(`Node ${process.versions.node}`);
    expect(error.message).toContain('npm rebuild procsampler');
    expect(error.message).toContain('No native build was found');
    expect((error.cause as Error).message).toMatch(/^No native build was found for platform=/);
    // PROCSAMPLER_PREBUILD sent the loader to an empty folder: it says so, rather than blame the package.
    expect(error.message).toContain(`No binary for ${os.platform()}-${os.arch()} there: unset PROCSAMPLER_PREBUILD`);
  });

  test('the message names the folders actually searched: under PROCSAMPLER_PREBUILD, not under the package', () => {
    process.env.PROCSAMPLER_PREBUILD = scratch;
    const native = freshNative();
    const error = thrown(() => native.loadAddon());
    const tuple = `${os.platform()}-${os.arch()}`;
    const packageRoot = path.resolve(__dirname, '..');
    const searched = [
      path.join(scratch, 'build', 'Release'),
      path.join(scratch, 'build', 'Debug'),
      path.join(scratch, 'prebuilds', tuple),
      path.join(path.dirname(process.execPath), 'prebuilds', tuple),
    ];
    expect(error.message).toContain(`looked in ${searched.join(', ')}.`);
    expect(error.message).toContain(`PROCSAMPLER_PREBUILD=${scratch} sent the loader there instead of ${packageRoot}`);
    expect(error.message).not.toContain(path.join(packageRoot, 'build', 'Release'));
    expect(error.message).not.toContain(path.join(packageRoot, 'prebuilds'));
    // The loader's own error agrees on where it looked.
    expect((error.cause as Error).message).toContain(`loaded from: ${scratch}`);
  });

  test('with PREBUILDS_ONLY the build folders are not searched, and not named', () => {
    process.env.PROCSAMPLER_PREBUILD = scratch;
    process.env.PREBUILDS_ONLY = '1';
    try {
      const native = freshNative();
      const error = thrown(() => native.loadAddon());
      expect(error.message).toContain(`looked in ${path.join(scratch, 'prebuilds', `${os.platform()}-${os.arch()}`)}, `);
      expect(error.message).not.toContain(path.join(scratch, 'build'));
    } finally {
      delete process.env.PREBUILDS_ONLY;
    }
  });

  test('the outcome is cached: a binary appearing later is not picked up, each call throws a new Error', () => {
    process.env.PROCSAMPLER_PREBUILD = scratch;
    const native = freshNative();
    const first = thrown(() => native.loadAddon());
    delete process.env.PROCSAMPLER_PREBUILD;
    expect(native.nativeAvailable()).toBe(false);
    const second = thrown(() => native.loadAddon());
    expect(second).not.toBe(first);
    expect(second.message).toBe(first.message);
    expect(second.code).toBe('PROCSAMPLER_NATIVE_UNAVAILABLE');
  });

  test('musl (Alpine) is told that prebuilds are glibc only', () => {
    process.env.PROCSAMPLER_PREBUILD = scratch;
    process.env.LIBC = 'musl';
    const native = freshNative();
    const error = thrown(() => native.loadAddon());
    expect(error.platform).toBe(`${os.platform()}-${os.arch()}-musl`);
    expect(error.message).toContain('Prebuilt binaries ship only for linux-x64 and linux-arm64 (glibc)');
  });

  test('a prebuild that exists but cannot be loaded gives the same code and says it did not load', () => {
    const dir = path.join(scratch, 'prebuilds', `${os.platform()}-${os.arch()}`);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'procsampler.glibc.node'), 'not an ELF file\n');
    process.env.PROCSAMPLER_PREBUILD = scratch;
    const native = freshNative();
    expect(native.nativeAvailable()).toBe(false);
    const error = thrown(() => native.loadAddon());
    expect(error.code).toBe('PROCSAMPLER_NATIVE_UNAVAILABLE');
    expect(error.message).toMatch(/invalid ELF header|file too short/);
    if (native.PREBUILT_PLATFORMS.includes(`${os.platform()}-${os.arch()}`)) {
      expect(error.message).toContain('A binary was found but did not load');
    }
  });
});

describe('a broken install: the loader itself is missing', () => {
  test('the same code, and it says to reinstall rather than to compile or to upgrade glibc', () => {
    // The compiled package and its binary, copied where no node_modules (so no node-gyp-build) can be found.
    const root = path.join(__dirname, '..');
    fs.cpSync(path.join(root, 'dist'), path.join(scratch, 'dist'), { recursive: true });
    fs.cpSync(path.join(root, 'build', 'Release', 'procsampler.node'), path.join(scratch, 'build', 'Release', 'procsampler.node'));
    fs.copyFileSync(path.join(root, 'package.json'), path.join(scratch, 'package.json'));
    const r = spawnSync(
      process.execPath,
      ['-e', "try { require('./dist/native').loadAddon(); } catch (e) { console.log(JSON.stringify({ code: e.code, message: e.message })); }"],
      { cwd: scratch, encoding: 'utf8', timeout: 60000 },
    );
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as { code: string; message: string };
    expect(out.code).toBe('PROCSAMPLER_NATIVE_UNAVAILABLE');
    expect(out.message).toContain("Loader said: Cannot find module 'node-gyp-build'");
    expect(out.message).toContain('The loader node-gyp-build, a dependency of procsampler, is not installed.');
    expect(out.message).toContain('To fix it, reinstall the package (`npm install procsampler`)');
    expect(out.message).not.toContain('did not load');
    expect(out.message).not.toContain('C++ toolchain');
  });
});

describe('with the addon built (npm run build:native)', () => {
  test('loadAddon() returns the addon object, the same one on every call', () => {
    const native = freshNative();
    expect(native.nativeAvailable()).toBe(true);
    const addon = native.loadAddon();
    expect(typeof addon).toBe('object');
    expect(Object.keys(addon).length).toBeGreaterThan(0);
    expect(native.loadAddon()).toBe(addon);
  });
});
