'use strict';
// Measures the longest event-loop stall without keeping the main thread busy: a worker thread posts its
// CLOCK_MONOTONIC time every `intervalMs` (sleeping in Atomics.wait in between) and the main thread notes how
// long each message waited before the loop handled it. A message posted as a stall begins waits for the whole
// stall, so the longest wait is the longest stall (to within one interval). Unlike a spinning setImmediate
// ticker, this leaves the main thread asleep when the loop is idle, so it does not compete with the native
// threads being measured, and a late worker (descheduled) only delays a post instead of faking a stall.
//
// On a shared machine the main thread can also be preempted by other processes in the middle of an operation.
// The "net" figure subtracts the time the main thread spent runnable but not running (wait_time of
// /proc/thread-self/schedstat) during the wait, so it shows what the code did, not what the neighbours did.
// As root the probe thread itself runs SCHED_FIFO (chrt; it sleeps >99% of the time), so a neighbour cannot
// delay a post and fake a stall either.
const fs = require('fs');
const { Worker } = require('worker_threads');
const { original, uncounted } = require('./spawn-counter');

const WORKER_SOURCE = `
const { parentPort, workerData } = require('worker_threads');
const flag = new Int32Array(workerData.flag);
let tid = 0;
try {
  tid = Number(require('fs').readlinkSync('/proc/thread-self').split('/').pop());
} catch {}
parentPort.postMessage(-tid);
while (Atomics.load(flag, 0) === 0) {
  Atomics.wait(flag, 0, 0, workerData.intervalMs);
  parentPort.postMessage(Number(process.hrtime.bigint()));
}
`;

const nowNs = () => Number(process.hrtime.bigint());

class StallProbe {
  #worker = null;
  #flag = new Int32Array(new SharedArrayBuffer(4));
  #intervalMs;
  #schedFd = -1;
  #schedBuf = Buffer.alloc(128);
  #lastWaitNs = 0;
  #max = 0;
  #maxNet = 0;
  #waits = [];
  #seen = 0;

  /** @param intervalMs how often the worker posts (milliseconds; default 0.25). */
  constructor(intervalMs = 0.25) {
    this.#intervalMs = intervalMs;
    try {
      this.#schedFd = fs.openSync('/proc/thread-self/schedstat', 'r'); // resolved now: the main thread
    } catch {
      this.#schedFd = -1; // no schedstat: net equals wall
    }
  }

  /** Nanoseconds the main thread has spent runnable but waiting for a CPU (0 when unknown). */
  #waitNs() {
    if (this.#schedFd < 0) return 0;
    const n = fs.readSync(this.#schedFd, this.#schedBuf, 0, this.#schedBuf.length, 0);
    const fields = this.#schedBuf.toString('latin1', 0, n).split(' ');
    return Number(fields[1]) || 0;
  }

  /** Real-time priority for the probe thread, when allowed (root and chrt present); otherwise nothing. */
  #raisePriority(tid) {
    this.realtime = false;
    if (!tid || typeof process.getuid !== 'function' || process.getuid() !== 0) return;
    const r = uncounted(() => original.spawnSync('chrt', ['-f', '-p', '10', String(tid)], { stdio: 'ignore' }));
    this.realtime = r.status === 0;
  }

  /** Starts the worker; resolves once its first message arrived (the probe is live). */
  start() {
    return new Promise((resolve, reject) => {
      this.#worker = new Worker(WORKER_SOURCE, {
        eval: true,
        workerData: { flag: this.#flag.buffer, intervalMs: this.#intervalMs },
      });
      this.#worker.once('error', reject);
      this.#worker.on('message', (postedNs) => {
        if (postedNs <= 0) {
          this.#raisePriority(-postedNs);
          return;
        }
        const handled = nowNs();
        const waitNs = this.#waitNs();
        const waitedMs = Math.max(0, handled - postedNs) / 1e6;
        const preemptedMs = Math.max(0, waitNs - this.#lastWaitNs) / 1e6;
        this.#lastWaitNs = waitNs;
        if (this.#seen++ === 0) return resolve();
        const net = Math.max(0, waitedMs - preemptedMs);
        if (waitedMs > this.#max) this.#max = waitedMs;
        if (net > this.#maxNet) this.#maxNet = net;
        if (this.#waits.length < 1e6) this.#waits.push(waitedMs);
      });
    });
  }

  /** Forgets what was seen so far (call right before the measured work). */
  reset() {
    this.#max = 0;
    this.#maxNet = 0;
    this.#waits = [];
  }

  /** The longest time a probe message waited for the loop, in milliseconds, since reset(). */
  get maxStallMs() {
    return this.#max;
  }

  /** The same, less the time the main thread was preempted meanwhile (milliseconds). */
  get maxStallNetMs() {
    return this.#maxNet;
  }

  /** The 99th percentile wait in milliseconds since reset(). */
  get p99StallMs() {
    if (this.#waits.length === 0) return 0;
    const sorted = this.#waits.slice().sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))];
  }

  /** Stops the worker; resolves when it has exited. */
  async stop() {
    Atomics.store(this.#flag, 0, 1);
    Atomics.notify(this.#flag, 0);
    if (this.#worker) await this.#worker.terminate();
    this.#worker = null;
    if (this.#schedFd >= 0) fs.closeSync(this.#schedFd);
    this.#schedFd = -1;
  }
}

module.exports = { StallProbe };
