/** /proc/meminfo, /proc/loadavg and /proc/vmstat on fixture trees, and a file that outgrows its buffer. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Sampler } from '../../src';
import { expectFields, kB, sampled, u64 } from '../support/fixtures';

describe('/proc/meminfo', () => {
  test('modern: kB to bytes; HugePages_* counts are pages', () => {
    const s = sampled('modern', ['memory']);
    expect(s.status().memory.code).toBe('OK');
    expectFields(s.snapshot().memory, [
      { field: 'total', want: kB(24683620) },
      { field: 'free', want: kB(23600476) },
      { field: 'available', want: kB(24039892) },
      { field: 'shared', want: kB(8952) },
      { field: 'slabReclaimable', want: kB(87388) },
      { field: 'committedAs', want: kB(501936) },
      { field: 'hugePagesTotal', want: 0 },
      { field: 'hugePageSize', want: kB(2048) },
    ]);
    s.close();
  });

  test('old kernel: no MemAvailable, Shmem, SReclaimable: null, not 0', () => {
    const s = sampled('old-kernel', ['memory']);
    expect(s.status().memory.code).toBe('OK');
    expectFields(s.snapshot().memory, [
      { field: 'total', want: kB(2059768) },
      { field: 'available', want: null },
      { field: 'shared', want: null },
      { field: 'slabReclaimable', want: null },
      { field: 'slabUnreclaimable', want: null },
      { field: 'slab', want: kB(102532) },
      { field: 'swapFree', want: kB(4194200) },
    ]);
    s.close();
  });

  test('gVisor: the keys it does not print are null', () => {
    const s = sampled('gvisor', ['memory']);
    expectFields(s.snapshot().memory, [
      { field: 'total', want: kB(2097152) },
      { field: 'available', want: kB(2002944) },
      { field: 'swapCached', want: null }, // gVisor spells it SwapCache
      { field: 'slab', want: null },
      { field: 'hugePageSize', want: null },
    ]);
    s.close();
  });

  test('hostile: uint64 extremes are the nearest double, not wrapped or truncated', () => {
    const s = sampled('hostile', ['memory']);
    expect(s.status().memory.code).toBe('OK');
    expectFields(s.snapshot().memory, [
      { field: 'total', want: u64('18014398509481983') * 1024 },
      { field: 'free', want: u64('18446744073709551615') * 1024 },
      { field: 'available', want: 0 },
      { field: 'hugePagesTotal', want: u64('18446744073709551615') },
      { field: 'hugePageSize', want: kB(1048576) },
    ]);
    s.close();
  });

  test('garbage: overflow, negative, wrong unit and hex are null; status MALFORMED', () => {
    const s = sampled('garbage', ['memory']);
    expect(s.status().memory.code).toBe('MALFORMED');
    expectFields(s.snapshot().memory, [
      { field: 'total', want: kB(1000) },
      { field: 'free', want: null }, // 2^64
      { field: 'available', want: null }, // -5
      { field: 'buffers', want: null }, // MB
      { field: 'cached', want: kB(300) },
      { field: 'dirty', want: null }, // 0x10
      { field: 'swapTotal', want: 4096 }, // no unit: taken as a count, like HugePages_Total
    ]);
    s.close();
  });

  test('truncated: the keys before the cut are kept, the cut number is not trusted', () => {
    const s = sampled('truncated', ['memory']);
    expect(s.status().memory.code).toBe('MALFORMED');
    expectFields(s.snapshot().memory, [
      { field: 'total', want: kB(24683620) },
      { field: 'free', want: kB(23600476) },
      { field: 'cached', want: null },
    ]);
    s.close();
  });

  test.each(['empty', 'binary'])('%s: MALFORMED, every value null', (fixture) => {
    const s = sampled(fixture, ['memory']);
    expect(s.status().memory.code).toBe('MALFORMED');
    expect(Object.values(s.snapshot().memory ?? { x: 1 }).every((v) => v === null)).toBe(true);
    s.close();
  });

  test('missing (subset=pid): ENOENT and null', () => {
    const s = sampled('subset-pid', ['memory']);
    expect(s.status().memory).toEqual({ ok: false, code: 'ENOENT', message: expect.stringContaining('ENOENT') });
    expect(s.snapshot().memory).toBeNull();
    s.close();
  });

  test('a file that grows past the buffer between reads: values right, no truncation', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'procsampler-grow-'));
    try {
      const file = path.join(dir, 'meminfo');
      fs.writeFileSync(file, 'MemTotal:       1000 kB\nMemFree:         500 kB\n'.padEnd(1024 - 1, '#') + '\n');
      const s = new Sampler({ procRoot: dir, sources: ['memory'] });
      s.sample();
      expect(s.status().memory.code).toBe('MALFORMED'); // the '#' padding line has no ':'
      expectFields(s.snapshot().memory, [
        { field: 'total', want: kB(1000) },
        { field: 'free', want: kB(500) },
        { field: 'available', want: null },
      ]);
      // Rewrite in place (same inode, so the kept-open descriptor sees it): 300 KB of padding lines with the
      // keys before, in the middle and at the very end.
      const pad: string[] = [];
      for (let i = 0, len = 0; len < 150 * 1024; i++) {
        pad.push(`Padding${i}:     ${i} kB`);
        len += (pad[pad.length - 1] as string).length + 1;
      }
      const body = [
        'MemTotal:       2000 kB',
        ...pad,
        'MemAvailable:   1500 kB',
        ...pad,
        'Committed_AS:   123456789 kB',
        '',
      ].join('\n');
      expect(body.length).toBeGreaterThan(300 * 1024);
      fs.writeFileSync(file, body);
      s.sample();
      expect(s.status().memory.code).toBe('OK');
      expectFields(s.snapshot().memory, [
        { field: 'total', want: kB(2000) },
        { field: 'free', want: null },
        { field: 'available', want: kB(1500) },
        { field: 'committedAs', want: kB(123456789) },
      ]);
      // And shrinks again.
      fs.writeFileSync(file, 'MemTotal:       3000 kB\n');
      s.sample();
      expectFields(s.snapshot().memory, [
        { field: 'total', want: kB(3000) },
        { field: 'committedAs', want: null },
      ]);
      s.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a file larger than the 64 MiB limit (meminfo -> /dev/zero)', () => {
  let dir = '';
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'procsampler-huge-'));
    fs.symlinkSync('/dev/zero', path.join(dir, 'meminfo'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('sample() returns; the source is not OK and every value is null', () => {
    const s = new Sampler({ procRoot: dir, sources: ['memory'] });
    s.sample();
    expect(s.status().memory.ok).toBe(false);
    expect(s.snapshot().memory).toBeNull();
    s.close();
  });

  // Past 64 MiB the source reports TOO_LARGE; later samples probe one byte at the limit instead of re-growing.
  test('the status code is TOO_LARGE, as layout.h documents', () => {
    const s = new Sampler({ procRoot: dir, sources: ['memory'] });
    s.sample();
    expect(s.status().memory.code).toBe('TOO_LARGE');
    // Still too large: reported again (by the one-byte probe, not a second 64 MiB read).
    s.sample();
    expect(s.status().memory.code).toBe('TOO_LARGE');
    expect(s.snapshot().memory).toBeNull();
    s.close();
  });

  test('a source that was too large is read again once its content fits', () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'procsampler-shrink-'));
    try {
      const file = path.join(d, 'meminfo');
      // A sparse regular file of 65 MiB: past the limit.
      fs.writeFileSync(file, 'MemTotal: 1 kB\n');
      fs.truncateSync(file, 65 * 1024 * 1024);
      const s = new Sampler({ procRoot: d, sources: ['memory'] });
      s.sample();
      expect(s.status().memory.code).toBe('TOO_LARGE');
      fs.writeFileSync(file, 'MemTotal: 2048 kB\nMemFree: 1024 kB\n');
      s.sample();
      expect(s.status().memory.code).toBe('OK');
      expect(s.snapshot().memory?.total).toBe(2048 * 1024);
      expect(s.snapshot().memory?.free).toBe(1024 * 1024);
      s.close();
    } finally {
      fs.rmSync(d, { recursive: true, force: true });
    }
  });
});

describe('/proc/loadavg', () => {
  const LOAD_FIELDS = ['avg1', 'avg5', 'avg15', 'runnable', 'entities'] as const;
  test.each([
    ['modern', 'OK', [2.18, 1.4, 0.66, 4, 163]],
    ['old-kernel', 'OK', [0.08, 0.03, 0.01, 1, 112]],
    ['gvisor', 'OK', [0, 0, 0, 0, 0]],
    ['hostile', 'OK', [1024.99, 512.5, 0, 65535, 4194304]],
    ['garbage', 'MALFORMED', [0.5, null, 0.1, null, null]],
    ['truncated', 'MALFORMED', [null, null, null, null, null]],
    ['empty', 'MALFORMED', [null, null, null, null, null]],
    ['binary', 'MALFORMED', [null, null, null, null, null]],
  ] as const)('%s: %s', (fixture, code, want) => {
    const s = sampled(fixture, ['load']);
    expect(s.status().load.code).toBe(code);
    expectFields(
      s.snapshot().load,
      LOAD_FIELDS.map((field, k) => ({ field, want: want[k] as number | null })),
    );
    s.close();
  });
});

describe('/proc/vmstat', () => {
  test('modern: pgpgin/pgpgout KiB to bytes', () => {
    const s = sampled('modern', ['vmstat']);
    expect(s.status().vmstat.code).toBe('OK');
    expectFields(s.snapshot().vmstat, [
      { field: 'pageFaults', want: 7651280 },
      { field: 'majorPageFaults', want: 1206 },
      { field: 'swapIn', want: 0 },
      { field: 'pageIn', want: kB(1295665) },
      { field: 'pageOut', want: kB(1865900) },
    ]);
    s.close();
  });

  test('hostile: uint64 and int64 extremes; a longer key sharing a prefix is not confused', () => {
    const s = sampled('hostile', ['vmstat']);
    expect(s.status().vmstat.code).toBe('OK');
    expectFields(s.snapshot().vmstat, [
      { field: 'pageFaults', want: u64('18446744073709551615') },
      { field: 'pageIn', want: u64('18014398509481983') * 1024 },
      { field: 'swapIn', want: u64('9223372036854775807') },
      { field: 'swapOut', want: u64('9223372036854775808') },
    ]);
    s.close();
  });

  test('garbage: MALFORMED, bad lines null', () => {
    const s = sampled('garbage', ['vmstat']);
    expect(s.status().vmstat.code).toBe('MALFORMED');
    expectFields(s.snapshot().vmstat, [
      { field: 'pageIn', want: kB(10) },
      { field: 'pageOut', want: null },
      { field: 'pageFaults', want: null },
      { field: 'majorPageFaults', want: 6 },
    ]);
    s.close();
  });

  test('gVisor has no /proc/vmstat: ENOENT, null', () => {
    const s = sampled('gvisor', ['vmstat']);
    expect(s.status().vmstat.code).toBe('ENOENT');
    expect(s.snapshot().vmstat).toBeNull();
    s.close();
  });

  test.each(['empty', 'binary', 'truncated'])('%s: MALFORMED', (fixture) => {
    const s = sampled(fixture, ['vmstat']);
    expect(s.status().vmstat.code).toBe('MALFORMED');
    s.close();
  });
});
