/**
 * The cgroup source live, on this machine's v1 hierarchies: as root, a child cgroup with a 256 MiB memory limit
 * and a 50% CPU quota, a child process in it that allocates and burns CPU, and what procsampler reports for it:
 * the limit, the usage, throttling, and process.cpu.utilization relative to the quota.
 */
import { spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { describeIf, root, type Need } from '../support/needs';

const CHILD = path.join(__dirname, 'support', 'cgroup-child.js');
const LIMIT = 256 * 2 ** 20;

/** The v1 hierarchies of `controllers` from this process's mountinfo and cgroup, or why they cannot be used. */
function v1Dirs(controllers: string[]): Record<string, string> | string {
  let mountinfo: string;
  let membership: string;
  try {
    mountinfo = fs.readFileSync('/proc/self/mountinfo', 'utf8');
    membership = fs.readFileSync('/proc/self/cgroup', 'utf8');
  } catch (e) {
    return String(e);
  }
  const out: Record<string, string> = {};
  for (const c of controllers) {
    const mount = mountinfo
      .split('\n')
      .map((l) => l.split(' '))
      .find((f) => {
        const sep = f.indexOf('-');
        return sep > 0 && f[sep + 1] === 'cgroup' && (f[sep + 3] ?? '').split(',').includes(c);
      });
    const line = membership.split('\n').find((l) => (l.split(':')[1] ?? '').split(',').includes(c));
    if (!mount || !line) return `no cgroup v1 ${c} hierarchy on this machine`;
    const root = mount[3] as string;
    let rel = line.slice(line.indexOf(':', line.indexOf(':') + 1) + 1);
    if (root !== '/' && rel.startsWith(root)) rel = rel.slice(root.length);
    out[c] = path.join(mount[4] as string, rel);
  }
  return out;
}

const dirs = v1Dirs(['memory', 'cpu', 'cpuacct']);

/** v1 memory, cpu and cpuacct hierarchies in which this process may create a cgroup. */
const writableV1: Need = () => {
  if (typeof dirs === 'string') return dirs;
  const probe = path.join(dirs.memory as string, `procsampler-probe-${process.pid}`);
  try {
    fs.mkdirSync(probe);
    fs.rmdirSync(probe);
    return null;
  } catch (e) {
    return `cannot create a cgroup under ${dirs.memory} (${(e as NodeJS.ErrnoException).code})`;
  }
};

describeIf('live: a v1 cgroup with a 256 MiB limit and a 50% quota', [root, writableV1], () => {
  const made: string[] = [];
  let child: ChildProcess | undefined;

  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    // rmdir succeeds once the cgroup has no task left; the child may take a moment to be reaped.
    for (const d of made.reverse()) {
      for (let i = 0; i < 50 && fs.existsSync(d); i++) {
        try {
          fs.rmdirSync(d);
        } catch {
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    }
  });

  test('limit, usage, throttling, and process.cpu.utilization of its quota (against an independent reading)', async () => {
    const d = dirs as Record<string, string>;
    const name = `procsampler-test-${process.pid}`;
    const memory = path.join(d.memory as string, name);
    const cpu = path.join(d.cpu as string, name);
    const cpuacct = path.join(d.cpuacct as string, name);
    for (const dir of new Set([memory, cpu, cpuacct])) {
      fs.mkdirSync(dir);
      made.push(dir);
    }
    fs.writeFileSync(path.join(memory, 'memory.limit_in_bytes'), String(LIMIT));
    fs.writeFileSync(path.join(cpu, 'cpu.cfs_period_us'), '100000');
    fs.writeFileSync(path.join(cpu, 'cpu.cfs_quota_us'), '50000');
    // A large weight, so that on a busy machine the quota, not the competition, is what limits the child.
    fs.writeFileSync(path.join(cpu, 'cpu.shares'), '100000');

    child = spawn(process.execPath, [CHILD], { stdio: ['pipe', 'pipe', 'inherit'] });
    const pid = String(child.pid);
    for (const dir of new Set([memory, cpu, cpuacct])) fs.writeFileSync(path.join(dir, 'cgroup.procs'), pid);
    let out = '';
    child.stdout!.on('data', (b: Buffer) => (out += String(b)));
    const exited = new Promise<number | null>((resolve) => child!.once('exit', resolve));
    child.stdin!.end('go\n');
    expect(await exited).toBe(0);
    const r = JSON.parse(out.trim()) as {
      before: { directories: Record<string, string>; memory: Record<string, number | null>; cpu: Record<string, number | null> };
      after: { memory: Record<string, number | null>; cpu: Record<string, number | null> };
      status: { code: string };
      processCpuS: number;
      elapsedS: number;
      utilization: number;
      containerLimit: number;
      containerCpuLimit: number;
      containerUsage: number;
      throttled: number;
      kept: number;
    };
    if (process.env.CGROUP_LIVE_DEBUG) console.log(JSON.stringify({ u: r.utilization, cpu: r.processCpuS, el: r.elapsedS, thr: r.throttled, mem: r.after.memory.usage }));
    expect(r.status.code).toBe('OK');
    expect(r.before.directories).toMatchObject({ memory, cpu, cpuacct });
    // The limit as written, on the snapshot and as container.memory.usage.limit.
    expect([r.before.memory.limit, r.before.memory.ownLimit, r.containerLimit]).toEqual([LIMIT, LIMIT, LIMIT]);
    expect([r.before.cpu.quota, r.before.cpu.period, r.before.cpu.limit, r.containerCpuLimit]).toEqual([0.05, 0.1, 0.5, 0.5]);
    // Usage: at least the 96 MiB the child touched, below the limit.
    expect(r.kept).toBe(96 * 2 ** 20);
    for (const u of [r.before.memory.usage, r.after.memory.usage, r.containerUsage]) {
      expect(u).toBeGreaterThanOrEqual(96 * 2 ** 20);
      expect(u).toBeLessThanOrEqual(LIMIT);
    }
    // The cgroup's CPU time grew by what the process (its only task) used, and the quota throttled it.
    const cgroupCpu = (r.after.cpu.usage as number) - (r.before.cpu.usage as number);
    expect(cgroupCpu).toBeGreaterThanOrEqual(r.processCpuS * 0.9);
    expect((r.after.cpu.throttledPeriods as number) - (r.before.cpu.throttledPeriods as number)).toBeGreaterThan(0);
    expect(r.throttled).toBeGreaterThan(0);
    // process.cpu.utilization's denominator is the quota (0.5 CPU): the independent reading over the same burn.
    const independent = r.processCpuS / (r.elapsedS * 0.5);
    expect(r.utilization).toBeGreaterThan(independent * 0.85);
    expect(r.utilization).toBeLessThan(independent * 1.15);
    // Not the host's denominator: with 2 CPUs it would give independent / 4, far outside the bounds above. (How much of
    // its quota the process got depends on what else the machine runs, so no fixed share is asserted.)
    // Each mode is clamped to 1 on its own; their sum may pass 1 by the CFS period a window straddles.
    expect(r.utilization).toBeLessThanOrEqual(1.05);
  }, 60000);

  test('the CLI’s process CPU share is of the quota too (--pid of a process in the cgroup)', async () => {
    const d = dirs as Record<string, string>;
    const cpu = path.join(d.cpu as string, `procsampler-cli-${process.pid}`);
    fs.mkdirSync(cpu);
    made.push(cpu);
    fs.writeFileSync(path.join(cpu, 'cpu.cfs_period_us'), '100000');
    fs.writeFileSync(path.join(cpu, 'cpu.cfs_quota_us'), '50000');
    fs.writeFileSync(path.join(cpu, 'cpu.shares'), '100000');
    // The burner outlives the CLI whatever the machine's load (a CLI slow to start once outlived a 6 s burner and
    // found no process): it burns until the test kills it, at most the test's 60 s.
    const burner = spawn(process.execPath, ['-e', 'const e = Date.now() + 60000; while (Date.now() < e);'], { stdio: 'ignore' });
    try {
      fs.writeFileSync(path.join(cpu, 'cgroup.procs'), String(burner.pid));
      const cli = spawn(process.execPath, [path.join(__dirname, '..', '..', 'dist', 'cli.js'), '--json', '--interval', '1000', '--count', '2', '--pid', String(burner.pid)], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      cli.stdout!.on('data', (b: Buffer) => (out += String(b)));
      expect(await new Promise((resolve) => cli.once('exit', resolve))).toBe(0);
      const lines = out.trim().split('\n').map((l) => JSON.parse(l) as { snapshot: { cgroup: { cpu: { limit: number } } }; rates: { process: { total: number } } });
      expect(lines).toHaveLength(2);
      for (const l of lines) {
        expect(l.snapshot.cgroup.cpu.limit).toBe(0.5);
        // Of the quota: the burner may use at most 0.5 CPU, so a share of the host's CPUs would be at most
        // 0.5 / nproc. How much of the quota it got depends on the machine's load, so only that bound is asserted.
        expect(l.rates.process.total).toBeGreaterThan(0.5 / os.availableParallelism());
        expect(l.rates.process.total).toBeLessThanOrEqual(1.05);
      }
    } finally {
      burner.kill('SIGKILL');
    }
  }, 60000);
});
