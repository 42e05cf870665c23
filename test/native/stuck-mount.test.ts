/**
 * A statvfs that never returns: a FUSE mount whose daemon (bindfs) is stopped with SIGSTOP. sampleAsync() must
 * report the mount stuck after statfsTimeoutMs, keep the event loop free, skip the mount while the call hangs,
 * and read it again once the daemon answers. Needs root, /dev/fuse and bindfs (.ci/run installs it).
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Sampler } from '../../src';
import { describeIf, file, root, tool } from '../support/needs';

const needs = [
  root,
  file('/dev/fuse', 'the FUSE device (modprobe fuse; in a container: --device /dev/fuse)'),
  tool('bindfs', ['--version'], 'apt-get install bindfs fuse3'),
  tool('pgrep', ['-V'], 'apt-get install procps'),
];

describeIf('a mount whose statvfs hangs', needs, () => {
  let src = '';
  let mnt = '';
  let daemon = 0;
  // A second mount after the hung one (mountinfo lists mounts in mount order): its call queued behind the hung one
  // must still be answered.
  let after = '';

  beforeAll(() => {
    src = fs.mkdtempSync(path.join(os.tmpdir(), 'ps-fuse-src-'));
    mnt = fs.mkdtempSync(path.join(os.tmpdir(), 'ps-fuse-mnt-'));
    fs.writeFileSync(path.join(src, 'f'), 'x'.repeat(10000));
    execFileSync('bindfs', [src, mnt]);
    const pids = execFileSync('pgrep', ['-f', `bindfs ${src} ${mnt}`]).toString().trim().split('\n');
    daemon = Number(pids[0]);
    expect(daemon).toBeGreaterThan(0);
    after = fs.mkdtempSync(path.join(os.tmpdir(), 'ps-fuse-after-'));
    execFileSync('bindfs', [src, after]);
  });

  afterAll(() => {
    if (daemon > 0) {
      try {
        process.kill(daemon, 'SIGCONT');
      } catch {
        /* already gone */
      }
    }
    spawnSync('umount', ['-l', mnt]);
    if (after) spawnSync('umount', ['-l', after]);
    fs.rmSync(src, { recursive: true, force: true });
    fs.rmSync(mnt, { recursive: true, force: true });
    if (after) fs.rmSync(after, { recursive: true, force: true });
  });

  test('is read while the daemon answers, stuck while it does not, and read again after', async () => {
    const sampler = new Sampler({ sources: ['filesystems'], statfsTimeoutMs: 300 });
    const find = () => sampler.snapshot().filesystems?.find((f) => f.mountpoint === mnt);

    await sampler.sampleAsync();
    const before = find();
    expect(before).toMatchObject({ device: src, type: 'fuse', stuck: false });
    expect(before?.total).toBe(fs.statfsSync(mnt).blocks * fs.statfsSync(mnt).bsize);

    process.kill(daemon, 'SIGSTOP');
    // The event loop must keep turning while the native thread waits on the hung call.
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 10);
    await sampler.sampleAsync();
    clearInterval(ticker);
    const stuck = find();
    expect(stuck).toMatchObject({ stuck: true, total: null, free: null, available: null, used: null });
    expect(ticks).toBeGreaterThan(5); // 300 ms of timeout at a 10 ms tick: the loop was not blocked
    // The other mounts are still read during the hang.
    const root = sampler.snapshot().filesystems?.find((f) => f.mountpoint === '/');
    expect(root?.total).toBeGreaterThan(0);
    // Also the one mounted after it, whose statvfs was queued behind the hung call (it moved to a new thread).
    const next = sampler.snapshot().filesystems?.find((f) => f.mountpoint === after);
    expect(next).toMatchObject({ stuck: false });
    expect(next?.total).toBe(fs.statfsSync(after).blocks * fs.statfsSync(after).bsize);

    // While the abandoned call still hangs, the mount is skipped at once (no second 300 ms wait).
    await sampler.sampleAsync();
    expect(find()?.stuck).toBe(true);

    process.kill(daemon, 'SIGCONT');
    // The abandoned call returns once the daemon runs again; the next refresh reads the mount.
    for (let i = 0; i < 50 && find()?.stuck !== false; i++) {
      await new Promise((r) => setTimeout(r, 50));
      await sampler.sampleAsync();
    }
    expect(find()).toMatchObject({ stuck: false });
    expect(find()?.total).toBeGreaterThan(0);
    sampler.close();
  });
});
