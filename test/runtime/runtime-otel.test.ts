import * as net from 'net';
import * as v8 from 'v8';
import * as vm from 'vm';
import { ValueType } from '@opentelemetry/api';
import {
  AggregationTemporality,
  MeterProvider,
  type HistogramMetricData,
  type MetricData,
} from '@opentelemetry/sdk-metrics';
import { GC_DURATION_BUCKETS, RuntimeMetrics } from '../../src/runtime';
import { RUNTIME_ROWS } from '../../src/otel/catalogue';
import { checkAgainstRow } from '../support/rows';
import { busyWait, sleep, TestReader, turns } from './helpers';

// The runtime rows (src/otel/catalogue/runtime.ts), RuntimeMetrics' own extras included, are the one reference for
// what it emits (test/support/rows.ts checks a metric against its row).
const runtimeRows = new Map(RUNTIME_ROWS.map((r) => [r.name, r]));

function forceGc(): void {
  v8.setFlagsFromString('--expose-gc');
  (vm.runInNewContext('gc') as () => void)();
}

// v8js.resource.active has points only for the resource types an instance has seen: every test holds one (a
// listening TCP handle) open, whatever else the test runner's process has open at that moment.
let held: net.Server;
beforeAll(async () => {
  held = net.createServer().listen(0, '127.0.0.1');
  await new Promise((r) => held.once('listening', r));
});
afterAll(() => {
  held.close();
});

function checkAll(metrics: MetricData[]): Map<string, MetricData> {
  const byName = new Map(metrics.map((m) => [m.descriptor.name, m]));
  for (const m of metrics) {
    expect(m.aggregationTemporality).toBe(AggregationTemporality.CUMULATIVE);
    expect(m.dataPoints.length).toBeGreaterThan(0);
    checkAgainstRow(m, runtimeRows.get(m.descriptor.name));
  }
  // every runtime row is there
  for (const row of RUNTIME_ROWS) expect([row.name, byName.has(row.name)]).toEqual([row.name, true]);
  const gc = byName.get('v8js.gc.duration') as HistogramMetricData;
  const major = gc.dataPoints.find((p) => p.attributes['v8js.gc.type'] === 'major');
  expect(major?.value.buckets.boundaries).toEqual(GC_DURATION_BUCKETS);
  expect(major?.value.count).toBeGreaterThanOrEqual(1);
  expect(major?.value.buckets.counts.reduce((a, b) => a + b, 0)).toBe(major?.value.count);
  const time = byName.get('nodejs.eventloop.time') as MetricData;
  expect(time.dataPoints.map((p) => p.attributes['nodejs.eventloop.state']).sort()).toEqual(['active', 'idle']);
  const used = byName.get('v8js.memory.heap.used') as MetricData;
  expect(used.dataPoints.map((p) => p.attributes['v8js.heap.space.name'])).toContain('old_space');
  return byName;
}

describe('OpenTelemetry instruments', () => {
  it('collect through a MeterProvider: names, kinds, units and attributes match the catalogue', async () => {
    const reader = new TestReader();
    const provider = new MeterProvider({ readers: [reader] });
    const rm = new RuntimeMetrics({ meterProvider: provider, name: 'test' }).start();
    // An active handle of our own at the collect, so v8js.resource.active has a point whatever else is open.
    const keep = setInterval(() => undefined, 60000);
    try {
      forceGc();
      await turns(4); // at least two recorded iterations, wherever in the loop the test body runs
      busyWait(5);
      await sleep(20);
      const { resourceMetrics, errors } = await reader.collect();
      expect(errors).toEqual([]);
      const scope = resourceMetrics.scopeMetrics.find((s) => s.scope.name === 'test');
      const byName = checkAll(scope?.metrics ?? []);
      const max = byName.get('nodejs.eventloop.delay.max') as MetricData;
      expect(max.dataPoints[0]?.value).toBeGreaterThanOrEqual(0.005);
      expect(max.descriptor.valueType).toBe(ValueType.DOUBLE);
    } finally {
      clearInterval(keep);
      rm.shutdown();
      await provider.shutdown();
    }
  });

  it('works with two readers at once, and shutdown() removes the callback', async () => {
    const a = new TestReader();
    const b = new TestReader();
    const provider = new MeterProvider({ readers: [a, b] });
    const rm = new RuntimeMetrics({ meterProvider: provider }).start();
    try {
      await turns(3);
      const ra = await a.collect();
      await turns(3);
      const rb = await b.collect();
      const names = (r: typeof ra): string[] =>
        r.resourceMetrics.scopeMetrics.flatMap((s) => s.metrics.filter((m) => m.dataPoints.length > 0).map((m) => m.descriptor.name));
      expect(names(ra)).toContain('nodejs.eventloop.delay.p99');
      expect(names(rb)).toContain('nodejs.eventloop.delay.p99');
      expect(names(rb)).toContain('v8js.memory.heap.space.size');
      // once the callback is removed the SDK only repeats the last observation: cumulative loop time stops moving
      const active = (r: typeof ra): unknown =>
        r.resourceMetrics.scopeMetrics
          .flatMap((s) => s.metrics)
          .find((m) => m.descriptor.name === 'nodejs.eventloop.time')
          ?.dataPoints.find((p) => p.attributes['nodejs.eventloop.state'] === 'active')?.value;
      const live1 = active(await a.collect());
      busyWait(20);
      const live2 = active(await a.collect());
      expect((live2 as number) - (live1 as number)).toBeGreaterThanOrEqual(0.02);
      rm.shutdown();
      const stale1 = active(await a.collect());
      busyWait(20);
      const stale2 = active(await a.collect());
      expect(stale2).toBe(stale1);
    } finally {
      rm.shutdown();
      await provider.shutdown();
    }
  });
});

describe('metricData() fast path', () => {
  it('returns CUMULATIVE MetricData that match the catalogue and the SDK enums', async () => {
    const rm = new RuntimeMetrics({ instruments: false }).start();
    try {
      forceGc();
      await turns(3);
      await sleep(20);
      const data = rm.metricData();
      const byName = checkAll(data);
      const resources = byName.get('v8js.resource.active') as MetricData;
      expect(resources.dataPoints.find((d) => d.attributes['v8js.resource.type'] === 'tcp')?.value).toBeGreaterThanOrEqual(1);
      const util = byName.get('nodejs.eventloop.utilization') as MetricData;
      expect(util.dataPoints[0]?.value).toBeGreaterThanOrEqual(0);
      expect(util.dataPoints[0]?.value).toBeLessThanOrEqual(1);
      const p = util.dataPoints[0];
      // HrTime pairs: seconds and nanoseconds of wall-clock time; the end follows the start
      expect(p?.endTime[1]).toBeLessThan(1e9);
      expect((p?.endTime[0] as number) * 1e3).toBeGreaterThan(Date.now() - 60_000);
      expect(p!.endTime[0] + p!.endTime[1] / 1e9).toBeGreaterThanOrEqual(p!.startTime[0] + p!.startTime[1] / 1e9);
    } finally {
      rm.shutdown();
    }
  });

  it('keeps a result intact until the second call after it, then reuses its array, MetricData and points', async () => {
    const rm = new RuntimeMetrics({ instruments: false }).start();
    try {
      await turns(3);
      const first = rm.metricData();
      const heapFirst = first.find((m) => m.descriptor.name === 'v8js.memory.heap.used');
      const firstEnd = [...(heapFirst?.dataPoints[0]?.endTime ?? [])];
      const firstValues = heapFirst?.dataPoints.map((p) => p.value);
      await turns(3);
      const second = rm.metricData();
      expect(second).not.toBe(first);
      // the first result is untouched by the second call
      expect(heapFirst?.dataPoints[0]?.endTime).toEqual(firstEnd);
      expect(heapFirst?.dataPoints.map((p) => p.value)).toEqual(firstValues);
      await turns(3);
      const third = rm.metricData();
      const heapThird = third.find((m) => m.descriptor.name === 'v8js.memory.heap.used');
      expect(third).toBe(first);
      expect(heapThird).toBe(heapFirst);
      expect(heapThird?.dataPoints.length).toBe(v8.getHeapSpaceStatistics().length);
    } finally {
      rm.shutdown();
    }
  });
});
