// Runs inside `unshare -m --propagation private`: mounts a FUSE filesystem that never answers, samples the
// filesystems of a mountinfo listing it, and prints what the sampler reported at each step as one JSON line.
'use strict';
const { spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { Sampler, fsNames } = require('../../../dist');

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'procsampler-stuck-'));
  const mnt = path.join(dir, 'hang');
  fs.mkdirSync(mnt);
  fs.mkdirSync(path.join(dir, 'proc', 'self'), { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'proc', 'self', 'mountinfo'),
    `26 1 254:0 / ${dir} rw,relatime - ext4 /dev/vda rw\n90 26 0:99 / ${mnt} rw,nosuid - fuse procsampler-hang rw\n`,
  );
  const daemon = spawn('python3', [path.join(__dirname, 'fuse-never-answers.py'), mnt], { stdio: ['pipe', 'pipe', 'inherit'] });
  const line = await new Promise((resolve) => daemon.stdout.once('data', (d) => resolve(String(d).trim())));
  if (line !== 'ready') {
    console.log(JSON.stringify({ skipped: line }));
    process.exit(0);
  }
  const s = new Sampler({ procRoot: path.join(dir, 'proc'), sources: ['filesystems'], statfsTimeoutMs: 300 });
  const steps = [];
  const record = (name) => {
    const t = s.table('filesystems');
    const i = s.table('filesystems').names().findIndex((n) => fsNames(n).mountpoint === mnt);
    steps.push({
      name,
      status: t.status(),
      snapshot: s.snapshot().filesystems.find((f) => f.mountpoint === mnt),
      statStatus: t.array[t.entryBase + i * t.stride + t.entryField.statStatus],
      other: s.snapshot().filesystems.find((f) => f.mountpoint === dir),
    });
  };
  await s.sampleAsync();
  record('first');
  s.sample(); // the sync path is not blocked by the hung statvfs thread
  await s.sampleAsync();
  record('still hung');
  daemon.stdin.end(); // the daemon exits: the FUSE connection aborts and the parked statvfs returns
  await new Promise((resolve) => daemon.once('exit', resolve));
  for (let i = 0; i < 50; i++) {
    await s.sampleAsync();
    if (!s.snapshot().filesystems.find((f) => f.mountpoint === mnt).stuck) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  record('after the daemon died');
  s.close();
  console.log(JSON.stringify({ steps, dir }));
  process.exit(0);
}
main().catch((e) => {
  console.log(JSON.stringify({ error: String(e && e.stack) }));
  process.exit(1);
});
