/** Shared helpers of the runtime tests: a busy wait, a test MetricReader, the catalogue, a TS-loading worker. */
import * as fs from 'fs';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { Worker, type WorkerOptions } from 'worker_threads';
import { MetricReader, AggregationTemporality, InstrumentType } from '@opentelemetry/sdk-metrics';
import { catalogueRows, type CatalogueRow } from '../support/catalogue';

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

/** Resolves after `n` turns of the event loop (each setImmediate runs in the next iteration's check phase). */
export async function turns(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/** A MetricReader whose collect() the test calls directly; cumulative temporality for everything. */
export class TestReader extends MetricReader {
  constructor() {
    super({ aggregationTemporalitySelector: (_t: InstrumentType) => AggregationTemporality.CUMULATIVE });
  }
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

export type { CatalogueRow };

/** The catalogue (test/catalogue/metrics.json) by name. */
export function loadCatalogue(): Map<string, CatalogueRow> {
  return new Map(catalogueRows().map((m) => [m.name, m]));
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
