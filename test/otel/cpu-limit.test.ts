/**
 * The CPU limit of process.cpu.utilization when the container group is off: a cgroup-only source sampled at most
 * once per refresh interval of the injected clock, its value cached between (src/otel/cpu-limit.ts). On a copy of
 * the v2-limits cgroup fixture whose cpu.max the test rewrites; the expected CPUs are computed here from the files.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Sampler } from '../../src';
import { CachedCpuLimit, SharedCpuLimit } from '../../src/otel/cpu-limit';
import { HostModel } from '../../src/otel/host/model';
import type { ValueSource } from '../../src/otel/value-source';

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'cgroup', 'v2-limits');
const CTR = path.join('sys', 'fs', 'cgroup', 'kube', 'pod1', 'ctr');

/** CPUs from the files, read here: min(quota / period up the tree, CPUs of the cpuset, parallelism). */
function expectedCpus(root: string, parallelism: number): number {
  let n = parallelism;
  for (let dir = CTR; dir !== path.join('sys', 'fs'); dir = path.dirname(dir)) {
    const file = path.join(root, dir, 'cpu.max');
    if (!fs.existsSync(file)) continue;
    const [quota, period] = fs.readFileSync(file, 'utf8').trim().split(/\s+/);
    if (quota !== 'max') n = Math.min(n, Number(quota) / Number(period));
  }
  const cpus = fs.readFileSync(path.join(root, CTR, 'cpuset.cpus.effective'), 'utf8').trim();
  const count = cpus.split(',').reduce((a, r) => {
    const [lo, hi] = r.split('-').map(Number) as [number, number | undefined];
    return a + (hi === undefined ? 1 : hi - lo + 1);
  }, 0);
  return Math.min(n, count);
}

/** A source that counts its samples (what a collect would cost in cgroup reads). */
function counting(s: Sampler): { source: ValueSource; samples: () => number } {
  let n = 0;
  const source: ValueSource = {
    sample: () => {
      n++;
      s.sample();
    },
    sampleAsync: () => s.sampleAsync(),
    table: (name) => s.table(name),
    close: () => s.close(),
  };
  return { source, samples: () => n };
}

describe('the CPU limit of process.cpu.utilization', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'ps-cpu-limit-'));
    fs.cpSync(FIXTURE, root, { recursive: true });
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  function open(): Sampler {
    return new Sampler({ procRoot: path.join(root, 'proc'), cgroupRoot: path.join(root, 'sys', 'fs', 'cgroup'), sources: ['cgroup'] });
  }

  test('cached: read once, kept for the refresh interval, re-read after it (a changed cpu.max shows then)', () => {
    const { source, samples } = counting(open());
    const limit = new CachedCpuLimit(source, 8, 10, true);
    const first = expectedCpus(root, 8);
    expect(first).toBe(0.5); // the fixture's own 50000 / 100000
    expect(limit.cpus(100)).toBe(first);
    expect(samples()).toBe(1);
    fs.writeFileSync(path.join(root, CTR, 'cpu.max'), '250000 100000\n');
    const second = expectedCpus(root, 8);
    expect(second).toBe(2.5);
    // Inside the interval: the cached value, no cgroup file read.
    expect(limit.cpus(105)).toBe(first);
    expect(limit.cpus(109.999)).toBe(first);
    expect(samples()).toBe(1);
    // At the interval: re-read.
    expect(limit.cpus(110)).toBe(second);
    expect(samples()).toBe(2);
    // A clock that goes back does not keep a value from the future: it re-reads.
    fs.writeFileSync(path.join(root, CTR, 'cpu.max'), 'max 100000\n');
    expect(limit.cpus(50)).toBe(expectedCpus(root, 8));
    expect(limit.cpus(50)).toBe(3); // the cpuset's 0-1,3
    expect(samples()).toBe(3);
    limit.close();
    limit.close();
  });

  test('parallelism below the limit wins; no cgroup table gives the parallelism', () => {
    const s = open();
    expect(new CachedCpuLimit(s, 0.25, 10, false).cpus(0)).toBe(0.25);
    s.close();
    const empty: ValueSource = {
      sample: () => undefined,
      sampleAsync: () => Promise.resolve(),
      table: () => undefined,
      close: () => undefined,
    };
    expect(new CachedCpuLimit(empty, 3, 10, true).cpus(0)).toBe(3);
    expect(new SharedCpuLimit(() => undefined, 3).cpus()).toBe(3);
  });

  test('a HostModel takes the cached limit per sample by its own clock', () => {
    const { source, samples } = counting(open());
    let now = 0;
    const procSource = open(); // the model's main source: no process table here, only the denominator is checked
    const model = new HostModel(procSource, {
      groups: new Set(['process.cpu']), optIn: new Set(), perCpu: false, disks: {}, networkInterfaces: {},
      mountPoints: {}, filesystemTypes: {}, clock: () => now, minSampleIntervalS: 0, minWindowS: 0.02,
      processCpus: 8, cpuLimit: new CachedCpuLimit(source, 8, 10, true),
    });
    model.take();
    expect(model.processCpus).toBe(0.5);
    fs.writeFileSync(path.join(root, CTR, 'cpu.max'), '150000 100000\n');
    for (now = 1; now < 10; now++) model.refresh();
    expect(model.processCpus).toBe(0.5);
    expect(samples()).toBe(1);
    now = 10;
    model.refresh();
    expect(model.processCpus).toBe(expectedCpus(root, 8));
    expect(model.processCpus).toBe(1.5);
    expect(samples()).toBe(2);
    source.close();
    procSource.close();
  });
});
