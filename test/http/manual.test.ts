/** The manual API (servers that are not node:http), its checks, and the options' checks. */
import type { Histogram } from '@opentelemetry/sdk-metrics';
import * as sc from '../../src/semconv';
import { HttpServerMetrics, HTTP_DROP_REASONS } from '../../src/http';
import { histTotal, pointsOf } from './helpers';

const D = sc.METRIC_HTTP_SERVER_REQUEST_DURATION;
const A = sc.METRIC_HTTP_SERVER_ACTIVE_REQUESTS;

describe('recordRequest / requestStarted / requestFinished', () => {
  test('records by method, route, status, scheme and protocol; sizes only when opted in', async () => {
    const m = new HttpServerMetrics({ automatic: false, optIn: [sc.METRIC_HTTP_SERVER_RESPONSE_BODY_SIZE] });
    expect(m.recordRequest({ method: 'GET', route: '/u/:id', status: 200, durationS: 0.02, responseBytes: 300, requestBytes: 10 })).toBe(true);
    expect(m.recordRequest({ method: 'GET', route: '/u/:id', status: 200, durationS: 0.2, responseBytes: 700 })).toBe(true);
    expect(m.recordRequest({ method: 'get', status: 500, durationS: 1, scheme: 'https', protocolVersion: '2' })).toBe(true);
    expect(m.recordRequest({ method: 'DELETE', status: 204, durationS: 0, aborted: true })).toBe(true);
    const r = await m.metricProducer().collect();
    const u = pointsOf(r, D, { [sc.ATTR_HTTP_ROUTE]: '/u/:id' });
    expect(u.length).toBe(1);
    expect(u[0]!.attributes).toEqual({
      [sc.ATTR_HTTP_REQUEST_METHOD]: 'GET',
      [sc.ATTR_URL_SCHEME]: 'http',
      [sc.ATTR_HTTP_RESPONSE_STATUS_CODE]: 200,
      [sc.ATTR_HTTP_ROUTE]: '/u/:id',
    });
    const h = u[0]!.value as Histogram;
    expect([h.count, h.min, h.max]).toEqual([2, 0.02, 0.2]);
    expect(h.sum).toBeCloseTo(0.22, 12);
    expect(h.buckets.counts).toEqual([0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(pointsOf(r, D, { [sc.ATTR_HTTP_RESPONSE_STATUS_CODE]: 500 })[0]!.attributes).toEqual({
      [sc.ATTR_HTTP_REQUEST_METHOD]: '_OTHER', // methods are case-sensitive
      [sc.ATTR_URL_SCHEME]: 'https',
      [sc.ATTR_HTTP_RESPONSE_STATUS_CODE]: 500,
      [sc.ATTR_NETWORK_PROTOCOL_VERSION]: '2',
      [sc.ATTR_ERROR_TYPE]: '500',
    });
    expect(pointsOf(r, D, { [sc.ATTR_HTTP_REQUEST_METHOD]: 'DELETE' })[0]!.attributes[sc.ATTR_ERROR_TYPE]).toBe('aborted');
    expect(histTotal(r, sc.METRIC_HTTP_SERVER_RESPONSE_BODY_SIZE, {}, 'sum')).toBe(1000);
    expect(pointsOf(r, sc.METRIC_HTTP_SERVER_REQUEST_BODY_SIZE)).toEqual([]); // not opted in
  });

  test('bad input is dropped and counted, never thrown', async () => {
    const m = new HttpServerMetrics({ automatic: false, optIn: [sc.METRIC_HTTP_SERVER_REQUEST_BODY_SIZE] });
    const bad: unknown[] = [
      { method: 'GET', status: 200, durationS: -0.001 },
      { method: 'GET', status: 200, durationS: NaN },
      { method: 'GET', status: 200, durationS: Infinity },
      { method: 'GET', status: 200, durationS: '1' },
      { method: 'GET', status: 99, durationS: 1 },
      { method: 'GET', status: 600, durationS: 1 },
      { method: 'GET', status: 200.5, durationS: 1 },
      { method: 'GET', durationS: 1 },
      null,
    ];
    for (const b of bad) expect(m.recordRequest(b as never)).toBe(false);
    // a bad route or size: the request is kept, the bad part is not
    expect(m.recordRequest({ method: 'GET', status: 200, durationS: 1, route: 7 as unknown as string, requestBytes: -5 })).toBe(true);
    expect(m.recordRequest({ method: 'GET', status: 200, durationS: 1, route: '/x'.repeat(300) })).toBe(true);
    m.requestFinished('GET'); // nothing started
    expect(HTTP_DROP_REASONS.map((r) => [r, m.dropped(r)])).toEqual([
      ['bad_duration', 5],
      ['bad_status', 4],
      ['bad_route', 2],
      ['route_error', 0],
      ['bad_size', 1],
      ['unbalanced_finish', 1],
    ]);
    const r = await m.metricProducer().collect();
    expect(histTotal(r, D)).toBe(2);
    expect(histTotal(r, D, { [sc.ATTR_HTTP_ROUTE]: undefined })).toBe(2);
    expect(pointsOf(r, sc.METRIC_HTTP_SERVER_REQUEST_BODY_SIZE)).toEqual([]);
    const drops = Object.fromEntries(pointsOf(r, sc.METRIC_PROCSAMPLER_APP_DROPPED).map((p) => [p.attributes[sc.ATTR_PROCSAMPLER_DROP_REASON], p.value]));
    expect(drops).toEqual({ bad_duration: 5, bad_status: 4, bad_route: 2, route_error: 0, bad_size: 1, unbalanced_finish: 1 });
  });

  test('active requests by method and scheme never go below 0', async () => {
    const m = new HttpServerMetrics({ automatic: false });
    m.requestStarted('GET');
    m.requestStarted('GET');
    m.requestStarted('POST', 'https');
    m.requestStarted();
    m.requestFinished('GET');
    const producer = m.metricProducer({ reuse: false });
    const active = async (): Promise<string[]> =>
      pointsOf(await producer.collect(), A).map((p) => `${p.attributes[sc.ATTR_HTTP_REQUEST_METHOD]} ${p.attributes[sc.ATTR_URL_SCHEME]} ${p.value}`);
    expect(await active()).toEqual(['GET http 1', 'POST https 1', '_OTHER http 1']);
    m.requestFinished('GET');
    m.requestFinished('GET');
    expect(await active()).toEqual(['GET http 0', 'POST https 1', '_OTHER http 1']);
    expect(m.dropped('unbalanced_finish')).toBe(1);
    expect(m.activeRequests).toBe(2);
  });

  test('bad options throw PROCSAMPLER_BAD_OPTION', () => {
    const bad: unknown[] = [
      { maxSeries: 0 },
      { maxSeries: 1.5 },
      { optIn: ['http.server.request.duration'] },
      { optIn: 'http.server.request.body.size' },
      { route: 'not a function' },
      { servers: [null] },
      7,
    ];
    for (const o of bad) {
      expect(() => new HttpServerMetrics(o as never)).toThrow(expect.objectContaining({ code: 'PROCSAMPLER_BAD_OPTION' }));
    }
  });
});
