// src/rates/kernels.ts: the allocation-free functions of plain numbers and Float64Array offsets.
import { CPU_MODES, CPU_MODE_COUNT, counterDelta, cpuUtilizationInto, foldCpuTimes } from '../../src/rates/kernels';
import { processCpuUtilization, ratePerSecond, utilization } from '../../src/rates/kernels';

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

describe('CPU kernels', () => {
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

describe('foldCpuTimes', () => {
  test('seven modes at the offset, interrupt = irq + softirq, unknown when either is', () => {
    const out = new Float64Array(9).fill(-1);
    foldCpuTimes(1, 2, 3, 4, 5, 0.25, 0.5, 6, out, 1);
    expect(Array.from(out)).toEqual([-1, 1, 2, 3, 4, 5, 0.75, 6, -1]);
    foldCpuTimes(1, 2, 3, 4, NaN, 0.25, NaN, NaN, out, 0);
    expect(Array.from(out.subarray(0, 7))).toEqual([1, 2, 3, 4, NaN, NaN, NaN]);
    expect(CPU_MODES.length).toBe(CPU_MODE_COUNT);
  });
});
