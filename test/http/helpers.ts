import * as http from 'http';
import * as net from 'net';
import { MeterProvider, type CollectionResult, type Histogram, type MetricData } from '@opentelemetry/sdk-metrics';
import type { AppMetricProducer } from '../../src/app';
import { TestReader } from '../otel/helpers';

/** A real node:http server on 127.0.0.1 and a free port. */
export async function listen(handler: http.RequestListener): Promise<{ server: http.Server; port: number; close(): Promise<void> }> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    server,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

/** One request with node:http's client; resolves with status and body bytes. */
export function request(
  port: number,
  options: { method?: string; path?: string; body?: string; agent?: http.Agent | false; headers?: Record<string, string> } = {},
): Promise<{ status: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, method: options.method ?? 'GET', path: options.path ?? '/', agent: options.agent ?? false, headers: options.headers },
      (res) => {
        let bytes = 0;
        res.on('data', (c: Buffer) => (bytes += c.length));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/**
 * Sends raw bytes on a fresh TCP connection and reads until the server closes it (or `until` says stop):
 * the bytes the client received, split into the header block and what follows it.
 */
export function raw(port: number, text: string): Promise<{ head: string; bodyWireBytes: number; all: Buffer }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const s = net.connect(port, '127.0.0.1', () => s.end(text));
    s.on('data', (c: Buffer) => chunks.push(c));
    s.on('error', reject);
    s.on('close', () => {
      const all = Buffer.concat(chunks);
      const end = all.indexOf('\r\n\r\n');
      resolve({ head: all.subarray(0, end).toString('latin1'), bodyWireBytes: all.length - end - 4, all });
    });
  });
}

/** A MeterProvider whose reader collects from `producer` (as a user attaches it). */
export function readerFor(producer: AppMetricProducer): { reader: TestReader; provider: MeterProvider } {
  const reader = new TestReader({ metricProducers: [producer] });
  const provider = new MeterProvider({ readers: [reader] });
  return { reader, provider };
}

export function metricOf(r: CollectionResult, name: string): MetricData | undefined {
  return r.resourceMetrics.scopeMetrics.flatMap((s) => s.metrics).find((m) => m.descriptor.name === name);
}

/** The data points of a metric whose attributes include `match`. */
export function pointsOf(r: CollectionResult, name: string, match: Record<string, unknown> = {}): Array<{ attributes: Record<string, unknown>; value: unknown }> {
  const m = metricOf(r, name);
  if (!m) return [];
  return (m.dataPoints as Array<{ attributes: Record<string, unknown>; value: unknown }>).filter((p) =>
    Object.entries(match).every(([k, v]) => (v === undefined ? !(k in p.attributes) : p.attributes[k] === v)),
  );
}

/** Sum of histogram counts (or of sums) over the matching points. */
export function histTotal(r: CollectionResult, name: string, match: Record<string, unknown> = {}, field: 'count' | 'sum' = 'count'): number {
  return pointsOf(r, name, match).reduce((n, p) => n + (p.value as Histogram)[field]!, 0);
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls `cond` every 5 ms, for at most `ms`. */
export async function until(cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await sleep(5);
  }
}
