/**
 * HealthMonitor: one verdict from host, process, runtime and application signals. Every `intervalMs` it samples
 * once (a Sampler sample, with statvfs of the chosen mounts on the addon's thread; a RuntimeMetrics window; the
 * user checks, concurrently, each with a timeout), evaluates every check against its thresholds and prepares the
 * report and its JSON. `report()` and `isHealthy()` read that prepared result: they never sample and never block.
 */
import * as os from 'node:os';
import { badOption } from '../errors';
import { RateTracker, filesystemUtilization, memoryUtilization, type Rates } from '../rates';
import { RuntimeMetrics, type RuntimeSnapshot } from '../runtime';
import { Sampler } from '../sampler';
import type { SourceName, Snapshot } from '../types';
import { BUILTIN_CHECKS, checkThreshold, statusOf, type BuiltinCheck, type HealthStatus, type Threshold } from './checks';
import { nodeContainerMemory, type ContainerMemorySource } from './memory-limit';
import { prepareReport, type HealthCheckResult, type HealthReport, type KeyedResult, type PreparedReport, type ReportIdentity } from './report';

/** What a user check's `run` may resolve to: a status, a value (judged by the check's threshold), or both. */
export interface CheckOutcome {
  status?: HealthStatus;
  observedValue?: number | string | boolean;
  observedUnit?: string;
  output?: string;
}

/** A user check, run once a monitor interval. */
export interface UserCheck {
  /** Key in the report, `component:measurement` (e.g. 'postgres:responseTime'). */
  name: string;
  /**
   * Runs the check. Resolves to true (pass), false (fail), a number (judged by `threshold`; pass without one) or a
   * {@link CheckOutcome}. A throw or a rejection fails the check with its message. `signal` aborts at the timeout.
   */
  run: (signal: AbortSignal) => boolean | number | CheckOutcome | Promise<boolean | number | CheckOutcome>;
  /** Milliseconds before the check fails as timed out (default 2000). */
  timeoutMs?: number;
  threshold?: Threshold;
  /** Unit of a numeric result. */
  unit?: string;
  /** componentId / componentType in the report (default componentType 'component'). */
  componentId?: string;
  componentType?: string;
  /** Whether the liveness form includes this check (default false: readiness only). */
  liveness?: boolean;
}

/** Options of `new HealthMonitor()`. */
export interface HealthMonitorOptions {
  /** Milliseconds between samples, 100 to 3,600,000 (default 5000). No report causes a sample sooner. */
  intervalMs?: number;
  /** Per built-in check: its levels, or false to leave it out. Defaults: BUILTIN_CHECKS (docs/health.md). */
  thresholds?: Partial<Record<BuiltinCheck, Threshold | false>>;
  /** Mount points whose space the disk check watches (default ['/']). */
  mounts?: readonly string[];
  /** User checks. */
  checks?: readonly UserCheck[];
  /**
   * Where the container memory limit comes from (default: process.constrainedMemory()/availableMemory(), see
   * memory-limit.ts); false to always use the host's memory.
   */
  containerMemory?: ContainerMemorySource | false;
  /** Passed to the monitor's own Sampler (tests and sidecars: a /proc tree elsewhere). */
  procRoot?: string;
  rootFs?: string;
  /** Service identification copied into every report. */
  serviceId?: string;
  version?: string;
  releaseId?: string;
  description?: string;
}

/** Which form of the report: readiness (every check) or liveness (the checks marked liveness). */
export type HealthProbe = 'readiness' | 'liveness';

const DEFAULT_INTERVAL_MS = 5000;
const DEFAULT_CHECK_TIMEOUT_MS = 2000;
const TIMED_OUT = Symbol('timed out');
/** The output of a report, and of each check, before the first sample. */
const NOT_SAMPLED = 'not sampled yet';

interface BuiltinState {
  name: BuiltinCheck;
  threshold: Threshold;
}

interface UserState {
  check: UserCheck;
  timeoutMs: number;
  /** The run still going (a check that timed out is not started again until it settles). */
  running: Promise<unknown> | undefined;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Host, process, runtime and user health with thresholds, as an application/health+json report.
 *
 * @example
 * const monitor = new HealthMonitor({ intervalMs: 5000, thresholds: { cpuSystem: { fail: 0.9 } } }).start();
 * server.on('request', (req, res) => req.url === '/health' && healthHandler(monitor)(req, res));
 */
export class HealthMonitor {
  readonly #intervalMs: number;
  readonly #builtins: BuiltinState[] = [];
  readonly #users: UserState[] = [];
  readonly #mounts: readonly string[];
  readonly #containerMemory: ContainerMemorySource | undefined;
  readonly #identity: ReportIdentity;
  /** The host sources of the host checks (none when every host check is left out). */
  readonly #sampler: Sampler | undefined;
  readonly #needsAsync: boolean;
  readonly #runtime: RuntimeMetrics | undefined;
  readonly #tracker: RateTracker;
  #timer: NodeJS.Timeout | undefined;
  #ticking: Promise<void> | undefined;
  /** performance.now() of the last sample's start (-Infinity before the first). */
  #lastSampleAt = -Infinity;
  #samples = 0;
  #skipped = 0;
  #readiness: PreparedReport;
  #liveness: PreparedReport;
  #closed = false;

  /**
   * Throws ProcsamplerError PROCSAMPLER_BAD_OPTION for bad options, PROCSAMPLER_NATIVE_UNAVAILABLE without the addon.
   */
  constructor(options: HealthMonitorOptions = {}) {
    if (options === null || typeof options !== 'object') badOption('HealthMonitor options must be an object');
    const interval = options.intervalMs ?? DEFAULT_INTERVAL_MS;
    if (typeof interval !== 'number' || !Number.isInteger(interval) || interval < 100 || interval > 3600000) {
      badOption(`intervalMs must be an integer from 100 to 3600000, got ${String(interval)}`);
    }
    this.#intervalMs = interval;
    const thresholds = options.thresholds ?? {};
    if (thresholds === null || typeof thresholds !== 'object') badOption('thresholds must be an object');
    for (const k of Object.keys(thresholds)) if (!(k in BUILTIN_CHECKS)) badOption(`unknown check "${k}" in thresholds (known: ${Object.keys(BUILTIN_CHECKS).join(', ')})`);
    for (const name of Object.keys(BUILTIN_CHECKS) as BuiltinCheck[]) {
      const t = thresholds[name];
      if (t === false) continue;
      this.#builtins.push({ name, threshold: checkThreshold(name, t, BUILTIN_CHECKS[name].threshold) });
    }
    const mounts = options.mounts ?? ['/'];
    if (!Array.isArray(mounts) || mounts.some((m) => typeof m !== 'string' || m === '')) badOption('mounts must be an array of mount points');
    this.#mounts = [...mounts];
    for (const c of options.checks ?? []) this.#users.push(this.#userState(c));
    const names = this.#users.map((u) => u.check.name);
    if (new Set(names).size !== names.length) badOption('user check names must be unique');
    if (options.containerMemory !== undefined && options.containerMemory !== false && typeof options.containerMemory !== 'function') {
      badOption('containerMemory must be a function or false');
    }
    this.#identity = {};
    for (const k of ['serviceId', 'version', 'releaseId', 'description'] as const) {
      const v = options[k];
      if (v !== undefined && typeof v !== 'string') badOption(`${k} must be a string`);
      if (v !== undefined) this.#identity[k] = v;
    }
    const has = (n: BuiltinCheck): boolean => this.#builtins.some((b) => b.name === n);
    const sources: SourceName[] = [];
    if (has('cpuSystem')) sources.push('cpu');
    if (has('memory')) sources.push('memory');
    if (has('cpuProcess')) sources.push('process');
    this.#needsAsync = has('disk') && this.#mounts.length > 0;
    if (this.#needsAsync) sources.push('filesystems');
    this.#sampler = sources.length > 0 ? new Sampler({ sources, procRoot: options.procRoot, rootFs: options.rootFs }) : undefined;
    const hostTotal = os.totalmem();
    this.#containerMemory = options.containerMemory === false ? undefined : (options.containerMemory ?? nodeContainerMemory(hostTotal));
    const runtime = has('eventLoopDelay') || has('eventLoopUtilization') || has('heap') || has('activeHandles');
    this.#runtime = runtime ? new RuntimeMetrics({ instruments: false }) : undefined;
    const cpus = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
    this.#tracker = new RateTracker({ processCpus: cpus });
    const pending = this.#pending();
    this.#readiness = prepareReport(pending, this.#identity, false, NOT_SAMPLED);
    this.#liveness = prepareReport(pending, this.#identity, true, NOT_SAMPLED);
  }

  /** Milliseconds between samples. */
  get intervalMs(): number {
    return this.#intervalMs;
  }
  /** Samples taken since construction (each: one Sampler sample, one runtime window, one run of the user checks). */
  get samples(): number {
    return this.#samples;
  }
  /** Intervals skipped because the previous sample had not finished (a stuck mount, for instance). */
  get skippedSamples(): number {
    return this.#skipped;
  }
  /** Whether the timer runs. */
  get started(): boolean {
    return this.#timer !== undefined;
  }

  /**
   * Starts the sample timer (unref'd: it does not keep the process alive) and takes the first sample now (unless
   * one was taken less than `intervalMs` ago). Idempotent; returns this.
   */
  start(): this {
    if (this.#closed || this.#timer) return this;
    this.#timer = setInterval(() => void this.#tick(), this.#intervalMs);
    this.#timer.unref();
    if (performance.now() - this.#lastSampleAt >= this.#intervalMs) void this.#tick();
    return this;
  }

  /** Stops the timer and the runtime window; the last report stays readable. Idempotent. */
  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    this.#runtime?.shutdown();
  }

  /** stop() and closes the Sampler's files. The monitor cannot be started again. */
  close(): void {
    this.stop();
    this.#closed = true;
    this.#sampler?.close();
  }

  /**
   * The latest report (frozen), readiness form by default. Never samples on the caller's turn; a monitor that is not
   * started begins a sample in the background when the last one is at least `intervalMs` old (so reports alone never
   * sample more often than that). Before the first sample every configured check is listed as 'warn' with output
   * 'not sampled yet', and so is the report.
   */
  report(probe: HealthProbe = 'readiness'): HealthReport {
    return this.prepared(probe).report;
  }

  /** Whether the latest readiness report is not 'fail'. */
  isHealthy(probe: HealthProbe = 'readiness'): boolean {
    return this.prepared(probe).report.status !== 'fail';
  }

  /** The report with its JSON bytes and HTTP status code (what healthHandler serves). */
  prepared(probe: HealthProbe = 'readiness'): PreparedReport {
    if (!this.#timer && !this.#closed && performance.now() - this.#lastSampleAt >= this.#intervalMs) void this.#tick();
    return probe === 'liveness' ? this.#liveness : this.#readiness;
  }

  /**
   * Resolves with a report at most `intervalMs` old: the current one when it is recent enough, else after one new
   * sample (shared with any sample in flight).
   */
  async refresh(probe: HealthProbe = 'readiness'): Promise<HealthReport> {
    if (this.#ticking) await this.#ticking;
    else if (performance.now() - this.#lastSampleAt >= this.#intervalMs && !this.#closed) await this.#tick();
    return (probe === 'liveness' ? this.#liveness : this.#readiness).report;
  }

  /** Every configured check as unknown (status warn, "not sampled yet"): the report before the first sample. */
  #pending(): KeyedResult[] {
    const time = new Date().toISOString();
    const out: KeyedResult[] = [];
    const add = (key: string, liveness: boolean, componentType: string, componentId: string | undefined, unit?: string): void => {
      const result: HealthCheckResult = { componentId, componentType, observedUnit: unit, status: 'warn', time, output: NOT_SAMPLED };
      if (componentId === undefined) delete result.componentId;
      if (unit === undefined) delete result.observedUnit;
      out.push({ key, liveness, result });
    };
    for (const b of this.#builtins) {
      const def = BUILTIN_CHECKS[b.name];
      if (b.name === 'disk') for (const m of this.#mounts) add(def.key, def.liveness, 'system', m, def.unit);
      else add(def.key, def.liveness, 'system', b.name === 'memory' ? undefined : def.componentId, def.unit);
    }
    for (const u of this.#users) add(u.check.name, u.check.liveness === true, u.check.componentType ?? 'component', u.check.componentId, u.check.unit);
    return out;
  }

  #userState(c: UserCheck): UserState {
    if (c === null || typeof c !== 'object') badOption('a user check must be an object');
    if (typeof c.name !== 'string' || c.name === '') badOption('a user check needs a name (component:measurement)');
    if (typeof c.run !== 'function') badOption(`check ${c.name}: run must be a function`);
    const timeoutMs = c.timeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS;
    if (typeof timeoutMs !== 'number' || !Number.isInteger(timeoutMs) || timeoutMs < 1 || timeoutMs > 600000) {
      badOption(`check ${c.name}: timeoutMs must be an integer from 1 to 600000`);
    }
    if (c.threshold !== undefined) checkThreshold(c.name, c.threshold, {});
    return { check: c, timeoutMs, running: undefined };
  }

  #tick(): Promise<void> {
    if (this.#ticking) {
      this.#skipped++;
      return this.#ticking;
    }
    this.#lastSampleAt = performance.now();
    this.#samples++;
    // The runtime window starts with the first sample (start(), or the first report() of a monitor not started).
    if (this.#runtime && !this.#runtime.started && !this.#closed) this.#runtime.start();
    // Sampling starts on a later turn of the loop, never on the turn of the report() that asked for it.
    const p = new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.#sample()).finally(() => {
      this.#ticking = undefined;
    });
    this.#ticking = p;
    return p;
  }

  async #sample(): Promise<void> {
    const sampler = this.#sampler;
    const userResults = this.#users.length > 0 ? Promise.all(this.#users.map((u) => this.#runUser(u))) : undefined;
    let sampleError: string | undefined;
    let snap: Snapshot | null = null;
    let rates: Rates | null = null;
    if (sampler) {
      try {
        if (this.#needsAsync) await sampler.sampleAsync();
        else sampler.sample();
      } catch (error) {
        sampleError = message(error);
      }
      if (this.#closed) return;
      snap = sampler.snapshot();
      rates = this.#tracker.update(snap);
    }
    const rt = this.#runtime?.started ? this.#runtime.snapshot() : undefined;
    const time = new Date().toISOString();
    const results: KeyedResult[] = [];
    for (const b of this.#builtins) this.#builtin(b, snap, rates, rt, time, results, sampleError);
    if (userResults) for (const r of await userResults) results.push(r);
    if (this.#closed) return;
    this.#readiness = prepareReport(results, this.#identity, false);
    this.#liveness = prepareReport(results, this.#identity, true);
  }

  #builtin(b: BuiltinState, snap: Snapshot | null, rates: Rates | null, rt: RuntimeSnapshot | undefined, time: string, out: KeyedResult[], sampleError?: string): void {
    const def = BUILTIN_CHECKS[b.name];
    const push = (value: number | null, why: string, componentId = def.componentId): void => {
      const known = value !== null && Number.isFinite(value);
      const result: HealthCheckResult = {
        componentId,
        componentType: 'system',
        observedValue: known ? value : undefined,
        observedUnit: def.unit,
        status: 'pass',
        time,
      };
      if (componentId === undefined) delete result.componentId;
      if (!known) {
        delete result.observedValue;
        result.status = 'warn';
        result.output = `unknown: ${sampleError ?? why}`;
      } else {
        result.status = statusOf(value, b.threshold);
        if (result.status !== 'pass') {
          const level = result.status === 'fail' ? b.threshold.fail : b.threshold.warn;
          result.output = `${def.what}: ${value} >= ${result.status} level ${level}`;
        }
      }
      out.push({ key: def.key, liveness: def.liveness, result });
    };
    switch (b.name) {
      case 'cpuSystem': {
        const c = rates?.cpu;
        // busy = the modes other than idle and iowait (their sum, not 1 - idle - iowait, which rounds)
        const busy = c && c.idle !== null ? (c.user ?? 0) + (c.nice ?? 0) + (c.system ?? 0) + (c.interrupt ?? 0) + (c.steal ?? 0) : null;
        push(busy === null ? null : Math.min(1, busy), rates ? 'no CPU line in this window' : 'needs two samples');
        return;
      }
      case 'cpuProcess':
        push(rates?.process?.total ?? null, rates ? 'process CPU times unavailable' : 'needs two samples');
        return;
      case 'memory': {
        const container = this.#containerMemory?.();
        if (container && container.limit !== null && container.usage !== null && container.limit > 0) {
          push(Math.min(1, container.usage / container.limit), 'container usage unavailable', 'container');
        } else {
          push(snap?.memory ? memoryUtilization(snap.memory).used : null, 'MemAvailable unavailable', 'system');
        }
        return;
      }
      case 'eventLoopDelay':
        push(rt?.eventLoop.delay.p99 ?? null, rt ? 'no loop iteration in the window' : 'monitor not started');
        return;
      case 'eventLoopUtilization':
        push(rt?.eventLoop.utilization ?? null, rt ? 'no time passed' : 'monitor not started');
        return;
      case 'heap':
        push(rt && rt.heap.limit > 0 ? rt.heap.used / rt.heap.limit : null, 'monitor not started');
        return;
      case 'activeHandles':
        push(rt ? rt.libuv.activeHandles : null, 'monitor not started');
        return;
      case 'disk':
        for (const m of this.#mounts) {
          const fs = snap?.filesystems?.find((f) => f.mountpoint === m);
          const why = fs ? (fs.stuck ? 'statvfs did not answer in time' : 'statvfs failed') : `${m} is not a mount point`;
          push(fs ? filesystemUtilization(fs).used : null, why, m);
        }
        return;
    }
  }

  async #runUser(u: UserState): Promise<KeyedResult> {
    const c = u.check;
    const time = new Date().toISOString();
    const result: HealthCheckResult = { componentId: c.componentId, componentType: c.componentType ?? 'component', status: 'pass', time };
    if (c.componentId === undefined) delete result.componentId;
    const keyed = { key: c.name, liveness: c.liveness === true, result };
    if (u.running) {
      result.status = 'fail';
      result.output = `still running after ${u.timeoutMs} ms (started in an earlier interval)`;
      return keyed;
    }
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
      timer = setTimeout(() => resolve(TIMED_OUT), u.timeoutMs);
    });
    const run = Promise.resolve().then(() => c.run(controller.signal));
    u.running = run;
    run.then(
      () => (u.running = undefined),
      () => (u.running = undefined),
    );
    try {
      const v = await Promise.race([run, timeout]);
      if (v === TIMED_OUT) {
        controller.abort();
        result.status = 'fail';
        result.output = `timed out after ${u.timeoutMs} ms`;
      } else if (typeof v === 'boolean') {
        result.observedValue = v;
        result.status = v ? 'pass' : 'fail';
        if (!v) result.output = 'check returned false';
      } else if (typeof v === 'number') {
        result.observedValue = v;
        if (c.unit !== undefined) result.observedUnit = c.unit;
        result.status = c.threshold ? statusOf(v, c.threshold) : 'pass';
        if (result.status !== 'pass') result.output = `${v} >= ${result.status} level ${result.status === 'fail' ? c.threshold?.fail : c.threshold?.warn}`;
      } else if (v && typeof v === 'object') {
        if (v.observedValue !== undefined) result.observedValue = v.observedValue;
        const unit = v.observedUnit ?? c.unit;
        if (unit !== undefined) result.observedUnit = unit;
        let status: HealthStatus = v.status ?? 'pass';
        if (v.status === undefined && typeof v.observedValue === 'number' && c.threshold) status = statusOf(v.observedValue, c.threshold);
        if (status !== 'pass' && status !== 'warn' && status !== 'fail') {
          status = 'fail';
          result.output = `check returned status ${JSON.stringify(v.status)}`;
        }
        result.status = status;
        if (v.output !== undefined) result.output = String(v.output);
      } else {
        result.status = 'fail';
        result.output = `check returned ${String(v)}`;
      }
    } catch (error) {
      result.status = 'fail';
      result.output = message(error);
    } finally {
      clearTimeout(timer);
    }
    return keyed;
  }
}
