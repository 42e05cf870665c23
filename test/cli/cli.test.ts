/** The command line: one snapshot, the live line view, top in a real terminal (tmux), on this machine's /proc. */
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { run } from '../../src/cli';
import { HeaderRepeater, LIVE_MAX_COLUMNS, liveHeader, liveLine } from '../../src/cli/live';
import { totals } from '../../src/cli/view';
import type { Rates } from '../../src/rates';
import type { Snapshot } from '../../src/types';
import { describeIf, tool } from '../support/needs';

const CLI = path.join(__dirname, '..', '..', 'dist', 'cli.js');

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await run(
    argv,
    (s) => (out += s),
    (s) => (err += s),
  );
  return { code, out, err };
}

/** MemAvailable of /proc/meminfo in bytes, read here independently of the sampler. */
function memAvailable(): number {
  const m = /^MemAvailable:\s+(\d+) kB$/m.exec(fs.readFileSync('/proc/meminfo', 'utf8'));
  return Number(m![1]) * 1024;
}

/** "22.9G" -> bytes (the live view's short form). */
function fromShort(s: string): number {
  const m = /^([\d.]+)([KMGTP]?)$/.exec(s);
  if (!m) throw new Error(`not a short byte count: ${s}`);
  return Number(m[1]) * 1024 ** ' KMGTP'.indexOf(m[2] === '' ? ' ' : m[2]!);
}

describe('procsampler CLI', () => {
  it('prints one snapshot as one line of JSON', async () => {
    const { code, out } = await cli('--json', '--sources', 'memory');
    expect(code).toBe(0);
    expect(out.trim().split('\n')).toHaveLength(1);
    const snap = JSON.parse(out) as { memory: { total: number } };
    expect(snap.memory.total).toBeGreaterThan(0);
  });

  it('--interval --json prints --count lines of { time, snapshot, rates } whose CPU modes add up to 1', async () => {
    const { code, out } = await cli('--json', '--interval', '60', '--count', '2', '--sources', 'cpu,memory,disks,network');
    expect(code).toBe(0);
    const lines = out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { time: string; rates: { elapsedS: number; cpu: Record<string, number | null>; network: unknown[] } });
    expect(lines).toHaveLength(2);
    for (const { time, rates } of lines) {
      expect(Math.abs(Date.parse(time) - Date.now())).toBeLessThan(60000);
      expect(rates.elapsedS).toBeGreaterThanOrEqual(0.055);
      const modes = Object.values(rates.cpu).filter((v): v is number => v !== null);
      for (const v of modes) {
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(1);
      }
      // the modes split the CPUs' time; a tick of rounding at USER_HZ over 60 ms is allowed
      expect(Math.abs(modes.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(0.02);
      expect(rates.network.length).toBeGreaterThan(0); // lo at least
    }
  });

  it('--interval=MS prints a legend, a header and one line of at most 80 columns per interval', async () => {
    const before = memAvailable();
    const { code, out } = await cli('--interval=50', '--count', '3', '--sources', 'cpu,memory,load,disks,network,process');
    const after = memAvailable();
    expect(code).toBe(0);
    const lines = out.trimEnd().split('\n');
    expect(lines).toHaveLength(2 + 1 + 3);
    expect(lines[2]).toBe(liveHeader());
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(LIVE_MAX_COLUMNS);
    const heads = liveHeader().trim().split(/\s+/);
    for (const l of lines.slice(3)) {
      const cells = l.trim().split(/\s+/);
      expect(cells).toHaveLength(heads.length);
      const col = (h: string): string => cells[heads.indexOf(h)]!;
      expect(col('time')).toMatch(/^\d\d:\d\d:\d\d$/);
      const cpu = ['us', 'sy', 'wa', 'st', 'id'].map((h) => Number(col(h)));
      for (const v of cpu) expect(v).toBeGreaterThanOrEqual(0);
      // whole percentages of shares that add up to at most 1 (softirq is not shown), each rounded
      expect(cpu.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(103);
      // the available memory agrees with /proc/meminfo read here, to the view's 3 significant digits
      const avail = fromShort(col('avail'));
      expect(avail).toBeGreaterThan(Math.min(before, after) * 0.98 - 64 * 2 ** 20);
      expect(avail).toBeLessThan(Math.max(before, after) * 1.02 + 64 * 2 ** 20);
      expect(fromShort(col('rss'))).toBeGreaterThan(1 << 20);
    }
  });

  it('the header comes again every screenful', () => {
    const h = new HeaderRepeater(5); // 4 lines on screen at a time: the header and 3 data lines
    const printed = Array.from({ length: 7 }, (_, i) => h.next(`line${i}`)).join('\n').split('\n');
    expect(printed).toEqual([liveHeader(), 'line0', 'line1', 'line2', liveHeader(), 'line3', 'line4', 'line5', liveHeader(), 'line6']);
  });

  it('sums disks without partitions and loop devices, and interfaces without lo', () => {
    const disk = (name: string, r: number) => ({ name, readBytesPerS: r, writeBytesPerS: 2 * r, readOpsPerS: 1, writeOpsPerS: 1, busy: 0 });
    const net = (name: string, rx: number) => ({ name, rxBytesPerS: rx, txBytesPerS: rx + 1, rxPacketsPerS: 0, txPacketsPerS: 0, rxErrorsPerS: 0, txErrorsPerS: 0, rxDroppedPerS: 0, txDroppedPerS: 0 });
    const rates = {
      elapsedS: 1,
      cpu: { user: 0.25, nice: 0.0625, system: 0.0625, idle: 0.5, iowait: 0.03125, interrupt: 0.0625, steal: 0.03125 },
      perCpu: [],
      process: { user: 0.1, system: 0.05, total: 0.15 },
      memory: null,
      paging: null,
      disks: [disk('vda', 1000), disk('vda1', 900), disk('loop0', 50), disk('nvme0n1', 10), disk('nvme0n1p2', 5)],
      network: [net('lo', 1e6), net('eth0', 300), net('veth1:2', 20)],
      filesystems: [],
    } as Rates;
    const snap = { memory: { total: 1000, available: 250 }, load: { avg1: 0.5 }, process: { rss: 4096 } } as unknown as Snapshot;
    const t = totals(snap, rates, { allDevices: false });
    expect(t).toMatchObject({ user: 0.3125, system: 0.125, iowait: 0.03125, steal: 0.03125, idle: 0.5, load1: 0.5, memoryUsed: 0.75, memoryAvailable: 250 });
    expect(t).toMatchObject({ diskReadPerS: 1010, diskWritePerS: 2020, netRxPerS: 320, netTxPerS: 322, processCpu: 0.15, processRss: 4096 });
    expect(totals(snap, rates, { allDevices: true }).diskReadPerS).toBe(1965);
    expect(liveLine(t, new Date(2026, 0, 1, 9, 5, 7)).split(/\s+/)).toEqual(['09:05:07', '31', '13', '3', '3', '50', '0.50', '75', '250', '1010', '2.0K', '320', '322', '15', '4.0K']);
  });

  it('rejects bad arguments with exit code 2, and a --pid that does not exist with exit code 1', async () => {
    for (const argv of [['--interval', '5'], ['--interval', 'soon'], ['--count', '3'], ['--interval', '50', '--count', '-1'], ['--json=yes'], ['frobnicate'], ['--pid', 'x'], ['top', '--json']]) {
      const { code, err } = await cli(...argv);
      expect([argv, code]).toEqual([argv, 2]);
      expect(err).toMatch(/^procsampler: /);
    }
    const { code, err, out } = await cli('--pid', '999999999', '--sources', 'process');
    expect(code).toBe(1);
    expect(err).toBe('procsampler: no process 999999999 (/proc/999999999 does not exist)\n');
    expect(out).toBe('');
  });

  it('the live view runs until interrupted, and Ctrl-C (SIGINT) ends it with exit code 0', async () => {
    const child = spawn(process.execPath, [CLI, '--interval', '50', '--sources', 'cpu,memory'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    await new Promise<void>((resolve) => {
      child.stdout.on('data', (b: Buffer) => {
        out += b.toString();
        if (out.split('\n').length > 7) resolve(); // legend, header and 4 lines at least: it keeps going
      });
    });
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code).toBe(0);
    expect(out.split('\n')[2]).toBe(liveHeader());
  });
});

async function until(what: string, f: () => boolean, ms = 20000): Promise<void> {
  const end = Date.now() + ms;
  while (!f()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describeIf('procsampler top in a real terminal', [tool('tmux', ['-V'], 'apt-get install tmux')], () => {
  const session = `ps-top-${process.pid}`;
  const socket = `ps-test-${process.pid}`;
  const tmux = (...a: string[]) => spawnSync('tmux', ['-L', socket, ...a], { encoding: 'utf8' });
  const screen = (): string => tmux('capture-pane', '-p', '-t', session).stdout;
  afterAll(() => {
    tmux('kill-server');
  });

  it('redraws in place, lists every interface and CPU, and q gives the terminal back', async () => {
    const done = path.join(fs.mkdtempSync('/tmp/ps-top-'), 'exit');
    const r = tmux('new-session', '-d', '-s', session, '-x', '100', '-y', '45', `${process.execPath} ${CLI} top --interval 300; echo $? > ${done}; sleep 60`);
    expect(r.status).toBe(0);
    await until('the first frame', () => /^\s+all\s/m.test(screen()));
    const first = screen();
    await until('a redraw', () => {
      const s = screen();
      return s.split('\n')[0] !== first.split('\n')[0] || s !== first;
    });
    const s = screen();
    // one frame, drawn over the last one: the title appears once, at the top
    expect(s.split('\n')[0]).toMatch(/^procsampler top {2}\d\d:\d\d:\d\d {2}up /);
    expect(s.match(/procsampler top/g)).toHaveLength(1);
    // every online CPU and every interface of /proc/net/dev read here
    const cpus = fs.readFileSync('/proc/stat', 'utf8').match(/^cpu\d+ /gm)!.map((c) => c.trim());
    for (const c of cpus) expect(s).toMatch(new RegExp(`^\\s+${c}\\s+\\d+\\.\\d%`, 'm'));
    const ifaces = fs.readFileSync('/proc/net/dev', 'utf8').split('\n').slice(2).filter((l) => l.includes(':')).map((l) => l.slice(0, l.lastIndexOf(':')).trim());
    for (const i of ifaces) expect(s).toMatch(new RegExp(`^\\s+${i.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s`, 'm'));
    expect(s).toMatch(/^Process \d+ {2}cpu /m);
    expect(s).toMatch(/^TCP {5}ipv4 \d+ established/m);
    // lines fit the terminal
    for (const l of s.split('\n')) expect(l.length).toBeLessThanOrEqual(100);
    tmux('send-keys', '-t', session, 'q');
    await until('exit', () => fs.existsSync(done) && fs.readFileSync(done, 'utf8').trim() !== '');
    expect(fs.readFileSync(done, 'utf8').trim()).toBe('0');
    // the alternate screen is gone: what was drawn there is no longer on the terminal
    await until('the normal screen', () => !screen().includes('procsampler top'));
  });
});
