import { RuntimeMetrics, type RuntimeSnapshot } from '../../src/runtime';
import { runWorker, sleep } from './helpers';

describe('worker threads', () => {
  it("a worker's numbers describe its own loop and heap", async () => {
    const main = new RuntimeMetrics({ instruments: false }).start();
    try {
      main.snapshot();
      const elu0 = performance.eventLoopUtilization();
      const { message, exitCode } = await runWorker(
        `
        const rm = new RuntimeMetrics({ instruments: false }).start();
        await sleep(10);
        rm.snapshot();
        await new Promise((resolve) => setTimeout(() => { busyWait(250); resolve(); }, 5));
        await sleep(5);
        const snap = rm.snapshot();
        rm.shutdown();
        parentPort.postMessage(snap);
        `,
        { resourceLimits: { maxOldGenerationSizeMb: 48 } },
      );
      const mainSnap = main.snapshot();
      const mainElu = performance.eventLoopUtilization(elu0);
      expect(exitCode).toBe(0);
      const w = message as RuntimeSnapshot & { error?: string };
      expect(w.error).toBeUndefined();
      expect(w.eventLoop.delay.max).toBeGreaterThanOrEqual(0.25);
      // The main loop's delays are its own: an iteration's delay is active time of that thread, so the longest
      // is at most the main thread's whole active time in the window (Node's own per-thread reading), whatever
      // the worker did. (A fixed bound would measure the machine: a loaded one stretches the main thread too.)
      expect(mainSnap.eventLoop.delay.max).toBeLessThanOrEqual(mainElu.active / 1000 + 0.002);
      // its own isolate: a heap limit set by resourceLimits, unlike the main thread's
      expect(w.heap.limit).toBeLessThan(mainSnap.heap.limit);
      expect(w.heap.limit).toBeLessThan(128 * 1024 * 1024);
    } finally {
      main.shutdown();
    }
  });

  it("a worker's GC pauses and heap spaces are its own isolate's (V8's API bound per thread)", async () => {
    const main = new RuntimeMetrics({ instruments: false }).start();
    try {
      const before = main.snapshot().gc.byType.major.count;
      const { message, exitCode } = await runWorker(`
        require('v8').setFlagsFromString('--expose-gc');
        const gc = require('vm').runInNewContext('gc');
        const { runtimeCore } = require(require('path').join(${JSON.stringify(require('path').resolve(__dirname, '../../src/runtime'))}, 'native-runtime'));
        const rm = new RuntimeMetrics({ instruments: false }).start();
        for (let i = 0; i < 6; i++) gc();
        const snap = rm.snapshot();
        rm.shutdown();
        parentPort.postMessage({ majors: snap.gc.byType.major.count, spaces: snap.heap.spaces.length, total: snap.heap.total, info: runtimeCore().info() });
      `);
      const after = main.snapshot();
      expect(exitCode).toBe(0);
      const w = message as { majors: number; spaces: number; total: number; info: { heap: string; gc: string }; error?: string };
      expect(w.error).toBeUndefined();
      expect(w.info).toMatchObject({ heap: 'v8', gc: 'v8' });
      expect(w.majors).toBeGreaterThanOrEqual(6);
      expect(w.spaces).toBe(after.heap.spaces.length);
      expect(w.total).not.toBe(after.heap.total);
      // the worker's six forced collections are not the main thread's
      expect(after.gc.byType.major.count - before).toBeLessThan(6);
    } finally {
      main.shutdown();
    }
  });

  it('a worker that exits while started (no shutdown) tears down cleanly', async () => {
    const { message, exitCode } = await runWorker(`
      const rm = new RuntimeMetrics({ instruments: false }).start();
      // A worker's script runs inside a loop iteration, so the first setImmediate fires in that same iteration,
      // before any prepare; each later one comes after a prepare of its own iteration. Four check phases are
      // thus at least three prepares after start(), and the first of those only opens the first (partial,
      // unrecorded) iteration: at least two recorded. Timers would not do: on a busy machine a 5 ms timer can be
      // due already when the loop first runs, and two of them then share one recorded iteration.
      await turns(4);
      parentPort.postMessage(rm.snapshot().eventLoop.delay.count);
    `);
    expect(exitCode).toBe(0);
    expect(message).toBeGreaterThanOrEqual(2);
  });

  it('a worker terminated while started tears down cleanly', async () => {
    const { Worker } = await import('worker_threads');
    const path = await import('path');
    const src = path.resolve(__dirname, '../../src/runtime');
    // keep the worker busy with an active loop, then terminate it from outside
    const code = `
      const ts = require('typescript'); const fs = require('fs');
      require.extensions['.ts'] = (m, f) => m._compile(ts.transpileModule(fs.readFileSync(f, 'utf8'),
        { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText, f);
      const { RuntimeMetrics } = require(${JSON.stringify(src)});
      new RuntimeMetrics({ instruments: false }).start();
      require('worker_threads').parentPort.postMessage('started');
      setInterval(() => {}, 1);
    `;
    const worker = new Worker(code, { eval: true });
    await new Promise((resolve) => worker.once('message', resolve));
    await sleep(10);
    const exitCode = await worker.terminate();
    expect(exitCode).toBe(1);
  });
});
