/** The snapshot: no NaN anywhere (JSON round trip), absent values are null, never 0 or undefined. */
import { Sampler } from '../../src';
import { expectJsonClean, procOf, sampled } from '../support/fixtures';

describe('snapshot()', () => {
  test('the live snapshot survives a JSON round trip unchanged', async () => {
    const s = new Sampler();
    await s.sampleAsync();
    expectJsonClean(s.snapshot());
    s.close();
  });

  test('absent values are null (old kernel: available, guest, io), present zeros stay 0', () => {
    const s = sampled('old-kernel');
    const snap = s.snapshot();
    expect(snap.memory?.available).toBeNull();
    expect(snap.cpu?.total?.guest).toBeNull();
    expect(snap.cpu?.total?.steal).toBe(0);
    expect(snap.process?.readBytes).toBeNull();
    expect(snap.disks?.[0]?.discardOps).toBeNull();
    expect(snap.disks?.[0]?.readOps).toBe(0);
    // Nothing in the snapshot is NaN or undefined: NaN is only ever in the typed arrays.
    expectJsonClean(snap);
    const t = s.table('memory');
    expect(Number.isNaN(t?.scalarValue('available'))).toBe(true);
    s.close();
  });

  test('a source whose file is missing is null as a whole, not an object of zeros', () => {
    const s = sampled('subset-pid');
    const snap = s.snapshot();
    expect(snap.memory).toBeNull();
    expect(snap.load).toBeNull();
    expect(snap.disks).toBeNull();
    expect(snap.process?.pid).toBe(4242);
    expectJsonClean(snap);
    s.close();
  });

  test('the table header: time is monotonic seconds; an unselected table does not exist', () => {
    const s = new Sampler({ procRoot: procOf('modern'), sources: ['load'] });
    const t = s.table('load');
    expect(t?.status()).toBe(3); // NOT_SAMPLED before the first sample
    expect(Number.isNaN(t?.time())).toBe(true);
    s.sample();
    const t1 = t?.time() ?? NaN;
    expect(t1).toBeGreaterThan(0);
    s.sample();
    expect(t?.time()).toBeGreaterThanOrEqual(t1);
    expect(s.table('memory')).toBeUndefined();
    s.close();
  });
});
