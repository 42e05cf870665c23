// src/rates/memory.ts: memory and swap usage and utilization per state.
import { memoryUsage, memoryUtilization, pagingUtilization } from '../../src/rates/memory';

describe('memory and paging', () => {
  const mem = { total: 1000, free: 100, available: 600, buffers: 50, cached: 200, slabReclaimable: 20, swapTotal: 400, swapFree: 300 };
  test('memory usage and utilization', () => {
    expect(memoryUsage(mem)).toEqual({ used: 400, free: 100, buffers: 50, cached: 220 });
    expect(memoryUtilization(mem)).toEqual({ used: 0.4, free: 0.1, buffers: 0.05, cached: 0.22 });
    expect(memoryUsage({ ...mem, available: null }).used).toBeNull();
    expect(memoryUtilization({ ...mem, total: 0 })).toEqual({ used: null, free: null, buffers: null, cached: null });
  });
  test('paging utilization is null without swap', () => {
    expect(pagingUtilization(mem)).toEqual({ used: 0.25, free: 0.75 });
    expect(pagingUtilization({ swapTotal: 0, swapFree: 0 })).toBeNull();
    expect(pagingUtilization({ swapTotal: null, swapFree: 0 })).toBeNull();
  });
});
