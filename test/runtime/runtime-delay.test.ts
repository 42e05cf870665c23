import { RuntimeMetrics } from '../../src/runtime';
import { blockedWindow, busyWait, sleep, turns } from './helpers';

describe('event-loop delay per iteration', () => {
  let rm: RuntimeMetrics;
  beforeEach(() => {
    rm = new RuntimeMetrics({ instruments: false }).start();
  });
  afterEach(() => rm.shutdown());

  it('a 50 ms block shows in max and p99 of the window', async () => {
    await sleep(20);
    const { delay } = (await blockedWindow(rm)).eventLoop; // only the iterations it makes: no idle sleeps
    // the timer's iteration, three turns, the blocked one: every prepare between the two snapshots
    expect(delay.count).toBeGreaterThanOrEqual(2);
    expect(delay.count).toBeLessThanOrEqual(6);
    expect(delay.max).toBeGreaterThanOrEqual(0.05);
    // with count <= 100, the nearest-rank p99 is the largest iteration: min and max report their true values
    expect(delay.p99).toBe(delay.max);
    const { min, p50, p90, p99, max, mean, stddev } = delay as unknown as Record<string, number>;
    expect(min).toBeLessThanOrEqual(p50 as number);
    expect(p50).toBeLessThanOrEqual(p90 as number);
    expect(p90).toBeLessThanOrEqual(p99 as number);
    expect(mean).toBeGreaterThanOrEqual(min as number);
    expect(mean).toBeLessThanOrEqual(max as number);
    expect(stddev).toBeGreaterThan(0);
  });

  it('each snapshot ends the window: the next one starts empty', async () => {
    await sleep(10);
    busyWait(30);
    await sleep(1);
    const first = rm.snapshot().eventLoop.delay;
    const second = rm.snapshot().eventLoop.delay; // no iteration in between
    expect(first.count).toBeGreaterThan(0);
    expect(first.max).toBeGreaterThanOrEqual(0.03);
    expect(second).toEqual({ count: 0, min: null, max: null, mean: null, stddev: null, p50: null, p90: null, p99: null });
  });

  it('after shutdown() the hook records nothing', async () => {
    rm.shutdown();
    rm.snapshot();
    await sleep(20);
    await new Promise((r) => setImmediate(r));
    expect(rm.snapshot().eventLoop.delay.count).toBe(0);
    rm.start();
    await turns(3); // the first iteration after a start is partial and not recorded
    expect(rm.snapshot().eventLoop.delay.count).toBeGreaterThanOrEqual(2);
  });

  it('two started instances share the hook: stopping one keeps it running for the other', async () => {
    const other = new RuntimeMetrics({ instruments: false }).start();
    other.shutdown();
    rm.snapshot();
    await turns(3);
    expect(rm.snapshot().eventLoop.delay.count).toBeGreaterThanOrEqual(2);
  });
});

describe('event-loop utilization and time', () => {
  let rm: RuntimeMetrics;
  beforeEach(() => {
    rm = new RuntimeMetrics({ instruments: false }).start();
  });
  afterEach(() => rm.shutdown());

  it('is 1 for a busy stretch with no wait in it, and what libuv measured for a sleeping one', async () => {
    await sleep(5);
    rm.snapshot();
    busyWait(200);
    const busy = rm.snapshot().eventLoop; // no poll phase since the previous snapshot: no idle time in the window
    const elu0 = performance.eventLoopUtilization();
    await sleep(300);
    const idle = rm.snapshot().eventLoop;
    const elu = performance.eventLoopUtilization(elu0);
    expect(busy.utilization).toBeGreaterThan(0.99);
    // The sleeping window's share depends on how often a busy machine lets this thread run, so it is compared
    // with Node's own reading of the same window (the same libuv idle time), not with a fixed bound.
    expect(idle.utilization).toBeLessThan(1);
    expect(Math.abs((idle.utilization as number) - elu.utilization)).toBeLessThan(0.05);
    // cumulative time only grows, and the loop waited in epoll during the sleep
    expect(idle.active).toBeGreaterThanOrEqual(busy.active);
    expect(idle.idle - busy.idle).toBeGreaterThan(0);
    expect(Math.abs(idle.idle - busy.idle - elu.idle / 1000)).toBeLessThan(0.01);
  });

  it('agrees with performance.eventLoopUtilization() on cumulative active and idle time', () => {
    const { eventLoop, libuv } = rm.snapshot();
    const elu = performance.eventLoopUtilization();
    expect(eventLoop.idle).toBe(libuv.idleTime);
    expect(Math.abs(eventLoop.idle - elu.idle / 1000)).toBeLessThan(0.001);
    expect(Math.abs(eventLoop.active - elu.active / 1000)).toBeLessThan(0.05);
  });
});
