'use strict';
// Measures the longest event-loop stall without keeping the main thread busy: a worker thread posts a message
// every `intervalMs` (sleeping in Atomics.wait between them) and the main thread notes when each one is
// handled. While the loop is blocked the messages queue up, so the longest gap between two handled messages is
// the longest stall (plus at most one interval). A spinning setImmediate ticker would instead occupy a core,
// which on a small machine competes with the very native threads being measured.
const { Worker } = require('worker_threads');
const { performance } = require('perf_hooks');

const WORKER_SOURCE = `
const { parentPort, workerData } = require('worker_threads');
const flag = new Int32Array(workerData.flag);
while (Atomics.load(flag, 0) === 0) {
  Atomics.wait(flag, 0, 0, workerData.intervalMs);
  parentPort.postMessage(0);
}
`;

class StallProbe {
  #worker = null;
  #flag = new Int32Array(new SharedArrayBuffer(4));
  #last = 0;
  #max = 0;
  #count = 0;
  #gaps = [];
  #intervalMs;

  /** @param intervalMs how often the worker posts (milliseconds; default 0.25). */
  constructor(intervalMs = 0.25) {
    this.#intervalMs = intervalMs;
  }

  /** Starts the worker and resolves once its first message arrived (the probe is live). */
  start() {
    return new Promise((resolve, reject) => {
      this.#worker = new Worker(WORKER_SOURCE, {
        eval: true,
        workerData: { flag: this.#flag.buffer, intervalMs: this.#intervalMs },
      });
      this.#worker.once('error', reject);
      this.#worker.on('message', () => {
        const now = performance.now();
        if (this.#count > 0) {
          const gap = now - this.#last;
          if (gap > this.#max) this.#max = gap;
          if (this.#gaps.length < 1e6) this.#gaps.push(gap);
        }
        this.#last = now;
        if (this.#count++ === 0) resolve();
      });
    });
  }

  /** Forgets the gaps seen so far (call right before the measured work). */
  reset() {
    this.#max = 0;
    this.#gaps = [];
    this.#last = performance.now();
  }

  /** The longest gap in milliseconds since reset(). */
  get maxGapMs() {
    return this.#max;
  }

  /** The 99th percentile gap in milliseconds since reset() (a single preemption of a busy machine moves the
   * maximum, not this). */
  get p99GapMs() {
    if (this.#gaps.length === 0) return 0;
    const sorted = this.#gaps.slice().sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))];
  }

  /** Stops the worker; resolves when it has exited. */
  async stop() {
    Atomics.store(this.#flag, 0, 1);
    Atomics.notify(this.#flag, 0);
    if (this.#worker) await this.#worker.terminate();
    this.#worker = null;
  }
}

module.exports = { StallProbe };
