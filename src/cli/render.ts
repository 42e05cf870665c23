/**
 * The readable, multi-line forms: one snapshot (`procsampler`), and the rates between two samples (used by
 * `procsampler top`). Unknown values print as "-".
 */
import { CPU_MODES, type CpuUtilization, type Rates } from '../rates';
import type { Snapshot } from '../types';
import { bytes, duration, num, percent, perSecond, table } from './format';

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
  if (s.cgroup) {
    const c = s.cgroup;
    const limit = (v: number | null, f: (x: number | null) => string): string => (v === null ? 'none' : f(v));
    out.push(
      `Cgroup     v${num(c.version)} ${c.directories.memory ?? c.directories.cpu ?? ''}: cpu limit ${limit(c.cpu.limit, (x) => `${num(x, 2)} CPUs`)}, ` +
        `${num(c.cpu.usage, 1)} s used, throttled ${num(c.cpu.throttledPeriods)} of ${num(c.cpu.periods)} periods (${num(c.cpu.throttledTime, 1)} s); ` +
        `memory ${bytes(c.memory.usage)} (limit ${limit(c.memory.limit, bytes)}, working set ${bytes(c.memory.workingSet)}), ` +
        `${num(c.memory.events.oomKill)} OOM kills; pids ${num(c.pids.current)} (limit ${limit(c.pids.max, num)})`,
    );
  }
  const psi = (p: Snapshot['pressure']): string =>
    p === null
      ? '-'
      : (['cpu', 'memory', 'io'] as const).map((r) => `${r} ${percent(p[r]?.some?.avg10 ?? null)} some / ${percent(p[r]?.full?.avg10 ?? null)} full`).join(', ');
  if (s.pressure) out.push(`Pressure   (10 s) system: ${psi(s.pressure)}${s.cgroup ? `; cgroup: ${psi(s.cgroup.pressure)}` : ''}`);
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
