// src/rates/compute.ts: everything derived from two snapshots.
import { CPU_MODES } from '../../src/rates/kernels';
import { computeRates } from '../../src/rates/compute';
import { snap } from './support';

describe('computeRates', () => {
  test('keyed by name and CPU number: appearing and vanishing entries have no rate', () => {
    const r = computeRates(snap(1, ['sda', 'sdb'], [0, 1]), snap(2, ['sdb', 'sdc'], [1, 2]), 1, { processCpus: 2 });
    expect(r.disks.map((d) => d.name)).toEqual(['sdb']);
    expect(r.disks[0]).toMatchObject({ readBytesPerS: 1000, readOpsPerS: 1 });
    expect(r.perCpu.map((c) => c.cpu)).toEqual([1]);
    expect(r.perCpu[0]!.user).toBeCloseTo(0.25);
    expect(r.cpu!.user).toBeCloseTo(0.25);
    expect(r.process).toEqual({ user: 0.25, system: 0.125, total: 0.375 });
    expect(r.memory!.used).toBe(0.75);
    expect(r.paging).toBeNull();
    expect(r.network[0]!.rxBytesPerS).toBe(10);
  });
  test('a window under minWindowS: instantaneous utilizations only', () => {
    const r = computeRates(snap(1, ['sda'], [0]), snap(2, ['sda'], [0]), 0.01);
    expect([r.cpu, r.process, r.perCpu, r.disks, r.network]).toEqual([null, null, [], [], []]);
    expect(r.memory!.used).toBe(0.75);
    const ok = computeRates(snap(1, ['sda'], [0]), snap(2, ['sda'], [0]), 0.01, { minWindowS: 0.005 });
    expect(ok.disks[0]!.readBytesPerS).toBeCloseTo(100000);
  });
});

describe('computeRates on real Sampler snapshots', () => {
  test('the snapshot types fit, CPU utilization sums to 1, process utilization is in 0..1', async () => {
    const { Sampler } = await import('../../src/sampler');
    const s = new Sampler({ sources: ['cpu', 'process', 'memory', 'disks', 'network'] });
    try {
      s.sample();
      const a = s.snapshot();
      const t0 = process.hrtime.bigint();
      let x = 0;
      while (process.hrtime.bigint() - t0 < 150_000_000n) x += Math.sqrt(x + 1); // keep one CPU busy
      s.sample();
      const b = s.snapshot();
      const r = computeRates(a, b, Number(process.hrtime.bigint() - t0) / 1e9, { processCpus: 2 });
      const sum = CPU_MODES.reduce((acc, m) => acc + (r.cpu?.[m] ?? 0), 0);
      expect(sum).toBeCloseTo(1, 9);
      expect(r.process!.total).toBeGreaterThan(0);
      expect(r.process!.total).toBeLessThanOrEqual(1);
      expect(r.memory!.used).toBeGreaterThan(0);
      expect(r.network.map((n) => n.name)).toContain('lo');
      expect(x).toBeGreaterThan(0);
    } finally {
      s.close();
    }
  });
});
