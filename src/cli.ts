#!/usr/bin/env node
/**
 * `npx procsampler`: this machine's snapshot in a readable form; `--json` prints the snapshot object.
 * `--interval MS` prints rates instead: utilizations and per-second rates between samples MS apart.
 * The CLI reads the same kernel files as the library and spawns nothing.
 */
import { availableParallelism } from 'node:os';
import { CPU_MODES, RateTracker, type CpuUtilization, type Rates } from './rates';
import { Sampler } from './sampler';
import { SOURCE_NAMES, type SamplerOptions, type Snapshot, type SourceName } from './types';

const USAGE = `usage: procsampler [--json] [--interval MS [--count N]] [--proc-root DIR] [--root-fs DIR] [--pid PID]
                   [--net-pid PID] [--sources a,b,...]

Prints this machine's counters read from procfs (seconds and bytes).
  --json            print the snapshot object as JSON (with --interval: { snapshot, rates } per line)
  --interval MS     print rates: CPU and process utilization, disk and network per second, over MS ms
                    (at least 20); repeats --count times (default 1, 0 = until interrupted)
  --proc-root DIR   where procfs is mounted (default /proc)
  --root-fs DIR     where the root filesystem of the mount points is mounted (default /)
  --pid PID         the process to describe (default: the CLI itself)
  --net-pid PID     whose network namespace to read (default: the CLI's; 1 with a host's --proc-root)
  --sources LIST    comma-separated subset of: ${SOURCE_NAMES.join(', ')}
  -h, --help        this text`;

interface Args {
  json: boolean;
  /** Milliseconds between samples for rates; null = print one snapshot. */
  intervalMs: number | null;
  /** How many rate lines (0 = until interrupted). */
  count: number;
  options: SamplerOptions;
}

/** A whole number from a command-line value, or an Error naming the option. */
function integer(option: string, v: string, min: number): number {
  const n = Number(v);
  if (!/^\d+$/.test(v) || !Number.isSafeInteger(n) || n < min) throw new Error(`${option} needs a whole number >= ${min}, not "${v}"`);
  return n;
}

function parseArgs(argv: readonly string[]): Args | string {
  const options: SamplerOptions = {};
  let json = false;
  let intervalMs: number | null = null;
  let count: number | null = null;
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
      case '--interval':
        intervalMs = integer(a, value(), 20);
        break;
      case '--count':
        count = integer(a, value(), 0);
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
  if (count !== null && intervalMs === null) throw new Error('--count needs --interval');
  return { json, intervalMs, count: count ?? 1, options };
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

function percent(v: number | null | undefined): string {
  return v === null || v === undefined ? '-' : `${(v * 100).toFixed(1)}%`;
}

function perSecond(v: number | null, unit: (x: number | null) => string = (x) => num(x, 1)): string {
  return v === null ? '-' : `${unit(v)}/s`;
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

/** The readable form of the rates between two samples. */
export function renderRates(r: Rates): string {
  const out: string[] = [`Rates over ${r.elapsedS.toFixed(3)} s`];
  if (r.cpu) {
    const rows = [['cpu', ...CPU_MODES]];
    const row = (name: string, u: CpuUtilization): string[] => [name, ...CPU_MODES.map((m) => percent(u[m]))];
    rows.push(row('all', r.cpu));
    for (const c of r.perCpu) rows.push(row(`cpu${c.cpu}`, c));
    out.push('CPU utilization');
    out.push(table(rows));
  }
  if (r.memory) out.push(`Memory     used ${percent(r.memory.used)}, free ${percent(r.memory.free)}, buffers ${percent(r.memory.buffers)}, cached ${percent(r.memory.cached)}`);
  if (r.disks.length > 0) {
    out.push('Disks');
    const rows = [['device', 'read', 'written', 'reads', 'writes', 'busy']];
    for (const d of r.disks) rows.push([d.name, perSecond(d.readBytesPerS, bytes), perSecond(d.writeBytesPerS, bytes), perSecond(d.readOpsPerS), perSecond(d.writeOpsPerS), percent(d.busy)]);
    out.push(table(rows));
  }
  if (r.network.length > 0) {
    out.push('Network');
    const rows = [['interface', 'received', 'sent', 'rx packets', 'tx packets', 'errors', 'dropped']];
    const sum = (a: number | null, b: number | null): number | null => (a === null || b === null ? null : a + b);
    for (const n of r.network) {
      rows.push([n.name, perSecond(n.rxBytesPerS, bytes), perSecond(n.txBytesPerS, bytes), perSecond(n.rxPacketsPerS), perSecond(n.txPacketsPerS), perSecond(sum(n.rxErrorsPerS, n.txErrorsPerS)), perSecond(sum(n.rxDroppedPerS, n.txDroppedPerS))]);
    }
    out.push(table(rows));
  }
  if (r.process) out.push(`Process    cpu ${percent(r.process.total)} of the machine's CPUs (user ${percent(r.process.user)}, system ${percent(r.process.system)})`);
  return out.join('\n');
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Samples every `intervalMs` and prints the rates `count` times (0: until the process is interrupted). */
async function printRates(sampler: Sampler, args: Args, write: (s: string) => void): Promise<void> {
  const tracker = new RateTracker({ processCpus: availableParallelism() });
  await sampler.sampleAsync();
  tracker.update(sampler.snapshot());
  for (let i = 0; args.count === 0 || i < args.count; i++) {
    await sleep(args.intervalMs as number);
    await sampler.sampleAsync();
    const snapshot = sampler.snapshot();
    const rates = tracker.update(snapshot);
    if (rates === null) continue; // cannot happen with --interval >= 20 ms (the rates' minimum window)
    write(args.json ? JSON.stringify({ snapshot, rates }) + '\n' : renderRates(rates) + '\n\n');
  }
}

/** The command with these arguments, writing to `out` and `err`; resolves with the exit code. */
export async function run(argv: readonly string[], out: (s: string) => void, err: (s: string) => void): Promise<number> {
  let args: Args | string;
  try {
    args = parseArgs(argv);
  } catch (e) {
    err(`procsampler: ${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (typeof args === 'string') {
    out(args + '\n');
    return 0;
  }
  let sampler: Sampler;
  try {
    sampler = new Sampler(args.options);
  } catch (e) {
    const error = e as Error & { code?: string };
    err(`${error.message}${error.code ? ` [${error.code}]` : ''}\n`);
    return 2;
  }
  try {
    if (args.intervalMs !== null) {
      await printRates(sampler, args, out);
      return 0;
    }
    await sampler.sampleAsync();
    const snap = sampler.snapshot();
    out(args.json ? JSON.stringify(snap, null, 2) + '\n' : render(snap) + '\n');
    return 0;
  } finally {
    sampler.close();
  }
}

if (require.main === module) {
  run(
    process.argv.slice(2),
    (s) => process.stdout.write(s),
    (s) => process.stderr.write(s),
  ).then(
    (code) => (process.exitCode = code),
    (e: unknown) => {
      process.stderr.write(`procsampler: ${(e as Error).stack ?? String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
