/**
 * GC pauses from V8's GC callbacks (native/v8_heap.h) against Node's own 'gc' performance entries, and the
 * v8js.gc.duration histogram instrument fed from them, past the native per-window buffer (1024 pauses).
 */
import { PerformanceObserver, constants, type PerformanceEntry } from 'perf_hooks';
import * as v8 from 'v8';
import * as vm from 'vm';
import { MeterProvider, type HistogramMetricData } from '@opentelemetry/sdk-metrics';
import { GC_DURATION_BUCKETS, RuntimeMetrics } from '../../src/runtime';
import { runtimeCore } from '../../src/runtime/native-runtime';
import { sleep, TestReader, until } from './helpers';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as (options?: { type?: 'major' | 'minor' }) => void;

describe('GC pauses through V8’s GC callbacks', () => {
  it('are used where Node exports V8’s API', () => {
    expect(runtimeCore().gcNative).toBe(true);
    expect(runtimeCore().info().gc).toBe('v8');
  });

  it('count the same collections as Node’s gc performance entries, with the same durations', async () => {
    const entries: PerformanceEntry[] = [];
    const observer = new PerformanceObserver((list) => entries.push(...list.getEntries()));
    observer.observe({ entryTypes: ['gc'] });
    const rm = new RuntimeMetrics({ instruments: false }).start();
    try {
      await sleep(5);
      // Only the entries of collections that started between the two snapshots: a collection the test's own
      // allocations cause while it waits for delivery is neither in the native window nor compared.
      const t0 = performance.now();
      const before = rm.snapshot().gc;
      for (let i = 0; i < 5; i++) gc();
      for (let i = 0; i < 5; i++) gc({ type: 'minor' });
      const after = rm.snapshot().gc;
      const t1 = performance.now();
      const kind = (e: PerformanceEntry): number | undefined => (e as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind;
      const inWindow = (k: number) => entries.filter((e) => kind(e) === k && e.startTime >= t0 && e.startTime <= t1);
      const dMajor = after.byType.major.count - before.byType.major.count;
      const dMinor = after.byType.minor.count - before.byType.minor.count;
      // Node delivers entries asynchronously, later on a busy machine: wait for them rather than for a fixed time
      await until(
        () => inWindow(constants.NODE_PERFORMANCE_GC_MAJOR).length >= dMajor && inWindow(constants.NODE_PERFORMANCE_GC_MINOR).length >= dMinor,
        'the gc performance entries',
      );
      await sleep(20); // and a little longer, so an entry counted twice would show
      const major = inWindow(constants.NODE_PERFORMANCE_GC_MAJOR);
      const minor = inWindow(constants.NODE_PERFORMANCE_GC_MINOR);
      expect(dMajor).toBe(major.length);
      expect(dMinor).toBe(minor.length);
      expect(major.length).toBeGreaterThanOrEqual(5);
      expect(minor.length).toBeGreaterThanOrEqual(5);
      const nodeMajor = major.reduce((n, e) => n + e.duration / 1000, 0);
      const mine = after.byType.major.totalDuration - before.byType.major.totalDuration;
      // both measure prologue to epilogue; callbacks registered at different times run a few µs apart
      expect(Math.abs(mine - nodeMajor)).toBeLessThan(0.0005 + 0.1 * nodeMajor);
    } finally {
      rm.shutdown();
      observer.disconnect();
    }
  });

  it('reach the histogram instrument with the native count, sum, min, max and buckets, beyond 1024 pauses between collects', async () => {
    const reader = new TestReader();
    const provider = new MeterProvider({ readers: [reader] });
    const rm = new RuntimeMetrics({ meterProvider: provider }).start();
    try {
      await reader.collect();
      for (let i = 0; i < 1300; i++) gc({ type: 'minor' });
      gc();
      // The collect drains every pause up to its callback; the SDK allocates after that, so a pause may land
      // between the callback and any later reading. The native tally before the collect and after it bound
      // what the histogram holds: no pause lost, none counted twice, past the 1024-pause buffer.
      const before = rm.snapshot().gc;
      const { resourceMetrics } = await reader.collect();
      const after = rm.snapshot().gc;
      const md = rm.metricData().find((m) => m.descriptor.name === 'v8js.gc.duration') as HistogramMetricData;
      const metric = resourceMetrics.scopeMetrics
        .flatMap((s) => s.metrics)
        .find((m) => m.descriptor.name === 'v8js.gc.duration') as HistogramMetricData;
      const point = (type: string) => metric.dataPoints.find((p) => p.attributes['v8js.gc.type'] === type)?.value;
      const minor = point('minor')!;
      expect(before.byType.minor.count).toBeGreaterThanOrEqual(1300);
      expect(minor.count).toBeGreaterThanOrEqual(before.byType.minor.count);
      expect(minor.count).toBeLessThanOrEqual(after.byType.minor.count);
      expect(minor.sum).toBeGreaterThanOrEqual(before.byType.minor.totalDuration - 1e-9);
      expect(minor.sum).toBeLessThanOrEqual(after.byType.minor.totalDuration + 1e-9);
      expect(minor.buckets.boundaries).toEqual(GC_DURATION_BUCKETS);
      expect(minor.buckets.counts.reduce((a, b) => a + b, 0)).toBe(minor.count);
      // The native tally (metricData(), read last) holds every pause the histogram holds, and the ones since:
      // bucket by bucket at least as many, exactly as many more in all as its count is larger; min/max enclose.
      const native = md.dataPoints.find((p) => p.attributes['v8js.gc.type'] === 'minor')!.value;
      const extra = native.count - minor.count;
      expect(extra).toBeGreaterThanOrEqual(0);
      const diffs = native.buckets.counts.map((n, b) => n - (minor.buckets.counts[b] as number));
      expect(diffs.every((d) => d >= 0)).toBe(true);
      expect(diffs.reduce((a, b) => a + b, 0)).toBe(extra);
      expect(native.min).toBeLessThanOrEqual(minor.min as number);
      expect(native.max).toBeGreaterThanOrEqual(minor.max as number);
      if (extra === 0) {
        expect([native.min, native.max]).toEqual([minor.min, minor.max]);
        expect(native.sum).toBeCloseTo(minor.sum as number, 9); // the same pauses, added in another order
      }
      const major = point('major')!;
      expect(major.count).toBeGreaterThanOrEqual(before.byType.major.count);
      expect(major.count).toBeLessThanOrEqual(after.byType.major.count);
    } finally {
      rm.shutdown();
      await provider.shutdown();
    }
  });
});
