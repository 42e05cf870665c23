/**
 * bench/lib/targets.js and bench/check.js: the targets are the ones set for the project, and every CI threshold is
 * the same kind of bound as its target and no stricter (a threshold stricter than the target would fail a run
 * that meets the target).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

type Bound = { max?: number; min?: number };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { RATIOS } = require('../../bench/lib/targets.js') as { RATIOS: Record<string, { target?: Bound; check?: Bound; required?: boolean }> };
const CHECK = path.join(__dirname, '..', '..', 'bench', 'check.js');

test('sampleVsFloor: the target is 1.15, the regression threshold no stricter', () => {
  expect(RATIOS.sampleVsFloor?.target).toEqual({ max: 1.15 });
  expect(RATIOS.sampleVsFloor?.check?.max).toBeGreaterThanOrEqual(1.15);
  expect(RATIOS.sampleVsFloor?.required).toBe(true);
});

test('every threshold bounds the same side as its target and is at least as loose', () => {
  for (const [key, def] of Object.entries(RATIOS)) {
    if (!def.target || !def.check) continue;
    if (def.target.max !== undefined) {
      expect([key, def.check.max !== undefined && def.check.max >= def.target.max]).toEqual([key, true]);
    } else {
      expect([key, def.check.min !== undefined && def.target.min !== undefined && def.check.min <= def.target.min]).toEqual([key, true]);
    }
  }
});

describe('bench/check.js on a results file', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ps-bench-check-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const run = (ratios: Record<string, number>, ...args: string[]): { status: number | null; out: string } => {
    const file = path.join(dir, `r-${Object.values(ratios).join('-')}.json`);
    fs.writeFileSync(file, JSON.stringify({ mode: 'test', date: 'now', ratios: { heapBytesPerSample: 1, scaleSampleVsFloorMax: 1, scaleEntriesComplete: 1, ...ratios } }));
    const r = spawnSync(process.execPath, [CHECK, file, ...args], { encoding: 'utf8' });
    return { status: r.status, out: r.stdout + r.stderr };
  };
  const row = (out: string): string => out.split('\n').find((l) => l.startsWith('sampleVsFloor')) ?? '';

  test('1.2: within the CI threshold (passes), reported against the 1.15 target (fails --targets)', () => {
    const ci = run({ sampleVsFloor: 1.2 });
    expect(ci.status).toBe(0);
    expect(row(ci.out)).toMatch(/1\.2\s+≤ 1\.3\s+≤ 1\.15\s+ok/);
    const targets = run({ sampleVsFloor: 1.2 }, '--targets');
    expect(targets.status).toBe(1);
    expect(row(targets.out)).toMatch(/1\.2\s+≤ 1\.15\s+≤ 1\.15\s+FAIL/);
  });

  test('1.1 meets the target; 1.35 fails CI; a missing required ratio fails', () => {
    expect(run({ sampleVsFloor: 1.1 }, '--targets').status).toBe(0);
    const bad = run({ sampleVsFloor: 1.35 });
    expect(bad.status).toBe(1);
    expect(bad.out).toContain('FAILED: sampleVsFloor');
    expect(run({}).status).toBe(1);
  });
});
