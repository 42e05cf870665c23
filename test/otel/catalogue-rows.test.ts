/**
 * A catalogue row is the only step for a metric to appear: a row added here (a host scalar row and a runtime row)
 * comes out of both export paths, the instruments (MeterProvider + reader) and the MetricProducer, with the row's
 * kind, unit, description and value type, and with the value of the table slot the row names.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { HostMetrics, RuntimeMetrics } from '../../src';
import { HOST_METRICS, RUNTIME_ROWS, type MetricDef, type RuntimeRow } from '../../src/otel/catalogue';
import { CONTAINER_METRICS } from '../../src/otel/container/catalogue';
import { FakeSource, fullFrame, kindOf, metric, providerWithReader, TestReader } from './helpers';

const ROOT = path.join(__dirname, '..', '..');
const DATA = path.join(ROOT, 'test', 'catalogue', 'metrics.json');
import type { CollectionResult, MetricData } from '@opentelemetry/sdk-metrics';
import { MeterProvider } from '@opentelemetry/sdk-metrics';

const HOST_ROW: MetricDef = Object.freeze<MetricDef>({
  name: 'test.memory.free',
  kind: 'UpDownCounter',
  unit: 'By',
  int: true,
  description: 'A row the test added: MemFree read through the row',
  group: 'system.memory',
  optIn: false,
  value: { table: 'memory', field: 'free' },
});

const RUNTIME_ROW: RuntimeRow = Object.freeze<RuntimeRow>({
  name: 'test.uv.threadpool',
  kind: 'Gauge',
  unit: '{thread}',
  int: false,
  description: 'A row the test added: the libuv thread-pool size slot',
  group: 'nodejs.eventloop',
  optIn: false,
  extra: true,
  value: { slot: 'threadpoolSize' },
});

/** The descriptor facts of an exported metric, as a row states them. */
function facts(m: MetricData | undefined): Record<string, unknown> {
  if (!m) return {};
  return { kind: kindOf(m), unit: m.descriptor.unit, description: m.descriptor.description, int: m.descriptor.valueType === 0 };
}

function pointValues(r: CollectionResult, name: string): number[] {
  return ((metric(r, name)?.dataPoints ?? []) as Array<{ value: number }>).map((p) => p.value);
}

const want = (row: MetricDef | RuntimeRow): Record<string, unknown> => ({
  kind: row.kind,
  unit: row.unit,
  description: row.description,
  int: row.int,
});

describe('a row added to the catalogue appears on both paths', () => {
  test('a host scalar row: its table slot, with kind, unit and description, through instruments and producer', async () => {
    const free = 123456789;
    const source = new FakeSource({ scalars: { memory: { total: 2e9, available: 1e9, free } } });
    const rows = [...HOST_METRICS, HOST_ROW];
    const { provider, reader } = providerWithReader();
    const viaInstruments = new HostMetrics({ source, meterProvider: provider, metricGroups: ['system.memory'], runtimeMetrics: false }, rows);
    viaInstruments.start();
    const viaProducer = new HostMetrics({ source, metricGroups: ['system.memory'], runtimeMetrics: false }, rows);
    const producer = viaProducer.metricProducer({ reuse: false });

    const fromInstruments = await reader.collect();
    const b = await producer.collect();
    expect(facts(metric(fromInstruments, HOST_ROW.name))).toEqual(want(HOST_ROW));
    expect(facts(metric(b, HOST_ROW.name))).toEqual(want(HOST_ROW));
    expect(pointValues(fromInstruments, HOST_ROW.name)).toEqual([free]);
    expect(pointValues(b, HOST_ROW.name)).toEqual([free]);
    // Without the row, neither path has it: the row is what makes it appear.
    const plain = new HostMetrics({ source, metricGroups: ['system.memory'], runtimeMetrics: false });
    expect(metric(await plain.metricProducer().collect(), HOST_ROW.name)).toBeUndefined();
    await Promise.all([viaInstruments.shutdown(), viaProducer.shutdown(), plain.shutdown(), provider.shutdown()]);
  });

  test('a runtime row: its native slot, with kind, unit and description, through instruments and metricData()', async () => {
    const env = process.env.UV_THREADPOOL_SIZE;
    const threads = env === undefined ? 4 : Math.min(1024, Math.max(1, parseInt(env, 10) || 1));
    const rows = [...RUNTIME_ROWS, RUNTIME_ROW];
    const reader = new TestReader();
    const provider = new MeterProvider({ readers: [reader] });
    const viaInstruments = new RuntimeMetrics({ meterProvider: provider }, rows).start();
    const viaData = new RuntimeMetrics({ instruments: false }, rows).start();

    const fromInstruments = await reader.collect();
    expect(facts(metric(fromInstruments, RUNTIME_ROW.name))).toEqual(want(RUNTIME_ROW));
    expect(pointValues(fromInstruments, RUNTIME_ROW.name)).toEqual([threads]);
    const data = viaData.metricData().find((m) => m.descriptor.name === RUNTIME_ROW.name);
    expect(facts(data)).toEqual(want(RUNTIME_ROW));
    expect((data?.dataPoints as Array<{ value: number }> | undefined)?.map((p) => p.value)).toEqual([threads]);
    // Every other row still comes out with its own facts on both paths.
    for (const row of RUNTIME_ROWS.filter((x) => x.kind !== 'Histogram' && x.value === 'time')) {
      expect(facts(metric(fromInstruments, row.name))).toEqual(want(row));
      expect(facts(viaData.metricData().find((m) => m.descriptor.name === row.name))).toEqual(want(row));
    }
    viaInstruments.shutdown();
    viaData.shutdown();
    await provider.shutdown();
  });
});

/** Checks every point's attributes against its row's spec; returns how many attribute values were checked. */
function checkAttributes(results: CollectionResult[], catalogue: readonly MetricDef[]): number {
  const rows = new Map(catalogue.map((r) => [r.name, r]));
  let checked = 0;
  for (const r of results) {
    for (const sm of r.resourceMetrics.scopeMetrics) {
      for (const m of sm.metrics) {
        const spec = rows.get(m.descriptor.name)?.attributes ?? {};
        for (const p of m.dataPoints as Array<{ attributes: Record<string, unknown> }>) {
          for (const [k, v] of Object.entries(p.attributes)) {
            expect([m.descriptor.name, k, k in spec]).toEqual([m.descriptor.name, k, true]);
            const allowed = spec[k];
            if (Array.isArray(allowed)) expect([m.descriptor.name, k, allowed.includes(v as string)]).toEqual([m.descriptor.name, k, true]);
            checked++;
          }
        }
      }
    }
  }
  return checked;
}

describe('the rows state the attributes the code emits', () => {
  test('every point of a full sample has only its row’s attributes, with allowed values (both paths)', async () => {
    const { frame, asyncFrame } = fullFrame();
    const source = new FakeSource(frame);
    source.asyncFrame = asyncFrame;
    const { provider, reader } = providerWithReader();
    const hm = new HostMetrics({ source, meterProvider: provider, runtimeMetrics: false, perCpu: true, optIn: ['system.disk.pending_operations'] });
    hm.start();
    await hm.refreshAsync();
    const results = [await reader.collect(), await hm.metricProducer({ reuse: false }).collect()];
    const checked = checkAttributes(results, HOST_METRICS);
    expect(checked).toBeGreaterThan(100);
    await hm.shutdown();
    await provider.shutdown();
  });

  test('the container rows too, on the cgroup fixture (v2-limits)', async () => {
    const fixture = path.join(ROOT, 'test', 'fixtures', 'cgroup', 'v2-limits');
    const hm = new HostMetrics({
      procRoot: path.join(fixture, 'proc'),
      cgroupRoot: path.join(fixture, 'sys', 'fs', 'cgroup'),
      metricGroups: ['container'],
      runtimeMetrics: false,
    });
    const producer = hm.metricProducer({ reuse: false });
    await producer.collect();
    expect(checkAttributes([await producer.collect()], CONTAINER_METRICS)).toBeGreaterThan(20);
    await hm.shutdown();
  });

  test('METRICS.md generation refuses catalogue data whose attributes differ from the rows', () => {
    const data = JSON.parse(fs.readFileSync(DATA, 'utf8')) as { metrics: Array<{ name: string; attributes: Record<string, unknown> }> };
    const row = data.metrics.find((r) => r.name === 'system.paging.operations')!;
    row.attributes = { 'system.paging.direction': ['in', 'out', 'sideways'] };
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ps-rows-'));
    try {
      const file = path.join(dir, 'metrics.json');
      fs.writeFileSync(file, JSON.stringify(data));
      const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'metrics-doc.js'), '--check', '--data', file], { cwd: ROOT, encoding: 'utf8', timeout: 30000 });
      expect(r.status).toBe(1);
      expect(r.stdout + r.stderr).toContain('system.paging.operations: attributes are {"system.paging.direction":["in","out"]} in the code');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
