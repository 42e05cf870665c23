/**
 * The native hook's fast paths (native/counter_clock.h, native/loop_idle.h, native/v8_heap.h) against their
 * fallbacks, and one delay window per consumer.
 */
import * as v8 from 'v8';
import * as vm from 'vm';
import { RuntimeMetrics } from '../../src/runtime';
import { runtimeCore } from '../../src/runtime/native-runtime';
import { loadAddon } from '../../src/native';
import { counterClockExpected } from '../support/cpu';
import { blockInTimer, blockedWindow, busyWait, sleep, turns } from './helpers';

interface Configurable {
  runtimeConfigure(options: { counterClock?: boolean; directIdle?: boolean }): void;
}
const configure = (options: { counterClock?: boolean; directIdle?: boolean }): void =>
  (loadAddon() as unknown as Configurable).runtimeConfigure(options);

describe('the hook clock and idle-time paths', () => {
  afterEach(() => configure({ counterClock: true, directIdle: true }));

  it('uses the cycle counter and the direct idle-time read where they validate, and they agree with the public calls', async () => {
    const rm = new RuntimeMetrics({ instruments: false }).start();
    try {
      // The clock calibrates over 20 ms of loop iterations; the idle-time field validates at a read once the loop
      // has waited in epoll at least once (on a loaded machine a short sleep may not wait at all): give both a
      // few rounds of short sleeps and turns.
      const deadline = Date.now() + 10000; // ends as soon as both have settled
      let info = runtimeCore().info();
      while ((info.clock === 'calibrating' || info.idle === 'pending') && Date.now() < deadline) {
        await sleep(5);
        await turns(2);
        rm.snapshot();
        info = runtimeCore().info();
      }
      if (counterClockExpected()) expect(info.clock).toBe('counter');
      if (info.clock === 'counter') expect(info.counterHz).toBeGreaterThan(1e6);
      const [major, minor] = (process.versions.uv as string).split('.').map(Number) as [number, number];
      if (major === 1 && minor >= 39) expect(info.idle).toBe('direct');
      // whatever the path, the cumulative idle time is libuv's own, as performance.eventLoopUtilization() reads it
      const { eventLoop } = rm.snapshot();
      expect(Math.abs(eventLoop.idle - performance.eventLoopUtilization().idle / 1000)).toBeLessThan(0.001);
      const blocked = await blockedWindow(rm);
      const { delay } = blocked.eventLoop;
      expect(delay.max).toBeGreaterThanOrEqual(0.05);
      expect(delay.max as number).toBeLessThanOrEqual(blocked.window * 1.01);
    } finally {
      rm.shutdown();
    }
  });

  it('measures the same block with uv_hrtime() and uv_metrics_idle_time() (the fallbacks)', async () => {
    configure({ counterClock: false, directIdle: false });
    const rm = new RuntimeMetrics({ instruments: false }).start();
    try {
      await sleep(30);
      expect(runtimeCore().info()).toMatchObject({ clock: 'hrtime', idle: 'api' });
      const blocked = await blockedWindow(rm);
      const { delay, utilization } = blocked.eventLoop;
      expect(delay.max).toBeGreaterThanOrEqual(0.05);
      expect(delay.max as number).toBeLessThanOrEqual(blocked.window * 1.01);
      // the window holds at most 6 iterations (blockedWindow()): the nearest-rank p99 is the longest one
      expect(delay.count).toBeLessThanOrEqual(6);
      expect(delay.p99).toBe(delay.max);
      // at least the 50 ms busy share of the window was active
      expect(utilization as number).toBeGreaterThanOrEqual((0.05 / blocked.window) * 0.99);
      expect(utilization as number).toBeLessThanOrEqual(1);
    } finally {
      rm.shutdown();
    }
  });

  it('the counter clock and uv_hrtime() each measure a block as at least its own length and at most the window', async () => {
    // Two windows cannot be compared with each other on a shared machine (a preemption lengthens one of them), so
    // each clock is held to what is guaranteed: the longest iteration lasts at least as long as the busy callback
    // in it (timed inside the callback with performance.now()) and no longer than the whole window between the
    // two reads (timed around them).
    const measure = async (counterClock: boolean): Promise<void> => {
      configure({ counterClock, directIdle: true });
      const rm = new RuntimeMetrics({ instruments: false }).start();
      try {
        await sleep(40);
        const { eventLoop, busy, window } = await blockedWindow(rm);
        const { delay } = eventLoop;
        expect(delay.max as number).toBeGreaterThanOrEqual(busy * 0.99);
        expect(delay.max as number).toBeLessThanOrEqual(window * 1.01);
      } finally {
        rm.shutdown();
      }
    };
    await measure(false);
    await measure(true);
  });
});

describe('delay windows', () => {
  it('are per consumer: one instance reading does not empty another one’s window', async () => {
    const a = new RuntimeMetrics({ instruments: false }).start();
    const b = new RuntimeMetrics({ instruments: false }).start();
    try {
      await sleep(5);
      a.snapshot();
      b.snapshot();
      await blockInTimer(40);
      const afterBlock = performance.now();
      await sleep(2);
      const first = a.snapshot().eventLoop;
      await turns(3);
      const second = b.snapshot().eventLoop; // b's window still holds the block a has already reported
      expect(first.delay.max).toBeGreaterThanOrEqual(0.04);
      expect(second.delay.max).toBe(first.delay.max);
      expect(second.delay.count).toBeGreaterThan(first.delay.count);
      expect(second.utilization).not.toBeNull();
      // and a's next window starts after its own read: its iterations all began after the block ended (the
      // prepare before that read follows the timer set after the block), so none is longer than that stretch,
      // which on a machine that is not stalling is far shorter than the 40 ms block.
      const next = a.snapshot().eventLoop.delay.max ?? 0;
      expect(next).toBeLessThanOrEqual(((performance.now() - afterBlock) / 1000) * 1.01);
    } finally {
      a.shutdown();
      b.shutdown();
    }
  });

  it('a shut-down instance frees its window and reports no delay', async () => {
    const rm = new RuntimeMetrics({ instruments: false }).start();
    rm.shutdown();
    busyWait(5);
    await turns(2);
    expect(rm.snapshot().eventLoop.delay).toEqual({ count: 0, min: null, max: null, mean: null, stddev: null, p50: null, p90: null, p99: null });
    expect(rm.snapshot().eventLoop.utilization).toBeNull();
  });
});

describe('V8 heap spaces through the addon', () => {
  it('are read natively where V8’s API is found, with the same spaces and sizes as v8.getHeapSpaceStatistics()', () => {
    const core = runtimeCore();
    expect(core.info().heap).toBe('v8'); // Node exports V8's API
    expect(core.heapSpaces).toEqual(v8.getHeapSpaceStatistics().map((s) => s.space_name));
    const rm = new RuntimeMetrics({ instruments: false });
    global.gc?.();
    const spaces = rm.snapshot().heap.spaces;
    const js = v8.getHeapSpaceStatistics();
    js.forEach((s, i) => {
      const mine = spaces[i];
      expect(mine?.name).toBe(s.space_name);
      // committed sizes only move when V8 grows a space; used sizes by what the two reads allocated
      expect(Math.abs((mine?.size ?? -1) - s.space_size)).toBeLessThanOrEqual(1 << 20);
      expect(Math.abs((mine?.used ?? -1) - s.space_used_size)).toBeLessThanOrEqual(1 << 20);
    });
  });
});

describe('an instance dropped without shutdown()', () => {
  it('gives back its window and its use of the hook once collected', async () => {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const core = runtimeCore();
    const windowsBefore = core.info().windows;
    const runningBefore = core.running;
    ((): void => {
      new RuntimeMetrics({ instruments: false }).start().snapshot();
    })();
    expect(core.info().windows).toBe(windowsBefore + 1);
    for (let i = 0; i < 20 && core.info().windows > windowsBefore; i++) {
      gc();
      await sleep(5); // FinalizationRegistry callbacks run after the collection, from the loop
    }
    expect(core.info().windows).toBe(windowsBefore);
    expect(core.running).toBe(runningBefore);
  });
});
