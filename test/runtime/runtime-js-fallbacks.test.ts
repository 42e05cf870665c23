/**
 * The JavaScript fallbacks for hosts where the addon does not find V8's C++ API (native/v8_heap.h): heap spaces
 * from v8.getHeapSpaceStatistics() and GC pauses from a PerformanceObserver. The addon is told to hide the API
 * (runtimeConfigure({ v8Api: false })) before this file's modules create their RuntimeCore.
 */
import * as v8 from 'v8';
import * as vm from 'vm';
import { loadAddon } from '../../src/native';
import { until } from './helpers';

const addon = loadAddon() as unknown as { runtimeConfigure(o: { v8Api?: boolean }): void };

describe('without V8’s C++ API', () => {
  let RuntimeMetrics: typeof import('../../src/runtime').RuntimeMetrics;
  let runtimeCore: typeof import('../../src/runtime/native-runtime').runtimeCore;
  beforeAll(() => {
    addon.runtimeConfigure({ v8Api: false });
    jest.isolateModules(() => {
      ({ RuntimeMetrics } = require('../../src/runtime') as typeof import('../../src/runtime'));
      ({ runtimeCore } = require('../../src/runtime/native-runtime') as typeof import('../../src/runtime/native-runtime'));
    });
  });
  afterAll(() => addon.runtimeConfigure({ v8Api: true }));

  it('reads heap spaces through v8.getHeapSpaceStatistics()', () => {
    const core = runtimeCore();
    expect(core.heapSpaces).toBeNull();
    expect(core.gcNative).toBe(false);
    expect(core.info()).toMatchObject({ heap: 'none', gc: 'none' });
    const { heap } = new RuntimeMetrics({ instruments: false }).snapshot();
    expect(heap.spaces.map((s) => s.name)).toEqual(v8.getHeapSpaceStatistics().map((s) => s.space_name));
    expect(heap.used).toBe(heap.spaces.reduce((n, s) => n + s.used, 0));
  });

  it('counts GC pauses through a PerformanceObserver', async () => {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const rm = new RuntimeMetrics({ instruments: false }).start();
    try {
      const before = rm.snapshot().gc.byType.major.count;
      gc();
      gc();
      // entries reach observers asynchronously, later on a busy machine: wait for them rather than for a fixed time
      await until(() => rm.snapshot().gc.byType.major.count - before >= 2, 'two major GC entries');
      const after = rm.snapshot().gc;
      expect(after.byType.major.count - before).toBeGreaterThanOrEqual(2);
      expect(after.byType.major.totalDuration).toBeGreaterThan(0);
      const md = rm.metricData().find((m) => m.descriptor.name === 'v8js.gc.duration');
      expect(md?.dataPoints.length).toBeGreaterThan(0);
    } finally {
      rm.shutdown();
    }
  });
});
