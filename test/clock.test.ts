// src/clock.ts: the monotonic clock rate windows are measured with.
import { monotonicSeconds } from '../src/clock';

test('monotonicSeconds is process.hrtime in seconds and never goes back', () => {
  const before = process.hrtime();
  const t = monotonicSeconds();
  const after = process.hrtime();
  expect(t).toBeGreaterThanOrEqual(before[0] + before[1] / 1e9);
  expect(t).toBeLessThanOrEqual(after[0] + after[1] / 1e9);
  let prev = t;
  for (let i = 0; i < 1000; i++) {
    const now = monotonicSeconds();
    expect(now).toBeGreaterThanOrEqual(prev);
    prev = now;
  }
});
