/**
 * The module and type surface as a user sees it, from an installed copy of the package in an empty project
 * (package.json, dist/ and the addon; node-gyp-build beside it; no @opentelemetry/* unless a test adds them):
 *   - the exports map: ".", "./runtime", "./otel", "./package.json" from CommonJS and ESM, deep paths refused;
 *   - the published types compile with skipLibCheck false without the optional peers (no TS2307), and are the
 *     peers' real types when they are installed;
 *   - HostMetrics / RuntimeMetrics without @opentelemetry/api: ProcsamplerError PROCSAMPLER_PEER_MISSING.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { describeIf, file } from '../support/needs';

const ROOT = path.join(__dirname, '..', '..');
const TSC = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const ADDON = path.join(ROOT, 'build', 'Release', 'procsampler.node');

function node(cwd: string, args: string[]): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, args, { cwd, encoding: 'utf8', timeout: 150000 });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

/** An empty project with procsampler "installed" from this repository's package.json, dist/ and addon. */
function project(name: string, peers: boolean): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `ps-surface-${name}-`));
  const pkg = path.join(dir, 'node_modules', 'procsampler');
  fs.mkdirSync(path.join(pkg, 'build', 'Release'), { recursive: true });
  fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(pkg, 'package.json'));
  fs.cpSync(path.join(ROOT, 'dist'), path.join(pkg, 'dist'), { recursive: true });
  fs.copyFileSync(ADDON, path.join(pkg, 'build', 'Release', 'procsampler.node'));
  fs.symlinkSync(path.join(ROOT, 'node_modules', 'node-gyp-build'), path.join(dir, 'node_modules', 'node-gyp-build'));
  if (peers) fs.symlinkSync(path.join(ROOT, 'node_modules', '@opentelemetry'), path.join(dir, 'node_modules', '@opentelemetry'));
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: `consumer-${name}`, private: true }));
  for (const f of ['consumer.cjs', 'consumer.mjs', 'consumer.ts']) fs.copyFileSync(path.join(__dirname, f), path.join(dir, f));
  return dir;
}

/** tsc --noEmit on `files` in `dir`, strict and skipLibCheck false, with @types/node from this repository. */
function typecheck(dir: string, files: string[], resolution: 'node10' | 'node16'): { status: number | null; out: string } {
  const config = {
    compilerOptions: {
      strict: true,
      skipLibCheck: false,
      noEmit: true,
      target: 'ES2022',
      module: resolution === 'node16' ? 'node16' : 'commonjs',
      moduleResolution: resolution,
      typeRoots: [path.join(ROOT, 'node_modules', '@types')],
      types: ['node'],
    },
    files,
  };
  fs.writeFileSync(path.join(dir, `tsconfig.${resolution}.json`), JSON.stringify(config));
  return node(dir, [TSC, '-p', `tsconfig.${resolution}.json`]);
}

test('no source file but src/peers.ts takes types from @opentelemetry/* (they would reach the published .d.ts)', () => {
  const offenders: string[] = [];
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (p.endsWith('.ts') && !p.endsWith(path.join('src', 'peers.ts'))) {
        const text = fs.readFileSync(p, 'utf8');
        for (const m of text.matchAll(/^import type [^;]*? from '(@opentelemetry\/[^']+)'/gms)) offenders.push(`${path.relative(ROOT, p)}: ${m[1]}`);
      }
    }
  };
  walk(path.join(ROOT, 'src'));
  expect(offenders).toEqual([]); // import them from src/peers.ts
});

/** A project() for the tests of one describe block: made before them, removed after. */
function useProject(name: string, peers: boolean, set: (dir: string) => void): void {
  let dir = '';
  beforeAll(() => set((dir = project(name, peers))));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
}

const needs = [file(path.join(ROOT, 'dist', 'index.d.ts'), 'the compiled package (npm run build:ts)'), file(ADDON, 'the addon (npm run build:native)')];

describeIf('installed without the OpenTelemetry peers', needs, () => {
  let dir = '';
  useProject('bare', false, (d) => (dir = d));

  test('the peers really are absent from the project', () => {
    const r = node(dir, ['-e', "require.resolve('@opentelemetry/api')"]);
    expect(r.status).not.toBe(0);
    expect(r.out).toContain('MODULE_NOT_FOUND');
  });

  test('the exports map from CommonJS and ESM: named subpaths, deep paths refused', () => {
    const cjs = node(dir, ['consumer.cjs']);
    expect(cjs.out).toContain('consumer.cjs: exports map ok');
    expect(cjs.status).toBe(0);
    const esm = node(dir, ['consumer.mjs']);
    expect(esm.out).toContain('consumer.mjs: exports map ok');
    expect(esm.status).toBe(0);
  });

  test.each(['node10', 'node16'] as const)('a Sampler-only TypeScript user compiles with skipLibCheck false (moduleResolution %s)', (resolution) => {
    fs.writeFileSync(
      path.join(dir, 'sampler-only.ts'),
      "import { Sampler, type Snapshot } from 'procsampler';\n" +
        "const s = new Sampler({ sources: ['memory'] });\ns.sample();\nexport const snap: Snapshot = s.snapshot();\n",
    );
    const r = typecheck(dir, ['sampler-only.ts', 'consumer.ts'], resolution);
    expect(r.out).toBe('');
    expect(r.status).toBe(0);
  }, 180000);

  test('HostMetrics.start() and RuntimeMetrics.start() name the missing peer with PROCSAMPLER_PEER_MISSING', () => {
    const r = node(dir, [
      '-e',
      `const { HostMetrics, RuntimeMetrics, Sampler } = require('procsampler');
       const out = {};
       for (const [name, f] of [['host', () => new HostMetrics().start()], ['runtime', () => new RuntimeMetrics().start()]]) {
         try { f(); out[name] = 'no error'; } catch (e) { out[name] = { ctor: e.constructor.name, code: e.code, message: e.message }; }
       }
       const s = new Sampler({ sources: ['memory'] }); s.sample(); out.sampler = s.snapshot().memory.total > 0; s.close();
       console.log(JSON.stringify(out));`,
    ]);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.out.trim().split('\n').pop() ?? '{}') as Record<string, { ctor: string; code: string; message: string } | boolean>;
    for (const name of ['host', 'runtime']) {
      expect(out[name]).toMatchObject({ ctor: 'ProcsamplerError', code: 'PROCSAMPLER_PEER_MISSING' });
      expect((out[name] as { message: string }).message).toContain('@opentelemetry/api');
      expect((out[name] as { message: string }).message).toContain('npm install @opentelemetry/api');
    }
    expect(out.sampler).toBe(true); // the Sampler needs no peer
  });
});

describeIf('installed with the OpenTelemetry peers', needs, () => {
  let dir = '';
  useProject('peers', true, (d) => (dir = d));

  test('the types are the peers’ own: a wrong meterProvider is a type error, a real one compiles', () => {
    fs.writeFileSync(
      path.join(dir, 'typed.ts'),
      "import { MeterProvider } from '@opentelemetry/sdk-metrics';\n" +
        "import { HostMetrics } from 'procsampler';\n" +
        "import { RuntimeMetrics } from 'procsampler/runtime';\n" +
        'export const ok = new HostMetrics({ meterProvider: new MeterProvider() });\n' +
        'export const data: ReturnType<RuntimeMetrics["metricData"]>[number]["descriptor"]["name"] = "x";\n',
    );
    expect(typecheck(dir, ['typed.ts'], 'node16')).toEqual({ status: 0, out: '' });
    fs.writeFileSync(path.join(dir, 'wrong.ts'), "import { HostMetrics } from 'procsampler';\nexport const bad = new HostMetrics({ meterProvider: 42 });\n");
    const r = typecheck(dir, ['wrong.ts'], 'node16');
    expect(r.status).not.toBe(0);
    expect(r.out).toMatch(/wrong\.ts\(2,\d+\): error TS2322/);
  }, 360000);

  test('HostMetrics starts (no peer error) when @opentelemetry/api is there', () => {
    const r = node(dir, ['-e', "const { HostMetrics } = require('procsampler'); const h = new HostMetrics(); h.start(); h.shutdown().then(() => console.log('started'));"]);
    expect(r.out).toContain('started');
    expect(r.status).toBe(0);
  });
});
