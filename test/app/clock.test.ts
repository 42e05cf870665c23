import { performance } from 'perf_hooks';
import { CLOCK, CLOCK_IS_NATIVE, readClock } from '../../src/app/clock';
import { loadAddon } from '../../src/native';

describe('the hot-path clock', () => {
  test('uses the addon here, and follows performance.now() (monotonic seconds, differences only)', async () => {
    expect(CLOCK_IS_NATIVE).toBe(true);
    readClock();
    const c0 = CLOCK[0] as number;
    const p0 = performance.now();
    await new Promise((r) => setTimeout(r, 30));
    readClock();
    const c1 = CLOCK[0] as number;
    const p1 = performance.now();
    // both clocks run on CLOCK_MONOTONIC: the two intervals agree to well under a millisecond
    expect(Math.abs((c1 - c0) * 1000 - (p1 - p0))).toBeLessThan(2);
    expect(c1).toBeGreaterThan(c0);
  });

  test('clockAttach refuses anything but a Float64Array, with a code', () => {
    const addon = loadAddon() as unknown as { clockAttach(a: unknown): void };
    for (const bad of [undefined, new Float32Array(1), new Float64Array(0), [0]]) {
      expect(() => addon.clockAttach(bad)).toThrow(expect.objectContaining({ code: 'PROCSAMPLER_BAD_OPTION' }));
    }
    addon.clockAttach(CLOCK); // the module's own array stays attached
    readClock();
    expect(CLOCK[0]).toBeGreaterThan(0);
  });
});
