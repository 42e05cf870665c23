/** /proc/diskstats on fixture trees: 14-, 18-, 20- and 24-token lines, 7-token old partitions, shorter lines,
 * two devices sharing major:minor, uint64 extremes, more devices than the table holds. */
import { expectFields, ms, sampled, sectors, u64, type Want } from '../support/fixtures';

const FIELDS = [
  'readOps', 'readMerged', 'readBytes', 'readTime', 'writeOps', 'writeMerged', 'writeBytes', 'writeTime',
  'inFlight', 'ioTime', 'weightedIoTime', 'discardOps', 'discardMerged', 'discardBytes', 'discardTime',
  'flushOps', 'flushTime',
] as const;
// Kernel field i (after major, minor, name) in our units; missing trailing fields are null.
const CONVERT: Array<(n: number) => number> = [
  (n) => n, (n) => n, sectors, ms, (n) => n, (n) => n, sectors, ms, (n) => n, ms, ms, (n) => n, (n) => n, sectors, ms,
  (n) => n, ms,
];
function diskWant(kernelFields: number[]): Want[] {
  return FIELDS.map((field, i) => ({
    field,
    want: i < kernelFields.length ? (CONVERT[i] as (n: number) => number)(kernelFields[i] as number) : null,
  }));
}
function disk(s: ReturnType<typeof sampled>, name: string): Record<string, unknown> | null {
  return (s.snapshot().disks?.find((d) => d.name === name) as unknown as Record<string, unknown>) ?? null;
}

describe('/proc/diskstats', () => {
  test('modern: 20 tokens (discard and flush fields)', () => {
    const s = sampled('modern', ['disks']);
    expect(s.status().disks.code).toBe('OK');
    expect(s.snapshot().disks?.map((d) => d.name)).toEqual([
      'loop0', 'loop1', 'loop2', 'loop3', 'loop4', 'loop5', 'loop6', 'loop7', 'vda', 'zram0',
    ]);
    const vda = disk(s, 'vda');
    expectFields(vda, [{ field: 'major', want: 254 }, { field: 'minor', want: 0 }]);
    expectFields(vda, diskWant([36541, 10020, 2591330, 21405, 9021, 26036, 3731800, 4836, 0, 12900, 27397, 4318, 45, 108688, 744, 527, 409]));
    expectFields(vda, [
      { field: 'readTime', want: 21.405 },
      { field: 'weightedIoTime', want: 27.397 },
      { field: 'readBytes', want: 2591330 * 512 },
    ]);
    s.close();
  });

  test('old kernel: 14 tokens (discard and flush null) and 7-token partitions (4 fields)', () => {
    const s = sampled('old-kernel', ['disks']);
    expect(s.status().disks.code).toBe('OK');
    expectFields(disk(s, 'sda'), diskWant([62371, 3720, 2514378, 327032, 262455, 689391, 8114876, 11216876, 0, 412460, 11543808]));
    expectFields(disk(s, 'sda'), [{ field: 'ioTime', want: 412.46 }]);
    // The 4 fields of an old partition line: reads, sectors read, writes, sectors written.
    expectFields(disk(s, 'sda2'), [
      { field: 'readOps', want: 64912 },
      { field: 'readBytes', want: sectors(2512203) },
      { field: 'writeOps', want: 951846 },
      { field: 'writeBytes', want: sectors(8114628) },
      { field: 'readMerged', want: null },
      { field: 'readTime', want: null },
      { field: 'ioTime', want: null },
    ]);
    s.close();
  });

  test('hostile: 18 and 24 tokens, uint64 extremes, two devices with the same major:minor (keyed by name)', () => {
    const s = sampled('hostile', ['disks']);
    expect(s.status().disks.code).toBe('OK');
    const names = s.snapshot().disks?.map((d) => d.name);
    expect(names).toEqual(['sda', 'sda1', 'nvme0n1', 'nvme0n1p1', 'dm-0', 'dm-0-twin', 'sdd']);
    expectFields(disk(s, 'nvme0n1'), diskWant([6186, 2096, 503810, 1453, 21353, 23290, 1118402, 23453, 0, 19688, 26061, 12, 0, 4096, 7]));
    expectFields(disk(s, 'nvme0n1p1'), [
      { field: 'readOps', want: u64('18446744073709551615') },
      { field: 'readBytes', want: u64('18446744073709551615') * 512 },
      { field: 'readTime', want: 4294967.295 }, // the 32-bit millisecond wrap point
      { field: 'flushOps', want: 1279 },
      { field: 'flushTime', want: 1.154 },
    ]);
    expectFields(disk(s, 'dm-0'), [{ field: 'major', want: 252 }, { field: 'minor', want: 0 }, { field: 'readOps', want: 100 }]);
    expectFields(disk(s, 'dm-0-twin'), [{ field: 'major', want: 252 }, { field: 'minor', want: 0 }, { field: 'readOps', want: 101 }]);
    // A newer kernel's extra fields are ignored, the 17 known ones kept.
    expectFields(disk(s, 'sdd'), diskWant([10, 0, 16, 1, 20, 0, 32, 2, 0, 3, 4, 0, 0, 0, 0, 0, 0]));
    s.close();
  });

  test('garbage: lines of 5 and 10 fields and a bad major are skipped; a bad field is null; MALFORMED', () => {
    const s = sampled('garbage', ['disks']);
    expect(s.status().disks.code).toBe('MALFORMED');
    expect(s.snapshot().disks?.map((d) => d.name)).toEqual(['sde', 'sdf']);
    expectFields(disk(s, 'sde'), [{ field: 'writeMerged', want: null }, { field: 'writeOps', want: 20 }]);
    expectFields(disk(s, 'sdf'), diskWant([10, 0, 16, 1, 20, 0, 32, 2, 0, 3, 4, 0, 0, 0, 0, 0, 0]));
    s.close();
  });

  test('truncated: the complete line is kept, the cut one dropped, MALFORMED', () => {
    const s = sampled('truncated', ['disks']);
    expect(s.status().disks.code).toBe('MALFORMED');
    expect(s.snapshot().disks?.map((d) => d.name)).toEqual(['loop0']);
    s.close();
  });

  test('empty: no devices, OK (a container can have none)', () => {
    const s = sampled('empty', ['disks']);
    expect(s.status().disks.code).toBe('OK');
    expect(s.snapshot().disks).toEqual([]);
    s.close();
  });

  test('binary: MALFORMED and no device invented', () => {
    const s = sampled('binary', ['disks']);
    expect(s.status().disks.code).toBe('MALFORMED');
    expect(s.snapshot().disks).toEqual([]);
    s.close();
  });

  test('gVisor has no /proc/diskstats: ENOENT, null', () => {
    const s = sampled('gvisor', ['disks']);
    expect(s.status().disks.code).toBe('ENOENT');
    expect(s.snapshot().disks).toBeNull();
    s.close();
  });

  test('100 devices (table holds 64): grows, names and values line up, generation moves once', () => {
    const s = sampled('overflow', ['disks']);
    const t = s.table('disks');
    expect(s.status().disks.code).toBe('OK');
    expect(t?.count()).toBe(100);
    const disks = s.snapshot().disks ?? [];
    expect(disks).toHaveLength(100);
    expectFields(disks[99] ?? null, [
      { field: 'name', want: 'loop99' },
      { field: 'minor', want: 99 },
      { field: 'readOps', want: 99 },
      { field: 'readBytes', want: sectors(99 * 8) },
      { field: 'ioTime', want: ms(99) },
    ]);
    const g = t?.generation();
    s.sample();
    expect(t?.generation()).toBe(g); // same names: no new generation
    s.close();
  });
});
