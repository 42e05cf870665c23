/**
 * PrometheusTextRenderer against @opentelemetry/exporter-prometheus's own PrometheusSerializer (default options):
 * the same collection must give the same text, byte for byte, on real metrics (host, HTTP, summaries, SDK
 * instruments) over several scrapes whose values change, and on synthetic collections with every edge the
 * serializer handles (names to sanitize, escapes, non-string labels, histograms with and without an explicit
 * +Inf bound, NaN and infinities, skipped names, unknown point types, no metrics at all).
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { MeterProvider, AggregationTemporality, DataPointType, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { PrometheusExporter, PrometheusSerializer } from '@opentelemetry/exporter-prometheus';
import { diag } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { AppMetricProducer } from '../../src/app/producer';
import { PrometheusTextRenderer, type RenderableResourceMetrics } from '../../src/handlers/prometheus-text';
import { metricsHandler } from '../../src/handlers/metrics-handler';
import { HttpServerMetrics, setRoute } from '../../src/http';
import { HostMetrics } from '../../src/otel/host-metrics';
import { Summaries } from '../../src/summaries';

const reference = new PrometheusSerializer();
const asRenderable = (rm: ResourceMetrics): RenderableResourceMetrics => rm as unknown as RenderableResourceMetrics;

function get(port: number, path: string): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path, agent: false }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body }));
      })
      .on('error', reject);
  });
}

describe('PrometheusTextRenderer on real metrics', () => {
  let host: HostMetrics;
  let httpMetrics: HttpServerMetrics;
  let summaries: Summaries;
  let provider: MeterProvider;
  let exporter: PrometheusExporter;
  let server: http.Server;
  let port: number;

  beforeAll(async () => {
    host = new HostMetrics();
    httpMetrics = new HttpServerMetrics().start();
    summaries = new Summaries();
    summaries.summary('app.work.duration', { unit: 's', description: 'work "done"\\ per\nrequest' });
    exporter = new PrometheusExporter({ preventServerStart: true, metricProducers: [host.metricProducer(), new AppMetricProducer([httpMetrics, summaries])] });
    provider = new MeterProvider({ readers: [exporter] });
    server = http.createServer((req, res) => {
      setRoute(req, req.url === '/a' ? '/a' : '/other/:x');
      res.statusCode = req.url === '/missing' ? 404 : 200;
      res.end('ok');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    await new Promise<void>((r) => server.close(() => r()));
    httpMetrics.stop();
    await provider.shutdown();
    host.shutdown();
  });

  test('gives the serializer’s text on every scrape while the values change', async () => {
    const meter = provider.getMeter('test.scope', '1.2.3', { schemaUrl: 'https://opentelemetry.io/schemas/1.30.0' });
    const counter = meter.createCounter('app.jobs', { description: 'jobs run' });
    const upDown = meter.createUpDownCounter('app.queue-depth', { unit: '{job}' });
    const histogram = meter.createHistogram('app.job.time', { unit: 's', advice: { explicitBucketBoundaries: [0.01, 0.1, 1] } });
    const renderer = new PrometheusTextRenderer();
    for (let round = 0; round < 4; round++) {
      for (const path of ['/a', '/b', '/missing']) expect((await get(port, path)).body).toBe('ok');
      counter.add(round + 1, { 'job.kind': round % 2 ? 'odd' : 'even', attempt: round });
      upDown.add(round % 2 ? -1 : 2, { queue: 'q"1"' });
      histogram.record(0.05 * round, { ok: round !== 2 });
      summaries.record('app.work.duration', 0.001 * (round + 1));
      const { resourceMetrics, errors } = await exporter.collect();
      expect(errors).toEqual([]);
      const mine = renderer.render(asRenderable(resourceMetrics));
      expect(mine).toBe(reference.serialize(resourceMetrics));
      // what the comparison covered: host, HTTP, summary and SDK series, with changing values
      expect(mine).toContain('http_server_request_duration_bucket{');
      expect(mine).toContain(`app_jobs_total{job_kind="${round % 2 ? 'odd' : 'even'}",attempt="${round}",otel_scope_name="test.scope"`);
      expect(mine).toMatch(/^system_cpu_time_total\{/m);
      expect(mine).toContain('# HELP app_work_duration_p99 work "done"\\\\ per\\nrequest');
    }
  });

  test('metricsHandler({ producers }) serves that text with the Prometheus content type', async () => {
    const handler = metricsHandler({ producers: [new AppMetricProducer([httpMetrics, summaries])] });
    const s = http.createServer((req, res) => handler(req, res));
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    try {
      const p = (s.address() as AddressInfo).port;
      await get(port, '/a');
      const first = await get(p, '/metrics');
      expect(first.status).toBe(200);
      expect(first.type).toBe('text/plain; version=0.0.4; charset=utf-8');
      const count = (body: string): number => Number(/^http_server_request_duration_count\{[^}]*http_route="\/a"[^}]*\} (\d+)$/m.exec(body)?.[1]);
      const before = count(first.body);
      expect(before).toBeGreaterThanOrEqual(1);
      await get(port, '/a');
      expect(count((await get(p, '/metrics')).body)).toBe(before + 1);
      expect(first.body.startsWith('# HELP target_info Target metadata\n# TYPE target_info gauge\ntarget_info{')).toBe(true);
    } finally {
      await new Promise<void>((r) => s.close(() => r()));
      await handler.shutdown();
    }
  });
});

describe('PrometheusTextRenderer on edge cases', () => {
  const time: [number, number] = [1700000000, 0];
  const point = (attributes: Record<string, unknown>, value: unknown) => ({ attributes, startTime: time, endTime: time, value });
  const histogram = (boundaries: number[], counts: number[], extra: { sum?: number; count?: number } = {}) => ({
    buckets: { boundaries, counts },
    count: extra.count,
    sum: extra.sum,
  });
  /** `mutable` is an attribute set that is not frozen: the same object, changed between renders, is never cached. */
  function collection(mutable: Record<string, unknown>): ResourceMetrics {
    return {
      resource: resourceFromAttributes({ 'service.name': 'edge "svc"', 'host.id': 7, flags: ['a', 'b'], nums: [1, 2.5] }),
      scopeMetrics: [
        {
          scope: { name: 'edge', version: '0.1', schemaUrl: 'https://example.test/schema' },
          metrics: [
            {
              descriptor: { name: 'requests.total', description: 'line1\nline2 \\ back', unit: '', valueType: 1 },
              dataPointType: DataPointType.SUM,
              isMonotonic: true,
              aggregationTemporality: AggregationTemporality.CUMULATIVE,
              dataPoints: [point(Object.freeze({ 'a.b-c': 'x"y\\z\nw', n: 3, ok: true, arr: ['p', 2], nul: null, und: undefined }), 5), point(mutable, NaN)],
            },
            {
              descriptor: { name: 'already_total', description: '', unit: 'By', valueType: 1 },
              dataPointType: DataPointType.SUM,
              isMonotonic: true,
              aggregationTemporality: AggregationTemporality.CUMULATIVE,
              dataPoints: [point(Object.freeze({}), Infinity)],
            },
            {
              descriptor: { name: '1st..metric--name', description: 'leading digit', unit: '', valueType: 1 },
              dataPointType: DataPointType.SUM,
              isMonotonic: false,
              aggregationTemporality: AggregationTemporality.CUMULATIVE,
              dataPoints: [point(Object.freeze({ q: 'r' }), -Infinity), point(Object.freeze({ q: 's' }), -0.5e-7)],
            },
            {
              descriptor: { name: 'gauge.empty', description: 'no points', unit: '1', valueType: 1 },
              dataPointType: DataPointType.GAUGE,
              aggregationTemporality: AggregationTemporality.CUMULATIVE,
              dataPoints: [],
            },
            {
              descriptor: { name: '.', description: 'normalizes to _', unit: '', valueType: 1 },
              dataPointType: DataPointType.GAUGE,
              aggregationTemporality: AggregationTemporality.CUMULATIVE,
              dataPoints: [point(Object.freeze({}), 1)],
            },
            {
              descriptor: { name: 'lat', description: 'latency', unit: 's', valueType: 1 },
              dataPointType: DataPointType.HISTOGRAM,
              aggregationTemporality: AggregationTemporality.CUMULATIVE,
              dataPoints: [
                point(Object.freeze({ r: '/x' }), histogram([0.005, 0.1, 2.5], [1, 0, 3, 2], { sum: 7.25, count: 6 })),
                point(Object.freeze({}), histogram([], [4], { count: 4 })),
                point(Object.freeze({ r: 'inf' }), histogram([1, Infinity], [1, 2, 9], { sum: 3, count: 3 })),
                point(mutable, histogram([-1, 0], [0, 1, 1], { sum: 0.5, count: 2 })),
              ],
            },
            {
              descriptor: { name: 'exp', description: 'exponential', unit: '', valueType: 1 },
              dataPointType: DataPointType.EXPONENTIAL_HISTOGRAM,
              aggregationTemporality: AggregationTemporality.CUMULATIVE,
              dataPoints: [],
            },
          ],
        },
        { scope: { name: '' }, metrics: [{ descriptor: { name: 'g', description: 'g', unit: '', valueType: 1 }, dataPointType: DataPointType.GAUGE, aggregationTemporality: AggregationTemporality.CUMULATIVE, dataPoints: [point(Object.freeze({}), 2)] }] },
      ],
    } as unknown as ResourceMetrics;
  }

  test('gives the serializer’s text, and its caches follow changed attributes and descriptors', () => {
    const errors = jest.spyOn(diag, 'error').mockImplementation(() => undefined);
    try {
      const renderer = new PrometheusTextRenderer();
      const mutable: Record<string, unknown> = {};
      for (const mut of ['one', 'two "2"', 3]) {
        mutable['mut.key'] = mut;
        const rm = collection(mutable);
        const mine = renderer.render(asRenderable(rm));
        expect(mine).toBe(reference.serialize(rm));
        expect(mine).toContain(`mut_key="${typeof mut === 'string' ? mut.replace(/"/g, '\\"') : mut}"`);
      }
      const rm = collection({ 'mut.key': 'x' });
      (rm.scopeMetrics[0]!.metrics[0]!.descriptor as { description: string }).description = 'changed';
      expect(renderer.render(asRenderable(rm))).toBe(reference.serialize(rm));
      expect(renderer.render(asRenderable(rm))).toContain('# HELP requests_total changed\n');
    } finally {
      errors.mockRestore();
    }
  });

  test('a collection without metrics gives target_info and the serializer’s marker', () => {
    const rm = { resource: resourceFromAttributes({}), scopeMetrics: [] } as unknown as ResourceMetrics;
    const mine = new PrometheusTextRenderer().render(asRenderable(rm));
    expect(mine).toBe(reference.serialize(rm));
    expect(mine).toBe('# HELP target_info Target metadata\n# TYPE target_info gauge\ntarget_info 1\n# no registered metrics');
  });

  test('a skipped name is reported to onSkip', () => {
    const skipped: string[] = [];
    const errors = jest.spyOn(diag, 'error').mockImplementation(() => undefined);
    try {
      new PrometheusTextRenderer((m) => skipped.push(m)).render(asRenderable(collection({ 'mut.key': 1 })));
    } finally {
      errors.mockRestore();
    }
    expect(skipped).toEqual(['Normalization for metric "." resulted in an invalid name: "_"', 'Unrecognizable DataPointType: 1 for metric "exp"']);
  });
});
