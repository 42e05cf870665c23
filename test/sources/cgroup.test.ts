/**
 * The cgroup and pressure sources on fixture trees (test/fixtures/cgroup/<case>/{proc,sys/fs/cgroup}): v2 with
 * and without limits, nested limits, a missing controller, v1 with its "no limit" values, a hybrid layout with a
 * mount rooted at the container's cgroup, hostile contents, and no cgroup filesystem at all.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { render } from '../../src/cli/render';
import { Sampler, cgroupCpus, cgroupMemorySource, effectiveMemoryLimit, type CgroupStats } from '../../src';
import { CGROUP_CONTROLLERS, TABLE_STATUS } from '../../src/layout';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'cgroup');

function open(fixture: string, extra: { cgroupPath?: string; root?: boolean } = {}): Sampler {
  const base = path.join(FIXTURES, fixture);
  const s = new Sampler({
    procRoot: path.join(base, 'proc'),
    ...(extra.root === false ? {} : { cgroupRoot: path.join(base, 'sys', 'fs', 'cgroup') }),
    ...(extra.cgroupPath !== undefined ? { cgroupPath: extra.cgroupPath } : {}),
    sources: ['cgroup', 'pressure'],
  });
  s.sample();
  return s;
}

function cgroupOf(s: Sampler): CgroupStats {
  const c = s.snapshot().cgroup;
  expect(c).not.toBeNull();
  return c as CgroupStats;
}

/** The per-file status slots of the cgroup table, by file. */
function fileStatuses(s: Sampler): Record<string, number> {
  const t = s.table('cgroup')!;
  const out: Record<string, number> = {};
  for (const k of Object.keys(t.scalar) as (keyof typeof t.scalar)[]) if (k.endsWith('Status')) out[k.slice(0, -'Status'.length)] = t.scalarValue(k);
  return out;
}

const ALL_OK = {
  cpuMax: 0, cpuWeight: 0, cpuStat: 0, cpuacct: 0, cpuset: 0, memoryCurrent: 0, memoryMax: 0, memoryHigh: 0,
  memorySwap: 0, memoryStat: 0, memoryEvents: 0, io: 0, pidsCurrent: 0, pidsMax: 0, cpuPressure: 0,
  memoryPressure: 0, ioPressure: 0,
};
const ENOENT = -os.constants.errno.ENOENT;
const MALFORMED = TABLE_STATUS.MALFORMED;

/** The memory.stat / memory.events / io.stat / pressure contents every v2 leaf fixture shares. */
const V2_MEMORY_BREAKDOWN = {
  usage: 104857600, swapUsage: 4096, swapLimit: null, anon: 52428800, file: 41943040, kernel: 4194304,
  shmem: 1048576, activeFile: 10485760, inactiveFile: 31457280, workingSet: 104857600 - 31457280,
  pageFaults: 123456, majorPageFaults: 78, events: { low: 0, high: 3, max: 7, oom: 2, oomKill: 1 },
};
const V2_CPU_USAGE = {
  cpusetCpus: 3, weight: 100, shares: null, usage: 7.5, user: 5, system: 2.5, periods: 400, throttledPeriods: 25,
  throttledTime: 1.25,
};
const V2_IO = [
  { device: '8:0', major: 8, minor: 0, readBytes: 1048576, writeBytes: 2097152, readOps: 100, writeOps: 200 },
  { device: '253:1', major: 253, minor: 1, readBytes: 4096, writeBytes: 0, readOps: 1, writeOps: 0 },
];
const CGROUP_PRESSURE = {
  cpu: { some: { avg10: 0.015, avg60: 0.0075, avg300: 0.0025, total: 123.456789 }, full: { avg10: 0, avg60: 0, avg300: 0, total: 0 } },
  memory: { some: { avg10: 0.001, avg60: 0.002, avg300: 0.003, total: 4 }, full: { avg10: 0.0005, avg60: 0.0006, avg300: 0.0007, total: 2 } },
  io: { some: { avg10: 0.1234, avg60: 0.05, avg300: 0.9999, total: 0.00001 }, full: { avg10: 0.1, avg60: 0.04, avg300: 0.03, total: 0.000005 } },
};
const HOST_PRESSURE = {
  cpu: { some: { avg10: 0.02, avg60: 0.01, avg300: 0.005, total: 987.654321 }, full: { avg10: 0, avg60: 0, avg300: 0, total: 0 } },
  memory: { some: { avg10: 0, avg60: 0, avg300: 0, total: 0 }, full: { avg10: 0, avg60: 0, avg300: 0, total: 0 } },
  io: { some: { avg10: 0.005, avg60: 0.0025, avg300: 0.0012, total: 3 }, full: { avg10: 0.0025, avg60: 0.0012, avg300: 0.0006, total: 1.5 } },
};

describe('the controllers a directory is found for', () => {
  test('CGROUP_CONTROLLERS (the addon list): every one on v2 and hybrid trees, all but pressure on pure v1', () => {
    expect(CGROUP_CONTROLLERS).toEqual(['cpu', 'cpuacct', 'cpuset', 'memory', 'blkio', 'pids', 'pressure']);
    const keys = (fixture: string): string[] => {
      const s = open(fixture);
      const k = Object.keys(cgroupOf(s).directories);
      s.close();
      return k;
    };
    for (const fixture of ['v2-limits', 'v2-nested', 'hybrid']) expect([fixture, keys(fixture)]).toEqual([fixture, [...CGROUP_CONTROLLERS]]);
    expect(keys('v1')).toEqual(CGROUP_CONTROLLERS.filter((c) => c !== 'pressure'));
  });
});

describe('cgroup v2', () => {
  test('limits on the leaf: quota, period, weight, usage, throttling, memory, io, pids, pressure', () => {
    const s = open('v2-limits');
    const c = cgroupOf(s);
    expect(c.version).toBe(2);
    expect(c.directories.memory).toBe(path.join(FIXTURES, 'v2-limits', 'sys/fs/cgroup/kube/pod1/ctr'));
    expect(c.cpu).toEqual({ quota: 0.05, period: 0.1, limit: 0.5, ...V2_CPU_USAGE });
    expect(c.memory).toEqual({ ...V2_MEMORY_BREAKDOWN, limit: 268435456, ownLimit: 268435456, high: 201326592 });
    expect(c.pids).toEqual({ current: 12, max: 100 });
    expect(c.io).toEqual(V2_IO);
    expect(c.pressure).toEqual(CGROUP_PRESSURE);
    expect(s.snapshot().pressure).toEqual(HOST_PRESSURE);
    expect(fileStatuses(s)).toEqual(ALL_OK);
    expect(s.status().cgroup.code).toBe('OK');
    expect(s.status().pressure.code).toBe('OK');
    s.close();
  });

  test('nested: the leaf sets nothing; the smallest limit of its ancestors applies', () => {
    const s = open('v2-nested');
    const c = cgroupOf(s);
    // kube/pod1: cpu.max "150000 100000", memory.max 512 MiB; kube: no quota, 1 GiB.
    expect(c.cpu).toEqual({ quota: null, period: 0.1, limit: 1.5, ...V2_CPU_USAGE });
    expect(c.memory).toEqual({ ...V2_MEMORY_BREAKDOWN, limit: 536870912, ownLimit: null, high: null });
    expect(c.pids).toEqual({ current: 12, max: null });
    s.close();
  });

  test('cgroupPath picks another cgroup of the hierarchy (its own files and ancestors)', () => {
    const s = open('v2-nested', { cgroupPath: '/kube/pod1' });
    const c = cgroupOf(s);
    expect(c.directories.cpu).toBe(path.join(FIXTURES, 'v2-nested', 'sys/fs/cgroup/kube/pod1'));
    expect([c.cpu.quota, c.cpu.limit, c.memory.ownLimit, c.memory.limit]).toEqual([0.15, 1.5, 536870912, 536870912]);
    // The pod directory of the fixture has no usage files: absent, not 0.
    expect([c.cpu.usage, c.memory.usage, fileStatuses(s).cpuStat]).toEqual([null, null, ENOENT]);
    s.close();
  });

  test('no limits: memory.max, memory.high, pids.max, memory.swap.max of "max" are null, cpu.max "max" has no quota', () => {
    const s = open('v2-nolimits');
    const c = cgroupOf(s);
    expect(c.cpu).toEqual({ quota: null, period: 0.1, limit: null, ...V2_CPU_USAGE });
    expect(c.memory).toEqual({ ...V2_MEMORY_BREAKDOWN, limit: null, ownLimit: null, high: null });
    expect(c.pids).toEqual({ current: 12, max: null });
    expect(fileStatuses(s)).toEqual(ALL_OK);
    expect(cgroupCpus(s.table('cgroup'), 2)).toBe(2);
    s.close();
  });

  test('a missing controller: its files are ENOENT and its values null; cpu.stat without the cpu controller has usage only', () => {
    const s = open('v2-missing-controller');
    const c = cgroupOf(s);
    expect(c.cpu).toEqual({
      quota: null, period: null, limit: null, cpusetCpus: null, weight: null, shares: null, usage: 0.001,
      user: 0.0006, system: 0.0004, periods: null, throttledPeriods: null, throttledTime: null,
    });
    expect(Object.values(c.memory).filter((v) => v !== null && typeof v !== 'object')).toEqual([]);
    expect(c.memory.events).toEqual({ low: null, high: null, max: null, oom: null, oomKill: null });
    expect(c.io).toEqual([]);
    expect(c.pressure.memory).toBeNull();
    expect(fileStatuses(s)).toEqual({
      ...ALL_OK, cpuMax: ENOENT, cpuWeight: ENOENT, cpuset: ENOENT, memoryCurrent: ENOENT, memoryMax: ENOENT,
      memoryHigh: ENOENT, memorySwap: ENOENT, memoryStat: ENOENT, memoryEvents: ENOENT, io: ENOENT,
      pidsCurrent: ENOENT, pidsMax: ENOENT, memoryPressure: ENOENT, ioPressure: ENOENT,
    });
    // Some files were read: the source is OK; no <procRoot>/pressure: that source is ENOENT.
    expect(s.status().cgroup.code).toBe('OK');
    expect(s.status().pressure.code).toBe('ENOENT');
    expect(s.snapshot().pressure).toBeNull();
    s.close();
  });
});

describe('cgroup v1 and hybrid', () => {
  test('v1: -1 quota and the huge page-counter maximum are "no limit"; cpuacct and total_* memory.stat', () => {
    const s = open('v1');
    const c = cgroupOf(s);
    expect(c.version).toBe(1);
    expect(c.directories.cpuacct).toBe(path.join(FIXTURES, 'v1', 'sys/fs/cgroup/cpu,cpuacct/user.slice/app'));
    expect(c.directories.pressure).toBeUndefined();
    // cpuacct.usage ns, cpuacct.stat USER_HZ (100 here) ticks, throttled_time ns.
    expect(c.cpu).toEqual({
      quota: null, period: 0.1, limit: null, cpusetCpus: 4, weight: null, shares: 512, usage: 7.5, user: 5,
      system: 2.5, periods: 400, throttledPeriods: 25, throttledTime: 1.25,
    });
    expect(c.memory).toEqual({
      ...V2_MEMORY_BREAKDOWN, limit: null, ownLimit: null, high: null,
      // memsw counts memory + swap: 104861696 - 104857600.
      swapUsage: 4096, swapLimit: null,
      // v1 has no low/high/oom counts: oom_kill from memory.oom_control, max from memory.failcnt.
      events: { low: null, high: null, max: 7, oom: null, oomKill: 1 },
    });
    expect(c.pids).toEqual({ current: 12, max: null });
    expect(c.io).toEqual([V2_IO[0]]);
    expect(c.pressure).toEqual({ cpu: null, memory: null, io: null });
    expect(fileStatuses(s)).toEqual({ ...ALL_OK, memoryHigh: ENOENT, cpuPressure: ENOENT, memoryPressure: ENOENT, ioPressure: ENOENT });
    s.close();
  });

  test('v1 with cgroupPath: every hierarchy at that path (a sidecar naming the cgroup to read)', () => {
    const s = open('v1', { cgroupPath: '/user.slice' });
    const c = cgroupOf(s);
    const base = path.join(FIXTURES, 'v1', 'sys/fs/cgroup');
    expect(c.directories).toEqual({
      cpu: `${base}/cpu,cpuacct/user.slice`, cpuacct: `${base}/cpu,cpuacct/user.slice`, cpuset: `${base}/cpuset/user.slice`,
      memory: `${base}/memory/user.slice`, blkio: `${base}/blkio/user.slice`, pids: `${base}/pids/user.slice`,
    });
    // user.slice has a -1 quota of its own and no other file in the fixture.
    expect([c.cpu.quota, c.cpu.period, c.cpu.limit, c.memory.usage]).toEqual([null, 0.1, null, null]);
    s.close();
  });

  test('hybrid: v1 controllers with limits, pressure from the unified hierarchy, a mount rooted at the cgroup', () => {
    const s = open('hybrid');
    const c = cgroupOf(s);
    expect(c.version).toBe(1);
    // memory is mounted with root /docker/abc: the cgroup /docker/abc is the mount point itself.
    expect(c.directories).toEqual({
      cpu: path.join(FIXTURES, 'hybrid', 'sys/fs/cgroup/cpu,cpuacct/docker/abc'),
      cpuacct: path.join(FIXTURES, 'hybrid', 'sys/fs/cgroup/cpu,cpuacct/docker/abc'),
      cpuset: path.join(FIXTURES, 'hybrid', 'sys/fs/cgroup/cpuset'),
      memory: path.join(FIXTURES, 'hybrid', 'sys/fs/cgroup/memory'),
      blkio: path.join(FIXTURES, 'hybrid', 'sys/fs/cgroup/blkio/docker/abc'),
      pids: path.join(FIXTURES, 'hybrid', 'sys/fs/cgroup/pids/docker/abc'),
      pressure: path.join(FIXTURES, 'hybrid', 'sys/fs/cgroup/unified/docker/abc'),
    });
    expect([c.cpu.quota, c.cpu.period, c.cpu.limit, c.cpu.cpusetCpus]).toEqual([0.05, 0.1, 0.5, 4]);
    expect([c.memory.limit, c.memory.ownLimit, c.memory.workingSet]).toEqual([268435456, 268435456, 73400320]);
    expect(c.pressure).toEqual(CGROUP_PRESSURE);
    // The CPUs the process can use: the quota (0.5) beats the cpuset (4) and the parallelism (2).
    expect(cgroupCpus(s.table('cgroup'), 2)).toBe(0.5);
    const snap = s.snapshot();
    expect(effectiveMemoryLimit(snap.cgroup, 24 * 2 ** 30)).toBe(268435456);
    expect(effectiveMemoryLimit(snap.cgroup, 128 * 2 ** 20)).toBe(128 * 2 ** 20);
    expect(effectiveMemoryLimit(null, 1000)).toBe(1000);
    s.close();
  });
});

describe('the readable form (procsampler with no arguments)', () => {
  test('one Cgroup line and one Pressure line with the limits, usage and 10 s pressure', () => {
    const s = open('hybrid');
    const text = render(s.snapshot()).split('\n');
    expect(text.find((l) => l.startsWith('Cgroup'))).toBe(
      `Cgroup     v1 ${path.join(FIXTURES, 'hybrid', 'sys/fs/cgroup/memory')}: cpu limit 0.50 CPUs, 7.5 s used, throttled 25 of 400 periods (1.3 s); ` +
        'memory 100.0 MiB (limit 256.0 MiB, working set 70.0 MiB), 1 OOM kills; pids 12 (limit none)',
    );
    expect(text.find((l) => l.startsWith('Pressure'))).toBe(
      'Pressure   (10 s) system: cpu 2.0% some / 0.0% full, memory 0.0% some / 0.0% full, io 0.5% some / 0.3% full; ' +
        'cgroup: cpu 1.5% some / 0.0% full, memory 0.1% some / 0.1% full, io 12.3% some / 10.0% full',
    );
    s.close();
  });
});

describe('hostile and absent', () => {
  test('more devices in io.stat than the table first holds: it grows, every device is kept', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'procsampler-cgroup-io-'));
    try {
      fs.cpSync(path.join(FIXTURES, 'v2-limits'), dir, { recursive: true });
      const lines = Array.from({ length: 40 }, (_, i) => `8:${i * 16} rbytes=${i} wbytes=${2 * i} rios=${3 * i} wios=${4 * i} dbytes=0 dios=0`);
      fs.writeFileSync(path.join(dir, 'sys/fs/cgroup/kube/pod1/ctr/io.stat'), lines.join('\n') + '\n');
      const s = new Sampler({ procRoot: path.join(dir, 'proc'), cgroupRoot: path.join(dir, 'sys/fs/cgroup'), sources: ['cgroup'] });
      s.sample();
      const io = cgroupOf(s).io;
      expect(io.length).toBe(40);
      expect(io[39]).toEqual({ device: '8:624', major: 8, minor: 624, readBytes: 39, writeBytes: 78, readOps: 117, writeOps: 156 });
      expect(s.status().cgroup.code).toBe('OK');
      s.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('garbage, truncated files, a one-field cpu.max: MALFORMED per file, the values that parsed are kept', () => {
    const s = open('hostile');
    const c = cgroupOf(s);
    expect(c.cpu).toEqual({
      quota: null, period: null, limit: null, cpusetCpus: null, weight: null, shares: null,
      usage: null, // 99999999999999999999999 does not fit 64 bits
      user: 5, system: null, periods: 400, throttledPeriods: null, throttledTime: null,
    });
    // memory.current has no final newline (a truncated read may be a prefix): null; memory.max of -1: null.
    expect([c.memory.usage, c.memory.limit, c.memory.high, c.memory.swapUsage, c.memory.workingSet]).toEqual([null, null, null, null, null]);
    // memory.stat is cut in "pgfault 12": the whole lines before it are kept, the cut one is not.
    expect([c.memory.anon, c.memory.file, c.memory.inactiveFile, c.memory.pageFaults]).toEqual([52428800, 41943040, 31457280, null]);
    expect(c.io).toEqual([
      { device: '8:0', major: 8, minor: 0, readBytes: 1048576, writeBytes: 2097152, readOps: 100, writeOps: 200 },
      { device: '8:16', major: 8, minor: 16, readBytes: null, writeBytes: 5, readOps: null, writeOps: null },
    ]);
    expect(c.pressure.cpu).toEqual({ some: CGROUP_PRESSURE.cpu.some, full: { avg10: 0, avg60: null, avg300: null, total: null } });
    expect(c.pressure.memory).toEqual({ some: null, full: null });
    expect(fileStatuses(s)).toEqual({
      cpuMax: MALFORMED, cpuWeight: MALFORMED, cpuStat: MALFORMED, cpuacct: MALFORMED, cpuset: MALFORMED,
      memoryCurrent: MALFORMED, memoryMax: MALFORMED, memoryHigh: MALFORMED, memorySwap: MALFORMED,
      memoryStat: MALFORMED, memoryEvents: MALFORMED, io: MALFORMED, pidsCurrent: MALFORMED, pidsMax: 0,
      cpuPressure: MALFORMED, memoryPressure: MALFORMED, ioPressure: ENOENT,
    });
    expect(s.status().cgroup.code).toBe('MALFORMED');
    // Host PSI: a bad avg10, an empty file, a truncated full line.
    expect(s.snapshot().pressure).toEqual({
      cpu: { some: { avg10: null, avg60: 0, avg300: 0, total: 0.000001 }, full: { avg10: 0, avg60: 0, avg300: 0, total: 0 } },
      memory: { some: null, full: null },
      io: { some: HOST_PRESSURE.io.some, full: null },
    });
    expect(s.status().pressure.code).toBe('MALFORMED');
    s.close();
  });

  test('no cgroup filesystem in mountinfo: cgroup is null with ENOENT, never a crash', () => {
    const s = open('no-cgroup', { root: false });
    expect(s.snapshot().cgroup).toBeNull();
    expect(s.status().cgroup.code).toBe('ENOENT');
    expect(cgroupCpus(s.table('cgroup'), 3)).toBe(3);
    s.close();
  });

  test('cgroupMemorySource: the limit and usage for a health check, null without a limit', () => {
    const limited = open('v2-nested');
    expect(cgroupMemorySource(limited)()).toEqual({ limit: 536870912, usage: 104857600 });
    limited.close();
    const unlimited = open('v2-nolimits');
    expect(cgroupMemorySource(unlimited)()).toBeNull();
    unlimited.close();
    const none = open('no-cgroup', { root: false });
    expect(cgroupMemorySource(none)()).toBeNull();
    none.close();
  });

  test('a membership path that climbs above the mount (outside the cgroup namespace) is not followed', () => {
    const s = open('escape');
    expect(s.snapshot().cgroup).toBeNull();
    expect(s.status().cgroup.code).toBe('ENOENT');
    s.close();
  });

  test('cgroup and pressure are not read unless selected', () => {
    const s = new Sampler({ procRoot: path.join(FIXTURES, 'v2-limits', 'proc'), sources: ['memory'] });
    s.sample();
    expect([s.snapshot().cgroup, s.snapshot().pressure]).toEqual([null, null]);
    expect([s.status().cgroup.code, s.status().pressure.code]).toEqual(['NOT_SELECTED', 'NOT_SELECTED']);
    s.close();
    const d = new Sampler();
    expect([d.sources.has('cgroup'), d.sources.has('pressure')]).toEqual([false, false]);
    d.close();
  });

  test.each([
    [{ cgroupPath: 'relative' }],
    [{ cgroupPath: '/a/../b' }],
    [{ cgroupPath: 5 }],
    [{ cgroupRoot: '/no/such/dir' }],
  ])('bad option %p: PROCSAMPLER_BAD_OPTION', (o) => {
    expect(() => new Sampler({ sources: ['cgroup'], ...(o as object) })).toThrow(
      expect.objectContaining({ code: 'PROCSAMPLER_BAD_OPTION' }),
    );
  });
});

describe('this machine', () => {
  /** The directory of `controller` for `pid`, computed here from its cgroup and mountinfo files independently. */
  function independentDir(pid: string, controller: string): string | null {
    const mounts = fs.readFileSync(`/proc/${pid}/mountinfo`, 'utf8').split('\n').map((l) => l.split(' '));
    const member = fs.readFileSync(`/proc/${pid}/cgroup`, 'utf8').split('\n').map((l) => l.split(':'));
    const v1 = mounts.find((f) => f.includes('cgroup') && (f[f.length - 1] ?? '').split(',').includes(controller));
    const line = v1 ? member.find((m) => (m[1] ?? '').split(',').includes(controller)) : member.find((m) => m[0] === '0');
    const mount = v1 ?? mounts.find((f) => f[f.indexOf('-') + 1] === 'cgroup2');
    if (!line || !mount) return null;
    const root = mount[3] as string;
    let rel = line.slice(2).join(':');
    if (root !== '/' && rel.startsWith(root)) rel = rel.slice(root.length);
    return path.join(mount[4] as string, rel);
  }

  test('close() releases every descriptor the cgroup and pressure sources opened', () => {
    const count = (): number => fs.readdirSync('/proc/self/fd').length;
    const before = count();
    const s = new Sampler({ sources: ['cgroup', 'pressure'] });
    s.sample();
    const opened = count() - before;
    s.close();
    s.sample(); // after close: a no-op, never a crash
    expect(count()).toBe(before);
    // Something was open (this machine has /proc/pressure, and a cgroup when it has a cgroup filesystem).
    expect(opened).toBeGreaterThan(fs.existsSync('/proc/pressure/cpu') ? 2 : 0);
  });

  const hasCgroupFs = fs.existsSync('/proc/self/mountinfo') && /\scgroup2?\s/.test(fs.readFileSync('/proc/self/mountinfo', 'utf8'));
  (hasCgroupFs ? test : test.skip)('the directories, limits and counts agree with independent readings; pid finds the same cgroup', () => {
    const s = new Sampler({ sources: ['cgroup'] });
    const byPid = new Sampler({ sources: ['cgroup'], pid: process.pid });
    s.sample();
    byPid.sample();
    const c = cgroupOf(s);
    expect(cgroupOf(byPid).directories).toEqual(c.directories);
    const memoryDir = independentDir('self', 'memory');
    expect(c.directories.memory).toBe(memoryDir);
    const v1 = c.version === 1;
    const read = (f: string): string => fs.readFileSync(path.join(memoryDir as string, f), 'utf8').trim();
    const limitText = read(v1 ? 'memory.limit_in_bytes' : 'memory.max');
    const limit = limitText === 'max' || Number(limitText) >= 2 ** 62 ? null : Number(limitText);
    expect(c.memory.ownLimit).toBe(limit);
    // Usage moves between the two reads; both are charged to the same cgroup, so they are close.
    const usage = Number(read(v1 ? 'memory.usage_in_bytes' : 'memory.current'));
    expect(Math.abs((c.memory.usage as number) - usage)).toBeLessThan(64 * 2 ** 20);
    const cpusetDir = independentDir('self', 'cpuset');
    const list = fs.readFileSync(path.join(cpusetDir as string, v1 ? 'cpuset.effective_cpus' : 'cpuset.cpus.effective'), 'utf8').trim();
    const count = list === '' ? 0 : list.split(',').reduce((n, r) => {
      const [a, b] = r.split('-').map(Number);
      return n + (b === undefined ? 1 : (b as number) - (a as number) + 1);
    }, 0);
    expect(c.cpu.cpusetCpus).toBe(count);
    s.close();
    byPid.close();
  });
});
