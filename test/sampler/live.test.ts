/**
 * Live: a snapshot of this machine compared with independent readings taken around it (the same files read in
 * plain JS, process.resourceUsage(), process.memoryUsage.rss(), /proc/self/fd, fs.statfsSync) and TCP state counts
 * while the test holds real loopback connections open. Counters are bracketed: read before <= sampled <= read after.
 */
import * as fs from 'fs';
import * as net from 'net';
import { Sampler } from '../../src';
import { UNITS } from '../support/fixtures';

const read = (f: string): string => fs.readFileSync(f, 'utf8');
function statLine(key: string): number[] {
  const line = read('/proc/stat').split('\n').find((l) => l.split(/\s+/)[0] === key) ?? '';
  return line.trim().split(/\s+/).slice(1).map(Number);
}
function meminfo(key: string): number {
  const line = read('/proc/meminfo').split('\n').find((l) => l.startsWith(key + ':')) ?? '';
  return Number(line.split(/\s+/)[1]) * 1024;
}
function vmstat(key: string): number {
  return Number(read('/proc/vmstat').split('\n').find((l) => l.startsWith(key + ' '))?.split(' ')[1]);
}
function tcpCounts(file: string): Map<number, number> {
  const m = new Map<number, number>();
  let text = '';
  try {
    text = read(file);
  } catch {
    return m;
  }
  for (const l of text.split('\n').slice(1)) {
    const st = l.trim().split(/\s+/)[3];
    if (st) m.set(parseInt(st, 16), (m.get(parseInt(st, 16)) ?? 0) + 1);
  }
  return m;
}
function bracket(before: number, got: number | null | undefined, after: number): void {
  expect(got).not.toBeNull();
  expect(got as number).toBeGreaterThanOrEqual(before);
  expect(got as number).toBeLessThanOrEqual(after);
}

describe('live: this machine', () => {
  test('cpu, system, memory, vmstat, disks, network against /proc read in JS around the sample', () => {
    const s = new Sampler({ sources: ['cpu', 'system', 'memory', 'vmstat', 'disks', 'network'] });
    const cpu0 = statLine('cpu');
    const ctxt0 = statLine('ctxt')[0] as number;
    const pgfault0 = vmstat('pgfault');
    const uptime0 = Number(read('/proc/uptime').split(' ')[0]);
    s.sample();
    const cpu1 = statLine('cpu');
    const ctxt1 = statLine('ctxt')[0] as number;
    const pgfault1 = vmstat('pgfault');
    const uptime1 = Number(read('/proc/uptime').split(' ')[0]);
    const snap = s.snapshot();
    for (const st of Object.values(s.status())) expect(['OK', 'NOT_SELECTED']).toContain(st.code);
    const hz = UNITS.clockTicks;
    bracket((cpu0[0] as number) / hz, snap.cpu?.total?.user, (cpu1[0] as number) / hz);
    bracket((cpu0[2] as number) / hz, snap.cpu?.total?.system, (cpu1[2] as number) / hz);
    bracket((cpu0[3] as number) / hz, snap.cpu?.total?.idle, (cpu1[3] as number) / hz);
    expect(snap.cpu?.perCpu.map((c) => c.cpu)).toEqual(
      read('/proc/stat').split('\n').filter((l) => /^cpu\d+ /.test(l)).map((l) => Number(l.slice(3, l.indexOf(' ')))),
    );
    bracket(ctxt0, snap.system?.contextSwitches, ctxt1);
    bracket(uptime0, snap.system?.uptime, uptime1);
    expect(snap.system?.bootTime).toBe(statLine('btime')[0]);
    expect(snap.memory?.total).toBe(meminfo('MemTotal'));
    expect(snap.memory?.swapTotal).toBe(meminfo('SwapTotal'));
    bracket(pgfault0, snap.vmstat?.pageFaults, pgfault1);
    const diskNames = read('/proc/diskstats').trim().split('\n').map((l) => l.trim().split(/\s+/)[2]);
    expect(snap.disks?.map((d) => d.name)).toEqual(diskNames);
    const netNames = read('/proc/net/dev').split('\n').slice(2).filter(Boolean).map((l) => l.slice(0, l.lastIndexOf(':')).trim());
    expect(snap.network?.map((n) => n.name)).toEqual(netNames);
    s.close();
  });

  test('process: resourceUsage(), memoryUsage.rss(), /proc/self/fd, status', () => {
    const s = new Sampler({ sources: ['process'] });
    const ru0 = process.resourceUsage();
    s.sample();
    const ru1 = process.resourceUsage();
    const rss = process.memoryUsage.rss();
    const fds = fs.readdirSync('/proc/self/fd').length;
    const p = s.snapshot().process;
    expect(s.status().process.code).toBe('OK');
    expect(p?.pid).toBe(process.pid);
    bracket(ru0.userCPUTime / 1e6, p?.cpuUser, ru1.userCPUTime / 1e6);
    bracket(ru0.systemCPUTime / 1e6, p?.cpuSystem, ru1.systemCPUTime / 1e6);
    bracket(ru0.maxRSS * 1024, p?.maxRss, ru1.maxRSS * 1024);
    bracket(ru0.minorPageFault, p?.minorFaults, ru1.minorPageFault);
    bracket(ru0.voluntaryContextSwitches, p?.voluntaryContextSwitches, ru1.voluntaryContextSwitches);
    expect(Math.abs((p?.rss ?? NaN) - rss)).toBeLessThan(32 * 2 ** 20);
    // readdirSync holds one descriptor of its own while it lists the directory.
    expect(Math.abs((p?.openFds ?? NaN) - fds)).toBeLessThanOrEqual(2);
    const threads = Number(/Threads:\s+(\d+)/.exec(read('/proc/self/status'))?.[1]);
    expect(Math.abs((p?.threads ?? NaN) - threads)).toBeLessThanOrEqual(4);
    const io = Object.fromEntries(read('/proc/self/io').trim().split('\n').map((l) => l.split(': ')).map(([k, v]) => [k, Number(v)]));
    expect(p?.readChars).toBeLessThanOrEqual(io.rchar as number);
    expect(p?.readChars).toBeGreaterThan(0);
    const started = Date.now() / 1000 - process.uptime();
    expect(Math.abs((p?.startTime ?? NaN) - started)).toBeLessThan(2);
    s.close();
  });

  test('filesystems: "/" matches fs.statfsSync("/")', async () => {
    const s = new Sampler({ sources: ['filesystems'], statfsTimeoutMs: 5000 });
    await s.sampleAsync();
    const root = s.snapshot().filesystems?.find((f) => f.mountpoint === '/');
    const real = fs.statfsSync('/');
    expect(root?.stuck).toBe(false);
    expect(root?.total).toBe(real.blocks * real.bsize);
    expect(root?.inodes).toBe(real.files);
    expect(Math.abs((root?.available ?? NaN) - real.bavail * real.bsize)).toBeLessThan(256 * 2 ** 20);
    s.close();
  });

  test('TCP: established and listen counts grow by at least the loopback connections this test holds open', async () => {
    const N = 6;
    const s = new Sampler({ sources: ['tcp'] });
    await s.sampleAsync();
    const before4 = s.snapshot().tcp?.ipv4;
    expect(before4).not.toBeNull();

    const opened: net.Socket[] = [];
    const servers: net.Server[] = [];
    const listen = (host: string): Promise<net.Server | null> =>
      new Promise((resolve) => {
        const srv = net.createServer((c) => opened.push(c));
        srv.once('error', () => resolve(null));
        srv.listen(0, host, () => resolve(srv));
      });
    const connect = (host: string, port: number): Promise<void> =>
      new Promise((resolve, reject) => {
        const c = net.connect(port, host, () => resolve());
        c.once('error', reject);
        opened.push(c);
      });
    try {
      const srv4 = await listen('127.0.0.1');
      if (!srv4) throw new Error('cannot listen on 127.0.0.1');
      servers.push(srv4);
      const port4 = (srv4.address() as net.AddressInfo).port;
      for (let i = 0; i < N; i++) await connect('127.0.0.1', port4);
      const srv6 = await listen('::1');
      let port6 = 0;
      if (srv6) {
        servers.push(srv6);
        port6 = (srv6.address() as net.AddressInfo).port;
        for (let i = 0; i < N; i++) await connect('::1', port6);
      }
      while (opened.length < (srv6 ? 4 * N : 2 * N)) await new Promise((r) => setTimeout(r, 10));

      // The network namespace is shared with every other process on this machine, which may open or close
      // sockets between two reads: bracket the sample between two plain-JS readings, and retry a few times.
      let tries: Array<{ before: number; got: number; after: number }> = [];
      for (let i = 0; i < 5; i++) {
        const before = tcpCounts('/proc/net/tcp').get(1) ?? 0;
        await s.sampleAsync();
        const after = tcpCounts('/proc/net/tcp').get(1) ?? 0;
        const got = s.snapshot().tcp?.ipv4?.established ?? NaN;
        tries.push({ before, got, after });
        if (got >= Math.min(before, after) - 2 && got <= Math.max(before, after) + 2) {
          tries = [];
          break;
        }
      }
      expect(tries).toEqual([]); // else: every try disagreed with the file read in JS around it
      const tcp = s.snapshot().tcp;
      expect(s.status().tcp.code).toBe('OK');
      // Both ends of each connection are ours and ESTABLISHED; our listener is LISTEN.
      expect(tcp?.ipv4?.established).toBeGreaterThanOrEqual(2 * N);
      expect(tcp?.ipv4?.listen).toBeGreaterThanOrEqual(1);
      expect(tcp?.summary?.inUse).toBeGreaterThanOrEqual(2 * N + 1);
      expect(tcp?.summary?.currEstab).toBeGreaterThanOrEqual(2 * N);
      if (srv6) {
        expect(tcp?.ipv6?.established).toBeGreaterThanOrEqual(2 * N);
        expect(tcp?.ipv6?.listen).toBeGreaterThanOrEqual(1);
        expect(tcp?.summary?.inUse6).toBeGreaterThanOrEqual(2 * N + 1);
      }
    } finally {
      for (const c of opened) c.destroy();
      await Promise.all(servers.map((srv) => new Promise((r) => srv.close(r))));
      s.close();
    }
  });
});
