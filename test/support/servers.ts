/**
 * Real servers for tests: PostgreSQL 15, MariaDB and Prometheus, each started for one test file on 127.0.0.1 with a
 * free port and a throw-away data directory under os.tmpdir(), and stopped (process group killed, directory
 * removed) by `stop()`. Test-only: the library itself never spawns anything.
 *
 * Guard every block that starts one with its needs, so a machine without the server prints one SKIPPED line and CI
 * (PROCSAMPLER_REQUIRE_ALL=1) fails instead:
 *
 * ```ts
 * describeIf('pg pool', NEEDS_POSTGRES, () => {
 *   let pg: PostgresServer;
 *   beforeAll(async () => { pg = await startPostgres(); });
 *   afterAll(() => pg?.stop());
 *   ...
 * });
 * ```
 *
 * Start-up is kept short: initdb `--no-sync` and fsync off for PostgreSQL, a small buffer pool and no binary log
 * for MariaDB (each about 0.5 s to set up on an idle 2-core machine, 2-5 s at a load average of 13). Every wait is
 * bounded; a server that dies or never gets ready rejects with the tail of its log. Each process group (set-up
 * commands included) has a small shell watchdog that kills it and removes its directory if the test process dies
 * without stopping it.
 */
import { ChildProcess, spawn, SpawnOptions } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { Need, tool } from './needs';

/** Debian's PostgreSQL 15 binaries. */
export const PG_BIN = '/usr/lib/postgresql/15/bin';
/** Debian's MariaDB server and its data-directory initialiser. */
export const MARIADBD = '/usr/sbin/mariadbd';
export const MARIADB_INSTALL_DB = '/usr/bin/mariadb-install-db';
/** Debian's Prometheus server. */
export const PROMETHEUS = '/usr/bin/prometheus';

/** How long a server may take to become ready before the start rejects (a busy shared machine: generous). */
const READY_TIMEOUT_MS = 60000;
/** How long a stop waits for a graceful exit before it kills the process group. */
const STOP_TIMEOUT_MS = 10000;
/** A port taken between finding it free and the server binding it is retried with another one, this many times. */
const PORT_ATTEMPTS = 3;

/** The account PostgreSQL runs under when the tests run as root (initdb and postgres refuse root). */
function postgresAccount(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  let passwd = '';
  try {
    passwd = fs.readFileSync('/etc/passwd', 'utf8');
  } catch {
    return null;
  }
  for (const line of passwd.split('\n')) {
    const f = line.split(':');
    if (f[0] === 'postgres' && f[2] !== undefined && f[3] !== undefined) return { uid: Number(f[2]), gid: Number(f[3]) };
  }
  return null;
}

const postgresUser: Need = () =>
  process.getuid?.() === 0 && postgresAccount() === null
    ? 'the postgres account is missing (running as root, initdb refuses root; apt-get install postgresql creates it)'
    : null;

/** What a test that starts PostgreSQL needs. */
export const NEEDS_POSTGRES: Need[] = [
  tool(`${PG_BIN}/initdb`, ['--version'], 'apt-get install postgresql (Debian 12: PostgreSQL 15)'),
  tool(`${PG_BIN}/postgres`, ['--version'], 'apt-get install postgresql'),
  postgresUser,
];
/** What a test that starts MariaDB needs. */
export const NEEDS_MARIADB: Need[] = [
  tool(MARIADB_INSTALL_DB, ['--help'], 'apt-get install mariadb-server'),
  tool(MARIADBD, ['--version'], 'apt-get install mariadb-server'),
];
/** What a test that starts Prometheus needs. */
export const NEEDS_PROMETHEUS: Need[] = [tool(PROMETHEUS, ['--version'], 'apt-get install prometheus')];

/** A free TCP port on 127.0.0.1 (free now; the server binds it a moment later, hence the retries). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a !== null ? a.port : 0;
      s.close(() => (port > 0 ? resolve(port) : reject(new Error('no port'))));
    });
  });
}

/**
 * What a watchdog runs: while this test process ($1) and the server's process group ($2) are both alive, wait;
 * when the test process is gone first (a jest worker killed, a crash), kill the group and remove the directory
 * ($3). When the server was stopped normally, the group is gone and the watchdog just ends. (Jest gives test code
 * a sandboxed `process` whose 'exit' and signal listeners never fire, so the clean-up cannot live in here.)
 */
const WATCHDOG_SCRIPT =
  'while kill -0 "$1" 2>/dev/null && kill -0 "-$2" 2>/dev/null; do sleep 0.5; done; ' +
  'if ! kill -0 "$1" 2>/dev/null; then kill -KILL "-$2" 2>/dev/null; rm -rf -- "$3"; fi';

/** Starts the watchdog of a process group and its directory (see WATCHDOG_SCRIPT). */
function watchdog(pgid: number | undefined, dir: string): void {
  if (pgid === undefined) return;
  const w = spawn('/bin/sh', ['-c', WATCHDOG_SCRIPT, 'procsampler-test-watchdog', String(process.pid), String(pgid), dir], {
    detached: true,
    stdio: 'ignore',
  });
  w.on('error', () => undefined);
  w.unref();
}

/** One spawned server process in its own process group, with its log kept in memory (bounded). */
class Launched {
  readonly #child: ChildProcess;
  readonly #dir: string;
  #log = '';
  #exited = false;
  readonly #exit: Promise<void>;
  readonly #name: string;

  constructor(name: string, cmd: string, args: string[], dir: string, opts: SpawnOptions) {
    this.#name = name;
    this.#dir = dir;
    this.#child = spawn(cmd, args, { ...opts, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (b: Buffer): void => {
      this.#log += b.toString();
      if (this.#log.length > 65536) this.#log = this.#log.slice(-32768);
    };
    this.#child.stdout?.on('data', keep);
    this.#child.stderr?.on('data', keep);
    this.#exit = new Promise((resolve) => {
      this.#child.once('exit', () => {
        this.#exited = true;
        resolve();
      });
      this.#child.once('error', (e) => {
        this.#log += `\nspawn error: ${e.message}`;
        this.#exited = true;
        resolve();
      });
    });
    watchdog(this.#child.pid, dir);
  }

  get log(): string {
    return this.#log;
  }

  /** The server's process id (the leader of its process group). */
  get pid(): number {
    return this.#child.pid ?? -1;
  }

  get exited(): boolean {
    return this.#exited;
  }

  /** Resolves when `ready()` is true, polling every 50 ms; rejects when the process exits first or on the timeout. */
  async waitUntil(what: string, ready: () => boolean | Promise<boolean>, timeoutMs = READY_TIMEOUT_MS): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.#exited) throw new Error(`${this.#name} exited before ${what}:\n${this.tail()}`);
      if (await ready()) return;
      if (Date.now() > deadline) throw new Error(`${this.#name}: no ${what} within ${timeoutMs} ms:\n${this.tail()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  tail(): string {
    return this.#log.split('\n').slice(-25).join('\n');
  }

  /**
   * Signals the server, waits (bounded) for it, then kills whatever is left of its process group and removes the
   * directory (kept with `keepDir`, for a retry on another port).
   */
  async stop(signal: NodeJS.Signals, keepDir = false): Promise<void> {
    if (!this.#exited) {
      this.#signal(this.#child.pid, signal);
      await Promise.race([this.#exit, new Promise((r) => setTimeout(r, STOP_TIMEOUT_MS).unref())]);
    }
    this.killNow(keepDir);
    await this.#exit;
  }

  /** SIGKILL to the whole group (the server's workers included) and the directory removed; synchronous. */
  killNow(keepDir = false): void {
    const pid = this.#child.pid;
    if (pid !== undefined) this.#signal(-pid, 'SIGKILL');
    if (!keepDir) removeDir(this.#dir);
  }

  #signal(pid: number | undefined, signal: NodeJS.Signals): void {
    if (pid === undefined) return;
    try {
      process.kill(pid, signal);
    } catch {
      // ESRCH: already gone.
    }
  }
}

/**
 * Runs a set-up command to completion (bounded) in its own process group, watched like a server (writing into
 * `dir`); rejects with its output when it fails.
 */
function runToEnd(name: string, cmd: string, args: string[], dir: string, opts: SpawnOptions, timeoutMs = READY_TIMEOUT_MS): Promise<void> {
  return new Promise((resolve, reject) => {
    const c = spawn(cmd, args, { ...opts, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    watchdog(c.pid, dir);
    let out = '';
    c.stdout?.on('data', (b: Buffer) => (out += b.toString()));
    c.stderr?.on('data', (b: Buffer) => (out += b.toString()));
    const t = setTimeout(() => {
      try {
        if (c.pid !== undefined) process.kill(-c.pid, 'SIGKILL');
      } catch {
        // ESRCH: already gone.
      }
    }, timeoutMs);
    c.once('error', (e) => {
      clearTimeout(t);
      reject(new Error(`${name}: ${e.message}`));
    });
    c.once('exit', (code, sig) => {
      clearTimeout(t);
      if (code === 0) resolve();
      else reject(new Error(`${name} failed (${sig ?? code}):\n${out.slice(-4000)}`));
    });
  });
}

function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `procsampler-${prefix}-`));
}

function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

/**
 * Tries a start with a fresh free port; a lost race for the port ("in use") is retried with another. When every
 * attempt fails, `dir` is removed and the last error thrown.
 */
async function withPortRetry<T>(dir: string, start: (port: number) => Promise<T>): Promise<T> {
  let last: unknown;
  for (let i = 0; i < PORT_ATTEMPTS; i++) {
    try {
      return await start(await freePort());
    } catch (e) {
      last = e;
      if (!/in use|EADDRINUSE/i.test(String(e))) break;
    }
  }
  removeDir(dir);
  throw last;
}

/** What every launched server has. */
export interface RunningServer {
  /** The server process (its group leader), e.g. to SIGSTOP it in a timeout test. */
  readonly pid: number;
  /** The throw-away directory (data, socket, config); gone after stop(). */
  readonly dir: string;
  /** Always 127.0.0.1. */
  readonly host: string;
  readonly port: number;
  /** The server's log so far. */
  readonly log: () => string;
  /** A clean shutdown (bounded), then the process group killed and the directory removed. Safe to call twice. */
  stop(): Promise<void>;
}

/** A running PostgreSQL server: trust authentication for `user` on 127.0.0.1. */
export interface PostgresServer extends RunningServer {
  readonly user: string;
  readonly database: string;
}

/**
 * Starts PostgreSQL 15 (initdb into a throw-away directory, then postgres) on 127.0.0.1:<free port>. As root it runs
 * as the `postgres` account (initdb refuses root). Durability is off (fsync, synchronous_commit, full_page_writes):
 * the data is thrown away anyway.
 */
export async function startPostgres(opts: { maxConnections?: number } = {}): Promise<PostgresServer> {
  const dir = tempDir('pg');
  const account = postgresAccount();
  const spawnOpts: SpawnOptions = { cwd: dir, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C', LC_ALL: 'C' } };
  if (account !== null) {
    fs.chownSync(dir, account.uid, account.gid);
    spawnOpts.uid = account.uid;
    spawnOpts.gid = account.gid;
  }
  const data = path.join(dir, 'data');
  const user = 'postgres';
  try {
    await runToEnd('initdb', `${PG_BIN}/initdb`, ['-D', data, '--no-sync', '--auth=trust', '-U', user, '-E', 'UTF8', '--no-instructions'], dir, spawnOpts);
  } catch (e) {
    removeDir(dir);
    throw e;
  }
  return withPortRetry(dir, async (port) => {
    const args = ['-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off',
      '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', `max_connections=${opts.maxConnections ?? 50}`,
      '-c', 'shared_buffers=16MB', '-c', 'logging_collector=off'];
    const l = new Launched('postgres', `${PG_BIN}/postgres`, args, dir, spawnOpts);
    try {
      await l.waitUntil('"ready to accept connections"', () => l.log.includes('ready to accept connections'));
    } catch (e) {
      await l.stop('SIGINT', true);
      throw e;
    }
    return { pid: l.pid, dir, host: '127.0.0.1', port, user, database: 'postgres', log: () => l.log, stop: () => l.stop('SIGINT') };
  });
}

/** A running MariaDB server: `root` with no password on 127.0.0.1. */
export interface MariaDbServer extends RunningServer {
  readonly user: string;
}

/**
 * Starts MariaDB (mariadb-install-db into a throw-away directory, then mariadbd) on 127.0.0.1:<free port>, with
 * `--no-defaults` so the machine's /etc/mysql configuration plays no part.
 */
export async function startMariaDb(): Promise<MariaDbServer> {
  const dir = tempDir('mariadb');
  const data = path.join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  const userArg = asRoot ? ['--user=root'] : [];
  try {
    await runToEnd('mariadb-install-db', MARIADB_INSTALL_DB, ['--no-defaults', `--datadir=${data}`, ...userArg,
      '--auth-root-authentication-method=normal', '--skip-test-db', '--skip-name-resolve'], dir, { cwd: dir });
  } catch (e) {
    removeDir(dir);
    throw e;
  }
  return withPortRetry(dir, async (port) => {
    const args = ['--no-defaults', `--datadir=${data}`, ...userArg, `--port=${port}`, '--bind-address=127.0.0.1',
      `--socket=${path.join(dir, 'mysqld.sock')}`, `--pid-file=${path.join(dir, 'mysqld.pid')}`, '--skip-name-resolve',
      '--skip-log-bin', '--innodb-buffer-pool-size=16M', '--innodb-flush-log-at-trx-commit=0', '--innodb-doublewrite=0',
      '--innodb-use-native-aio=0', '--max-connections=100'];
    const l = new Launched('mariadbd', MARIADBD, args, dir, { cwd: dir });
    try {
      await l.waitUntil('"ready for connections"', () => l.log.includes('ready for connections'));
    } catch (e) {
      await l.stop('SIGTERM', true);
      throw e;
    }
    return { pid: l.pid, dir, host: '127.0.0.1', port, user: 'root', log: () => l.log, stop: () => l.stop('SIGTERM') };
  });
}

/** One sample of a Prometheus instant vector. */
export interface PromSample {
  readonly metric: Record<string, string>;
  /** The sample value (Prometheus sends it as a string; parsed here; NaN stays NaN). */
  readonly value: number;
}

/** A running Prometheus server scraping the given targets. */
export interface PrometheusServer extends RunningServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** An instant query through /api/v1/query; rejects on a non-success answer. */
  query(expr: string): Promise<PromSample[]>;
  /** Resolves when `up{instance=target}` is 1 (the target was scraped successfully); bounded. */
  waitForScrape(target: string, timeoutMs?: number): Promise<void>;
}

function httpGet(url: string, timeoutMs = 5000): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`timeout: ${url}`)));
    req.on('error', reject);
  });
}

/**
 * Starts Prometheus on 127.0.0.1:<free port> scraping `targets` (`host:port`, at `metricsPath`) every
 * `scrapeIntervalS` seconds (default 1), with a throw-away TSDB directory. Prometheus 2.42 applies its scrape
 * targets about 5 s after start (its scrape manager's reload tick), so the first scrape comes that late: start it
 * once per test file, in beforeAll.
 */
export async function startPrometheus(opts: { targets: string[]; metricsPath?: string; scrapeIntervalS?: number }): Promise<PrometheusServer> {
  const dir = tempDir('prometheus');
  const interval = `${opts.scrapeIntervalS ?? 1}s`;
  const config = [
    'global:',
    `  scrape_interval: ${interval}`,
    `  scrape_timeout: ${interval}`,
    'scrape_configs:',
    '  - job_name: procsampler-test',
    `    metrics_path: ${JSON.stringify(opts.metricsPath ?? '/metrics')}`,
    '    static_configs:',
    `      - targets: [${opts.targets.map((t) => JSON.stringify(t)).join(', ')}]`,
    '',
  ].join('\n');
  fs.writeFileSync(path.join(dir, 'prometheus.yml'), config);
  return withPortRetry(dir, async (port) => {
    const url = `http://127.0.0.1:${port}`;
    const args = [`--config.file=${path.join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${path.join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'];
    const l = new Launched('prometheus', PROMETHEUS, args, dir, { cwd: dir });
    const ready = async (): Promise<boolean> => {
      try {
        return (await httpGet(`${url}/-/ready`, 1000)).status === 200;
      } catch {
        return false;
      }
    };
    try {
      await l.waitUntil('/-/ready', ready);
    } catch (e) {
      await l.stop('SIGTERM', true);
      throw e;
    }
    const query = async (expr: string): Promise<PromSample[]> => {
      const r = await httpGet(`${url}/api/v1/query?query=${encodeURIComponent(expr)}`);
      const j = JSON.parse(r.body) as { status: string; error?: string; data?: { resultType: string; result: Array<{ metric: Record<string, string>; value: [number, string] }> } };
      if (j.status !== 'success' || j.data === undefined) throw new Error(`prometheus query ${expr}: ${j.error ?? r.body}`);
      if (j.data.resultType !== 'vector') throw new Error(`prometheus query ${expr}: a ${j.data.resultType}, not a vector`);
      return j.data.result.map((s) => ({ metric: s.metric, value: Number(s.value[1]) }));
    };
    const waitForScrape = (target: string, timeoutMs = 30000): Promise<void> =>
      l.waitUntil(`a successful scrape of ${target}`, async () => {
        const r = await query(`up{instance=${JSON.stringify(target)}}`);
        return r.some((s) => s.value === 1);
      }, timeoutMs);
    return { pid: l.pid, dir, host: '127.0.0.1', port, url, query, waitForScrape, log: () => l.log, stop: () => l.stop('SIGTERM') };
  });
}
