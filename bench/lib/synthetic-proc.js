'use strict';
// Synthetic /proc trees for the scale benchmark (bench/cases/scale.js): a machine with `cpus` CPUs, `disks` block
// devices, `interfaces` network interfaces and `mounts` mounts, in the kernel's own formats (the printf formats of
// fs/proc/stat.c, block/genhd.c, net/core/net-procfs.c and fs/proc_namespace.c), with counters of realistic
// widths. The files that do not grow with the machine (meminfo, vmstat, the TCP summary, self/*) are the modern
// fixture's. Every mount point exists as a directory under <dir>/rootfs, so statvfs() answers for each.
const fs = require('fs');
const os = require('os');
const path = require('path');

const FIXTURE = path.join(__dirname, '..', '..', 'test', 'fixtures', 'modern', 'proc');

// A deterministic counter generator (xorshift32), so a tree is the same on every run.
function counters(seed) {
  let x = seed >>> 0 || 1;
  return (max) => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return Math.floor((x / 0x100000000) * max);
  };
}

function statFile(cpus, next) {
  const lines = [];
  const per = [];
  const sum = new Array(10).fill(0);
  for (let c = 0; c < cpus; c++) {
    const t = [next(3e6), next(1e4), next(1e6), next(3e7), next(1e5), 0, next(1e5), 0, 0, 0];
    t.forEach((v, i) => (sum[i] += v));
    per.push(`cpu${c} ${t.join(' ')}`);
  }
  lines.push(`cpu  ${sum.join(' ')}`, ...per);
  // One intr column per interrupt number: a big machine has more of them (per-CPU vectors and per-queue MSI-X).
  const irqs = [];
  for (let i = 0; i < 64 + cpus * 4; i++) irqs.push(next(8) === 0 ? next(1e7) : 0);
  lines.push(`intr ${irqs.reduce((a, b) => a + b, 0)} ${irqs.join(' ')}`);
  lines.push(`ctxt ${next(2e9)}`, 'btime 1764547200', `processes ${next(1e7)}`, `procs_running ${1 + next(cpus)}`, 'procs_blocked 0');
  lines.push(`softirq ${next(1e9)} ${Array.from({ length: 10 }, () => next(1e8)).join(' ')}`, '');
  return lines.join('\n');
}

// block/genhd.c diskstats_show(): "%4d %7d %s " then 17 fields.
function diskstatsFile(disks, next) {
  const lines = [];
  for (let d = 0; d < disks; d++) {
    const name = `nvme${Math.floor(d / 8)}n${(d % 8) + 1}`;
    const f = [next(1e8), next(1e6), next(4e9), next(1e8), next(1e8), next(1e6), next(4e9), next(1e8), next(64), next(1e8), next(2e8), next(1e6), 0, next(1e9), next(1e6), next(1e6), next(1e6)];
    lines.push(`${String(259).padStart(4)} ${String(d).padStart(7)} ${name} ${f.join(' ')}`);
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}

// net/core/net-procfs.c dev_seq_printf_stats(): "%6s:%8llu %7llu %4llu %4llu %4llu %5llu %10llu %9llu %8llu %7llu
// %4llu %4llu %4llu %5llu %7llu %10llu".
function netDevFile(interfaces, next) {
  const widths = [8, 7, 4, 4, 4, 5, 10, 9, 8, 7, 4, 4, 4, 5, 7, 10];
  const lines = [
    'Inter-|   Receive                                                |  Transmit',
    ' face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed',
  ];
  for (let i = 0; i < interfaces; i++) {
    const name = i === 0 ? 'lo' : i === 1 ? 'eth0' : `veth${(0x1000000 + i * 7919).toString(16).slice(-7)}`;
    const v = [next(1e12), next(1e9), next(10), next(100), 0, 0, 0, next(1e6), next(1e12), next(1e9), 0, next(10), 0, 0, 0, 0];
    lines.push(`${name.padStart(6)}:${v.map((x, k) => String(x).padStart(widths[k])).join(' ')}`);
  }
  return `${lines.join('\n')}\n`;
}

// fs/proc_namespace.c show_mountinfo(): "%i %i %u:%u root mountpoint options optional-fields - type source super".
function mountinfoFile(mounts) {
  const lines = ['21 1 259:1 / / rw,relatime shared:1 - ext4 /dev/nvme0n1p1 rw'];
  for (let m = 1; m < mounts; m++) {
    lines.push(`${21 + m} 21 0:${40 + m} / /mnt/m${m} rw,nosuid,nodev,relatime shared:${m + 1} - tmpfs tmpfs rw,size=65536k,mode=755`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Writes a tree under `dir` (removed first): `<dir>/proc` (the procRoot) and `<dir>/rootfs` (the rootFs).
 * Returns { procRoot, rootFs, lines } where `lines` counts what the kernel prints per dimension.
 */
function writeTree(dir, { cpus, disks, interfaces, mounts }) {
  fs.rmSync(dir, { recursive: true, force: true });
  const proc = path.join(dir, 'proc');
  const rootfs = path.join(dir, 'rootfs');
  fs.mkdirSync(path.join(proc, 'net'), { recursive: true });
  fs.cpSync(path.join(FIXTURE, 'self'), path.join(proc, 'self'), { recursive: true, verbatimSymlinks: true });
  for (const f of ['uptime', 'meminfo', 'loadavg', 'vmstat', 'net/sockstat', 'net/sockstat6', 'net/snmp', 'net/tcp', 'net/tcp6']) {
    if (fs.existsSync(path.join(FIXTURE, f))) fs.copyFileSync(path.join(FIXTURE, f), path.join(proc, f));
  }
  const next = counters(cpus * 1000003 + disks * 101 + interfaces * 7 + mounts);
  fs.writeFileSync(path.join(proc, 'stat'), statFile(cpus, next));
  fs.writeFileSync(path.join(proc, 'diskstats'), diskstatsFile(disks, next));
  fs.writeFileSync(path.join(proc, 'net', 'dev'), netDevFile(interfaces, next));
  fs.writeFileSync(path.join(proc, 'self', 'mountinfo'), mountinfoFile(mounts));
  fs.mkdirSync(path.join(rootfs, 'mnt'), { recursive: true });
  for (let m = 1; m < mounts; m++) fs.mkdirSync(path.join(rootfs, 'mnt', `m${m}`));
  return { procRoot: proc, rootFs: rootfs, lines: { cpus, disks, interfaces, mounts } };
}

/** A fresh temporary directory for trees; the caller removes it. */
function tempDir() {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'procsampler-scale-'));
}

module.exports = { writeTree, tempDir };
