// The OpenTelemetry layer end to end on the real addon: HostMetrics over the native Sampler, through both paths
// (instruments on a real MeterProvider read by a reader, and the MetricProducer on a reader), compared with
// independent readings of the same files: fixture trees (mounts, hostile disks and interfaces) and this machine's
// /proc/self/mountinfo, fs.statfsSync, /proc/diskstats and /proc/net/dev.
//
// No fake source here: the entry names are the ones C++ writes, split by the TypeScript that reads them.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MeterProvider, type CollectionResult } from '@opentelemetry/sdk-metrics';
import * as sc from '../../src/semconv';
import { HostMetrics, type HostMetricsOptions } from '../../src/otel';
import { DEFAULT_FS_TYPE_EXCLUDE, DEFAULT_MOUNT_POINT_EXCLUDE, DEFAULT_DISK_EXCLUDE } from '../../src/otel/host/filters';
import { TestReader } from './helpers';

const FIXTURES = path.join(__dirname, '..', 'fixtures');

// ---- independent readings (written here, not taken from src/) ----

interface MountLine {
  device: string;
  mountpoint: string;
  type: string;
  ro: boolean;
}

/** mountinfo unescapes \ooo octal escapes (space, tab, newline, backslash). */
function unescape(s: string): string {
  return s.replace(/\\([0-3][0-7][0-7])/g, (_m, o: string) => String.fromCharCode(parseInt(o, 8)));
}

/** Parses proc(5) mountinfo: fields 5 (mount point) and 6 (options), then after the lone "-": type, source. */
function readMountinfo(file: string): MountLine[] {
  const out: MountLine[] = [];
  for (const line of fs.readFileSync(file, 'latin1').split('\n')) {
    if (line === '') continue;
    const f = line.split(' ');
    const dash = f.indexOf('-', 6);
    out.push({
      mountpoint: unescape(f[4]!),
      ro: f[5]!.split(',')[0] === 'ro',
      type: unescape(f[dash + 1]!),
      device: unescape(f[dash + 2]!),
    });
  }
  return out;
}

/** Device names of a diskstats file (the third token) with their sectors read (the sixth). */
function readDiskstats(file: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length >= 7) out.set(f[2]!, Number(f[5]));
  }
  return out;
}

/** Interface names of a net/dev file (up to the colon before the first counter) with their received bytes. */
function readNetDev(file: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of fs.readFileSync(file, 'utf8').split('\n').slice(2)) {
    const m = /^\s*(.+):\s*(\d+)\s/.exec(line);
    if (m) out.set(m[1]!, Number(m[2]));
  }
  return out;
}

// ---- what was exported ----

interface FsPoint {
  device: string;
  mountpoint: string;
  type: string;
  mode: string;
  limit: number;
  /** used + free + reserved of system.filesystem.usage for the same mount. */
  usageSum: number;
}

function points(r: CollectionResult, name: string): Array<{ attributes: Record<string, unknown>; value: number }> {
  for (const sm of r.resourceMetrics.scopeMetrics) {
    for (const m of sm.metrics) {
      if (m.descriptor.name === name) return m.dataPoints as Array<{ attributes: Record<string, unknown>; value: number }>;
    }
  }
  return [];
}

const key = (device: string, mountpoint: string, type: string): string => JSON.stringify([device, mountpoint, type]);

function filesystems(r: CollectionResult): Map<string, FsPoint> {
  const out = new Map<string, FsPoint>();
  for (const p of points(r, sc.METRIC_SYSTEM_FILESYSTEM_LIMIT)) {
    const a = p.attributes;
    const fp: FsPoint = {
      device: a[sc.ATTR_SYSTEM_DEVICE] as string,
      mountpoint: a[sc.ATTR_SYSTEM_FILESYSTEM_MOUNTPOINT] as string,
      type: a[sc.ATTR_SYSTEM_FILESYSTEM_TYPE] as string,
      mode: a[sc.ATTR_SYSTEM_FILESYSTEM_MODE] as string,
      limit: p.value,
      usageSum: 0,
    };
    out.set(key(fp.device, fp.mountpoint, fp.type), fp);
  }
  for (const p of points(r, sc.METRIC_SYSTEM_FILESYSTEM_USAGE)) {
    const a = p.attributes;
    const fp = out.get(key(a[sc.ATTR_SYSTEM_DEVICE] as string, a[sc.ATTR_SYSTEM_FILESYSTEM_MOUNTPOINT] as string, a[sc.ATTR_SYSTEM_FILESYSTEM_TYPE] as string));
    if (fp) fp.usageSum += p.value;
  }
  return out;
}

/** device -> bytes read (system.disk.io, direction read). */
function disks(r: CollectionResult): Map<string, number> {
  const out = new Map<string, number>();
  for (const p of points(r, sc.METRIC_SYSTEM_DISK_IO)) {
    if (p.attributes[sc.ATTR_DISK_IO_DIRECTION] === 'read') out.set(p.attributes[sc.ATTR_SYSTEM_DEVICE] as string, p.value);
  }
  return out;
}

/** interface -> bytes received (system.network.io, direction receive). */
function interfaces(r: CollectionResult): Map<string, number> {
  const out = new Map<string, number>();
  for (const p of points(r, sc.METRIC_SYSTEM_NETWORK_IO)) {
    if (p.attributes[sc.ATTR_NETWORK_IO_DIRECTION] === 'receive') out.set(p.attributes[sc.ATTR_NETWORK_INTERFACE_NAME] as string, p.value);
  }
  return out;
}

/**
 * A live reading compared with the kernel's file read just before and just after the collect (the machine is
 * shared: names may come and go). Every kept name present in both readings is exported; every exported name was in
 * one of them; a counter lies between its two readings (times `scale`: sectors to bytes).
 */
function expectBracketed(
  got: Map<string, number>,
  before: Map<string, number>,
  after: Map<string, number>,
  kept: (name: string) => boolean,
  scale: number,
): void {
  for (const n of before.keys()) if (kept(n) && after.has(n)) expect([n, got.has(n)]).toEqual([n, true]);
  for (const [n, v] of got) {
    expect([n, before.has(n) || after.has(n)]).toEqual([n, true]);
    if (!before.has(n) || !after.has(n)) continue;
    expect(v).toBeGreaterThanOrEqual(before.get(n)! * scale);
    expect(v).toBeLessThanOrEqual(after.get(n)! * scale);
  }
}

// ---- the two paths ----

type PathName = 'instruments' | 'producer';

/** A started HostMetrics on the real addon and a function that collects through the chosen path. */
async function open(via: PathName, options: HostMetricsOptions): Promise<{ collect: () => Promise<CollectionResult>; close: () => Promise<void> }> {
  const reader = new TestReader();
  const provider = new MeterProvider({ readers: via === 'instruments' ? [reader] : [] });
  // A new sample on every collect, so that readings taken before and after a collect bracket its values.
  const hm = new HostMetrics({ minSampleIntervalMs: 0, ...options, ...(via === 'instruments' ? { meterProvider: provider } : {}) });
  let collect: () => Promise<CollectionResult>;
  let fastProvider: MeterProvider | undefined;
  if (via === 'instruments') {
    hm.start();
    collect = () => reader.collect();
  } else {
    const fast = new TestReader({ metricProducers: [hm.metricProducer()] });
    fastProvider = new MeterProvider({ readers: [fast] });
    collect = () => fast.collect();
  }
  await hm.refreshAsync(); // the filesystems are read off the event loop
  return {
    collect,
    close: async () => {
      await hm.shutdown();
      await provider.shutdown();
      await fastProvider?.shutdown();
    },
  };
}

/**
 * Runs `body` with a fresh root folder in which every mount point of `procRoot`'s mountinfo exists, so every
 * statfs succeeds and only the filters decide what is exported; removes the folder afterwards.
 */
async function withMountPoints(procRoot: string, body: (rootFs: string, lines: MountLine[]) => Promise<void>): Promise<void> {
  const rootFs = fs.mkdtempSync(path.join(os.tmpdir(), 'ps-e2e-root-'));
  try {
    const lines = readMountinfo(path.join(procRoot, 'self', 'mountinfo'));
    for (const l of lines) fs.mkdirSync(path.join(rootFs, l.mountpoint), { recursive: true });
    await body(rootFs, lines);
  } finally {
    fs.rmSync(rootFs, { recursive: true, force: true });
  }
}

/** Runs `body` with one collect of a HostMetrics opened by {@link open}, and shuts it down. */
async function withCollect(via: PathName, options: HostMetricsOptions, before: () => void, body: (r: CollectionResult) => void): Promise<void> {
  const hm = await open(via, options);
  try {
    before();
    body(await hm.collect());
  } finally {
    await hm.close();
  }
}

const PATHS: PathName[] = ['instruments', 'producer'];
const GROUPS: HostMetricsOptions = { metricGroups: ['system.filesystem', 'system.disk', 'system.network'] };
// Live: a hung FUSE mount of another test on this shared machine is reported stuck after 2 s, not the default 5 s.
const LIVE: HostMetricsOptions = { ...GROUPS, statfsTimeoutMs: 2000 };
// Room for that timeout on a busy machine.
jest.setTimeout(30000);

describe.each(PATHS)('fixture trees, %s path', (via) => {
  test('mounts: device, mount point, type and mode from mountinfo; limit from statfs of the same directory', async () => {
    const procRoot = path.join(FIXTURES, 'mounts', 'proc');
    const rootFs = path.join(FIXTURES, 'mounts', 'rootfs');
    const hm = await open(via, { ...GROUPS, procRoot, rootFs });
    try {
      const got = filesystems(await hm.collect());
      const lines = readMountinfo(path.join(procRoot, 'self', 'mountinfo'));
      // /missing does not exist under rootfs: its statfs fails and it has no value, so no point.
      const present = lines.filter((l) => fs.existsSync(path.join(rootFs, l.mountpoint)));
      expect(present.map((l) => l.mountpoint)).toEqual(['/', '/data', '/mnt/with space', '/ro']);
      expect([...got.keys()].sort()).toEqual(present.map((l) => key(l.device, l.mountpoint, l.type)).sort());
      for (const l of present) {
        const p = got.get(key(l.device, l.mountpoint, l.type))!;
        expect(p.mode).toBe(l.ro ? 'ro' : 'rw');
        const st = fs.statfsSync(path.join(rootFs, l.mountpoint));
        expect(p.limit).toBe(st.blocks * st.bsize);
        expect(p.usageSum).toBe(p.limit);
      }
      expect(got.get(key('tmpfs', '/mnt/with space', 'tmpfs'))).toBeDefined();
    } finally {
      await hm.close();
    }
  });

  test('mountPoints include /^\\/$/ keeps the root mount only; a filesystemTypes exclude drops by type', async () => {
    const procRoot = path.join(FIXTURES, 'mounts', 'proc');
    const rootFs = path.join(FIXTURES, 'mounts', 'rootfs');
    const root = await open(via, { ...GROUPS, procRoot, rootFs, mountPoints: { include: /^\/$/ } });
    const noExt4 = await open(via, { ...GROUPS, procRoot, rootFs, filesystemTypes: { exclude: /^ext4$/ } });
    try {
      expect([...filesystems(await root.collect()).keys()]).toEqual([key('/dev/vda', '/', 'ext4')]);
      expect([...filesystems(await noExt4.collect()).keys()]).toEqual([key('tmpfs', '/mnt/with space', 'tmpfs')]);
    } finally {
      await root.close();
      await noExt4.close();
    }
  });

  test('hostile mountinfo: a tab in the device name, a space and a backslash in mount points', async () => {
    const procRoot = path.join(FIXTURES, 'hostile', 'proc');
    await withMountPoints(procRoot, async (rootFs, lines) => {
      await withCollect(via, { ...GROUPS, procRoot, rootFs }, () => undefined, (r) => {
        const got = filesystems(r);
        expect([...got.keys()].sort()).toEqual(lines.map((l) => key(l.device, l.mountpoint, l.type)).sort());
        expect(got.get(key('my\ttmpfs', '/mnt/with space', 'tmpfs'))!.mode).toBe('ro');
        expect(got.get(key('tmpfs', '/back\\slash', 'tmpfs'))!.mode).toBe('rw');
      });
    });
  });

  test('the default excludes drop /proc, /sys, /dev and cgroup mounts of a real mount table (modern fixture)', async () => {
    const procRoot = path.join(FIXTURES, 'modern', 'proc');
    await withMountPoints(procRoot, async (rootFs, lines) => {
      expect(lines.filter((l) => l.type === 'cgroup' || l.type === 'cgroup2').length).toBeGreaterThan(5);
      await withCollect(via, { ...GROUPS, procRoot, rootFs }, () => undefined, (r) => {
        const got = filesystems(r);
        expect([...got.keys()].sort()).toEqual([
          key('/dev/vda', '/', 'ext4'),
          key('model_tools_unavailable', '/mnt/sandboxing/model_tools_env/v1/python', 'tmpfs'),
        ]);
        expect(got.get(key('model_tools_unavailable', '/mnt/sandboxing/model_tools_env/v1/python', 'tmpfs'))!.mode).toBe('ro');
      });
      // Without the excludes every distinct mount is there (the duplicate /dev/pts and /dev/shm lines fold).
      const none = { ...GROUPS, procRoot, rootFs, mountPoints: { exclude: null }, filesystemTypes: { exclude: null } };
      await withCollect(via, none, () => undefined, (r) => {
        expect([...filesystems(r).keys()].sort()).toEqual([...new Set(lines.map((l) => key(l.device, l.mountpoint, l.type)))].sort());
      });
    });
  });

  test('disks and interfaces: names and counters of the hostile diskstats and net/dev', async () => {
    const procRoot = path.join(FIXTURES, 'hostile', 'proc');
    const hm = await open(via, { ...GROUPS, procRoot, disks: { exclude: null } });
    const defaults = await open(via, { ...GROUPS, procRoot });
    try {
      const r = await hm.collect();
      const wantDisks = readDiskstats(path.join(procRoot, 'diskstats'));
      const gotDisks = disks(r);
      expect([...gotDisks.keys()].sort()).toEqual([...wantDisks.keys()].sort());
      expect(gotDisks.get('sda')).toBe(2514378 * 512);
      expect(gotDisks.get('dm-0-twin')).toBe(808 * 512);
      // The default exclude drops partitions (sda1, nvme0n1p1), as node_exporter does.
      expect([...disks(await defaults.collect()).keys()].sort()).toEqual(['dm-0', 'dm-0-twin', 'nvme0n1', 'sda', 'sdd']);
      const wantNet = readNetDev(path.join(procRoot, 'net', 'dev'));
      const gotNet = interfaces(r);
      expect([...gotNet.keys()].sort()).toEqual([...wantNet.keys()].sort());
      expect(gotNet.has('ibr10:30')).toBe(true);
      expect(gotNet.has('wlan-é☃')).toBe(true);
      for (const name of ['lo', 'eth0', 'ibr10:30', 'ibr10:31', 'enp0s20f0u1u2c2', 'wlan-é☃']) {
        expect([name, gotNet.get(name)]).toEqual([name, wantNet.get(name)]);
      }
    } finally {
      await hm.close();
      await defaults.close();
    }
  });
});

describe.each(PATHS)('zeros are values, %s path', (via) => {
  test('gVisor tree: all-zero CPU lines and empty tcp/tcp6 give every fixed series, each 0', async () => {
    const procRoot = path.join(FIXTURES, 'gvisor', 'proc');
    const hm = await open(via, { procRoot, metricGroups: ['system.cpu', 'system.network'] });
    try {
      const r = await hm.collect();
      const cpu = points(r, sc.METRIC_SYSTEM_CPU_TIME);
      expect(cpu.map((p) => p.attributes[sc.ATTR_CPU_MODE]).sort()).toEqual(['idle', 'interrupt', 'iowait', 'nice', 'steal', 'system', 'user']);
      expect(cpu.map((p) => p.value)).toEqual(new Array(7).fill(0));
      const tcp = points(r, sc.METRIC_SYSTEM_NETWORK_CONNECTION_COUNT);
      expect(tcp).toHaveLength(22); // 11 states x IPv4/IPv6
      expect(new Set(tcp.map((p) => `${p.attributes[sc.ATTR_NETWORK_TYPE]}/${p.attributes[sc.ATTR_NETWORK_CONNECTION_STATE]}`)).size).toBe(22);
      expect(tcp.every((p) => p.value === 0)).toBe(true);
    } finally {
      await hm.close();
    }
  });
});

describe('after shutdown()', () => {
  test('a producer still attached to a reader exports no host point: the closed sampler holds no stale value', async () => {
    const hm = new HostMetrics({ procRoot: path.join(FIXTURES, 'hostile', 'proc'), minSampleIntervalMs: 0, metricGroups: ['system.memory', 'system.disk'] });
    const reader = new TestReader({ metricProducers: [hm.metricProducer()] });
    const provider = new MeterProvider({ readers: [reader] });
    try {
      const before = await reader.collect();
      expect(points(before, sc.METRIC_SYSTEM_MEMORY_LIMIT)).toHaveLength(1);
      expect(disks(before).size).toBeGreaterThan(0);
      await hm.shutdown();
      const after = await reader.collect();
      expect(after.resourceMetrics.scopeMetrics.flatMap((m) => m.metrics).filter((m) => m.dataPoints.length > 0)).toEqual([]);
      // A shut-down HostMetrics does not start again: the coded error, as the Sampler's.
      for (const use of [() => hm.start(), () => hm.metricProducer(), () => hm.metrics]) {
        expect(use).toThrow(expect.objectContaining({ name: 'ProcsamplerError', code: 'PROCSAMPLER_CLOSED' }));
      }
    } finally {
      await provider.shutdown();
    }
  });
});

describe.each(PATHS)('this machine, %s path', (via) => {
  const statfsOk = (p: string): boolean => {
    try {
      fs.statfsSync(p);
      return true;
    } catch {
      return false;
    }
  };

  test('filesystems: the mounts of /proc/self/mountinfo that the default excludes keep, with statfs limits', async () => {
    // The machine is shared: mounts may come and go during the test. What was there before and after must be
    // exported; what is exported must have been there before or after.
    const before = readMountinfo('/proc/self/mountinfo');
    const hm = await open(via, { ...LIVE });
    try {
      const got = filesystems(await hm.collect());
      const after = readMountinfo('/proc/self/mountinfo');
      // Only local filesystems must be there: a FUSE or network mount of another test on this shared machine may
      // hang in statfs (the library reports it stuck and skips it; a statfsSync here would block the test).
      const local = (l: MountLine): boolean => !/^(fuse|nfs|cifs|smb|sshfs|9p|ceph|glusterfs)/.test(l.type);
      const kept = (l: MountLine): boolean =>
        !DEFAULT_MOUNT_POINT_EXCLUDE.test(l.mountpoint) && !DEFAULT_FS_TYPE_EXCLUDE.test(l.type) && local(l) && statfsOk(l.mountpoint);
      const keys = (ls: MountLine[]): Set<string> => new Set(ls.filter(kept).map((l) => key(l.device, l.mountpoint, l.type)));
      const was = keys(before);
      const is = keys(after);
      for (const k of was) if (is.has(k)) expect([k, got.has(k)]).toEqual([k, true]);
      const listed = new Set([...before, ...after].map((l) => key(l.device, l.mountpoint, l.type)));
      for (const [k, p] of got) {
        expect([k, listed.has(k)]).toEqual([k, true]);
        expect([k, DEFAULT_MOUNT_POINT_EXCLUDE.test(p.mountpoint) || DEFAULT_FS_TYPE_EXCLUDE.test(p.type)]).toEqual([k, false]);
      }
      // Pseudo filesystems this machine has are not exported.
      expect(before.some((l) => l.mountpoint === '/proc')).toBe(true);
      expect(before.some((l) => l.mountpoint.startsWith('/sys'))).toBe(true);
      for (const p of got.values()) {
        expect(p.mountpoint).not.toMatch(/^\/(proc|sys|dev)($|\/)/);
        expect(p.type).not.toMatch(/^(cgroup2?|proc|sysfs|devpts|devtmpfs)$/);
      }
      // The root mount: the device and type of its (last) mountinfo line, the statfs size of '/'.
      const rootLine = before.filter((l) => l.mountpoint === '/').pop()!;
      const root = got.get(key(rootLine.device, '/', rootLine.type))!;
      expect(root).toBeDefined();
      expect(root.mode).toBe(rootLine.ro ? 'ro' : 'rw');
      const st = fs.statfsSync('/');
      expect(root.limit).toBe(st.blocks * st.bsize);
      expect(root.usageSum).toBe(root.limit);
    } finally {
      await hm.close();
    }
  });

  test('mountPoints: { include: /^\\/$/ } matches the root mount only', async () => {
    await withCollect(via, { ...LIVE, mountPoints: { include: /^\/$/ } }, () => undefined, (r) => {
      const rootLine = readMountinfo('/proc/self/mountinfo').filter((l) => l.mountpoint === '/').pop()!;
      expect([...filesystems(r).keys()]).toEqual([key(rootLine.device, '/', rootLine.type)]);
    });
  });

  test('disks: the names of /proc/diskstats past the default exclude; bytes read between two readings', async () => {
    let before = new Map<string, number>();
    await withCollect(via, { ...LIVE }, () => (before = readDiskstats('/proc/diskstats')), (r) => {
      const got = disks(r);
      expectBracketed(got, before, readDiskstats('/proc/diskstats'), (n) => !DEFAULT_DISK_EXCLUDE.test(n), 512);
      expect(got.size).toBeGreaterThan(0);
    });
  });

  test('interfaces: the names of /proc/net/dev; bytes received between two readings', async () => {
    let before = new Map<string, number>();
    await withCollect(via, { ...LIVE }, () => (before = readNetDev('/proc/net/dev')), (r) => {
      const got = interfaces(r);
      expectBracketed(got, before, readNetDev('/proc/net/dev'), () => true, 1);
      expect(got.has('lo')).toBe(true);
    });
  });
});
