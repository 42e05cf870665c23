import * as sc from '../../src/semconv';
import { HostMetrics } from '../../src/otel';
import { HOST_GROUPS, HOST_METRICS, RUNTIME_METRICS } from '../../src/otel/catalogue';
import { ROWS, checkAgainstRow } from '../support/rows';
import { FakeSource, fullFrame, providerWithReader } from './helpers';
import type { CollectionResult, MetricData } from '@opentelemetry/sdk-metrics';

// The catalogue rows are the one reference for what is emitted (test/support/rows.ts); the rows themselves are
// checked against the project's copy of the semantic-convention data by scripts/metrics-doc.js --check.
const rows = [...ROWS.values()];

function allMetrics(r: CollectionResult): MetricData[] {
  return r.resourceMetrics.scopeMetrics.flatMap((s) => s.metrics);
}

/** HostMetrics emits host, process and semantic-convention runtime rows only (RuntimeMetrics' extras are its own). */
const HOST_METRICS_ROWS = new Set([...HOST_METRICS, ...RUNTIME_METRICS].map((d) => d.name));

function checkAgainstCatalogue(metrics: MetricData[]): void {
  for (const m of metrics) checkAgainstRow(m);
  expect(metrics.map((m) => m.descriptor.name).filter((n) => !HOST_METRICS_ROWS.has(n))).toEqual([]);
}

describe('the emitted metrics match the catalogue rows', () => {
  test('semconv.ts has a METRIC_ constant for every host, process and runtime row and an ATTR_ constant for every attribute', () => {
    const values = new Set<unknown>(Object.values(sc));
    for (const row of rows.filter((r) => r.group.startsWith('system.') || r.group.startsWith('process.') || r.group.startsWith('nodejs.') || r.group.startsWith('v8js.'))) {
      expect([row.name, values.has(row.name)]).toEqual([row.name, true]);
      for (const k of Object.keys(row.attributes ?? {})) expect([row.name, k, values.has(k)]).toEqual([row.name, k, true]);
    }
  });

  test('HOST_GROUPS is exactly the groups of the HOST_METRICS rows, each with a row, in catalogue order', () => {
    expect([...new Set(HOST_METRICS.map((d) => d.group))]).toEqual([...HOST_GROUPS]);
    for (const d of HOST_METRICS) expect(ROWS.get(d.name)).toBe(d);
  });

  test.each([false, true])('every default metric is emitted with catalogue name/kind/unit/attributes (perCpu=%s)', async (perCpu) => {
    const { frame, asyncFrame } = fullFrame(1);
    const source = new FakeSource(frame);
    source.asyncFrame = asyncFrame;
    let now = 10;
    const { provider, reader } = providerWithReader();
    const hm = new HostMetrics({ meterProvider: provider, source, clock: () => now, perCpu });
    hm.start();
    await hm.refreshAsync();
    now += 1;
    source.frame = fullFrame(2).frame;
    const r = await reader.collect();
    expect(r.errors).toEqual([]);
    const metrics = allMetrics(r);
    checkAgainstCatalogue(metrics);
    const emitted = new Set(metrics.map((m) => m.descriptor.name));
    const defaults = HOST_METRICS.filter((d) => !d.optIn);
    expect(defaults.filter((d) => !emitted.has(d.name)).map((d) => d.name)).toEqual([]);
    expect(emitted.has(sc.METRIC_SYSTEM_DISK_PENDING_OPERATIONS)).toBe(false);
    const cpuTime = metrics.find((m) => m.descriptor.name === sc.METRIC_SYSTEM_CPU_TIME)!;
    expect(cpuTime.dataPoints.length).toBe(perCpu ? 14 : 7);
    expect(cpuTime.dataPoints.every((p) => (sc.ATTR_CPU_LOGICAL_NUMBER in p.attributes) === perCpu)).toBe(true);
    await hm.shutdown();
    await provider.shutdown();
  });

  test('with the runtime groups, every default row of the catalogue is emitted, on both paths', async () => {
    const { frame, asyncFrame } = fullFrame(1);
    const source = new FakeSource(frame);
    source.asyncFrame = asyncFrame;
    let now = 10;
    const { provider, reader } = providerWithReader();
    const hm = new HostMetrics({ meterProvider: provider, source, clock: () => now });
    hm.start();
    const producer = hm.metricProducer({ reuse: false });
    await hm.refreshAsync();
    // Garbage for at least one GC pause (v8js.gc.duration), and loop turns for the event-loop delay window. The
    // runtime core's delay window is shared by RuntimeMetrics instances, so each collect gets its own turns.
    const churn = async (): Promise<number> => {
      let keep = 0;
      for (let i = 0; i < 200; i++) {
        keep += new Array(20000).fill(i).length;
        await new Promise((r) => setImmediate(r));
      }
      return keep;
    };
    now += 1;
    source.frame = fullFrame(2).frame;
    const defaults = [...HOST_METRICS, ...RUNTIME_METRICS].filter((d) => !d.optIn).map((d) => d.name).sort();
    for (const collect of [() => reader.collect(), () => producer.collect()]) {
      expect(await churn()).toBe(200 * 20000);
      const r = await collect();
      expect(r.errors).toEqual([]);
      const metrics = allMetrics(r);
      checkAgainstCatalogue(metrics);
      const emitted = new Set(metrics.map((m) => m.descriptor.name));
      expect(defaults.filter((d) => !emitted.has(d))).toEqual([]);
    }
    await hm.shutdown();
    await provider.shutdown();
  });

  test('runtime metrics follow metricGroups per group, and only catalogue rows are emitted', async () => {
    const source = new FakeSource(fullFrame(1).frame);
    const { provider, reader } = providerWithReader();
    const hm = new HostMetrics({ meterProvider: provider, source, metricGroups: ['v8js.memory', 'system.uptime'] });
    hm.start();
    const producer = hm.metricProducer({ reuse: false });
    for (const r of [await reader.collect(), await producer.collect()]) {
      const names = new Set(allMetrics(r).map((m) => m.descriptor.name));
      expect([...names].sort()).toEqual([
        sc.METRIC_SYSTEM_UPTIME,
        sc.METRIC_V8JS_MEMORY_HEAP_SPACE_AVAILABLE_SIZE,
        sc.METRIC_V8JS_MEMORY_HEAP_SPACE_PHYSICAL_SIZE,
        sc.METRIC_V8JS_MEMORY_HEAP_SPACE_SIZE,
        sc.METRIC_V8JS_MEMORY_HEAP_USED,
      ]);
    }
    await hm.shutdown();
    await provider.shutdown();
  });

  test('opt-in: system.disk.pending_operations only when asked', async () => {
    const source = new FakeSource(fullFrame(1).frame);
    const { provider, reader } = providerWithReader();
    const hm = new HostMetrics({ meterProvider: provider, source, optIn: [sc.METRIC_SYSTEM_DISK_PENDING_OPERATIONS], metricGroups: ['system.disk'] });
    hm.start();
    const r = await reader.collect();
    checkAgainstCatalogue(allMetrics(r));
    const m = allMetrics(r).find((x) => x.descriptor.name === sc.METRIC_SYSTEM_DISK_PENDING_OPERATIONS)!;
    expect(m.dataPoints.map((p) => [p.attributes[sc.ATTR_SYSTEM_DEVICE], p.value])).toEqual([['sda', 1]]);
    expect(new Set(allMetrics(r).map((x) => x.descriptor.name))).toEqual(
      new Set(HOST_METRICS.filter((d) => d.group === 'system.disk').map((d) => d.name)),
    );
    await hm.shutdown();
    await provider.shutdown();
  });
});
