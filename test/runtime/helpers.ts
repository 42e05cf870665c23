/** Shared helpers of the runtime tests: a busy wait, a test MetricReader, the catalogue, a TS-loading worker. */
import * as fs from 'fs';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { Worker, type WorkerOptions } from 'worker_threads';
import { MetricReader, AggregationTemporality, InstrumentType } from '@opentelemetry/sdk-metrics';
import type { RuntimeMetrics } from '../../src/runtime';

/** Keeps the thread busy for at least `ms` milliseconds (sub-millisecond clock). */
export function busyWait(ms: number): void {
  const t0 = performance.now();
  while (performance.now() - t0 < ms) {
    // spin
  }
}

/** Resolves after one timer callback, `afterMs` from now, that keeps the loop busy for `ms` milliseconds. */
export function blockInTimer(ms: number, afterMs = 2): Promise<void> {
  return new Promise<void>((resolve) =>
    setTimeout(() => {
      busyWait(ms);
      resolve();
    }, afterMs),
  );
}

/** Resolves after `ms` milliseconds of idle loop. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Resolves once `done()` holds, checking every 5 ms; rejects after `timeoutMs` (default 10 s) with `what`. For
 * asynchronous deliveries (performance entries, observers) whose delay depends on how busy the machine is.
 */
export async function until(done: () => boolean, what: string, timeoutMs = 10000): Promise<void> {
  const t0 = performance.now();
  while (!done()) {
    if (performance.now() - t0 > timeoutMs) throw new Error(`still waiting after ${timeoutMs} ms for ${what}`);
    await sleep(5);
  }
}

/** Resolves after `n` turns of the event loop (each setImmediate runs in the next iteration's check phase). */
export async function turns(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/** A delay window of blockedWindow(): the closing snapshot, the busy time and the wall time around it. */
export type BlockedWindow = ReturnType<RuntimeMetrics['snapshot']> & {
  /** Seconds the busy callback ran, timed inside it with performance.now(). */
  busy: number;
  /** Seconds from before the timer that opens the window to the closing read: it bounds every iteration in it. */
  window: number;
};

/**
 * A delay window of `rm` that holds only iterations the test makes, never idle sleeps: a busy Jest worker can turn
 * its loop hundreds of times in a few short sleeps (about 360 in 140 ms was seen), and past 100 iterations the
 * nearest-rank p99 (the ceil(0.99 * count)-th smallest) passes over one long iteration. The window begins inside a
 * timer callback; three short iterations follow (setImmediate turns, which poll without waiting), then one whose
 * check phase stays busy for `ms`, and it ends in the check phase of the next iteration, just after the prepare
 * hook recorded the busy one. So it holds 2 to 6 iterations (the timer's, three turns, the busy one), whatever the
 * machine's load. The wall clock starts before the timer is set: the prepare that begins the window's first
 * iteration comes after that.
 */
export function blockedWindow(rm: RuntimeMetrics, ms = 50): Promise<BlockedWindow> {
  const w0 = performance.now();
  return new Promise<BlockedWindow>((resolve) =>
    setTimeout(() => {
      rm.snapshot(); // ends the previous window: the next one starts here
      void turns(3).then(() =>
        setImmediate(() => {
          const b0 = performance.now();
          busyWait(ms);
          const busy = (performance.now() - b0) / 1000;
          setImmediate(() => {
            const snap = rm.snapshot();
            resolve({ ...snap, busy, window: (performance.now() - w0) / 1000 });
          });
        }),
      );
    }, 5),
  );
}

/** A MetricReader whose collect() the test calls directly; cumulative temporality for everything. */
export class TestReader extends MetricReader {
  constructor() {
    super({ aggregationTemporalitySelector: (_t: InstrumentType) => AggregationTemporality.CUMULATIVE });
  }
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

/**
 * Runs `body` (CommonJS source; `RuntimeMetrics`, `busyWait`, `sleep`, `turns` and `parentPort` in scope) in a worker that
 * can require the TypeScript sources, and resolves with the first message it posts and its exit code.
 */
export function runWorker(body: string, options: WorkerOptions = {}): Promise<{ message: unknown; exitCode: number }> {
  const src = path.resolve(__dirname, '../../src/runtime');
  const code = `
    const ts = require('typescript');
    const fs = require('fs');
    require.extensions['.ts'] = (m, filename) => {
      const out = ts.transpileModule(fs.readFileSync(filename, 'utf8'), {
        compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
      });
      m._compile(out.outputText, filename);
    };
    const { parentPort } = require('worker_threads');
    const { performance } = require('perf_hooks');
    const { RuntimeMetrics } = require(${JSON.stringify(src)});
    const busyWait = (ms) => { const t0 = performance.now(); while (performance.now() - t0 < ms); };
    const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
    const turns = async (n) => { for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r)); };
    (async () => { ${body} })().catch((e) => parentPort.postMessage({ error: String(e && e.stack || e) }));
  `;
  return new Promise((resolve, reject) => {
    const worker = new Worker(code, { ...options, eval: true });
    let message: unknown;
    worker.once('message', (m) => {
      message = m;
    });
    worker.once('error', reject);
    worker.once('exit', (exitCode) => resolve({ message, exitCode }));
  });
}
