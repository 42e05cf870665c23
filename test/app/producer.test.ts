import { ValueType } from '@opentelemetry/api';
import {
  AggregationTemporality,
  DataPointType,
  MeterProvider,
  type CollectionResult,
  type Histogram,
  type MetricData,
} from '@opentelemetry/sdk-metrics';
import { PrometheusSerializer } from '@opentelemetry/exporter-prometheus';
import {
  AppMetricProducer,
  ATTR_OTEL_METRIC_OVERFLOW,
  DropCounts,
  HistogramSeries,
  NumberSeries,
  SeriesTable,
  checkBoundaries,
  type AppFeed,
  type AppMetricSource,
} from '../../src/app';
import { appDef } from '../../src/otel/catalogue';
import { TestReader } from '../otel/helpers';

const BOUNDS = Object.freeze([0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10]);
const DURATION = appDef('test.duration', 'Histogram', 's', false, 'test', 'A duration', false, BOUNDS);
const ACTIVE = appDef('test.active', 'UpDownCounter', '{request}', true, 'test', 'In flight');
const TOTAL = appDef('test.total', 'Counter', '{event}', true, 'test', 'Events');
const T0: [number, number] = [1700000000, 0];

function metricsOf(r: CollectionResult): MetricData[] {
  return r.resourceMetrics.scopeMetrics.flatMap((s) => s.metrics);
}
function byName(r: CollectionResult, name: string): MetricData | undefined {
  return metricsOf(r).find((m) => m.descriptor.name === name);
}
function exposition(r: CollectionResult): string {
  return new PrometheusSerializer('', false, undefined, true, true).serialize(r.resourceMetrics);
}

class Source implements AppMetricSource {
  feeds: AppFeed[];
  refreshed = 0;
  constructor(feeds: AppFeed[]) {
    this.feeds = feeds;
  }
  refresh(): void {
    this.refreshed++;
  }
}

describe('HistogramSeries', () => {
  test.each([
    // value -> bucket index (OTel explicit buckets: upper bound inclusive)
    { v: 0, bucket: 0 },
    { v: 0.005, bucket: 0 },
    { v: 0.0051, bucket: 1 },
    { v: 0.1, bucket: 5 },
    { v: 10, bucket: 13 },
    { v: 10.5, bucket: 14 },
  ])('value $v lands in bucket $bucket', ({ v, bucket }) => {
    const h = new HistogramSeries({}, BOUNDS, T0);
    h.record(v);
    expect(h.bucketCount).toBe(15);
    expect(Array.from({ length: 15 }, (_, i) => h.bucket(i))).toEqual(
      Array.from({ length: 15 }, (_, i) => (i === bucket ? 1 : 0)),
    );
    expect([h.count, h.sum, h.min, h.max]).toEqual([1, v, v, v]);
  });

  test('count, sum, min, max over several values; empty series has infinite min/max', () => {
    const h = new HistogramSeries({}, BOUNDS, T0);
    expect([h.count, h.min, h.max]).toEqual([0, Infinity, -Infinity]);
    for (const v of [0.2, 0.003, 4, 0.2]) h.record(v);
    expect([h.count, h.min, h.max]).toEqual([4, 0.003, 4]);
    expect(h.sum).toBeCloseTo(4.403, 12);
    expect([h.bucket(0), h.bucket(6), h.bucket(11)]).toEqual([1, 2, 1]);
  });

  test('checkBoundaries accepts ascending finite lists only', () => {
    expect(checkBoundaries([1, 2, 3])).toEqual([1, 2, 3]);
    expect(Object.isFrozen(checkBoundaries([1]))).toBe(true);
    for (const bad of [[], [2, 1], [1, 1], [1, NaN], [1, Infinity], ['1' as unknown as number]]) {
      expect(checkBoundaries(bad)).toBeNull();
    }
  });
});

describe('SeriesTable', () => {
  test('one series per (key, code), created once, then the overflow series past the limit', () => {
    let created = 0;
    const t = new SeriesTable<{ key: string; code: number }>({
      limit: 3,
      create: (key, code) => {
        created++;
        return { key, code };
      },
      overflow: () => ({ key: 'overflow', code: -1 }),
    });
    const a = t.get('/a', 200);
    expect(t.get('/a', 200)).toBe(a);
    expect(t.get('/a', 404)).not.toBe(a);
    t.get('/b', 200);
    expect([t.size, created, t.overflowed, t.overflowSeries]).toEqual([3, 3, 0, undefined]);
    const o = t.get('/c', 200);
    expect(o).toEqual({ key: 'overflow', code: -1 });
    expect(t.get('/d', 1)).toBe(o);
    expect(t.get('/a', 200)).toBe(a); // existing keys keep their series
    expect([t.size, created, t.overflowed]).toEqual([3, 3, 2]);
    expect(t.series.map((s) => `${s.key}:${s.code}`)).toEqual(['/a:200', '/a:404', '/b:200', 'overflow:-1']);
    expect(ATTR_OTEL_METRIC_OVERFLOW).toBe('otel.metric.overflow');
  });
});

describe('AppMetricProducer', () => {
  test('the numeric constants equal the SDK enums; kinds, units and value types follow the rows', async () => {
    const h = new HistogramSeries(Object.freeze({ a: 'x' }), BOUNDS, T0);
    h.record(0.02);
    const active = new NumberSeries(Object.freeze({ a: 'x' }), T0, 3);
    const total = new NumberSeries(Object.freeze({ a: 'x' }), T0, 7);
    const producer = new AppMetricProducer([
      new Source([
        { def: DURATION, series: [h] },
        { def: ACTIVE, series: [active] },
        { def: TOTAL, series: [total] },
      ]),
    ]);
    const r = await producer.collect();
    expect(r.errors).toEqual([]);
    const d = byName(r, 'test.duration')!;
    expect(d.dataPointType).toBe(DataPointType.HISTOGRAM);
    expect(d.aggregationTemporality).toBe(AggregationTemporality.CUMULATIVE);
    expect(d.descriptor).toEqual({ name: 'test.duration', description: 'A duration', unit: 's', valueType: ValueType.DOUBLE });
    const a = byName(r, 'test.active')!;
    expect(a.dataPointType === DataPointType.SUM && !a.isMonotonic).toBe(true);
    expect(a.descriptor.valueType).toBe(ValueType.INT);
    const t = byName(r, 'test.total')!;
    expect(t.dataPointType === DataPointType.SUM && t.isMonotonic).toBe(true);
    expect(r.resourceMetrics.scopeMetrics[0]!.scope).toEqual({ name: 'procsampler', version: expect.any(String) });
  });

  test('yields what SDK instruments yield for the same measurements, through the Prometheus serializer', async () => {
    const values: Array<[string, number]> = [
      ['GET', 0.001], ['GET', 0.03], ['GET', 0.03], ['POST', 0.7], ['POST', 12], ['GET', 2.6],
    ];
    // The SDK path: a Histogram instrument with explicit buckets and an up-down counter.
    const sdkReader = new TestReader();
    const provider = new MeterProvider({ readers: [sdkReader] });
    const meter = provider.getMeter('procsampler');
    const hist = meter.createHistogram('test.duration', { unit: 's', description: 'A duration', advice: { explicitBucketBoundaries: [...BOUNDS] } });
    const counter = meter.createUpDownCounter('test.active', { unit: '{request}', description: 'In flight', valueType: ValueType.INT });
    // The producer path.
    const table = new SeriesTable<HistogramSeries>({
      limit: 10,
      create: (method) => new HistogramSeries(Object.freeze({ method }), BOUNDS, T0),
      overflow: () => new HistogramSeries(Object.freeze({ [ATTR_OTEL_METRIC_OVERFLOW]: true }), BOUNDS, T0),
    });
    const active = new NumberSeries(Object.freeze({ method: 'GET' }), T0, 0);
    for (const [method, v] of values) {
      hist.record(v, { method });
      table.get(method, 0).record(v);
    }
    counter.add(2, { method: 'GET' });
    active.value += 2;
    const producer = new AppMetricProducer([new Source([{ def: DURATION, series: table.series }, { def: ACTIVE, series: [active] }])]);
    const fastReader = new TestReader({ metricProducers: [producer] });
    const empty = new MeterProvider({ readers: [fastReader] });
    const viaSdk = await sdkReader.collect();
    const viaProducer = await fastReader.collect();
    expect(viaProducer.errors).toEqual([]);
    expect(exposition(viaProducer)).toBe(exposition(viaSdk));
    const get = byName(viaProducer, 'test.duration')!.dataPoints.find((p) => p.attributes.method === 'GET')!;
    const v = get.value as Histogram;
    expect([v.count, v.min, v.max]).toEqual([4, 0.001, 2.6]);
    expect(v.buckets.counts).toEqual([1, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0]);
    await provider.shutdown();
    await empty.shutdown();
  });

  test('feeds of one name from several sources are one MetricData; empty histograms and NaN values are left out', async () => {
    const a = new NumberSeries(Object.freeze({ pool: 'a' }), T0, 1);
    const b = new NumberSeries(Object.freeze({ pool: 'b' }), T0, 2);
    const unknown = new NumberSeries(Object.freeze({ pool: 'c' }), T0, NaN);
    const empty = new HistogramSeries(Object.freeze({ pool: 'a' }), BOUNDS, T0);
    const s1 = new Source([{ def: ACTIVE, series: [a] }, { def: DURATION, series: [empty] }]);
    const s2 = new Source([{ def: ACTIVE, series: [b, unknown] }]);
    const producer = new AppMetricProducer([s1, s2]);
    const r = await producer.collect();
    expect(metricsOf(r).map((m) => m.descriptor.name)).toEqual(['test.active']);
    expect(byName(r, 'test.active')!.dataPoints.map((p) => [p.attributes.pool, p.value])).toEqual([['a', 1], ['b', 2]]);
    expect([s1.refreshed, s2.refreshed]).toEqual([1, 1]);
    producer.remove(s2);
    const r2 = await producer.collect();
    expect(byName(r2, 'test.active')!.dataPoints.map((p) => p.attributes.pool)).toEqual(['a']);
    producer.add(s2);
    producer.add(s2);
    const r3 = await producer.collect();
    expect(byName(r3, 'test.active')!.dataPoints.length).toBe(2);
  });

  test('a refresh() that throws is reported in errors; the other feeds are still exported', async () => {
    const n = new NumberSeries(Object.freeze({}), T0, 5);
    const bad: AppMetricSource = {
      refresh() {
        throw new Error('pool went away');
      },
      feeds: [{ def: TOTAL, series: [n] }],
    };
    const r = await new AppMetricProducer([bad]).collect();
    expect((r.errors as Error[]).map((e) => e.message)).toEqual(['pool went away']);
    expect(byName(r, 'test.total')!.dataPoints[0]!.value).toBe(5);
  });

  test('reuse: a result stays intact through the next collect and is reused by the one after; reuse:false never reuses', async () => {
    const h = new HistogramSeries(Object.freeze({}), BOUNDS, T0);
    const source = new Source([{ def: DURATION, series: [h] }]);
    const producer = new AppMetricProducer([source]);
    const countOf = (r: CollectionResult): number => (byName(r, 'test.duration')!.dataPoints[0]!.value as Histogram).count;
    h.record(1);
    const r1 = await producer.collect();
    h.record(1);
    const r2 = await producer.collect();
    expect([countOf(r1), countOf(r2)]).toEqual([1, 2]);
    h.record(1);
    const r3 = await producer.collect();
    expect(r3).toBe(r1);
    expect(countOf(r3)).toBe(3);
    expect(byName(r3, 'test.duration')!.dataPoints[0]).toBe(byName(r1, 'test.duration')!.dataPoints[0]);

    const fresh = new AppMetricProducer([source], { reuse: false });
    const f1 = await fresh.collect();
    h.record(1);
    const f2 = await fresh.collect();
    const f3 = await fresh.collect();
    expect([countOf(f1), countOf(f2), countOf(f3)]).toEqual([3, 4, 4]);
    expect(f3).not.toBe(f1);
  });
});

describe('DropCounts', () => {
  test('counts per reason, exported with family and reason attributes', async () => {
    const d = new DropCounts('test.family', ['bad_a', 'bad_b'], T0);
    d.add(1);
    d.add(1);
    d.add(7); // an unknown index is ignored
    expect([d.count(0), d.count(1), d.count(7)]).toEqual([0, 2, 0]);
    const r = await new AppMetricProducer([{ feeds: [d.feed] }]).collect();
    const m = byName(r, 'procsampler.app.dropped')!;
    expect(m.dataPoints.map((p) => [p.attributes['procsampler.drop.reason'], p.attributes['procsampler.app.family'], p.value])).toEqual([
      ['bad_a', 'test.family', 0],
      ['bad_b', 'test.family', 2],
    ]);
  });
});
