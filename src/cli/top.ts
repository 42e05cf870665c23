/**
 * `procsampler top`: a full-screen view that redraws in place every interval: CPU per mode and per CPU, memory,
 * load, disks, interfaces, TCP states and the described process. It draws on the terminal's alternate screen and
 * gives the terminal back as it found it on q, Ctrl-C, SIGTERM or an error.
 */
import { CPU_MODES, type CpuUtilization, type Rates } from '../rates';
import type { Snapshot } from '../types';
import { bytes, clockTime, duration, num, percent, perSecond, table } from './format';
import { diskShown, totals, type ViewFilter } from './view';

/** The terminal's size in character cells. */
export interface ScreenSize {
  columns: number;
  rows: number;
}

/** ANSI sequences the view uses (VT100/xterm). */
export const ANSI = {
  enterAltScreen: '\x1b[?1049h',
  leaveAltScreen: '\x1b[?1049l',
  hideCursor: '\x1b[?25l',
  showCursor: '\x1b[?25h',
  home: '\x1b[H',
  clearToLineEnd: '\x1b[K',
  clearToScreenEnd: '\x1b[J',
} as const;

/** The lines of one screen, each cut to the terminal's width, as many as fit its height. */
export function topLines(s: Snapshot, r: Rates, filter: ViewFilter, size: ScreenSize, now: Date): string[] {
  const t = totals(s, r, filter);
  const out: string[] = [];
  const up = s.system?.uptime ?? null;
  out.push(`procsampler top  ${clockTime(now)}  up ${duration(up)}  every ${r.elapsedS.toFixed(1)} s  (q quits)`);
  out.push(
    `Load ${num(s.load?.avg1 ?? null, 2)} ${num(s.load?.avg5 ?? null, 2)} ${num(s.load?.avg15 ?? null, 2)}` +
      `   tasks ${num(s.system?.procsRunning ?? null)} running, ${num(s.system?.procsBlocked ?? null)} blocked` +
      `   ${num(s.cpu?.count ?? null)} CPUs online`,
  );
  if (r.cpu) {
    out.push('');
    const rows = [['CPU', ...CPU_MODES]];
    const row = (name: string, u: CpuUtilization): string[] => [name, ...CPU_MODES.map((m) => percent(u[m]))];
    rows.push(row('all', r.cpu));
    for (const c of r.perCpu) rows.push(row(`cpu${c.cpu}`, c));
    out.push(...table(rows).split('\n'));
  }
  if (s.memory) {
    const m = s.memory;
    out.push('');
    out.push(
      `Memory  used ${percent(t.memoryUsed)} of ${bytes(m.total)}, available ${bytes(m.available)}, ` +
        `cached ${bytes(m.cached)}, buffers ${bytes(m.buffers)}, swap ${bytes(m.swapTotal === null || m.swapFree === null ? null : m.swapTotal - m.swapFree)} of ${bytes(m.swapTotal)} used`,
    );
  }
  const disks = r.disks.filter((d) => diskShown(d.name, filter));
  if (disks.length > 0) {
    out.push('');
    const rows = [['Disk', 'read', 'written', 'reads', 'writes', 'busy']];
    for (const d of disks) {
      rows.push([d.name, perSecond(d.readBytesPerS, bytes), perSecond(d.writeBytesPerS, bytes), perSecond(d.readOpsPerS), perSecond(d.writeOpsPerS), percent(d.busy)]);
    }
    out.push(...table(rows).split('\n'));
  }
  if (r.network.length > 0) {
    out.push('');
    const rows = [['Interface', 'received', 'sent', 'rx packets', 'tx packets', 'errors']];
    const sum = (a: number | null, b: number | null): number | null => (a === null || b === null ? null : a + b);
    for (const n of r.network) {
      rows.push([n.name, perSecond(n.rxBytesPerS, bytes), perSecond(n.txBytesPerS, bytes), perSecond(n.rxPacketsPerS), perSecond(n.txPacketsPerS), perSecond(sum(n.rxErrorsPerS, n.txErrorsPerS))]);
    }
    out.push(...table(rows).split('\n'));
  }
  if (s.tcp) {
    out.push('');
    const states = (name: string, st: NonNullable<Snapshot['tcp']>['ipv4']): string =>
      st === null
        ? `${name} -`
        : `${name} ${st.established} established, ${st.listen} listen, ${st.timeWait} time-wait, ${st.closeWait} close-wait`;
    out.push(`TCP     ${states('ipv4', s.tcp.ipv4)}; ${states('ipv6', s.tcp.ipv6)}`);
  }
  if (s.process) {
    const p = s.process;
    out.push('');
    out.push(
      `Process ${num(p.pid)}  cpu ${percent(r.process?.total ?? null)} (user ${percent(r.process?.user ?? null)}, system ${percent(r.process?.system ?? null)})` +
        `  rss ${bytes(p.rss)}  ${num(p.threads)} threads  ${num(p.openFds)} fds`,
    );
  }
  const width = Math.max(1, size.columns);
  return out.slice(0, Math.max(1, size.rows - 1)).map((l) => (l.length > width ? l.slice(0, width) : l));
}

/** The bytes that redraw the screen in place with these lines. */
export function topFrame(lines: readonly string[]): string {
  return ANSI.home + lines.map((l) => l + ANSI.clearToLineEnd).join('\n') + '\n' + ANSI.clearToScreenEnd;
}
