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
import { DEFAULT_SOURCES } from '../../src/types';

const root = path.join(__dirname, '..', '..');
const FILES = [
  'stat', 'uptime', 'meminfo', 'loadavg', 'vmstat', 'diskstats',
  'net/dev', 'net/sockstat', 'net/sockstat6', 'net/snmp', 'net/tcp', 'net/tcp6',
  'self/stat', 'self/status', 'self/io', 'self/mountinfo', 'self/fd',
];

let dir = '';
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'procsampler-fifo-'));
  fs.mkdirSync(path.join(dir, 'net'));
  fs.mkdirSync(path.join(dir, 'self'));
  for (const f of FILES) execFileSync('mkfifo', [path.join(dir, f)]);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test('every configured path a FIFO: the constructor, sample() and sampleAsync() return, each status says why', () => {
  const script = `
    const { Sampler } = require(${JSON.stringify(path.join(root, 'dist'))});
    const s = new Sampler({ procRoot: ${JSON.stringify(dir)} });
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
  for (const s of DEFAULT_SOURCES) expect({ source: s, code: out.status[s]?.code }).toEqual({ source: s, code: 'ESPIPE' });
  expect(out.fd).toBe(-os.constants.errno.ENOTDIR);
  expect(out.snapshot.memory).toBeNull();
  expect(out.snapshot.network).toBeNull();
}, 60000);
