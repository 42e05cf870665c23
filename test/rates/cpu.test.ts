// src/rates/cpu.ts: CPU utilization per mode between two CPU-times objects.
import { CPU_MODES } from '../../src/rates/kernels';
import { cpuUtilization } from '../../src/rates/cpu';
import { times } from './support';

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
});
