/**
 * metricsHandler(): the Prometheus text exposition on the application's own server (no second port), through
 * @opentelemetry/exporter-prometheus (an optional peer) with `preventServerStart: true` and its
 * getMetricsRequestHandler(). Either pass an exporter that is already a reader of your MeterProvider, or pass
 * MetricProducers (HostMetrics.metricProducer(), Summaries.metricProducer(), ...) and the handler creates the
 * exporter and a MeterProvider of its own to collect them; it then writes the text itself with a
 * PrometheusTextRenderer (prometheus-text.ts: the exporter's text, byte for byte, from cached names and labels).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { checkPeers, requirePeer, type MetricProducer, type PeerName } from '../peers';
import { badOption } from '../errors';
import { methodNotAllowed, type RequestHandler } from './health-handler';
import { PrometheusTextRenderer, type RenderableResourceMetrics } from './prometheus-text';

/** The Prometheus text format's content type (version 0.0.4), which Prometheus 3 requires to be stated. */
export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** The optional peers metricsHandler({ producers }) loads to create its exporter and MeterProvider. */
const PRODUCER_PEERS: readonly PeerName[] = ['@opentelemetry/exporter-prometheus', '@opentelemetry/sdk-metrics'];

/** What metricsHandler needs from a PrometheusExporter. */
export interface PrometheusExporterLike {
  getMetricsRequestHandler(req: IncomingMessage, res: ServerResponse): void;
  shutdown?(): Promise<void>;
}

/** Options of {@link metricsHandler}: exactly one of `exporter` and `producers`. */
export interface MetricsHandlerOptions {
  /** A PrometheusExporter created with `preventServerStart: true` and registered as a reader of your MeterProvider. */
  exporter?: PrometheusExporterLike;
  /** MetricProducers to serve through an exporter (and MeterProvider) the handler creates. */
  producers?: readonly MetricProducer[];
}

/** A request handler with the shutdown of what it created. */
export interface MetricsRequestHandler extends RequestHandler {
  /** Shuts down the MeterProvider the handler created (a no-op for an exporter you passed). */
  shutdown(): Promise<void>;
}

/**
 * A (req, res) handler answering GET/HEAD with the Prometheus text format of every metric the exporter's reader
 * collects; other methods get 405. Throws PROCSAMPLER_BAD_OPTION for bad options, and PROCSAMPLER_PEER_MISSING
 * (naming both) when `producers` is given but @opentelemetry/exporter-prometheus or @opentelemetry/sdk-metrics is not
 * installed.
 *
 * @example
 * const metrics = metricsHandler({ producers: [hostMetrics.metricProducer(), summaries.metricProducer()] });
 * http.createServer((req, res) => (req.url === '/metrics' ? metrics(req, res) : app(req, res)));
 */
export function metricsHandler(options: MetricsHandlerOptions): MetricsRequestHandler {
  if (options === null || typeof options !== 'object') badOption('metricsHandler options must be an object');
  const { exporter: given, producers } = options;
  if ((given === undefined) === (producers === undefined)) badOption('metricsHandler needs exactly one of exporter and producers');
  let handler: MetricsRequestHandler;
  let shutdown: () => Promise<void> = async () => undefined;
  if (given !== undefined) {
    if (typeof given?.getMetricsRequestHandler !== 'function') badOption('exporter must be a PrometheusExporter (getMetricsRequestHandler)');
    const exporter = given;
    handler = ((req: IncomingMessage, res: ServerResponse): void => {
      if (methodNotAllowed(req, res)) return;
      exporter.getMetricsRequestHandler(req, res);
      // The exporter states only text/plain; the header is still unsent until its collect ends the response.
      if (!res.headersSent) res.setHeader('content-type', PROMETHEUS_CONTENT_TYPE);
    }) as MetricsRequestHandler;
  } else {
    if (!Array.isArray(producers) || producers.some((p) => typeof p?.collect !== 'function')) badOption('producers must be an array of MetricProducers');
    const feature = 'metricsHandler({ producers })';
    checkPeers(feature, PRODUCER_PEERS);
    const prom = requirePeer<typeof import('@opentelemetry/exporter-prometheus')>('@opentelemetry/exporter-prometheus', feature);
    const sdk = requirePeer<typeof import('@opentelemetry/sdk-metrics')>('@opentelemetry/sdk-metrics', feature);
    // the exporter's own peer (its diag channel reports what the exporter would have reported)
    const api = requirePeer<typeof import('@opentelemetry/api')>('@opentelemetry/api', feature);
    // The exporter is the MeterProvider's reader (its collect() gathers the producers); the text is written here.
    const created = new prom.PrometheusExporter({ preventServerStart: true, metricProducers: [...(producers as MetricProducer[])] });
    const provider = new sdk.MeterProvider({ readers: [created] });
    const renderer = new PrometheusTextRenderer((message) => api.diag.error(message));
    shutdown = () => provider.shutdown();
    handler = ((req: IncomingMessage, res: ServerResponse): void => {
      if (methodNotAllowed(req, res)) return;
      res.statusCode = 200;
      res.setHeader('content-type', PROMETHEUS_CONTENT_TYPE);
      created.collect().then(
        ({ resourceMetrics, errors }) => {
          if (errors.length) api.diag.error('PrometheusExporter: metrics collection errors', ...errors);
          res.end(renderer.render(resourceMetrics as unknown as RenderableResourceMetrics));
        },
        (error: unknown) => res.end(`# failed to export metrics: ${String(error)}`),
      );
    }) as MetricsRequestHandler;
  }
  handler.shutdown = shutdown;
  return handler;
}
