// src/rates/disk.ts: per-second rates of one block device between two diskstats entries.
import { diskRates } from '../../src/rates/disk';

describe('diskRates', () => {
  const a = { name: 'sda', readBytes: 0, writeBytes: 1000, readOps: 0, writeOps: 10, ioTime: 1 };
  const b = { name: 'sda', readBytes: 4096, writeBytes: 500, readOps: 4, writeOps: 20, ioTime: 1.5 };

  test('bytes and operations per second, busy fraction, a reset is unknown', () => {
    expect(diskRates(a, b, 2)).toEqual({
      name: 'sda', readBytesPerS: 2048, writeBytesPerS: null, readOpsPerS: 2, writeOpsPerS: 5, busy: 0.25,
    });
    expect(diskRates(a, { ...b, ioTime: 10 }, 2).busy).toBe(1);
  });

  test('a missing counter, a short window and an ioTime the kernel did not print are null', () => {
    const { readOps: _, ...noReadOps } = b;
    expect(diskRates(a, { ...noReadOps, ioTime: NaN }, 2)).toEqual({
      name: 'sda', readBytesPerS: 2048, writeBytesPerS: null, readOpsPerS: null, writeOpsPerS: 5, busy: null,
    });
    expect(Object.values(diskRates(a, b, 0.01)).slice(1)).toEqual([null, null, null, null, null]);
    expect(diskRates(a, b, 0.01, { minWindowS: 0.005 }).readOpsPerS).toBeCloseTo(400);
  });
});
