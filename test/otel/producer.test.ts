import { ValueType } from '@opentelemetry/api';
import {
  AggregationTemporality,
  DataPointType,
  MeterProvider,
  type CollectionResult,
} from '@opentelemetry/sdk-metrics';
import { PrometheusSerializer } from '@opentelemetry/exporter-prometheus';
import * as sc from '../../src/semconv';
import { HOST_GROUPS, HostMetrics } from '../../src/otel';
import { FakeSource, TestReader, flatten, fullFrame, metric, value } from './helpers';
import { FakeProc, ticks } from './procfs';

/** The exposition text without the scope/target info lines, which differ only by the SDK's own bookkeeping. */
function exposition(r: CollectionResult): string {
  const s = new PrometheusSerializer('', false, undefined, true, true);
  return s.serialize(r.resourceMetrics);
}

describe('loading', () => {
  test('the OTel layer loads and produces without @opentelemetry/api installed (an optional peer)', async () => {
    let mod!: typeof import('../../src/otel');
    jest.isolateModules(() => {
      jest.doMock('@opentelemetry/api', () => {
        throw new Error('Cannot find module @opentelemetry/api');
      });
      mod = require('../../src/otel') as typeof import('../../src/otel');
    });
    const hm = new mod.HostMetrics({ source: new FakeSource(fullFrame(1).frame), metricGroups: ['system.memory'] });
    const r = await hm.metricProducer().collect();
    expect(value(r, sc.METRIC_SYSTEM_MEMORY_LIMIT)).toBe(8e9);
    expect(() => hm.start()).toThrow(/@opentelemetry\/api/);
    await hm.shutdown();
  });
});

describe('HostMetricProducer', () => {
  test('the numeric constants equal the SDK enums', async () => {
    const source = new FakeSource(fullFrame(1).frame);
    const hm = new HostMetrics({ source, metricGroups: ['system.cpu'] });
    const r = await hm.metricProducer().collect();
    const time = metric(r, sc.METRIC_SYSTEM_CPU_TIME)!;
    const util = metric(r, sc.METRIC_SYSTEM_CPU_UTILIZATION);
    const count = metric(r, sc.METRIC_SYSTEM_CPU_LOGICAL_COUNT)!;
    expect(time.aggregationTemporality).toBe(AggregationTemporality.CUMULATIVE);
    expect(time.dataPointType).toBe(DataPointType.SUM);
    expect(time.dataPointType === DataPointType.SUM && time.isMonotonic).toBe(true);
    expect(count.dataPointType === DataPointType.SUM && count.isMonotonic).toBe(false);
    expect(count.descriptor.valueType).toBe(ValueType.INT);
    expect(time.descriptor.valueType).toBe(ValueType.DOUBLE);
    expect(metric(r, sc.METRIC_SYSTEM_CPU_LOAD_AVERAGE_1M)!.dataPointType).toBe(DataPointType.GAUGE);
    expect(util).toBeUndefined(); // a single sample: no window yet
    expect(r.resourceMetrics.scopeMetrics[0]!.scope).toEqual({ name: 'procsampler', version: expect.any(String) });
    await hm.shutdown();
  });

  test('for the same sample it yields the same data as the instrument path, through the same serializer', async () => {
    const proc = new FakeProc();
    try {
      const frame = (k: number) => ({
        cpu: ticks(100 * k, 50 * k, 800 * k, 5 * k),
        cpus: [[0, ticks(50 * k, 25 * k, 400 * k, 5 * k)], [1, ticks(50 * k, 25 * k, 400 * k)]] as Array<[number, ReturnType<typeof ticks>]>,
        disks: [['sda', 10 * k, 80 * k, 20 * k, 160 * k, 100 * k], ['vdb', k, 8 * k, 2 * k, 16 * k, 10 * k]] as Array<[string, number, number, number, number, number]>,
        net: [['lo', 100 * k, k, 100 * k, k], ['eth0', 1000 * k, 10 * k, 2000 * k, 20 * k]] as Array<[string, number, number, number, number]>,
      });
      proc.write(frame(1));
      let now = 50;
      const sdkReader = new TestReader();
      const provider = new MeterProvider({ readers: [sdkReader] });
      const hm = new HostMetrics({ meterProvider: provider, procRoot: proc.root, clock: () => now, perCpu: true, optIn: [sc.METRIC_SYSTEM_DISK_PENDING_OPERATIONS], metricGroups: [...HOST_GROUPS] });
      hm.start();
      const producer = hm.metricProducer();
      // The producer on a reader of a provider without instruments, as a user would attach it.
      const fastReader = new TestReader({ metricProducers: [producer] });
      const empty = new MeterProvider({ readers: [fastReader] });
      for (const k of [2, 3]) {
        now += 1;
        proc.write(frame(k));
        const viaSdk = await sdkReader.collect();
        const viaProducer = await fastReader.collect();
        expect(flatten(viaProducer)).toEqual(flatten(viaSdk));
        const types = (r: CollectionResult) =>
          r.resourceMetrics.scopeMetrics.flatMap((x) => x.metrics).map((m) => [m.descriptor.name, m.descriptor.unit, m.descriptor.valueType, m.dataPointType]).sort();
        expect(types(viaProducer)).toEqual(types(viaSdk));
        expect(exposition(viaProducer)).toBe(exposition(viaSdk));
        expect(value(viaProducer, sc.METRIC_SYSTEM_CPU_UTILIZATION, { [sc.ATTR_CPU_MODE]: 'idle', [sc.ATTR_CPU_LOGICAL_NUMBER]: 1 })).toBeCloseTo(400 / 475, 12);
        expect(flatten(viaProducer).size).toBeGreaterThanOrEqual(28);
      }
      await hm.shutdown();
      await provider.shutdown();
      await empty.shutdown();
    } finally {
      proc.remove();
    }
  });

  test('objects are reused in two alternating buffers; reuse:false returns fresh ones', async () => {
    const source = new FakeSource(fullFrame(1).frame);
    let now = 1;
    const hm = new HostMetrics({ source, clock: () => now, metricGroups: ['system.memory', 'system.cpu'] });
    const p = hm.metricProducer();
    const a = await p.collect();
    now += 1;
    const b = await p.collect();
    now += 1;
    const limitA = metric(a, sc.METRIC_SYSTEM_MEMORY_LIMIT)!;
    const c = await p.collect();
    expect(c).toBe(a); // the same preallocated result, two collects later
    expect(b).not.toBe(a);
    expect(metric(c, sc.METRIC_SYSTEM_MEMORY_LIMIT)).toBe(limitA);
    expect(metric(c, sc.METRIC_SYSTEM_MEMORY_LIMIT)!.dataPoints[0]).toBe(limitA.dataPoints[0]);
    // Attribute objects are built once and shared by both buffers.
    expect(metric(b, sc.METRIC_SYSTEM_MEMORY_USAGE)!.dataPoints[0]!.attributes).toBe(
      metric(c, sc.METRIC_SYSTEM_MEMORY_USAGE)!.dataPoints[0]!.attributes,
    );
    const fresh = hm.metricProducer({ reuse: false });
    const f1 = await fresh.collect();
    const f2 = await fresh.collect();
    expect(f1).not.toBe(f2);
    expect(metric(f1, sc.METRIC_SYSTEM_MEMORY_LIMIT)!.dataPoints[0]).not.toBe(metric(f2, sc.METRIC_SYSTEM_MEMORY_LIMIT)!.dataPoints[0]);
    expect(value(f2, sc.METRIC_SYSTEM_MEMORY_LIMIT)).toBe(8e9);
    await hm.shutdown();
  });

  test('the point count follows unknown values without stale points', async () => {
    const { frame } = fullFrame(1);
    const source = new FakeSource(frame);
    let now = 1;
    const hm = new HostMetrics({ source, clock: () => now, metricGroups: ['system.memory'] });
    const p = hm.metricProducer();
    expect(metric(await p.collect(), sc.METRIC_SYSTEM_MEMORY_USAGE)!.dataPoints.length).toBe(4);
    delete frame.scalars!.memory!.available;
    delete frame.scalars!.memory!.buffers;
    now += 1;
    const r = await p.collect();
    expect(metric(r, sc.METRIC_SYSTEM_MEMORY_USAGE)!.dataPoints.map((d) => d.attributes[sc.ATTR_SYSTEM_MEMORY_STATE])).toEqual(['free', 'cached']);
    expect(metric(r, sc.METRIC_SYSTEM_MEMORY_LINUX_AVAILABLE)).toBeUndefined();
    await hm.shutdown();
  });
});
