import { RuntimeMetrics, type RuntimeSnapshot } from '../../src/runtime';
import { runWorker, sleep } from './helpers';

describe('worker threads', () => {
  it("a worker's numbers describe its own loop and heap", async () => {
    const main = new RuntimeMetrics({ instruments: false }).start();
    try {
      main.snapshot();
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
      expect(exitCode).toBe(0);
      const w = message as RuntimeSnapshot & { error?: string };
      expect(w.error).toBeUndefined();
      expect(w.eventLoop.delay.max).toBeGreaterThanOrEqual(0.25);
      // the main loop was not blocked by the worker's 250 ms (a generous bound: the machine may be busy)
      expect(mainSnap.eventLoop.delay.max).toBeLessThan(0.25);
      // its own isolate: a heap limit set by resourceLimits, unlike the main thread's
      expect(w.heap.limit).toBeLessThan(mainSnap.heap.limit);
      expect(w.heap.limit).toBeLessThan(128 * 1024 * 1024);
    } finally {
      main.shutdown();
    }
  });

  it('a worker that exits while started (no shutdown) tears down cleanly', async () => {
    const { message, exitCode } = await runWorker(`
      const rm = new RuntimeMetrics({ instruments: false }).start();
      await sleep(5);
      await sleep(5); // the first iteration after start() is partial and not recorded
      parentPort.postMessage(rm.snapshot().eventLoop.delay.count);
    `);
    expect(exitCode).toBe(0);
    expect(message).toBeGreaterThan(0);
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
