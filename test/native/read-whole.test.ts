/**
 * Every file is read whole, at any size up to the 64 MiB cap (issue 11 point 3).
 *
 * The kernel's seq_file iterators (net/dev, diskstats, vmstat, <pid>/mountinfo) hand over at most one page of
 * whole records per read. A 16 KiB buffer used to end the read at the first short page even when less than a
 * page had been asked for, so net/dev stopped after 131 interfaces and mountinfo (read as one block) after one
 * page of mounts. Real kernel files here: a network namespace with hundreds of veth interfaces and a mount
 * namespace with hundreds of mounts; synthetic trees for 1,000 block devices and interfaces.
 */
import { spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Sampler } from '../../src';
import { describeIf, root, tool } from '../support/needs';

const IP = tool('ip', ['-V'], 'apt-get install iproute2');
const UNSHARE = tool('unshare', ['--version'], 'apt-get install util-linux');

/** A shell in new namespaces (`flags` for unshare) that runs `setup`, says "ready" and waits to be killed. */
async function namespaceShell(flags: string[], setup: string): Promise<ChildProcess> {
  const child = spawn('unshare', [...flags, 'sh', '-c', `${setup} && echo ready && exec sleep 600`], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('ready')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`namespace set-up exited with ${String(code)}`)));
  });
  return child;
}

/** The interface names of a net/dev text (independent of the addon's parser: split on the last colon-space). */
function devNames(text: string): string[] {
  return text
    .split('\n')
    .slice(2)
    .filter((l) => l.includes(':'))
    .map((l) => (l.slice(0, l.lastIndexOf(':')) as string).trim());
}

describeIf('a network namespace with hundreds of veth interfaces (real /proc/<pid>/net/dev)', [root, IP, UNSHARE], () => {
  for (const pairs of [150, 500]) {
    const interfaces = 2 * pairs + 1; // the pairs and lo: 301 and 1,001
    test(`${interfaces} interfaces: every one present, status OK`, async () => {
      const batch = path.join(os.tmpdir(), `procsampler-veth-${process.pid}-${pairs}`);
      fs.writeFileSync(batch, Array.from({ length: pairs }, (_, i) => `link add v${i}a type veth peer name v${i}b\n`).join(''));
      const child = await namespaceShell(['-n'], `ip -batch ${batch} && ip link set v0a up`);
      try {
        const pid = child.pid as number;
        const text = fs.readFileSync(`/proc/${pid}/net/dev`, 'utf8');
        const want = devNames(text);
        expect(want.length).toBe(interfaces);
        expect(text.length).toBeGreaterThan(16 * 1024); // past the buffer that used to cut it off

        const s = new Sampler({ netPid: pid, sources: ['network'] });
        for (let round = 0; round < 3; round++) {
          s.sample();
          expect(s.status().network.code).toBe('OK');
          const got = s.snapshot().network ?? [];
          expect(got.map((n) => n.name).sort()).toEqual([...want].sort());
          expect(got.every((n) => n.rxBytes !== null && n.txCarrier !== null)).toBe(true);
        }
        // Sampled again after the kernel's list changed: still whole.
        s.close();
      } finally {
        child.kill('SIGKILL');
        fs.rmSync(batch, { force: true });
      }
    }, 60000);
  }
});

describeIf('a mount namespace with hundreds of mounts (real /proc/<pid>/mountinfo)', [root, UNSHARE], () => {
  test('300 tmpfs mounts: every one listed, each with its own size', async () => {
    const base = fs.mkdtempSync(path.join(os.tmpdir(), 'procsampler-mounts-'));
    const n = 300;
    const setup = `i=0; while [ $i -lt ${n} ]; do mkdir -p ${base}/m$i && mount -t tmpfs -o size=$(( (i % 7 + 1) * 1024 ))k t$i ${base}/m$i || exit 1; i=$((i+1)); done`;
    const child = await namespaceShell(['-m', '--propagation', 'private'], setup);
    try {
      const pid = child.pid as number;
      const text = fs.readFileSync(`/proc/${pid}/mountinfo`, 'utf8');
      expect(text.length).toBeGreaterThan(4 * 4096);
      const want = text
        .split('\n')
        .filter((l) => l.length > 0)
        .map((l) => l.split(' ')[4] as string);
      // statvfs through the namespace's own root, so each tmpfs answers with its size.
      const s = new Sampler({ pid, rootFs: `/proc/${pid}/root`, sources: ['filesystems'] });
      await s.sampleAsync();
      expect(s.status().filesystems.code).toBe('OK');
      const got = s.snapshot().filesystems ?? [];
      expect(got.map((f) => f.mountpoint)).toEqual(want);
      for (let i = 0; i < n; i++) {
        const m = got.find((f) => f.mountpoint === `${base}/m${i}`);
        expect({ i, type: m?.type, total: m?.total }).toEqual({ i, type: 'tmpfs', total: ((i % 7) + 1) * 1024 * 1024 });
      }
      s.close();
    } finally {
      child.kill('SIGKILL');
      fs.rmSync(base, { recursive: true, force: true });
    }
  }, 60000);
});

describe('synthetic trees with 1,000 block devices and 1,000 interfaces', () => {
  let dir = '';
  const N = 1000;
  const NET_HEADER =
    'Inter-|   Receive                                                |  Transmit\n' +
    ' face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n';
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'procsampler-scale-'));
    fs.mkdirSync(path.join(dir, 'net'));
    let disks = '';
    let net = NET_HEADER;
    for (let i = 0; i < N; i++) {
      // 20 tokens, as Linux >= 5.5 prints them; values distinct per device.
      const f = Array.from({ length: 17 }, (_, k) => 1000 * i + k + 1);
      disks += `${String(8 + (i >> 8)).padStart(4)} ${String(i & 255).padStart(7)} sd${i} ${f.join(' ')}\n`;
      const g = Array.from({ length: 16 }, (_, k) => 100 * i + k);
      net += `${`eth${i}`.padStart(6)}: ${g.join(' ')}\n`;
    }
    fs.writeFileSync(path.join(dir, 'diskstats'), disks);
    fs.writeFileSync(path.join(dir, 'net', 'dev'), net);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('every device and interface, with its values, status OK', () => {
    const s = new Sampler({ procRoot: dir, sources: ['disks', 'network'] });
    s.sample();
    expect(s.status().disks.code).toBe('OK');
    expect(s.status().network.code).toBe('OK');
    const disks = s.snapshot().disks ?? [];
    const net = s.snapshot().network ?? [];
    expect(disks.length).toBe(N);
    expect(net.length).toBe(N);
    for (let i = 0; i < N; i++) {
      expect({ name: disks[i]?.name, readOps: disks[i]?.readOps, flushOps: disks[i]?.flushOps }).toEqual({
        name: `sd${i}`,
        readOps: 1000 * i + 1,
        flushOps: 1000 * i + 16,
      });
      expect({ name: net[i]?.name, rxBytes: net[i]?.rxBytes, txCompressed: net[i]?.txCompressed }).toEqual({
        name: `eth${i}`,
        rxBytes: 100 * i,
        txCompressed: 100 * i + 15,
      });
    }
    s.close();
  });
});
