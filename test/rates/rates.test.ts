import {
  CPU_MODES,
  RateTracker,
  computeRates,
  counterDelta,
  cpuUtilization,
  cpuUtilizationInto,
  diskRates,
  filesystemUsage,
  filesystemUtilization,
  memoryUsage,
  memoryUtilization,
  networkRates,
  pagingUtilization,
  processCpuUtilization,
  ratePerSecond,
  utilization,
} from '../../src/rates';

const times = (o: Partial<Record<string, number | null>>) => ({
  user: 0, nice: 0, system: 0, idle: 0, iowait: 0, irq: 0, softirq: 0, steal: 0, guest: 0, guestNice: 0, ...o,
});

describe('counterDelta / ratePerSecond', () => {
  test.each([
    { prev: 10, cur: 15, want: 5 },
    { prev: 10, cur: 10, want: 0 },
    { prev: 10, cur: 3, want: NaN }, // reset: unknown, never negative
    { prev: null, cur: 3, want: NaN },
    { prev: 1, cur: NaN, want: NaN },
    { prev: undefined, cur: 1, want: NaN },
  ])('counterDelta($prev, $cur) = $want', ({ prev, cur, want }) => {
    expect(counterDelta(prev, cur)).toBe(want);
  });

  test('per-second rate and the minimum window', () => {
    expect(ratePerSecond(100, 300, 2)).toBe(100);
    expect(ratePerSecond(100, 300, 0.01)).toBeNaN(); // < 20 ms default
    expect(ratePerSecond(100, 300, 0.01, 0.005)).toBeCloseTo(20000);
    expect(ratePerSecond(300, 100, 2)).toBeNaN();
    expect(ratePerSecond(1, 2, 0, 0)).toBeNaN();
  });

  test('utilization clamps and refuses a zero denominator', () => {
    expect(utilization(1, 4)).toBe(0.25);
    expect(utilization(5, 4)).toBe(1);
    expect(utilization(-1, 4)).toBe(0);
    expect(utilization(1, 0)).toBeNaN();
    expect(utilization(null, 4)).toBeNaN();
  });
});

describe('CPU utilization', () => {
  test('per mode over the total, guest excluded (already inside user/nice), interrupt = irq + softirq', () => {
    const prev = times({ user: 10, nice: 1, system: 5, idle: 80, iowait: 2, irq: 0.5, softirq: 0.5, steal: 1, guest: 4, guestNice: 1 });
    const cur = times({ user: 13, nice: 1, system: 6, idle: 85, iowait: 2, irq: 0.5, softirq: 1.5, steal: 1, guest: 7, guestNice: 1 });
    const u = cpuUtilization(prev, cur)!;
    // deltas: user 3, nice 0, system 1, idle 5, iowait 0, interrupt 1, steal 0 => total 10 (guest's +3 not added)
    expect(u).toEqual({ user: 0.3, nice: 0, system: 0.1, idle: 0.5, iowait: 0, interrupt: 0.1, steal: 0 });
    const sum = CPU_MODES.reduce((a, m) => a + (u[m] ?? 0), 0);
    expect(sum).toBeCloseTo(1, 12);
  });

  test('a mode going backwards (iowait) counts as 0 and the rest still sums to 1', () => {
    const u = cpuUtilization(times({ user: 1, idle: 1, iowait: 5 }), times({ user: 2, idle: 4, iowait: 4 }))!;
    expect(u.iowait).toBe(0);
    expect(u.user).toBeCloseTo(0.25);
    expect(u.idle).toBeCloseTo(0.75);
  });

  test('a reset of the whole line, a too-short window, all-zero lines: no value', () => {
    expect(cpuUtilization(times({ user: 100, idle: 100 }), times({ user: 1, idle: 1 }))).toBeNull();
    expect(cpuUtilization(times({ user: 1 }), times({ user: 1.01 }))).toBeNull(); // 10 ms < 2 ticks
    expect(cpuUtilization(times({}), times({}))).toBeNull();
    // aggregate of 4 CPUs needs 4 x 20 ms of CPU time
    expect(cpuUtilization(times({ idle: 0 }), times({ idle: 0.05 }), 4)).toBeNull();
    expect(cpuUtilization(times({ idle: 0 }), times({ idle: 0.1 }), 4)).not.toBeNull();
  });

  test('modes the kernel does not print are unknown (null), not 0', () => {
    const old = { user: 1, nice: 0, system: 1, idle: 8 }; // a 4-column kernel
    const u = cpuUtilization(old, { user: 2, nice: 0, system: 2, idle: 16 })!;
    expect(u.iowait).toBeNull();
    expect(u.steal).toBeNull();
    expect(u.interrupt).toBeNull();
    expect(u.user).toBeCloseTo(0.1);
    expect(u.idle).toBeCloseTo(0.8);
  });

  test('cpuUtilizationInto works on offsets and fills NaN when there is no value', () => {
    const prev = new Float64Array([0, 0, 0, 0, 0, 0, 0, 9, 9, 9, 9, 9, 9, 9]);
    const cur = new Float64Array([1, 0, 0, 3, 0, 0, 0]);
    const out = new Float64Array(7).fill(5);
    expect(cpuUtilizationInto(prev, 0, cur, 0, out, 0)).toBe(true);
    expect(Array.from(out)).toEqual([0.25, 0, 0, 0.75, 0, 0, 0]);
    expect(cpuUtilizationInto(prev, 7, cur, 0, out, 0)).toBe(false);
    expect(Array.from(out).every(Number.isNaN)).toBe(true);
  });

  test('process CPU utilization uses elapsed x CPUs available', () => {
    expect(processCpuUtilization(1, 2, 2)).toBe(0.25);
    expect(processCpuUtilization(10, 2, 2)).toBe(1);
    expect(processCpuUtilization(-1, 2, 2)).toBeNaN();
    expect(processCpuUtilization(1, 0.001, 2)).toBeNaN();
    expect(processCpuUtilization(1, 2, 0)).toBeNaN();
  });
});

describe('memory, paging, filesystem', () => {
  const mem = { total: 1000, free: 100, available: 600, buffers: 50, cached: 200, slabReclaimable: 20, swapTotal: 400, swapFree: 300 };
  test('memory usage and utilization', () => {
    expect(memoryUsage(mem)).toEqual({ used: 400, free: 100, buffers: 50, cached: 220 });
    expect(memoryUtilization(mem)).toEqual({ used: 0.4, free: 0.1, buffers: 0.05, cached: 0.22 });
    expect(memoryUsage({ ...mem, available: null }).used).toBeNull();
  });
  test('paging utilization is null without swap', () => {
    expect(pagingUtilization(mem)).toEqual({ used: 0.25, free: 0.75 });
    expect(pagingUtilization({ swapTotal: 0, swapFree: 0 })).toBeNull();
  });
  test('filesystem usage: free = available, reserved = free - available, used = total - free', () => {
    const fs = { total: 1000, free: 300, available: 250, used: 700 };
    expect(filesystemUsage(fs)).toEqual({ used: 700, free: 250, reserved: 50 });
    expect(filesystemUtilization(fs)).toEqual({ used: 0.7, free: 0.25, reserved: 0.05 });
    expect(filesystemUtilization({ ...fs, total: null })).toEqual({ used: null, free: null, reserved: null });
  });
});

describe('disk and network rates', () => {
  test('disk bytes, ops, busy fraction, reset', () => {
    const a = { name: 'sda', readBytes: 0, writeBytes: 1000, readOps: 0, writeOps: 10, ioTime: 1 };
    const b = { name: 'sda', readBytes: 4096, writeBytes: 500, readOps: 4, writeOps: 20, ioTime: 1.5 };
    expect(diskRates(a, b, 2)).toEqual({
      name: 'sda', readBytesPerS: 2048, writeBytesPerS: null, readOpsPerS: 2, writeOpsPerS: 5, busy: 0.25,
    });
    expect(diskRates(a, { ...b, ioTime: 10 }, 2).busy).toBe(1);
  });
  test('network rates', () => {
    const a = { name: 'eth0', rxBytes: 0, txBytes: 0, rxPackets: 0, txPackets: 0, rxErrors: 0, txErrors: 5 };
    const b = { name: 'eth0', rxBytes: 100, txBytes: 50, rxPackets: 2, txPackets: 1, rxErrors: 0, txErrors: 1 };
    const r = networkRates(a, b, 0.5);
    expect(r).toMatchObject({ rxBytesPerS: 200, txBytesPerS: 100, rxPacketsPerS: 4, txPacketsPerS: 2, rxErrorsPerS: 0, txErrorsPerS: null });
    expect(r.rxDroppedPerS).toBeNull();
  });
});

describe('computeRates / RateTracker', () => {
  const snap = (k: number, disks: string[], cpus: number[]) => ({
    cpu: {
      count: cpus.length,
      total: times({ user: 10 * k, idle: 30 * k }),
      perCpu: cpus.map((cpu) => ({ cpu, ...times({ user: 5 * k + cpu, idle: 15 * k }) })),
    },
    memory: { total: 100, available: 25, free: 10, buffers: 0, cached: 0, slabReclaimable: 0, swapTotal: 0, swapFree: 0 },
    disks: disks.map((name) => ({ name, readBytes: 1000 * k, writeBytes: 0, readOps: k, writeOps: 0, ioTime: 0.1 * k })),
    network: [{ name: 'lo', rxBytes: 10 * k, txBytes: 10 * k }],
    process: { cpuUser: 0.5 * k, cpuSystem: 0.25 * k },
    filesystems: [],
  });

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

  test('RateTracker uses the injected clock and refuses short windows', () => {
    let now = 100;
    const t = new RateTracker({ clock: () => now, processCpus: 1 });
    expect(t.update(snap(1, ['sda'], [0]))).toBeNull();
    now += 0.005;
    expect(t.update(snap(1.001, ['sda'], [0]))).toBeNull(); // too short: baseline kept
    now += 1.995;
    const r = t.update(snap(3, ['sda'], [0]))!;
    expect(r.elapsedS).toBeCloseTo(2);
    expect(r.disks[0]!.readBytesPerS).toBeCloseTo(1000);
    expect(r.process!.user).toBeCloseTo(0.5);
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
