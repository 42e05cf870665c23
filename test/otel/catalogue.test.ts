import * as sc from '../../src/semconv';
import { HostMetrics } from '../../src/otel';
import { HOST_METRICS } from '../../src/otel/catalogue';
import { FakeSource, fullFrame, kindOf, loadCatalogue, providerWithReader } from './helpers';
import type { CollectionResult, MetricData } from '@opentelemetry/sdk-metrics';

const catalogue = loadCatalogue();
const byName = new Map(catalogue.map((r) => [r.name, r]));

function allMetrics(r: CollectionResult): MetricData[] {
  return r.resourceMetrics.scopeMetrics.flatMap((s) => s.metrics);
}

function checkAgainstCatalogue(metrics: MetricData[]): void {
  for (const m of metrics) {
    const row = byName.get(m.descriptor.name);
    expect(row).toBeDefined();
    if (!row) continue;
    expect([m.descriptor.name, kindOf(m)]).toEqual([row.name, row.kind]);
    expect([m.descriptor.name, m.descriptor.unit]).toEqual([row.name, row.unit]);
    expect(m.dataPoints.length).toBeGreaterThan(0);
    for (const p of m.dataPoints) {
      if (row.kind === 'Histogram') expect((p.value as { count: number }).count).toBeGreaterThan(0);
      else expect([m.descriptor.name, Number.isFinite(p.value as number)]).toEqual([m.descriptor.name, true]);
      for (const [k, v] of Object.entries(p.attributes)) {
        const spec = row.attributes[k];
        expect([m.descriptor.name, k, spec !== undefined]).toEqual([m.descriptor.name, k, true]);
        if (Array.isArray(spec)) expect(spec).toContain(v);
        else if (spec === 'string') expect(typeof v).toBe('string');
        else expect(Number.isInteger(v)).toBe(true);
      }
      // Required attributes (enumerations, strings) are present; the opt-in int one only with perCpu.
      for (const [k, spec] of Object.entries(row.attributes)) {
        if (typeof spec === 'string' && spec.includes('opt-in')) continue;
        expect([m.descriptor.name, k, k in p.attributes]).toEqual([m.descriptor.name, k, true]);
      }
    }
  }
}

describe('the emitted metrics match metrics.json', () => {
  test('semconv.ts has a METRIC_ constant for every row and an ATTR_ constant for every attribute', () => {
    const values = new Set<unknown>(Object.values(sc));
    for (const row of catalogue) {
      expect(values.has(row.name)).toBe(true);
      for (const k of Object.keys(row.attributes)) expect(values.has(k)).toBe(true);
    }
  });

  test('HOST_METRICS is exactly the system.* and process.* rows, same kind, unit, group, default', () => {
    const rows = catalogue.filter((r) => r.name.startsWith('system.') || r.name.startsWith('process.'));
    expect(HOST_METRICS.map((d) => d.name).sort()).toEqual(rows.map((r) => r.name).sort());
    for (const d of HOST_METRICS) {
      const r = byName.get(d.name)!;
      expect({ name: d.name, kind: d.kind, unit: d.unit, group: d.group, optIn: d.optIn }).toEqual({
        name: r.name, kind: r.kind, unit: r.unit, group: r.group, optIn: !r.default,
      });
    }
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
    const defaults = catalogue.filter((c) => c.default && (c.name.startsWith('system.') || c.name.startsWith('process.')));
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
    const defaults = catalogue.filter((c) => c.default).map((c) => c.name).sort();
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
