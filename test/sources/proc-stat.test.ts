/**
 * /proc/stat and /proc/uptime through the Sampler, on fixture trees: CPU lines of 8, 9 and 10 columns, all-zero
 * lines and a short softirq line (gVisor), a 200 KB file, truncation, garbage, an empty file, more CPUs than the
 * table holds, offline CPUs, and a procfs mounted with subset=pid.
 */
import { expectFields, sampled, ticks, type Want } from '../support/fixtures';

const cpuWant = (cols: Array<number | null>): Want[] =>
  ['user', 'nice', 'system', 'idle', 'iowait', 'irq', 'softirq', 'steal', 'guest', 'guestNice'].map((field, i) => ({
    field,
    want: cols[i] === null || cols[i] === undefined ? null : ticks(cols[i] as number),
  }));

describe('/proc/stat', () => {
  test('modern: 10 columns, converted from ticks to seconds exactly', () => {
    const s = sampled('modern', ['cpu', 'system']);
    const snap = s.snapshot();
    expect(s.status().cpu.code).toBe('OK');
    expectFields(snap.cpu?.total ?? null, [
      { field: 'user', want: 3018.54 },
      { field: 'nice', want: 12.03 },
      { field: 'system', want: 179.04 },
      { field: 'idle', want: 1201.58 },
      { field: 'iowait', want: 9.72 },
      { field: 'irq', want: 0.31 },
      { field: 'softirq', want: 5.43 },
      { field: 'steal', want: 0.77 },
      { field: 'guest', want: 0.12 },
      { field: 'guestNice', want: 0.03 },
    ]);
    expect(snap.cpu?.count).toBe(2);
    expect(snap.cpu?.perCpu.map((c) => c.cpu)).toEqual([0, 1]);
    expectFields(snap.cpu?.perCpu[1] ?? null, cpuWant([151854, 603, 9220, 57393, 836, 16, 260, 37, 6, 2]));
    expectFields(snap.system, [
      { field: 'bootTime', want: 1795486248 },
      { field: 'uptime', want: 871.27 },
      { field: 'contextSwitches', want: 1011337 },
      { field: 'interrupts', want: 479631 },
      { field: 'forks', want: 16422 },
      { field: 'procsRunning', want: 5 },
      { field: 'procsBlocked', want: 0 },
    ]);
    s.close();
  });

  test('old kernel: 8 columns, guest and guestNice absent (null, not 0)', () => {
    const s = sampled('old-kernel', ['cpu', 'system']);
    expect(s.status().cpu.code).toBe('OK');
    const snap = s.snapshot();
    expectFields(snap.cpu?.total ?? null, cpuWant([8032, 125, 4480, 1290612, 3220, 51, 412, 0, null, null]));
    expectFields(snap.cpu?.perCpu[0] ?? null, cpuWant([4010, 60, 2200, 645300, 1610, 25, 206, 0, null, null]));
    expectFields(snap.system, [
      { field: 'bootTime', want: 1199145600 },
      { field: 'uptime', want: 6543.21 },
      { field: 'contextSwitches', want: 9563212 },
    ]);
    s.close();
  });

  test('mid kernel: 9 columns, only guestNice absent', () => {
    const s = sampled('mid-kernel', ['cpu', 'system']);
    expect(s.status().cpu.code).toBe('OK');
    expectFields(s.snapshot().cpu?.total ?? null, cpuWant([52100, 310, 18220, 7012345, 4410, 90, 1230, 0, 150, null]));
    expectFields(s.snapshot().cpu?.perCpu[1] ?? null, cpuWant([26100, 160, 9120, 3506345, 2210, 45, 630, 0, 80, null]));
    s.close();
  });

  test('gVisor: all-zero CPU lines are zeros (not absent) and the short softirq line is harmless', () => {
    const s = sampled('gvisor', ['cpu', 'system']);
    expect(s.status().cpu.code).toBe('OK');
    expect(s.status().system.code).toBe('OK');
    const snap = s.snapshot();
    expectFields(snap.cpu?.total ?? null, cpuWant([0, 0, 0, 0, 0, 0, 0, 0, 0, 0]));
    expect(snap.cpu?.perCpu).toHaveLength(2);
    expectFields(snap.system, [
      { field: 'bootTime', want: 1718000000 },
      { field: 'contextSwitches', want: 0 },
      { field: 'procsBlocked', want: 0 },
      { field: 'uptime', want: 1204.33 },
    ]);
    s.close();
  });

  test('hostile: a 200 KB file with a 40,000-column intr line; ctxt and btime after it are read', () => {
    const s = sampled('hostile', ['cpu', 'system']);
    expect(s.status().system.code).toBe('OK');
    expectFields(s.snapshot().system, [
      { field: 'interrupts', want: 98765432109 },
      { field: 'contextSwitches', want: 1011337 },
      { field: 'bootTime', want: 1795486248 },
      { field: 'forks', want: 16422 },
      { field: 'procsRunning', want: 5 },
      { field: 'procsBlocked', want: 3 },
      { field: 'uptime', want: 4294967296.99 },
    ]);
    expectFields(s.snapshot().cpu?.total ?? null, [{ field: 'user', want: 3018.54 }]);
    s.close();
  });

  test('truncated: the lines before the cut are kept, the rest is null, status MALFORMED', () => {
    const s = sampled('truncated', ['cpu', 'system']);
    expect(s.status().cpu.code).toBe('MALFORMED');
    expect(s.status().system.code).toBe('MALFORMED');
    const snap = s.snapshot();
    expectFields(snap.cpu?.total ?? null, [{ field: 'user', want: 3018.54 }]);
    expectFields(snap.system, [
      { field: 'contextSwitches', want: null }, // after the cut
      { field: 'bootTime', want: null },
      { field: 'interrupts', want: null }, // the intr line itself was cut: its first number is not trusted
      { field: 'uptime', want: null }, // "857.7" without its newline
    ]);
    s.close();
  });

  test('garbage: bad tokens are null, good ones kept, status MALFORMED', () => {
    const s = sampled('garbage', ['cpu', 'system']);
    expect(s.status().cpu.code).toBe('MALFORMED');
    const snap = s.snapshot();
    expectFields(snap.cpu?.total ?? null, cpuWant([100, 200, 300, 400, 500, 600, 700, 800, 900, 1000]));
    // cpuX is skipped; cpu0 has one bad column; cpu1 has only 3 columns; cpu2 is clean.
    expect(snap.cpu?.perCpu.map((c) => c.cpu)).toEqual([0, 1, 2]);
    expectFields(snap.cpu?.perCpu[0] ?? null, cpuWant([12, null, 3, 4, 5, 6, 7, 8, 9, 10]));
    expectFields(snap.cpu?.perCpu[1] ?? null, cpuWant([1, 2, 3, null, null, null, null, null, null, null]));
    expectFields(snap.cpu?.perCpu[2] ?? null, cpuWant([7, 7, 7, 7, 7, 7, 7, 7, 7, 7]));
    expectFields(snap.system, [
      { field: 'interrupts', want: null }, // 2^64 does not fit
      { field: 'contextSwitches', want: null },
      { field: 'bootTime', want: null }, // negative
      { field: 'forks', want: 77 },
      { field: 'procsRunning', want: null },
      { field: 'procsBlocked', want: 4 },
      { field: 'uptime', want: null }, // "-1.0"
    ]);
    s.close();
  });

  test.each(['empty', 'binary'])('%s: reported MALFORMED with every value null', (fixture) => {
    const s = sampled(fixture, ['cpu', 'system']);
    expect(s.status().cpu.code).toBe('MALFORMED');
    expect(s.status().system.code).toBe('MALFORMED');
    const snap = s.snapshot();
    expect(snap.cpu).toEqual({ count: 0, total: null, perCpu: [] });
    expect(Object.values(snap.system ?? {}).every((v) => v === null)).toBe(true);
    s.close();
  });

  test('subset=pid procfs: /proc/stat is missing, reported ENOENT, cpu and system null', () => {
    const s = sampled('subset-pid', ['cpu', 'system']);
    expect(s.status().cpu.code).toBe('ENOENT');
    expect(s.status().system.code).toBe('ENOENT');
    expect(s.table('cpu')?.status()).toBe(-2);
    expect(s.snapshot().cpu).toBeNull();
    expect(s.snapshot().system).toBeNull();
    s.close();
  });

  test('more CPUs than the table holds: it grows; offline CPUs keep their ids (keyed by N, not line index)', () => {
    const s = sampled('overflow', ['cpu']);
    const t = s.table('cpu');
    expect(s.status().cpu.code).toBe('OK');
    expect(t?.count()).toBe(40);
    const ids = s.snapshot().cpu?.perCpu.map((c) => c.cpu) ?? [];
    expect(ids).toHaveLength(40);
    expect(ids).not.toContain(5);
    expect(ids).not.toContain(17);
    expect(ids).not.toContain(30);
    expect(ids[ids.length - 1]).toBe(42);
    const cpu42 = s.snapshot().cpu?.perCpu.find((c) => c.cpu === 42) ?? null;
    expectFields(cpu42, [
      { field: 'user', want: ticks(142) },
      { field: 'system', want: ticks(92) },
      { field: 'idle', want: ticks(2542) },
    ]);
    const cpu6 = s.snapshot().cpu?.perCpu.find((c) => c.cpu === 6) ?? null;
    expectFields(cpu6, [{ field: 'user', want: ticks(106) }]);
    s.close();
  });
});
