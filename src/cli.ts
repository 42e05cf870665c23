#!/usr/bin/env node
/**
 * The `procsampler` command. It reads the same kernel files as the library and spawns nothing.
 *   procsampler                    this machine's snapshot in a readable form (--json: the snapshot object)
 *   procsampler --interval MS      one compact line per interval until interrupted (--count N lines)
 *   procsampler top                a full-screen view redrawn in place every interval
 *   procsampler serve              /metrics (Prometheus) and /health over HTTP, like node_exporter
 *   procsampler example-service    the monitored web service of src/example/web-service.ts
 */
import { availableParallelism } from 'node:os';
import { RateTracker, type Rates } from './rates';
import { cgroupCpus } from './sources/cgroup';
import { Sampler } from './sampler';
import { DEFAULT_SOURCES, SOURCE_NAMES, type SamplerOptions, type Snapshot, type SourceName } from './types';
import { HeaderRepeater, LIVE_LEGEND, liveLine } from './cli/live';
import { render } from './cli/render';
import { DEFAULT_SERVE_HOST, DEFAULT_SERVE_PORT, SERVE_PATHS, SERVE_PEERS, startServe } from './cli/serve';
import { checkPeers } from './peers';
import { ANSI, topFrame, topLines } from './cli/top';
import { totals, type ViewFilter } from './cli/view';

export { bytes } from './cli/format';
export { render, renderRates } from './cli/render';

const USAGE = `usage: procsampler [top] [--json] [--interval MS] [--count N] [--proc-root DIR] [--root-fs DIR]
                   [--pid PID] [--net-pid PID] [--sources a,b,...] [--all-devices]
       procsampler serve [--port ${DEFAULT_SERVE_PORT}] [--host ${DEFAULT_SERVE_HOST}] [--pid PID] [--proc-root DIR] [--root-fs DIR]
       procsampler example-service [--port 3000] [--host 127.0.0.1] [--database-url postgres://...]

  (no command)      print this machine's counters once (seconds and bytes); with --interval, one line of
                    rates per interval until interrupted (like vmstat), the header repeated every screenful
  top               a full-screen view that redraws in place every interval (default 1000 ms); q quits
  serve             answer ${SERVE_PATHS.metrics} (Prometheus text: host, the --pid process, the container) and
                    ${SERVE_PATHS.ready}, ${SERVE_PATHS.live} (application/health+json) over HTTP until interrupted;
                    --interval sets the health monitor's period (default 5000 ms). Needs the optional peers
                    @opentelemetry/api, @opentelemetry/sdk-metrics and @opentelemetry/exporter-prometheus
  example-service   a monitored node:http service (routes doing real work, HTTP, pool, host and runtime
                    metrics, summaries, /health and /metrics on its own port) until interrupted
  --port N          serve, example-service: the TCP port (default ${DEFAULT_SERVE_PORT}, 3000; 0 picks a free one)
  --host ADDR       serve, example-service: the address to listen on (default ${DEFAULT_SERVE_HOST})
  --database-url U  example-service: a PostgreSQL URL for /users/:id (needs the pg package)
  --json            one JSON object per line: the snapshot; with --interval { time, snapshot, rates }
  --interval MS     milliseconds between samples (at least 20)
  --count N         stop after N intervals (default: run until interrupted; 0 = until interrupted)
  --proc-root DIR   where procfs is mounted (default /proc)
  --root-fs DIR     where the root filesystem of the mount points is mounted (default /)
  --pid PID         the process to describe (default: the command itself); it must exist
  --net-pid PID     whose network namespace to read (default: the command's; 1 with a host's --proc-root)
  --sources LIST    comma-separated subset of: ${SOURCE_NAMES.join(', ')}
  --all-devices     also show partitions and loop, ram and floppy devices (hidden by default)
  -h, --help        this text
Options take their value as the next argument or after "=" (--interval=1000).`;

/** The views the command has. */
type Mode = 'snapshot' | 'live' | 'top' | 'serve' | 'example-service';

interface Args {
  mode: Mode;
  json: boolean;
  /** Milliseconds between samples (live and top). */
  intervalMs: number;
  /** Intervals to show (0 = until interrupted). */
  count: number;
  /** True when --pid was given: a pid that does not exist is then an error. */
  pidGiven: boolean;
  filter: ViewFilter;
  options: SamplerOptions;
  /** serve, example-service: where to listen (port null: the command's default). */
  host: string;
  port: number | null;
  /** example-service: the PostgreSQL URL, or null. */
  databaseUrl: string | null;
}

/** Exit codes. */
const EXIT_OK = 0;
const EXIT_RUNTIME = 1;
const EXIT_USAGE = 2;

/** A whole number from a command-line value, or an Error naming the option. */
function integer(option: string, v: string, min: number): number {
  const n = Number(v);
  if (!/^\d+$/.test(v) || !Number.isSafeInteger(n) || n < min) throw new Error(`${option} needs a whole number >= ${min}, not "${v}"`);
  return n;
}

/** A pid option: 'self' or a positive whole number. */
function pid(option: string, v: string): number | 'self' {
  return v === 'self' ? 'self' : integer(option, v, 1);
}

function parseArgs(argv: readonly string[]): Args | string {
  const options: SamplerOptions = {};
  let mode: Mode = 'snapshot';
  let json = false;
  let intervalMs: number | null = null;
  let count: number | null = null;
  let pidGiven = false;
  let allDevices = false;
  let host: string | null = null;
  let port: number | null = null;
  let databaseUrl: string | null = null;
  const rest = [...argv];
  if (rest[0] === 'top' || rest[0] === 'serve' || rest[0] === 'example-service') {
    mode = rest[0];
    rest.shift();
  }
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] as string;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const a = eq > 0 ? arg.slice(0, eq) : arg;
    let inline: string | undefined = eq > 0 ? arg.slice(eq + 1) : undefined;
    const value = (): string => {
      if (inline !== undefined) {
        const v = inline;
        inline = undefined;
        return v;
      }
      const v = rest[++i];
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
      case '--pid':
        options.pid = pid(a, value());
        pidGiven = true;
        break;
      case '--net-pid':
        options.netPid = pid(a, value());
        break;
      case '--sources':
        options.sources = value()
          .split(',')
          .filter((s) => s.length > 0) as SourceName[];
        break;
      case '--all-devices':
        allDevices = true;
        break;
      case '--port':
        port = integer(a, value(), 0);
        if (port > 65535) throw new Error(`--port needs a port number 0..65535, not "${port}"`);
        break;
      case '--host':
        host = value();
        break;
      case '--database-url':
        databaseUrl = value();
        break;
      case '-h':
      case '--help':
        return USAGE;
      default:
        throw new Error(a.startsWith('-') ? `unknown option "${a}"` : `unknown command "${a}"`);
    }
    if (inline !== undefined) throw new Error(`${a} takes no value`);
  }
  const listens = mode === 'serve' || mode === 'example-service';
  if ((host !== null || port !== null) && !listens) throw new Error('--port and --host go with serve and example-service');
  if (databaseUrl !== null && mode !== 'example-service') throw new Error('--database-url goes with example-service');
  if (mode === 'example-service' && (json || count !== null || intervalMs !== null || pidGiven || allDevices || Object.keys(options).length > 0)) {
    throw new Error('example-service takes --port, --host and --database-url');
  }
  if (mode === 'serve' && (json || count !== null || allDevices)) throw new Error('serve takes --port, --host, --interval, --pid, --proc-root and --root-fs');
  if (count !== null && intervalMs === null && mode !== 'top') throw new Error('--count needs --interval');
  if (mode === 'top' && json) throw new Error('top has no --json form (use --interval with --json)');
  if (mode === 'snapshot' && intervalMs !== null) mode = 'live';
  const defaultInterval = mode === 'serve' ? 5000 : 1000;
  return {
    mode,
    json,
    intervalMs: intervalMs ?? defaultInterval,
    count: count ?? 0,
    pidGiven,
    filter: { allDevices },
    options,
    host: host ?? DEFAULT_SERVE_HOST,
    port,
    databaseUrl,
  };
}

/** Ends a wait early: interrupts (Ctrl-C, SIGTERM, q in top) resolve it. */
class Stopper {
  #stopped = false;
  #wake: (() => void) | null = null;
  #timer: NodeJS.Timeout | null = null;

  get stopped(): boolean {
    return this.#stopped;
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#wake?.();
  }

  /** Resolves after `ms`, or at once when stopped. */
  sleep(ms: number): Promise<void> {
    if (this.#stopped) return Promise.resolve();
    return new Promise((resolve) => {
      this.#wake = resolve;
      this.#timer = setTimeout(resolve, ms);
    });
  }
}

/** What the command writes to and listens on; the tests pass their own. */
export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  /** The terminal's size when the output is one (rows and columns), else undefined. */
  size?: () => { columns: number; rows: number } | undefined;
  /**
   * Called once with a stop function (and whether single keys should stop it: top's q); returns an undo. The
   * command's own entry point wires signals and keys.
   */
  onInterrupt?: (stop: () => void, keys: boolean) => () => void;
}

/** Checks that an explicitly named process exists (its files were readable in the first sample). */
function checkPid(sampler: Sampler, args: Args): string | null {
  if (!args.pidGiven) return null;
  const st = sampler.status().process;
  if (st.code === 'ENOENT' || st.code === 'ESRCH') {
    return `procsampler: no process ${String(args.options.pid)} (${args.options.procRoot ?? '/proc'}/${String(args.options.pid)} does not exist)`;
  }
  return null;
}

/** Samples every interval until `count` intervals were shown or the command is interrupted. */
async function everyInterval(
  sampler: Sampler,
  args: Args,
  stopper: Stopper,
  show: (snapshot: Snapshot, rates: Rates, now: Date) => void,
): Promise<void> {
  // The process's CPU share is of the CPUs it can use: a cgroup quota or cpuset below the machine's count wins.
  const tracker = new RateTracker({ processCpus: cgroupCpus(sampler.table('cgroup'), availableParallelism()) });
  tracker.update(sampler.snapshot());
  for (let shown = 0; !stopper.stopped && (args.count === 0 || shown < args.count); ) {
    await stopper.sleep(args.intervalMs);
    if (stopper.stopped) break;
    await sampler.sampleAsync();
    const snapshot = sampler.snapshot();
    const rates = tracker.update(snapshot);
    if (rates === null) continue; // a window under the rates' 20 ms minimum: cannot happen with --interval >= 20
    show(snapshot, rates, new Date());
    shown++;
  }
}

async function live(sampler: Sampler, args: Args, io: Io, stopper: Stopper): Promise<void> {
  const headers = new HeaderRepeater(io.size?.()?.rows);
  if (!args.json) io.out(LIVE_LEGEND + '\n');
  await everyInterval(sampler, args, stopper, (snapshot, rates, now) => {
    if (args.json) io.out(JSON.stringify({ time: now.toISOString(), snapshot, rates }) + '\n');
    else io.out(headers.next(liveLine(totals(snapshot, rates, args.filter), now)) + '\n');
  });
}

async function top(sampler: Sampler, args: Args, io: Io, stopper: Stopper): Promise<void> {
  const size = (): { columns: number; rows: number } => io.size?.() ?? { columns: 80, rows: 24 };
  io.out(ANSI.enterAltScreen + ANSI.hideCursor + ANSI.home + ANSI.clearToScreenEnd + 'procsampler top: first interval...\n');
  try {
    await everyInterval(sampler, args, stopper, (snapshot, rates, now) => {
      io.out(topFrame(topLines(snapshot, rates, args.filter, size(), now)));
    });
  } finally {
    io.out(ANSI.showCursor + ANSI.leaveAltScreen);
  }
}

/** `error` as the CLI prints it: its message, then its code in brackets when it has one. */
function shownError(e: unknown): string {
  const error = e as Error & { code?: string };
  return `${error.message}${error.code ? ` [${error.code}]` : ''}`;
}

/**
 * A long-running command (`serve`, `example-service`): checks its peers, starts it, says where it listens and
 * serves until Ctrl-C. Exit 1 when a peer is missing or it cannot start (the coded error is printed).
 */
async function runServer(
  command: string,
  io: Io,
  stopper: Stopper,
  start: () => Promise<{ url: string; close(): Promise<void> }>,
  listening: (url: string) => string,
): Promise<number> {
  try {
    checkPeers(command, SERVE_PEERS);
  } catch (e) {
    io.err(`${shownError(e)}\n`);
    return EXIT_RUNTIME;
  }
  let server: { url: string; close(): Promise<void> };
  try {
    server = await start();
  } catch (e) {
    io.err(`procsampler: ${command}: ${shownError(e)}\n`);
    return EXIT_RUNTIME;
  }
  io.out(`procsampler: ${listening(server.url)}; Ctrl-C stops\n`);
  while (!stopper.stopped) await stopper.sleep(3600_000);
  await server.close();
  return EXIT_OK;
}

function serve(args: Args, io: Io, stopper: Stopper): Promise<number> {
  return runServer(
    'serve',
    io,
    stopper,
    () => startServe({ host: args.host, port: args.port ?? DEFAULT_SERVE_PORT, options: args.options, healthIntervalMs: args.intervalMs }),
    (url) => `serving ${url} (${Object.values(SERVE_PATHS).join(', ')})`,
  );
}

function exampleService(args: Args, io: Io, stopper: Stopper): Promise<number> {
  // Loaded only for this command (and after the peer check): it needs the OpenTelemetry peers.
  type WebService = typeof import('./example/web-service');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const load = (): WebService => require('./example/web-service') as WebService;
  return runServer(
    'example-service',
    io,
    stopper,
    () => load().startWebService({ host: args.host, port: args.port ?? 3000, databaseUrl: args.databaseUrl ?? undefined }),
    (url) => `example service at ${url} (${Object.values(load().ROUTES).join(', ')})`,
  );
}

/** The command with these arguments; resolves with the exit code. */
export async function run(argv: readonly string[], out: (s: string) => void, err: (s: string) => void, io: Partial<Io> = {}): Promise<number> {
  const all: Io = { out, err, ...io };
  let args: Args | string;
  try {
    args = parseArgs(argv);
  } catch (e) {
    err(`procsampler: ${(e as Error).message}\n${USAGE}\n`);
    return EXIT_USAGE;
  }
  if (typeof args === 'string') {
    out(args + '\n');
    return EXIT_OK;
  }
  let sampler: Sampler;
  try {
    // One snapshot shows every source, the cgroup and pressure ones included; the interval views keep the default set.
    // One snapshot reads every source; the interval views read the default ones and the cgroup (for the CPUs the
    // process may use), unless --sources says otherwise.
    const sources = args.options.sources ?? (args.mode === 'snapshot' ? SOURCE_NAMES : [...DEFAULT_SOURCES, 'cgroup']);
    sampler = new Sampler({ ...args.options, sources });
  } catch (e) {
    const error = e as Error & { code?: string };
    err(`${error.message}${error.code ? ` [${error.code}]` : ''}\n`);
    return EXIT_USAGE;
  }
  const stopper = new Stopper();
  const undo = all.onInterrupt?.(() => stopper.stop(), args.mode === 'top');
  try {
    await sampler.sampleAsync();
    const missing = checkPid(sampler, args);
    if (missing !== null) {
      err(missing + '\n');
      return EXIT_RUNTIME;
    }
    if (args.mode === 'serve') return await serve(args, all, stopper);
    if (args.mode === 'example-service') return await exampleService(args, all, stopper);
    if (args.mode === 'live') await live(sampler, args, all, stopper);
    else if (args.mode === 'top') await top(sampler, args, all, stopper);
    else {
      const snap = sampler.snapshot();
      out(args.json ? JSON.stringify(snap) + '\n' : render(snap) + '\n');
    }
    return EXIT_OK;
  } finally {
    undo?.();
    sampler.close();
  }
}

/** Ctrl-C and SIGTERM stop the command; in top on a terminal, so does q (stdin in raw mode, restored after). */
function processInterrupts(stop: () => void, keys: boolean): () => void {
  const onSignal = (): void => stop();
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const stdin = process.stdin;
  const raw = keys && stdin.isTTY === true;
  const onKey = (b: Buffer): void => {
    const k = b.toString();
    if (k === 'q' || k === 'Q' || k === '\x03') stop();
  };
  if (raw) {
    stdin.setRawMode(true);
    stdin.on('data', onKey);
    stdin.resume();
  }
  return () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    if (raw) {
      stdin.off('data', onKey);
      stdin.setRawMode(false);
      stdin.pause();
    }
  };
}

if (require.main === module) {
  run(
    process.argv.slice(2),
    (s) => process.stdout.write(s),
    (s) => process.stderr.write(s),
    {
      size: () => (process.stdout.isTTY ? { columns: process.stdout.columns, rows: process.stdout.rows } : undefined),
      onInterrupt: processInterrupts,
    },
  ).then(
    (code) => (process.exitCode = code),
    (e: unknown) => {
      process.stderr.write(`procsampler: ${(e as Error).stack ?? String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
