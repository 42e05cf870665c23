/** Writes small fake /proc trees for the Sampler (procRoot) and rewrites them between collects. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** CPU ticks per line: user nice system idle iowait irq softirq steal guest guest_nice. */
export type Ticks = [number, number, number, number, number, number, number, number, number, number];

export interface ProcFrame {
  cpu: Ticks;
  cpus: Array<[number, Ticks]>;
  /** name -> [readsCompleted, sectorsRead, writesCompleted, sectorsWritten, ioTimeMs] */
  disks: Array<[string, number, number, number, number, number]>;
  /** name -> [rxBytes, rxPackets, txBytes, txPackets] */
  net: Array<[string, number, number, number, number]>;
  memTotalKb?: number;
  memAvailableKb?: number | null;
}

export class FakeProc {
  readonly root: string;
  constructor() {
    this.root = fs.mkdtempSync(path.join(os.tmpdir(), 'ps-otel-proc-'));
    for (const d of ['net', 'self', 'self/fd', '1']) fs.mkdirSync(path.join(this.root, d), { recursive: true });
  }

  #write(rel: string, text: string): void {
    // writeFileSync truncates the same inode, so the sampler's kept-open descriptor reads the new content.
    fs.writeFileSync(path.join(this.root, rel), text);
  }

  write(f: ProcFrame): void {
    const line = (name: string, t: Ticks) => `${name} ${t.join(' ')}`;
    this.#write(
      'stat',
      [
        line('cpu ', f.cpu),
        ...f.cpus.map(([n, t]) => line(`cpu${n}`, t)),
        'intr 100 0 0',
        'ctxt 5000',
        'btime 1700000000',
        'processes 4321',
        'procs_running 3',
        'procs_blocked 1',
        '',
      ].join('\n'),
    );
    const total = f.memTotalKb ?? 8000000;
    const avail = f.memAvailableKb === undefined ? 6000000 : f.memAvailableKb;
    this.#write(
      'meminfo',
      [
        `MemTotal:       ${total} kB`,
        'MemFree:         1000000 kB',
        ...(avail === null ? [] : [`MemAvailable:    ${avail} kB`]),
        'Buffers:          100000 kB',
        'Cached:          2000000 kB',
        'Shmem:             10000 kB',
        'SReclaimable:     200000 kB',
        'SUnreclaim:       100000 kB',
        'SwapTotal:             0 kB',
        'SwapFree:              0 kB',
        '',
      ].join('\n'),
    );
    this.#write('loadavg', '0.50 0.25 0.12 2/300 12345\n');
    this.#write('uptime', '1000.00 1800.00\n');
    this.#write('vmstat', 'pgpgin 10\npgpgout 20\npswpin 0\npswpout 0\npgfault 5000\npgmajfault 50\n');
    this.#write(
      'diskstats',
      f.disks
        .map(([n, r, rs, w, ws, io], i) => `   8       ${i * 16} ${n} ${r} 0 ${rs} 10 ${w} 0 ${ws} 20 0 ${io} 30 0 0 0 0\n`)
        .join(''),
    );
    this.#write(
      'net/dev',
      'Inter-|   Receive                                                |  Transmit\n' +
        ' face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n' +
        f.net.map(([n, rb, rp, tb, tp]) => `${n.padStart(6)}: ${rb} ${rp} 0 0 0 0 0 0 ${tb} ${tp} 0 0 0 0 0 0\n`).join(''),
    );
  }

  remove(): void {
    fs.rmSync(this.root, { recursive: true, force: true });
  }
}

/** Ticks for a CPU with the given user/system/idle ticks (the rest 0). */
export function ticks(user: number, system: number, idle: number, iowait = 0): Ticks {
  return [user, 0, system, idle, iowait, 0, 0, 0, 0, 0];
}
