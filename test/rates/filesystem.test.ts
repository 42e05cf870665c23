// src/rates/filesystem.ts: filesystem usage and utilization per state.
import { filesystemUsage, filesystemUtilization } from '../../src/rates/filesystem';

describe('filesystem', () => {
  test('free = available, reserved = free - available, used = total - free', () => {
    const fs = { total: 1000, free: 300, available: 250, used: 700 };
    expect(filesystemUsage(fs)).toEqual({ used: 700, free: 250, reserved: 50 });
    expect(filesystemUtilization(fs)).toEqual({ used: 0.7, free: 0.25, reserved: 0.05 });
    expect(filesystemUtilization({ ...fs, total: null })).toEqual({ used: null, free: null, reserved: null });
  });
  test('used falls back to total - free when the entry has no used value', () => {
    expect(filesystemUsage({ total: 1000, free: 300, available: 250 })).toEqual({ used: 700, free: 250, reserved: 50 });
  });
});
