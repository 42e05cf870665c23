import { ValueType } from '@opentelemetry/api';
import { AggregationTemporality, DataPointType, MeterProvider, MetricReader, type CollectionResult } from '@opentelemetry/sdk-metrics';
import { PrometheusSerializer } from '@opentelemetry/exporter-prometheus';
import { Summaries, quantileLabel, type SummaryExport } from '../../src/summaries';

class TestReader extends MetricReader {
  protected override async onShutdown(): Promise<void> {}
  protected override async onForceFlush(): Promise<void> {}
}

function gauges(r: CollectionResult): Map<string, number> {
  const out = new Map<string, number>();
  for (const sm of r.resourceMetrics.scopeMetrics) {
    for (const m of sm.metrics) {
      expect(m.dataPointType).toBe(DataPointType.GAUGE);
      out.set(m.descriptor.name, m.dataPoints[0]!.value as number);
    }
  }
  return out;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Summaries', () => {
  test('quantile labels', () => {
    expect([0, 0.5, 0.9, 0.95, 0.99, 0.999, 0.9999, 1].map(quantileLabel)).toEqual(['p0', 'p50', 'p90', 'p95', 'p99', 'p99_9', 'p99_99', 'p100']);
  });

  test('cumulative: stats of named series, gauges through a MeterProvider reader, Prometheus names', async () => {
    const summaries = new Summaries();
    const latency = summaries.summary('app.request.duration', { unit: 's', description: 'Request latency.' });
    expect(summaries.summary('app.request.duration')).toBe(latency); // one summary a name
    for (let i = 1; i <= 1000; i++) latency.record(i / 1000);
    expect(summaries.record('app.queue.length', 7)).toBe(true);
    expect(summaries.record('app.queue.length', NaN)).toBe(false);
    const st = summaries.stats('app.request.duration')!;
    expect(st).toMatchObject({ name: 'app.request.duration', unit: 's', count: 1000, min: 0.001, max: 1, rejected: 0 });
    expect(st.sum).toBeCloseTo(500.5, 9);
    expect(Math.abs(st.quantiles.p50! - 0.5)).toBeLessThanOrEqual(0.005);
    expect(Math.abs(st.quantiles.p99! - 0.99)).toBeLessThanOrEqual(0.0099);
    expect(summaries.stats('app.queue.length')!.rejected).toBe(1);
    expect(summaries.stats('nope')).toBeUndefined();
    expect(summaries.names()).toEqual(['app.request.duration', 'app.queue.length']);

    const reader = new TestReader({ metricProducers: [summaries.metricProducer()] });
    const provider = new MeterProvider({ readers: [reader] });
    const r = await reader.collect();
    const g = gauges(r);
    expect(g.get('app.request.duration.count')).toBe(1000);
    expect(g.get('app.request.duration.min')).toBe(0.001);
    expect(g.get('app.request.duration.max')).toBe(1);
    expect(g.get('app.request.duration.mean')).toBeCloseTo(0.5005, 9);
    expect(g.get('app.request.duration.p95')).toBe(st.quantiles.p95);
    expect(g.get('app.queue.length.p50')).toBe(7);
    const md = r.resourceMetrics.scopeMetrics.flatMap((s) => s.metrics).find((m) => m.descriptor.name === 'app.request.duration.p99')!;
    expect(md.descriptor).toMatchObject({ unit: 's', valueType: ValueType.DOUBLE, description: 'Request latency.' });
    expect(md.aggregationTemporality).toBe(AggregationTemporality.CUMULATIVE);
    const count = r.resourceMetrics.scopeMetrics.flatMap((s) => s.metrics).find((m) => m.descriptor.name === 'app.request.duration.count')!;
    expect(count.descriptor.unit).toBe('{measurement}');
    const text = new PrometheusSerializer('', false, undefined, true, true).serialize(r.resourceMetrics);
    expect(text).toMatch(/^app_request_duration_p99 0\.99[0-9]*$/m);
    expect(text).toMatch(/^app_queue_length_p50 7$/m);
    // cumulative: a later collect includes the later values
    latency.record(5);
    expect(gauges(await reader.collect()).get('app.request.duration.count')).toBe(1001);
    await provider.shutdown();
  });

  test('interval windows: each export covers the interval and resets; the producer serves the last interval', async () => {
    const exports: SummaryExport[] = [];
    const summaries = new Summaries({ window: 'interval', quantiles: [0.5, 0.999], onExport: (e) => void exports.push(e) });
    const s = summaries.summary('job.size', { unit: 'By' });
    const producer = summaries.metricProducer();
    expect(gauges(await producer.collect()).size).toBe(0); // nothing before the first export
    for (let i = 0; i < 100; i++) s.record(10);
    const first = summaries.exportNow();
    expect(first.series[0]).toMatchObject({ count: 100, min: 10, max: 10, quantiles: { p50: 10, p99_9: 10 } });
    expect(s.count).toBe(0); // reset by the export
    s.record(1000);
    let g = gauges(await producer.collect());
    expect(g.get('job.size.count')).toBe(100); // still the completed interval
    expect(g.get('job.size.p99_9')).toBe(10);
    summaries.exportNow();
    g = gauges(await producer.collect());
    expect(g.get('job.size.count')).toBe(1);
    expect(g.get('job.size.max')).toBe(1000);
    summaries.exportNow(); // an empty interval: count 0 and sum 0; min, max, mean and quantiles are unknown, left out
    g = gauges(await producer.collect());
    expect([...g.keys()].sort()).toEqual(['job.size.count', 'job.size.sum']);
    expect(g.get('job.size.count')).toBe(0);
    expect(exports.map((e) => e.series[0]!.count)).toEqual([100, 1, 0]);
    expect(exports[1]!.startTime).toBe(exports[0]!.endTime);
    expect(exports[2]!.series[0]!.min).toBeNaN();
  });

  test('start(): an unref-ed timer exports every interval; stop() ends it', async () => {
    const seen: number[] = [];
    const summaries = new Summaries({ window: 'interval', onExport: (e) => void seen.push(e.series[0]?.count ?? -1) });
    summaries.record('x', 1);
    summaries.start(20);
    expect(summaries.started).toBe(true);
    await sleep(300);
    summaries.stop();
    const n = summaries.exports;
    expect(n).toBeGreaterThanOrEqual(2);
    expect(seen[0]).toBe(1);
    expect(seen.slice(1).every((c) => c === 0)).toBe(true);
    await sleep(60);
    expect(summaries.exports).toBe(n);
    expect(summaries.started).toBe(false);
  });

  test('a slow callback is never called again before it settles; its rejection and a throw go to onError', async () => {
    const errors: unknown[] = [];
    let calls = 0;
    let release!: () => void;
    const summaries = new Summaries({
      onExport: () => {
        calls++;
        if (calls === 1) return new Promise<void>((resolve) => (release = resolve));
        if (calls === 2) return Promise.reject(new Error('sink down'));
        throw new Error('sync failure');
      },
      onError: (e) => errors.push(e),
    });
    summaries.exportNow();
    summaries.exportNow();
    summaries.exportNow();
    expect(calls).toBe(1);
    expect(summaries.skippedCallbacks).toBe(2);
    release();
    await sleep(0);
    summaries.exportNow(); // rejects
    await sleep(0);
    summaries.exportNow(); // throws
    expect(calls).toBe(3);
    expect(errors.map((e) => (e as Error).message)).toEqual(['sink down', 'sync failure']);
    expect(summaries.exports).toBe(5);
  });

  test('errors from the timer path never escape: an onError that throws is contained', async () => {
    const summaries = new Summaries({
      onExport: () => {
        throw new Error('boom');
      },
      onError: () => {
        throw new Error('worse');
      },
    });
    summaries.start(10);
    await sleep(60);
    summaries.stop();
    expect(summaries.exports).toBeGreaterThanOrEqual(2);
  });

  test('bad options and names are refused with PROCSAMPLER_BAD_OPTION', () => {
    const bad = expect.objectContaining({ code: 'PROCSAMPLER_BAD_OPTION' });
    expect(() => new Summaries({ window: 'daily' as 'interval' })).toThrow(bad);
    expect(() => new Summaries({ quantiles: [1.5] })).toThrow(bad);
    expect(() => new Summaries({ quantiles: [] })).toThrow(bad);
    expect(() => new Summaries().summary('9lives')).toThrow(bad);
    expect(() => new Summaries().summary('has space')).toThrow(bad);
    expect(() => new Summaries().start(1)).toThrow(bad);
    expect(() => new Summaries().start(100.5)).toThrow(bad);
  });
});
