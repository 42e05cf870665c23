/**
 * Filesystems: <procRoot>/self/mountinfo parsed, then statvfs(rootFs + mountpoint) on native threads with a
 * timeout. The mount points of the `mounts` fixture exist under its own rootfs/ directory, so the values must
 * equal fs.statfsSync() of the same directories.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Sampler, fsNames } from '../../src';
import { FIXTURES, procOf } from '../support/fixtures';
import { file, root, testIf, tool, type Need } from '../support/needs';

const rootFs = path.join(FIXTURES, 'mounts', 'rootfs');

function entryStatStatus(s: Sampler, mountpoint: string): number {
  const t = s.table('filesystems');
  if (!t) throw new Error('no filesystems table');
  const i = t.names().findIndex((n) => fsNames(n).mountpoint === mountpoint);
  return t.entryValue(i, 'statStatus');
}

describe('filesystems (mountinfo + statvfs)', () => {
  test('null and NOT_SAMPLED before the first sampleAsync()', () => {
    const s = new Sampler({ procRoot: procOf('mounts'), rootFs, sources: ['filesystems'] });
    s.sample();
    expect(s.status().filesystems.code).toBe('NOT_SAMPLED');
    expect(s.snapshot().filesystems).toBeNull();
    s.close();
  });

  test('statvfs under rootFs equals fs.statfsSync of the same directory; escapes decoded; ro; a missing mount point', async () => {
    const s = new Sampler({ procRoot: procOf('mounts'), rootFs, sources: ['filesystems'] });
    await s.sampleAsync();
    const real = fs.statfsSync(path.join(rootFs, 'data'));
    expect(s.status().filesystems.code).toBe('OK');
    const list = s.snapshot().filesystems ?? [];
    expect(list.map((f) => [f.device, f.mountpoint, f.type, f.readOnly])).toEqual([
      ['/dev/vda', '/', 'ext4', false],
      ['/dev/vda', '/data', 'ext4', false],
      ['tmpfs', '/mnt/with space', 'tmpfs', false],
      ['/dev/vda', '/ro', 'ext4', true],
      ['server:/export', '/missing', 'nfs4', false],
    ]);
    for (const mp of ['/', '/data', '/mnt/with space', '/ro']) {
      const f = list.find((x) => x.mountpoint === mp);
      expect(f?.stuck).toBe(false);
      expect(entryStatStatus(s, mp)).toBe(0);
      expect(f?.total).toBe(real.blocks * real.bsize);
      expect(f?.inodes).toBe(real.files);
      // free space moves with every write on this shared disk: within 256 MiB of an independent reading
      expect(Math.abs((f?.free ?? NaN) - real.bfree * real.bsize)).toBeLessThan(256 * 2 ** 20);
      expect(Math.abs((f?.available ?? NaN) - real.bavail * real.bsize)).toBeLessThan(256 * 2 ** 20);
      expect(f?.used).toBe((f?.total ?? NaN) - (f?.free ?? NaN));
    }
    const missing = list.find((x) => x.mountpoint === '/missing');
    expect(missing).toMatchObject({ stuck: false, total: null, free: null, available: null, inodes: null });
    expect(entryStatStatus(s, '/missing')).toBe(-os.constants.errno.ENOENT);
    s.close();
  });

  // A decoded \011 is a real tab in a path: entry names are joined with NUL, which no path can contain.
  test('hostile mountinfo: optional fields, \\040 \\011 \\134 escapes (a tab in the device name)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'procsampler-fs-'));
    try {
      const s = new Sampler({ procRoot: procOf('hostile'), rootFs: dir, sources: ['filesystems'] });
      await s.sampleAsync();
      expect(s.status().filesystems.code).toBe('OK');
      expect(s.snapshot().filesystems?.map((f) => [f.device, f.mountpoint, f.type, f.readOnly])).toEqual([
        ['/dev/vda', '/', 'ext4', false],
        ['my\ttmpfs', '/mnt/with space', 'tmpfs', true],
        ['tmpfs', '/back\\slash', 'tmpfs', false],
      ]);
      s.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('garbage and truncated mountinfo: bad lines skipped, MALFORMED', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'procsampler-fs-'));
    try {
      for (const fixture of ['garbage', 'truncated']) {
        const s = new Sampler({ procRoot: procOf(fixture), rootFs: dir, sources: ['filesystems'] });
        await s.sampleAsync();
        expect(s.status().filesystems.code).toBe('MALFORMED');
        expect(s.snapshot().filesystems?.map((f) => f.mountpoint)).toEqual(['/']);
        s.close();
      }
      const b = new Sampler({ procRoot: procOf('binary'), rootFs: dir, sources: ['filesystems'] });
      await b.sampleAsync();
      expect(b.status().filesystems.code).toBe('MALFORMED');
      expect(b.snapshot().filesystems).toEqual([]);
      b.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('no mountinfo (old kernel before 2.6.26): ENOENT, null', async () => {
    const s = new Sampler({ procRoot: procOf('old-kernel'), sources: ['filesystems'] });
    await s.sampleAsync();
    expect(s.status().filesystems.code).toBe('ENOENT');
    expect(s.snapshot().filesystems).toBeNull();
    s.close();
  });

  test('70 mounts (table holds 64): grows and keeps every entry', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'procsampler-fs-'));
    try {
      fs.mkdirSync(path.join(dir, 'm69'));
      const s = new Sampler({ procRoot: procOf('overflow'), rootFs: dir, sources: ['filesystems'] });
      await s.sampleAsync();
      const list = s.snapshot().filesystems ?? [];
      expect(list).toHaveLength(70);
      expect(list[69]).toMatchObject({ device: 'tmpfs69', mountpoint: '/m69', stuck: false });
      expect(list[69]?.total).toBe(fs.statfsSync(path.join(dir, 'm69')).blocks * fs.statfsSync(dir).bsize);
      expect(list[0]?.total).toBeNull(); // /m0 does not exist under rootFs
      s.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  // A statvfs that never returns, made for real: a FUSE mount whose daemon never answers, inside a private mount
  // namespace so no other process on the machine can trip on it.
  const unshareWorks: Need = () => {
    const r = spawnSync('unshare', ['-m', '--propagation', 'private', 'true']);
    if (r.error) return 'unshare is not installed (apt-get install util-linux)';
    return r.status === 0 ? null : 'unshare -m is not permitted here (run as root, or allow user namespaces)';
  };
  const hangNeeds = [
    root,
    file('/dev/fuse', 'the FUSE device (modprobe fuse; in a container: --device /dev/fuse)'),
    unshareWorks,
    tool('python3', ['-c', 'import ctypes'], 'apt-get install python3'),
    file(path.join(__dirname, '..', '..', 'dist', 'index.js'), 'the compiled package (npm run build:ts)'),
  ];
  testIf('a mount whose statvfs hangs is reported stuck, and recovers when it answers', hangNeeds, () => {
    const r = spawnSync('unshare', ['-m', '--propagation', 'private', process.execPath, path.join(__dirname, 'support', 'stuck-mount-child.js')], {
      encoding: 'utf8',
      timeout: 50000,
    });
    const out = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as {
      steps?: Array<{ name: string; status: number; statStatus: number; snapshot: Record<string, unknown>; other: Record<string, unknown> }>;
      dir?: string;
      skipped?: string;
    };
    if (out.dir) fs.rmSync(out.dir, { recursive: true, force: true });
    expect(out.skipped).toBeUndefined();
    const [first, again, after] = out.steps ?? [];
    expect(first?.snapshot).toMatchObject({ type: 'fuse', stuck: true, total: null, free: null });
    expect(first?.statStatus).toBe(-os.constants.errno.ETIMEDOUT);
    expect(first?.other).toMatchObject({ stuck: false, total: expect.any(Number) }); // the other mount is not held up
    expect(again?.snapshot).toMatchObject({ stuck: true }); // the parked call still hangs: not called again
    expect(after?.snapshot).toMatchObject({ stuck: false, total: null });
    expect(after?.statStatus).toBeLessThan(0); // ENOTCONN from the aborted connection
  });
});
