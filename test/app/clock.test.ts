import { performance } from 'perf_hooks';
import * as path from 'path';
import { CLOCK, CLOCK_IS_NATIVE, clockMode, readClock, refineClock } from '../../src/app/clock';
import { loadAddon } from '../../src/native';
import { counterClockExpected } from '../support/cpu';

const addon = loadAddon() as unknown as { clockAttach(a: unknown, allowCounter?: unknown): void };
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const counterExpected = counterClockExpected();

/** Reads CLOCK and performance.now() over `ms` and returns both intervals in ms. */
async function interval(ms: number): Promise<{ clock: number; perf: number }> {
  readClock();
  const c0 = CLOCK[0] as number;
  const p0 = performance.now();
  await sleep(ms);
  readClock();
  const c1 = CLOCK[0] as number;
  const p1 = performance.now();
  return { clock: (c1 - c0) * 1000, perf: p1 - p0 };
}

/** Reads the clock until it leaves calibration (20 ms of reads), at most 5 s. */
async function settle(): Promise<string> {
  const deadline = Date.now() + 5000;
  refineClock();
  let mode = clockMode();
  while (mode === 'calibrating' && Date.now() < deadline) {
    readClock();
    await sleep(2);
    refineClock();
    mode = clockMode();
  }
  return mode;
}

describe('the hot-path clock', () => {
  afterEach(() => addon.clockAttach(CLOCK, true)); // the module's own array and the counter, as loaded

  test('uses the addon here, reads the CPU counter where there is one, and follows performance.now() (seconds)', async () => {
    expect(CLOCK_IS_NATIVE).toBe(true);
    const mode = await settle();
    if (counterExpected) expect(mode).toBe('counter');
    else expect(mode).toBe('hrtime');
    for (const ms of [30, 120]) {
      const { clock, perf } = await interval(ms);
      // both are monotonic clocks read around the same sleep: they agree to well under a millisecond (plus the
      // counter's rate error, measured against CLOCK_MONOTONIC: far below 1%)
      expect(Math.abs(clock - perf)).toBeLessThan(1 + perf * 0.001);
      expect(clock).toBeGreaterThan(0);
    }
  });

  test('the CLOCK_MONOTONIC fallback follows performance.now() too, and switching source never jumps the timeline', async () => {
    await settle();
    readClock();
    const c0 = CLOCK[0] as number;
    const p0 = performance.now();
    addon.clockAttach(CLOCK, false); // leaves the counter: the timeline continues from its last reading
    expect(clockMode()).toBe('hrtime');
    await sleep(20);
    readClock();
    const c1 = CLOCK[0] as number;
    const p1 = performance.now();
    expect(Math.abs((c1 - c0) * 1000 - (p1 - p0))).toBeLessThan(1);
    const { clock, perf } = await interval(30);
    expect(Math.abs(clock - perf)).toBeLessThan(1);
    addon.clockAttach(CLOCK, true); // and back: calibrating, then the counter, continued from uv_hrtime()
    const mode = await settle();
    readClock();
    const c2 = CLOCK[0] as number;
    const p2 = performance.now();
    expect(Math.abs((c2 - c0) * 1000 - (p2 - p0))).toBeLessThan(1 + (p2 - p0) * 0.001);
    if (counterExpected) expect(mode).toBe('counter');
  });

  test('worker threads each read their own clock (each its own state, not the main thread’s)', async () => {
    const { Worker } = await import('worker_threads');
    const dist = JSON.stringify(path.join(__dirname, '..', '..', 'dist', 'app', 'clock'));
    const body = `
      const { CLOCK, readClock } = require(${dist});
      const { parentPort } = require('worker_threads');
      const { performance } = require('perf_hooks');
      readClock();
      const c0 = CLOCK[0], p0 = performance.now();
      setTimeout(() => {
        readClock();
        parentPort.postMessage({ clock: (CLOCK[0] - c0) * 1000, perf: performance.now() - p0 });
      }, 40);
    `;
    readClock();
    const mine = CLOCK[0] as number;
    const results = await Promise.all(
      [0, 1].map(
        () =>
          new Promise<{ clock: number; perf: number }>((resolve, reject) => {
            const w = new Worker(body, { eval: true });
            w.once('message', (m) => {
              resolve(m);
              void w.terminate();
            });
            w.once('error', reject);
          }),
      ),
    );
    for (const { clock, perf } of results) {
      expect(perf).toBeGreaterThan(30);
      expect(Math.abs(clock - perf)).toBeLessThan(1 + perf * 0.01);
    }
    // the workers wrote their own arrays: this thread's still holds its last reading
    expect(CLOCK[0]).toBe(mine);
  });

  test('clockAttach refuses anything but a Float64Array, with a code', () => {
    for (const bad of [undefined, new Float32Array(1), new Float64Array(0), [0]]) {
      expect(() => addon.clockAttach(bad)).toThrow(expect.objectContaining({ code: 'PROCSAMPLER_BAD_OPTION' }));
    }
    addon.clockAttach(CLOCK); // the module's own array stays attached
    readClock();
    expect(CLOCK[0]).toBeGreaterThan(0);
  });
});
