#!/usr/bin/env node
/**
 * `npx procsampler`: this machine's snapshot in a readable form; `--json` prints the snapshot object.
 * The CLI reads the same kernel files as the library and spawns nothing.
 */
import { Sampler } from './sampler';
import { SOURCE_NAMES, type SamplerOptions, type Snapshot, type SourceName } from './types';

const USAGE = `usage: procsampler [--json] [--proc-root DIR] [--root-fs DIR] [--pid PID] [--net-pid PID] [--sources a,b,...]

Prints this machine's counters read from procfs (seconds and bytes).
  --json            print the snapshot object as JSON
  --proc-root DIR   where procfs is mounted (default /proc)
  --root-fs DIR     where the root filesystem of the mount points is mounted (default /)
  --pid PID         the process to describe (default: the CLI itself)
  --net-pid PID     whose network namespace to read (default: the CLI's; 1 with a host's --proc-root)
  --sources LIST    comma-separated subset of: ${SOURCE_NAMES.join(', ')}
  -h, --help        this text`;

interface Args {
  json: boolean;
  options: SamplerOptions;
}

function parseArgs(argv: readonly string[]): Args | string {
  const options: SamplerOptions = {};
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    switch (a) {
      case '--json':
        json = true;
        break;
      case '--proc-root':
        options.procRoot = value();
        break;
      case '--root-fs':
        options.rootFs = value();
        break;
      case '--pid': {
        const v = value();
        options.pid = v === 'self' ? 'self' : Number(v);
        break;
      }
      case '--net-pid': {
        const v = value();
        options.netPid = v === 'self' ? 'self' : Number(v);
        break;
      }
      case '--sources':
        options.sources = value()
          .split(',')
          .filter((s) => s.length > 0) as SourceName[];
        break;
      case '-h':
      case '--help':
        return USAGE;
      default:
        throw new Error(`unknown argument "${a}"`);
    }
  }
  return { json, options };
}

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

/** 1536 -> "1.5 KiB"; null -> "-". */
export function bytes(v: number | null): string {
  if (v === null) return '-';
  let u = 0;
  let x = v;
  while (x >= 1024 && u < UNITS.length - 1) {
    x /= 1024;
    u++;
  }
  return `${u === 0 ? x.toFixed(0) : x.toFixed(1)} ${UNITS[u]}`;
}

function num(v: number | null, digits = 0): string {
  return v === null ? '-' : v.toFixed(digits);
}

function duration(seconds: number | null): string {
  if (seconds === null) return '-';
  const d = Math.floor(seconds / 86400);
  const h = Math.floor((seconds % 86400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  return `${d > 0 ? `${d}d ` : ''}${h}h ${m}m`;
}

function table(rows: string[][]): string {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  return rows.map((r) => '  ' + r.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ')).join('\n');
}

/** The readable form of a snapshot. */
export function render(s: Snapshot): string {
  const out: string[] = [];
  if (s.system) {
    out.push(
      `System     up ${duration(s.system.uptime)}, booted ${s.system.bootTime === null ? '-' : new Date(s.system.bootTime * 1000).toISOString()}, ` +
        `${num(s.system.procsRunning)} running / ${num(s.system.procsBlocked)} blocked, ${num(s.system.forks)} forks, ${num(s.system.contextSwitches)} context switches`,
    );
  }
  if (s.load) out.push(`Load       ${num(s.load.avg1, 2)} ${num(s.load.avg5, 2)} ${num(s.load.avg15, 2)}  (${num(s.load.runnable)} runnable of ${num(s.load.entities)})`);
  if (s.cpu && s.cpu.total) {
    const t = s.cpu.total;
    out.push(`CPU        ${num(s.cpu.count)} online; seconds since boot:`);
    const rows = [['cpu', 'user', 'nice', 'system', 'idle', 'iowait', 'irq', 'softirq', 'steal']];
    const row = (name: string, c: typeof t): string[] => [name, ...[c.user, c.nice, c.system, c.idle, c.iowait, c.irq, c.softirq, c.steal].map((v) => num(v, 1))];
    rows.push(row('all', t));
    for (const c of s.cpu.perCpu) rows.push(row(`cpu${c.cpu}`, c));
    out.push(table(rows));
  }
  if (s.memory) {
    const m = s.memory;
    out.push(
      `Memory     total ${bytes(m.total)}, available ${bytes(m.available)}, free ${bytes(m.free)}, buffers ${bytes(m.buffers)}, cached ${bytes(m.cached)}, ` +
        `shared ${bytes(m.shared)}, slab ${bytes(m.slab)}; swap ${bytes(m.swapTotal)} total, ${bytes(m.swapFree)} free`,
    );
  }
  if (s.vmstat) out.push(`Paging     ${num(s.vmstat.pageFaults)} faults (${num(s.vmstat.majorPageFaults)} major), swap in ${num(s.vmstat.swapIn)} / out ${num(s.vmstat.swapOut)} pages`);
  if (s.disks && s.disks.length > 0) {
    out.push('Disks');
    const rows = [['device', 'reads', 'read', 'writes', 'written', 'busy (s)', 'in flight']];
    for (const d of s.disks) rows.push([d.name, num(d.readOps), bytes(d.readBytes), num(d.writeOps), bytes(d.writeBytes), num(d.ioTime, 1), num(d.inFlight)]);
    out.push(table(rows));
  }
  if (s.network && s.network.length > 0) {
    out.push('Network');
    const rows = [['interface', 'received', 'rx packets', 'rx errors', 'sent', 'tx packets', 'tx errors']];
    for (const n of s.network) rows.push([n.name, bytes(n.rxBytes), num(n.rxPackets), num(n.rxErrors), bytes(n.txBytes), num(n.txPackets), num(n.txErrors)]);
    out.push(table(rows));
  }
  if (s.tcp) {
    const states = (name: string, st: NonNullable<Snapshot['tcp']>['ipv4']): string =>
      st === null
        ? `${name}: -`
        : `${name}: ${st.established} established, ${st.listen} listen, ${st.timeWait} time-wait, ${st.closeWait} close-wait, ${st.synSent + st.synRecv} opening, ${st.finWait1 + st.finWait2 + st.lastAck + st.closing + st.close} closing`;
    out.push(`TCP        ${states('ipv4', s.tcp.ipv4)}; ${states('ipv6', s.tcp.ipv6)}`);
    const su = s.tcp.summary;
    if (su) out.push(`           ${num(su.inUse)} in use (+${num(su.inUse6)} v6), ${num(su.currEstab)} established, ${num(su.activeOpens)} active / ${num(su.passiveOpens)} passive opens, ${num(su.retransSegs)} retransmits, ${num(su.outRsts)} resets sent`);
  }
  if (s.filesystems) {
    const real = s.filesystems.filter((f) => f.stuck || (f.total ?? 0) > 0);
    out.push('Filesystems');
    const rows = [['mount point', 'type', 'size', 'used', 'available', 'mode']];
    for (const f of real) rows.push([f.mountpoint, f.type, f.stuck ? 'stuck' : bytes(f.total), bytes(f.used), bytes(f.available), f.readOnly ? 'ro' : 'rw']);
    out.push(table(rows));
  }
  if (s.process) {
    const p = s.process;
    out.push(
      `Process    pid ${num(p.pid)}: cpu ${num(p.cpuUser, 3)} s user + ${num(p.cpuSystem, 3)} s system, rss ${bytes(p.rss)} (max ${bytes(p.maxRss)}), ` +
        `vms ${bytes(p.vms)}, ${num(p.threads)} threads, ${num(p.openFds)} open fds, read ${bytes(p.readBytes)}, written ${bytes(p.writeBytes)}`,
    );
  }
  return out.join('\n');
}

async function main(): Promise<number> {
  let args: Args | string;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`procsampler: ${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (typeof args === 'string') {
    process.stdout.write(args + '\n');
    return 0;
  }
  let sampler: Sampler;
  try {
    sampler = new Sampler(args.options);
  } catch (e) {
    const err = e as Error & { code?: string };
    process.stderr.write(`${err.message}${err.code ? ` [${err.code}]` : ''}\n`);
    return 2;
  }
  await sampler.sampleAsync();
  const snap = sampler.snapshot();
  sampler.close();
  process.stdout.write(args.json ? JSON.stringify(snap, null, 2) + '\n' : render(snap) + '\n');
  return 0;
}

if (require.main === module) {
  main().then(
    (code) => (process.exitCode = code),
    (e: unknown) => {
      process.stderr.write(`procsampler: ${(e as Error).stack ?? String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
