/**
 * METRICS.md is generated from the code's catalogue (scripts/metrics-doc.js, `npm run docs:metrics`), shipped in
 * the tarball, and cannot drift: the check fails when the file differs from what the code gives, and the
 * generator refuses catalogue data that disagrees with the code.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { HOST_METRICS, RUNTIME_METRICS } from '../../src/otel/catalogue';

const ROOT = path.join(__dirname, '..', '..');
const SCRIPT = path.join(ROOT, 'scripts', 'metrics-doc.js');
const DATA = path.join(ROOT, 'test', 'catalogue', 'metrics.json');

function run(...args: string[]): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, [SCRIPT, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 30000 });
  return { status: r.status, out: r.stdout + r.stderr };
}

test('METRICS.md is what the code gives (else: npm run docs:metrics)', () => {
  const r = run('--check');
  expect(r.out).toContain('METRICS.md is up to date');
  expect(r.status).toBe(0);
});

test('METRICS.md has one row per catalogue metric, with the code’s kind and unit', () => {
  const text = fs.readFileSync(path.join(ROOT, 'METRICS.md'), 'utf8');
  for (const d of HOST_METRICS) {
    expect(text).toContain(`| \`${d.name}\` | ${d.kind} | \`${d.unit}\` | ${d.int ? 'INT' : 'DOUBLE'} |`);
  }
  for (const r of RUNTIME_METRICS) expect(text).toMatch(new RegExp(`\\| \`${r.name.replace(/\./g, '\\.')}\` \\| \\w+ \\| `));
  expect(text.split('\n').filter((l) => /^\| `(system|process|nodejs|v8js)\./.test(l)).length).toBe(
    HOST_METRICS.length + RUNTIME_METRICS.length + 5, // + RuntimeMetrics' own extras (nodejs.uv.*, heap.limit)
  );
});

describe('a mismatch fails', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ps-metrics-doc-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const variant = (name: string, edit: (rows: Array<Record<string, unknown>>) => void): string => {
    const data = JSON.parse(fs.readFileSync(DATA, 'utf8')) as { metrics: Array<Record<string, unknown>> };
    edit(data.metrics);
    const file = path.join(dir, `${name}.json`);
    fs.writeFileSync(file, JSON.stringify(data));
    return file;
  };

  test.each([
    ['a unit the code does not use', (rows: Array<Record<string, unknown>>) => { rows[0]!.unit = 'ms'; }, 'system.cpu.time: unit is s in the code, ms'],
    ['a row the code lacks', (rows: Array<Record<string, unknown>>) => { rows.push({ ...rows[0], name: 'system.cpu.frequency' }); }, 'system.cpu.frequency: a row of the catalogue data that the code does not define'],
    ['a row the data lacks', (rows: Array<Record<string, unknown>>) => { rows.splice(rows.findIndex((r) => r.name === 'v8js.gc.duration'), 1); }, 'v8js.gc.duration: emitted by the code, not a row'],
    ['an opt-in row marked default', (rows: Array<Record<string, unknown>>) => { rows.find((r) => r.name === 'system.disk.pending_operations')!.default = true; }, 'system.disk.pending_operations: default is false in the code'],
  ])('%s', (name, edit, message) => {
    const r = run('--check', '--data', variant(name.replace(/\W+/g, '-'), edit));
    expect(r.status).toBe(1);
    expect(r.out).toContain(message);
  });
});
