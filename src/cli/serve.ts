/**
 * `procsampler serve`: a node_exporter-like sidecar. One node:http server answers
 *   /metrics         the Prometheus text format of the host metrics, the described process (--pid) and, where the
 *                    process runs under a cgroup limit, the container group: one sample per scrape, through
 *                    HostMetrics' MetricProducer (no SDK instruments)
 *   /health          application/health+json from a HealthMonitor (readiness: every check; 503 on fail)
 *   /health/live     the liveness form
 *   /                a short index of the above
 * It needs the optional OpenTelemetry peers (@opentelemetry/api, @opentelemetry/sdk-metrics and
 * @opentelemetry/exporter-prometheus); without them it says which to install (src/peers.ts) and exits 1.
 */
import * as http from 'node:http';
import { listen, type Listening } from '../handlers/listen';
import { PEER_NAMES, type PeerName } from '../peers';
import type { SamplerOptions } from '../types';

/** Where and what `serve` serves. */
export interface ServeArgs {
  host: string;
  port: number;
  /** Sampler options of the host metrics: procRoot, rootFs, pid. */
  options: SamplerOptions;
  /** Milliseconds between the health monitor's samples. */
  healthIntervalMs: number;
}

/** The default port: the one the OpenTelemetry Prometheus exporter uses. */
export const DEFAULT_SERVE_PORT = 9464;
/** The default address: this machine only; a sidecar that must be reached from elsewhere passes --host. */
export const DEFAULT_SERVE_HOST = '127.0.0.1';

/** The paths `serve` answers, defined once for the router and the index page. */
export const SERVE_PATHS = { metrics: '/metrics', ready: '/health', live: '/health/live' } as const;

/** The optional peers `serve` (and `example-service`) needs: the OpenTelemetry API, SDK and Prometheus exporter. */
export const SERVE_PEERS: readonly PeerName[] = PEER_NAMES;

/** Starts the sidecar. Rejects with a ProcsamplerError for bad options, or the server's listen error. */
export async function startServe(args: ServeArgs): Promise<Listening> {
  // Loaded here, not at the top: the rest of the CLI works without the OpenTelemetry peers.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { HostMetrics } = require('../otel/host-metrics') as typeof import('../otel/host-metrics');
  const { HealthMonitor } = require('../health/monitor') as typeof import('../health/monitor');
  const { healthHandler } = require('../handlers/health-handler') as typeof import('../handlers/health-handler');
  const { metricsHandler } = require('../handlers/metrics-handler') as typeof import('../handlers/metrics-handler');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const { procRoot, rootFs, pid } = args.options;
  const host = new HostMetrics({ procRoot, rootFs, pid, runtimeMetrics: false });
  const monitor = new HealthMonitor({ intervalMs: args.healthIntervalMs, procRoot, rootFs });
  let metrics: ReturnType<typeof metricsHandler>;
  try {
    metrics = metricsHandler({ producers: [host.metricProducer()] });
  } catch (e) {
    host.shutdown();
    throw e;
  }
  monitor.start();
  const ready = healthHandler(monitor);
  const live = healthHandler(monitor, { probe: 'liveness' });
  const index =
    '<html><head><title>procsampler</title></head><body><h1>procsampler</h1><ul>' +
    Object.values(SERVE_PATHS)
      .map((p) => `<li><a href="${p}">${p}</a></li>`)
      .join('') +
    '</ul></body></html>\n';
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?', 1)[0];
    if (path === SERVE_PATHS.metrics) metrics(req, res);
    else if (path === SERVE_PATHS.ready) ready(req, res);
    else if (path === SERVE_PATHS.live) live(req, res);
    else if (path === '/') res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(index);
    else res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n');
  });
  const stop = async (): Promise<void> => {
    monitor.close();
    await metrics.shutdown();
    host.shutdown();
  };
  return listen(server, args.port, args.host, stop);
}
