// src/rates/tracker.ts: rates over consecutive snapshots, by an injected clock.
import { RateTracker } from '../../src/rates/tracker';
import { snap } from './support';

describe('RateTracker', () => {
  test('uses the injected clock and refuses short windows', () => {
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

  test('reset() forgets the baseline: the next update starts a new window', () => {
    let now = 10;
    const t = new RateTracker({ clock: () => now });
    expect(t.update(snap(1, ['sda'], [0]))).toBeNull();
    now += 1;
    expect(t.update(snap(2, ['sda'], [0]))!.disks[0]!.readBytesPerS).toBeCloseTo(1000);
    t.reset();
    now += 1;
    expect(t.update(snap(3, ['sda'], [0]))).toBeNull();
    now += 2;
    expect(t.update(snap(7, ['sda'], [0]))!.disks[0]!.readBytesPerS).toBeCloseTo(2000);
  });
});
