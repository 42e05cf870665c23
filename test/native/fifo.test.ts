/**
 * A FIFO where a /proc file should be never blocks (issue 11 point 4): every configured path is a FIFO with no
 * writer, which blocks a plain open(O_RDONLY) forever. The sampler runs in a child with a time limit, so a hang
 * fails the test instead of hanging the suite; each source reports the FIFO as ESPIPE (pread on a pipe), the
 * fd directory as ENOTDIR. Uses dist/ (npm run build).
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { SOURCE_NAMES } from '../../src/types';

const root = path.join(__dirname, '..', '..');
const FILES = [
  'stat', 'uptime', 'meminfo', 'loadavg', 'vmstat', 'diskstats',
  'net/dev', 'net/sockstat', 'net/sockstat6', 'net/snmp', 'net/tcp', 'net/tcp6',
  'self/stat', 'self/status', 'self/io', 'self/mountinfo', 'self/fd', 'self/cgroup',
  'pressure/cpu', 'pressure/io', 'pressure/memory',
];

let dir = '';
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'procsampler-fifo-'));
  fs.mkdirSync(path.join(dir, 'net'));
  fs.mkdirSync(path.join(dir, 'self'));
  fs.mkdirSync(path.join(dir, 'pressure'));
  for (const f of FILES) execFileSync('mkfifo', [path.join(dir, f)]);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test('every configured path a FIFO: the constructor, sample() and sampleAsync() return, each status says why', () => {
  const script = `
    const { Sampler } = require(${JSON.stringify(path.join(root, 'dist'))});
    const s = new Sampler({ procRoot: ${JSON.stringify(dir)}, sources: ${JSON.stringify(SOURCE_NAMES)} });
    s.sample();
    s.sampleAsync().then(() => {
      const t = s.table('process');
      const out = { status: s.status(), fd: t.array[t.scalar.fdStatus], snapshot: s.snapshot() };
      s.close();
      process.stdout.write(JSON.stringify(out));
    });`;
  const r = spawnSync(process.execPath, ['-e', script], {
    encoding: 'utf8',
    timeout: 30000,
    cwd: root,
  });
  expect(r.error).toBeUndefined(); // ETIMEDOUT when something blocked
  expect(r.stderr).toBe('');
  const out = JSON.parse(r.stdout) as {
    status: Record<string, { code: string }>;
    fd: number;
    snapshot: Record<string, unknown>;
  };
  for (const s of SOURCE_NAMES) expect({ source: s, code: out.status[s]?.code }).toEqual({ source: s, code: 'ESPIPE' });
  expect(out.fd).toBe(-os.constants.errno.ENOTDIR);
  expect(out.snapshot.memory).toBeNull();
  expect(out.snapshot.network).toBeNull();
}, 60000);

test('the cgroup and pressure files as FIFOs (the cgroup found, every file it reads a FIFO): no hang', () => {
  const base = path.join(dir, 'cg');
  fs.cpSync(path.join(root, 'test', 'fixtures', 'cgroup', 'v2-limits'), base, { recursive: true });
  const fifos: string[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (!p.endsWith(path.join('self', 'mountinfo')) && !p.endsWith(path.join('self', 'cgroup'))) fifos.push(p);
    }
  };
  walk(base);
  for (const f of fifos) {
    fs.rmSync(f);
    execFileSync('mkfifo', [f]);
  }
  expect(fifos.length).toBeGreaterThan(20);
  const script = `
    const { Sampler } = require(${JSON.stringify(path.join(root, 'dist'))});
    const s = new Sampler({ procRoot: ${JSON.stringify(path.join(base, 'proc'))}, cgroupRoot: ${JSON.stringify(path.join(base, 'sys', 'fs', 'cgroup'))}, sources: ['cgroup', 'pressure'] });
    s.sample();
    process.stdout.write(JSON.stringify(s.status()));
    s.close();`;
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 30000, cwd: root });
  expect(r.error).toBeUndefined();
  expect(r.stderr).toBe('');
  const status = JSON.parse(r.stdout) as Record<string, { code: string }>;
  expect(status.cgroup?.code).toBe('ESPIPE');
  expect(status.pressure?.code).toBe('ESPIPE');
}, 60000);
