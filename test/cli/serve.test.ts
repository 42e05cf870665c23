/**
 * `procsampler serve` as an operator runs it: the compiled command in its own process, a real Prometheus scraping
 * it, and the values it exports checked against this machine's /proc read here.
 */
import { spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as path from 'path';
import { NEEDS_PROMETHEUS, startPrometheus, type PrometheusServer } from '../support/servers';
import { describeIf, file } from '../support/needs';

const CLI = path.join(__dirname, '..', '..', 'dist', 'cli.js');
const NEEDS_DIST = [file(CLI, 'the compiled CLI (npm run build)')];

function get(url: string): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body }));
      })
      .on('error', reject);
  });
}

/** Starts `procsampler serve ARGS`; resolves with the child and the URL it printed. */
async function serve(...args: string[]): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr!.on('data', (b: Buffer) => (err += b.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /serving (http:\/\/[\d.]+:\d+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${err}`)));
  });
  return { child, url };
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.on('exit', (c) => resolve(c))));
}

/** The value of the one sample of `name{labels...}` in a Prometheus text body whose labels include `match`. */
function sample(body: string, name: string, match: Record<string, string> = {}): number {
  const lines = body.split('\n').filter((l) => l.startsWith(name + '{') || l.startsWith(name + ' '));
  const hit = lines.filter((l) => Object.entries(match).every(([k, v]) => l.includes(`${k}="${v}"`)));
  if (hit.length !== 1) throw new Error(`${hit.length} samples of ${name} ${JSON.stringify(match)}`);
  return Number(hit[0]!.slice(hit[0]!.lastIndexOf(' ') + 1));
}

const meminfo = (key: string): number => Number(new RegExp(`^${key}:\\s+(\\d+) kB$`, 'm').exec(fs.readFileSync('/proc/meminfo', 'utf8'))![1]) * 1024;
const vmRss = (pid: number): number => Number(/^VmRSS:\s+(\d+) kB$/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) * 1024;

describeIf('procsampler serve', NEEDS_DIST, () => {
  let target: ChildProcess;
  let sidecar: { child: ChildProcess; url: string };
  beforeAll(async () => {
    // the process the sidecar describes: an idle Node that holds 32 MiB
    target = spawn(process.execPath, ['-e', 'const b = Buffer.alloc(32 << 20, 1); setInterval(() => b[0]++, 1000);'], { stdio: 'ignore' });
    await new Promise((r) => setTimeout(r, 300));
    sidecar = await serve('--pid', String(target.pid), '--interval', '200');
  });
  afterAll(async () => {
    sidecar?.child.kill('SIGTERM');
    target?.kill('SIGKILL');
  });

  test('/metrics: the host and the --pid process, matching /proc read here', async () => {
    const { status, type, body } = await get(`${sidecar.url}/metrics`);
    expect(status).toBe(200);
    expect(type).toMatch(/^text\/plain/);
    expect(sample(body, 'system_memory_limit')).toBe(meminfo('MemTotal'));
    const cpus = fs.readFileSync('/proc/stat', 'utf8').match(/^cpu\d+ /gm)!.length;
    expect(sample(body, 'system_cpu_logical_count')).toBe(cpus);
    const rss = sample(body, 'process_memory_usage');
    const real = vmRss(target.pid!);
    expect(rss).toBeGreaterThan(32 << 20);
    expect(Math.abs(rss - real)).toBeLessThan(8 << 20);
    // the sidecar's own runtime is not what it reports on
    expect(body).not.toMatch(/^nodejs_eventloop/m);
  });

  test('/health and /health/live answer application/health+json with the status code of their verdict', async () => {
    for (const p of ['/health', '/health/live']) {
      const r = await get(sidecar.url + p);
      expect(r.type).toBe('application/health+json');
      const report = JSON.parse(r.body) as { status: string; checks: Record<string, unknown[]> };
      expect(['pass', 'warn', 'fail']).toContain(report.status);
      expect(r.status).toBe(report.status === 'fail' ? 503 : 200);
      expect(Object.keys(report.checks).length).toBeGreaterThan(0);
    }
    expect((await get(`${sidecar.url}/nothing`)).status).toBe(404);
  });

  test('a --pid that does not exist, and a port in use, exit 1 with a message', async () => {
    const bad = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--pid', '999999999'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    bad.stderr!.on('data', (b: Buffer) => (err += b.toString()));
    expect(await exited(bad)).toBe(1);
    expect(err).toMatch(/no process 999999999/);
    const port = new URL(sidecar.url).port;
    const busy = spawn(process.execPath, [CLI, 'serve', '--port', port], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err2 = '';
    busy.stderr!.on('data', (b: Buffer) => (err2 += b.toString()));
    expect(await exited(busy)).toBe(1);
    expect(err2).toMatch(/EADDRINUSE/);
  });

  describeIf('scraped by a real Prometheus', NEEDS_PROMETHEUS, () => {
    let prom: PrometheusServer;
    beforeAll(async () => {
      prom = await startPrometheus({ targets: [new URL(sidecar.url).host] });
    });
    afterAll(async () => {
      await prom?.stop();
    });

    test('up == 1, and the scraped values are the machine’s', async () => {
      const instance = new URL(sidecar.url).host;
      await prom.waitForScrape(instance);
      // a scrape succeeded (a later one may time out on a loaded machine: its 1 s scrape_timeout is short)
      const up = await prom.query(`max_over_time(up{instance="${instance}"}[5m])`);
      expect(up.map((s) => s.value)).toEqual([1]);
      const limit = await prom.query(`system_memory_limit{instance="${instance}"}`);
      expect(limit.map((s) => s.value)).toEqual([meminfo('MemTotal')]);
      const modes = await prom.query(`system_cpu_time_total{instance="${instance}"}`);
      expect(modes.map((s) => s.metric.cpu_mode).sort()).toEqual(['idle', 'interrupt', 'iowait', 'nice', 'steal', 'system', 'user']);
      const rss = await prom.query(`process_memory_usage{instance="${instance}"}`);
      expect(rss).toHaveLength(1);
      expect(Math.abs(rss[0]!.value - vmRss(target.pid!))).toBeLessThan(8 << 20);
    });
  });

  test('SIGTERM stops it with exit code 0', async () => {
    sidecar.child.kill('SIGTERM');
    expect(await exited(sidecar.child)).toBe(0);
  });
});
