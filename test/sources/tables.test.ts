/**
 * The snapshot builders of src/sources on tables filled slot by slot (SimpleTable: the generated layout, no addon,
 * no files): what each makes of known, absent (NaN) and per-file status values. The fixture-tree tests of this
 * folder check the same builders behind the native parsers.
 */
import * as os from 'node:os';
import { SimpleTable } from '../../src/table';
import { TABLE_STATUS, type ScalarField, type TableName } from '../../src/layout';
import { hasValues } from '../../src/sources/common';
import { cgroupCpus, cgroupMemorySource, cgroupSnapshot, pressureSnapshot } from '../../src/sources/cgroup';
import { disksSnapshot } from '../../src/sources/proc-diskstats';
import { networkSnapshot } from '../../src/sources/proc-net-dev';
import { filesystemsSnapshot } from '../../src/sources/proc-mountinfo';
import { tcpSnapshot, TCP_STATE_FIELDS } from '../../src/sources/proc-net-tcp';
import { cpuSnapshot } from '../../src/sources/proc-stat';
import { cgroupEntryNames, fsEntryName } from '../../src/sources/entry-names';

const ENOENT = -os.constants.errno.ENOENT;

function stamped<N extends TableName>(t: SimpleTable<N>): SimpleTable<N> {
  t.stamp(1);
  return t;
}

describe('hasValues', () => {
  test.each([
    ['OK', true], ['MALFORMED', true], ['OVERFLOW', true], ['PARTIAL', true], ['NOT_SAMPLED', false],
    ['NOT_SELECTED', false], ['TOO_LARGE', false], ['CLOSED', false], ['DETACHED', false],
  ] as const)('%s: %s', (name, want) => {
    const t = new SimpleTable('memory');
    t.setStatus(TABLE_STATUS[name]);
    expect(hasValues(t)).toBe(want);
  });
  test('-errno (absent) and no table: none', () => {
    const t = new SimpleTable('memory');
    t.setStatus(ENOENT);
    expect([hasValues(t), hasValues(undefined)]).toEqual([false, false]);
  });
});

describe('entry tables', () => {
  test('disks: device numbers as numbers, absent counters null', () => {
    const t = new SimpleTable('disks');
    t.setEntries(['vda']);
    t.setEntry(0, 'major', 254);
    t.setEntry(0, 'minor', 0);
    t.setEntry(0, 'readBytes', 4096);
    stamped(t);
    const [d] = disksSnapshot(t)!;
    expect(d).toMatchObject({ name: 'vda', major: 254, minor: 0, readBytes: 4096, writeBytes: null, flushTime: null });
    expect(Object.keys(d!).slice(0, 5)).toEqual(['name', 'major', 'minor', 'readOps', 'readMerged']);
    expect(disksSnapshot(new SimpleTable('disks'))).toBeNull(); // NOT_SAMPLED
  });

  test('network: the 16 counters, NaN as null', () => {
    const t = new SimpleTable('network');
    t.setEntries(['lo', 'eth0']);
    t.setEntry(1, 'rxBytes', 10);
    t.setEntry(1, 'txCarrier', 2);
    const n = networkSnapshot(stamped(t))!;
    expect(n.map((x) => x.name)).toEqual(['lo', 'eth0']);
    expect(Object.keys(n[1]!)).toHaveLength(17);
    expect(n[1]).toMatchObject({ rxBytes: 10, txCarrier: 2, rxPackets: null });
    expect(Object.values(n[0]!).slice(1).every((v) => v === null)).toBe(true);
  });

  test('filesystems: the name parts split by the layout separator, flags as booleans, no status slot', () => {
    const t = new SimpleTable('filesystems');
    t.setEntries([fsEntryName({ device: '/dev/vda1', mountpoint: '/mnt/a b', type: 'ext4' })]);
    const values = { total: 1000, free: 300, available: 250, used: 700, inodes: 10, inodesFree: NaN, readOnly: 1, stuck: 0, statStatus: 0 };
    for (const [k, v] of Object.entries(values)) t.setEntry(0, k as keyof typeof values, v);
    const fs = filesystemsSnapshot(stamped(t))!;
    expect(fs).toEqual([
      { device: '/dev/vda1', mountpoint: '/mnt/a b', type: 'ext4', readOnly: true, total: 1000, free: 300, available: 250, used: 700, inodes: 10, inodesFree: null, stuck: false },
    ]);
    // The JSON key order of the snapshot (the CLI's --json lines) is the layout's, flags around the values.
    expect(Object.keys(fs[0]!)).toEqual(['device', 'mountpoint', 'type', 'readOnly', 'total', 'free', 'available', 'used', 'inodes', 'inodesFree', 'stuck']);
  });

  test('cgroup io: per device, device numbers as numbers', () => {
    const g = stamped(new SimpleTable('cgroup'));
    g.set('version', 2);
    const io = new SimpleTable('cgroupIo');
    io.setEntries(['8:0']);
    io.setEntry(0, 'major', 8);
    io.setEntry(0, 'minor', 0);
    io.setEntry(0, 'readBytes', 512);
    io.setEntry(0, 'writeOps', 3);
    expect(cgroupSnapshot(g, stamped(io))!.io).toEqual([
      { device: '8:0', major: 8, minor: 0, readBytes: 512, writeBytes: null, readOps: null, writeOps: 3 },
    ]);
    expect(cgroupSnapshot(g, undefined)!.io).toEqual([]);
  });
});

describe('per-file status slots', () => {
  function states(v4: number, v6: number): SimpleTable<'tcpStates'> {
    const t = stamped(new SimpleTable('tcpStates'));
    TCP_STATE_FIELDS.forEach((k, i) => {
      t.set(`v4_${k}`, i);
      t.set(`v6_${k}`, 100 + i);
    });
    t.set('v4Status', v4);
    t.set('v6Status', v6);
    return t;
  }

  test('tcp: a state table whose file was read gives counts; an absent tcp6 gives null', () => {
    const s = tcpSnapshot(undefined, states(TABLE_STATUS.OK, ENOENT))!;
    expect(s.ipv4).toEqual(Object.fromEntries(TCP_STATE_FIELDS.map((k, i) => [k, i])));
    expect([s.ipv6, s.summary]).toEqual([null, null]);
  });

  test('tcp: a file too large to read, or never read, gives null, not counts of NaN', () => {
    const s = tcpSnapshot(undefined, states(TABLE_STATUS.TOO_LARGE, NaN))!;
    expect([s.ipv4, s.ipv6]).toEqual([null, null]);
  });

  const PSI_LINE = { avg10: 0.5, avg60: 0.25, avg300: 0.125, total: 2 };
  function psi<N extends 'cgroup' | 'pressure'>(t: SimpleTable<N>, prefix: string): void {
    t.set(`${prefix}Avg10` as ScalarField<N>, 0.5);
    t.set(`${prefix}Avg60` as ScalarField<N>, 0.25);
    t.set(`${prefix}Avg300` as ScalarField<N>, 0.125);
    t.set(`${prefix}Total` as ScalarField<N>, 2);
  }

  test('pressure: a resource whose file was not read is null; a line the kernel did not print is null', () => {
    const t = stamped(new SimpleTable('pressure'));
    psi(t, 'cpuSome');
    psi(t, 'ioSome');
    psi(t, 'ioFull');
    t.set('cpuStatus', TABLE_STATUS.OK);
    t.set('memoryStatus', ENOENT);
    t.set('ioStatus', TABLE_STATUS.MALFORMED);
    expect(pressureSnapshot(t)).toEqual({ cpu: { some: PSI_LINE, full: null }, memory: null, io: { some: PSI_LINE, full: PSI_LINE } });
  });

  test("cgroup: its own PSI by its own status slots, the directories from the [controller, directory] names", () => {
    const t = stamped(new SimpleTable('cgroup'));
    t.setEntries(cgroupEntryNames([
      { controller: 'cpu', directory: '/sys/fs/cgroup/a' },
      { controller: 'memory', directory: '/sys/fs/cgroup/b' },
    ]));
    psi(t, 'memoryFull');
    t.set('memoryPressureStatus', TABLE_STATUS.OK);
    t.set('cpuPressureStatus', ENOENT);
    t.set('cpuLimit', 1.5);
    t.set('memoryEventsOomKill', 4);
    const c = cgroupSnapshot(t, undefined)!;
    expect(c.directories).toEqual({ cpu: '/sys/fs/cgroup/a', memory: '/sys/fs/cgroup/b' });
    expect(c.pressure).toEqual({ cpu: null, memory: { some: null, full: PSI_LINE }, io: null });
    expect([c.cpu.limit, c.cpu.quota, c.memory.events.oomKill, c.version]).toEqual([1.5, null, 4, null]);
  });

  test('cgroup: a controller name outside CGROUP_CONTROLLERS is left out of the directories', () => {
    const t = stamped(new SimpleTable('cgroup'));
    t.setEntries(cgroupEntryNames([
      { controller: 'hugetlb', directory: '/sys/fs/cgroup/h' },
      { controller: 'pids', directory: '/sys/fs/cgroup/p' },
    ]));
    t.set('cpuLimit', 2);
    expect(cgroupSnapshot(t, undefined)!.directories).toEqual({ pids: '/sys/fs/cgroup/p' });
  });
});

describe('cgroup helpers on a table', () => {
  test('cgroupCpus: the smallest of the limit, the cpuset and the parallelism', () => {
    const t = stamped(new SimpleTable('cgroup'));
    expect(cgroupCpus(t, 4)).toBe(4);
    t.set('cpuLimit', 2.5);
    expect(cgroupCpus(t, 4)).toBe(2.5);
    t.set('cpusetCpus', 2);
    expect(cgroupCpus(t, 4)).toBe(2);
    expect(cgroupCpus(t, 1)).toBe(1);
    t.setStatus(ENOENT);
    expect(cgroupCpus(t, 4)).toBe(4);
  });

  test('cgroupMemorySource samples first, then reads the limit and usage', () => {
    const t = stamped(new SimpleTable('cgroup'));
    let samples = 0;
    const source = cgroupMemorySource({ sample: () => void samples++, table: () => t });
    expect(source()).toBeNull(); // no limit
    t.set('memoryLimit', 1024);
    t.set('memoryUsage', 512);
    expect(source()).toEqual({ limit: 1024, usage: 512 });
    expect(samples).toBe(2);
    expect(cgroupMemorySource({ sample: () => { throw new Error('closed'); }, table: () => t })()).toBeNull();
  });
});

test('cpu: the count is the CPUs the kernel listed; a total with no known column is null', () => {
  const t = new SimpleTable('cpu');
  t.setEntries(['cpu0', 'cpu1']);
  t.setEntry(0, 'cpu', 0);
  t.setEntry(1, 'cpu', 1);
  t.setEntry(1, 'user', 3);
  const c = cpuSnapshot(stamped(t))!;
  expect([c.count, c.total, c.perCpu.map((x) => [x.cpu, x.user])]).toEqual([2, null, [[0, null], [1, 3]]]);
});
