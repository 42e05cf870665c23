/**
 * src/peers.ts: the one loader of the optional peers and its one error. With the peers installed (this
 * repository's devDependencies) in-process; without them through a copy of the compiled package in a directory
 * with no node_modules above it, where Node's own resolution fails: requirePeer(), metricsHandler({ producers })
 * and `procsampler serve` / `example-service` all answer PROCSAMPLER_PEER_MISSING with the same message shape.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PEER_NAMES, checkPeers, missingPeers, peerMissingError, requirePeer } from '../src/peers';

const ROOT = path.join(__dirname, '..');

describe('with the peers installed', () => {
  test('PEER_NAMES are the package.json peerDependencies', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { peerDependencies: object };
    expect([...PEER_NAMES].sort()).toEqual(Object.keys(pkg.peerDependencies).sort());
  });

  test('requirePeer returns the package, missingPeers finds none, checkPeers passes', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    expect(requirePeer('@opentelemetry/api', 'a test')).toBe(require('@opentelemetry/api'));
    expect(missingPeers(PEER_NAMES)).toEqual([]);
    expect(() => checkPeers('a test', PEER_NAMES)).not.toThrow();
  });

  test('one message shape for one and for several peers', () => {
    const one = peerMissingError('HostMetrics.start()', ['@opentelemetry/api']);
    expect([one.name, one.code]).toEqual(['ProcsamplerError', 'PROCSAMPLER_PEER_MISSING']);
    expect(one.message).toBe(
      'procsampler: HostMetrics.start() needs the optional peer dependency @opentelemetry/api, which is not installed ' +
        '(npm install @opentelemetry/api; the OpenTelemetry packages must be the copies your MeterProvider comes from)',
    );
    const two = peerMissingError('x', ['@opentelemetry/sdk-metrics', '@opentelemetry/exporter-prometheus']);
    expect(two.message).toBe(
      'procsampler: x needs the optional peer dependencies @opentelemetry/sdk-metrics, @opentelemetry/exporter-prometheus, ' +
        'which are not installed (npm install @opentelemetry/sdk-metrics @opentelemetry/exporter-prometheus; the ' +
        'OpenTelemetry packages must be the copies your MeterProvider comes from)',
    );
  });

  test('an error inside an installed peer is rethrown as it is, not reported as missing', () => {
    const inside = new TypeError('broken install');
    jest.isolateModules(() => {
      jest.doMock('@opentelemetry/sdk-metrics', () => {
        throw inside;
      });
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const peers = require('../src/peers') as typeof import('../src/peers');
      expect(() => peers.requirePeer('@opentelemetry/sdk-metrics', 'a test')).toThrow(inside);
    });
  });
});

describe('without the peers installed (the compiled package copied where no node_modules can be found)', () => {
  let dir = '';
  beforeAll(() => {
    expect(fs.existsSync(path.join(ROOT, 'dist', 'peers.js'))).toBe(true); // npm run build first
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'procsampler-peers-'));
    fs.cpSync(path.join(ROOT, 'dist'), path.join(dir, 'dist'), { recursive: true });
    fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(dir, 'package.json'));
    // The addon and its loader (a dependency), so the CLI gets as far as its peers; no OpenTelemetry package.
    fs.cpSync(path.join(ROOT, 'build', 'Release', 'procsampler.node'), path.join(dir, 'build', 'Release', 'procsampler.node'));
    fs.cpSync(path.join(ROOT, 'node_modules', 'node-gyp-build'), path.join(dir, 'node_modules', 'node-gyp-build'), { recursive: true });
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const node = (args: string[]) => spawnSync(process.execPath, args, { cwd: dir, encoding: 'utf8', timeout: 60000 });

  test('the directory really has no peer: Node cannot resolve them', () => {
    const r = node(['-e', "console.log(JSON.stringify(require('./dist/peers').missingPeers(require('./dist/peers').PEER_NAMES)))"]);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual([...PEER_NAMES]);
  });

  test('requirePeer and metricsHandler({ producers }) throw PROCSAMPLER_PEER_MISSING naming what to install', () => {
    const r = node([
      '-e',
      `const out = {};
       const run = (k, f) => { try { f(); out[k] = 'no error'; } catch (e) { out[k] = { code: e.code, message: e.message }; } };
       run('require', () => require('./dist/peers').requirePeer('@opentelemetry/api', 'HostMetrics'));
       run('handler', () => require('./dist/handlers/metrics-handler').metricsHandler({ producers: [] }));
       console.log(JSON.stringify(out));`,
    ]);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as Record<string, { code: string; message: string }>;
    expect(out.require).toEqual({ code: 'PROCSAMPLER_PEER_MISSING', message: peerMissingError('HostMetrics', ['@opentelemetry/api']).message });
    expect(out.handler).toEqual({
      code: 'PROCSAMPLER_PEER_MISSING',
      message: peerMissingError('metricsHandler({ producers })', ['@opentelemetry/exporter-prometheus', '@opentelemetry/sdk-metrics']).message,
    });
  });

  test.each(['serve', 'example-service'])('procsampler %s prints the same message with its code and exits 1', (command) => {
    const r = node([path.join('dist', 'cli.js'), command, '--port', '0']);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`${peerMissingError(command, [...PEER_NAMES]).message} [PROCSAMPLER_PEER_MISSING]\n`);
    expect(r.status).toBe(1);
  });
});
