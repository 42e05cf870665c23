// The entry-name encoding: defined once in native/layout.h, exported by layout(), read by src/sources/entry-names.ts.
import { loadAddon, type NativeLayout } from '../../src/native';
import { cgroupEntryNames, cgroupNames, entryNameScheme, fsEntryName, fsNames, type CgroupNameParts } from '../../src/sources/entry-names';
import { Sampler } from '../../src';
import * as path from 'node:path';

const layout = (): NativeLayout => loadAddon().layout();

describe('entry names', () => {
  test('layout() exports the separator, the filesystems parts, the cgroup parts and controllers; the scheme reads them', () => {
    const l = layout();
    expect(l.entryNames).toEqual({
      separator: '\0',
      parts: { filesystems: ['device', 'mountpoint', 'type'] },
      groups: { cgroup: ['controller', 'directory'] },
      cgroupControllers: ['cpu', 'cpuacct', 'cpuset', 'memory', 'blkio', 'pids', 'pressure'],
    });
    expect(entryNameScheme(l)).toEqual({ separator: '\0', fsParts: ['device', 'mountpoint', 'type'], cgroupParts: ['controller', 'directory'] });
  });

  test('a layout whose parts differ from FsNameParts fails loudly, naming what it got', () => {
    const bad = (entryNames: unknown): NativeLayout => ({ ...layout(), entryNames }) as NativeLayout;
    const groups = { cgroup: ['controller', 'directory'] };
    expect(() => entryNameScheme(bad({ separator: '\t', parts: { filesystems: ['device', 'mount', 'type'] }, groups }))).toThrow(/"mount"/);
    expect(() => entryNameScheme(bad({ separator: '', parts: { filesystems: ['device', 'mountpoint', 'type'] }, groups }))).toThrow(/different builds/);
    expect(() => entryNameScheme(bad(undefined))).toThrow(/different builds/);
    expect(() => entryNameScheme(bad({ separator: '\0', parts: { filesystems: ['device', 'device', 'type'] }, groups }))).toThrow(/different builds/);
    const fs = { filesystems: ['device', 'mountpoint', 'type'] };
    expect(() => entryNameScheme(bad({ separator: '\0', parts: fs, groups: { cgroup: ['controller', 'dir'] } }))).toThrow(/"dir".*different builds/);
    expect(() => entryNameScheme(bad({ separator: '\0', parts: fs, groups: { cgroup: ['controller'] } }))).toThrow(/different builds/);
    expect(() => entryNameScheme(bad({ separator: '\0', parts: fs }))).toThrow(/different builds/);
    // The same parts in another order are a valid encoding: the scheme carries the order the addon gives.
    expect(entryNameScheme(bad({ separator: '\0', parts: fs, groups: { cgroup: ['directory', 'controller'] } })).cgroupParts).toEqual(['directory', 'controller']);
  });

  test('fsEntryName and fsNames are inverse, tabs and spaces included; a part with NUL is refused', () => {
    const parts = { device: 'my\ttmpfs', mountpoint: '/mnt/with space', type: 'tmpfs' };
    expect(fsEntryName(parts)).toBe('my\ttmpfs\0/mnt/with space\0tmpfs');
    expect(fsNames(fsEntryName(parts))).toEqual(parts);
    expect(fsNames('only')).toEqual({ device: 'only', mountpoint: '', type: '' });
    expect(() => fsEntryName({ ...parts, mountpoint: 'a\0b' })).toThrow(TypeError);
  });

  test('cgroupEntryNames and cgroupNames are inverse; an incomplete trailing group is left out; a non-string part is refused', () => {
    const groups: CgroupNameParts[] = [
      { controller: 'cpu', directory: '/sys/fs/cgroup/a b' },
      { controller: 'memory', directory: '/sys/fs/cgroup/\tc' },
    ];
    expect(cgroupEntryNames(groups)).toEqual(['cpu', '/sys/fs/cgroup/a b', 'memory', '/sys/fs/cgroup/\tc']);
    expect(cgroupNames(cgroupEntryNames(groups))).toEqual(groups);
    expect(cgroupNames(['cpu', '/a', 'memory'])).toEqual([{ controller: 'cpu', directory: '/a' }]);
    expect(cgroupNames([])).toEqual([]);
    expect(() => cgroupEntryNames([{ controller: 'cpu', directory: 7 as unknown as string }])).toThrow(TypeError);
  });

  // The cgroup fixture trees of test/sources/cgroup.test.ts: the addon discovers the directories, and what it
  // lists in names() is what cgroupEntryNames builds from the directories the fixture holds.
  const CGROUP = path.join(__dirname, '..', 'fixtures', 'cgroup');
  const cgroupTable = (fixture: string): string[] => {
    const base = path.join(CGROUP, fixture);
    const s = new Sampler({ procRoot: path.join(base, 'proc'), cgroupRoot: path.join(base, 'sys', 'fs', 'cgroup'), sources: ['cgroup'] });
    try {
      s.sample();
      return [...s.table('cgroup')!.names()];
    } finally {
      s.close();
    }
  };

  test('the cgroup names C++ writes are the names cgroupEntryNames builds, and cgroupNames reads them back (hybrid, v2 trees)', () => {
    const h = (d: string): string => path.join(CGROUP, 'hybrid', 'sys/fs/cgroup', d);
    const hybrid: CgroupNameParts[] = [
      { controller: 'cpu', directory: h('cpu,cpuacct/docker/abc') },
      { controller: 'cpuacct', directory: h('cpu,cpuacct/docker/abc') },
      { controller: 'cpuset', directory: h('cpuset') },
      { controller: 'memory', directory: h('memory') },
      { controller: 'blkio', directory: h('blkio/docker/abc') },
      { controller: 'pids', directory: h('pids/docker/abc') },
      { controller: 'pressure', directory: h('unified/docker/abc') },
    ];
    const names = cgroupTable('hybrid');
    expect(names).toEqual(cgroupEntryNames(hybrid));
    expect(cgroupNames(names)).toEqual(hybrid);

    const v2 = cgroupNames(cgroupTable('v2-limits'));
    const ctr = path.join(CGROUP, 'v2-limits', 'sys/fs/cgroup/kube/pod1/ctr');
    expect(v2.length).toBeGreaterThan(0);
    expect(v2.find((g) => g.controller === 'memory')?.directory).toBe(ctr);
    // v2: every controller found is in the one unified directory, PSI included.
    expect(new Set(v2.map((g) => g.directory))).toEqual(new Set([ctr]));
    expect(v2.map((g) => g.controller)).toContain('pressure');
  });

  test('the names C++ writes are the names fsEntryName builds (hostile mountinfo)', async () => {
    const s = new Sampler({ procRoot: path.join(__dirname, '..', 'fixtures', 'hostile', 'proc'), sources: ['filesystems'] });
    try {
      await s.sampleAsync();
      expect([...s.table('filesystems')!.names()]).toEqual([
        fsEntryName({ device: '/dev/vda', mountpoint: '/', type: 'ext4' }),
        fsEntryName({ device: 'my\ttmpfs', mountpoint: '/mnt/with space', type: 'tmpfs' }),
        fsEntryName({ device: 'tmpfs', mountpoint: '/back\\slash', type: 'tmpfs' }),
      ]);
    } finally {
      s.close();
    }
  });
});
