/**
 * healthHandler(): serves a HealthMonitor's prepared report as application/health+json on any node:http-compatible
 * server (node:http, https, http2 compatibility mode, Express, fastify through `reply.raw`). The body, status code and
 * headers come ready from the monitor's last sample: answering allocates only what node:http itself does, and never
 * samples.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { badOption } from '../errors';
import { HEALTH_MEDIA_TYPE } from '../health/checks';
import type { HealthMonitor, HealthProbe } from '../health/monitor';

/** Options of {@link healthHandler}. */
export interface HealthHandlerOptions {
  /** 'readiness' (default: every check) or 'liveness' (the checks marked liveness: event-loop delay, heap). */
  probe?: HealthProbe;
}

/** A (req, res) handler; it ends the response itself. */
export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void;

/** Answers a method other than GET and HEAD (shared with metricsHandler). */
export function methodNotAllowed(req: IncomingMessage, res: ServerResponse): boolean {
  if (req.method === 'GET' || req.method === 'HEAD') return false;
  res.writeHead(405, { allow: 'GET, HEAD', 'content-length': '0' });
  res.end();
  return true;
}

/**
 * A handler answering GET/HEAD with the monitor's report: 200 for pass and warn, 503 for fail, `Cache-Control:
 * no-store`; other methods get 405. Mount it on the route of your choice (e.g. /health/ready and /health/live).
 *
 * @example
 * const ready = healthHandler(monitor);
 * const live = healthHandler(monitor, { probe: 'liveness' });
 * http.createServer((req, res) => (req.url === '/ready' ? ready(req, res) : live(req, res)));
 * // Express: app.get('/ready', ready)     fastify: app.get('/ready', (q, r) => { r.hijack(); ready(q.raw, r.raw); })
 */
export function healthHandler(monitor: HealthMonitor, options: HealthHandlerOptions = {}): RequestHandler {
  if (monitor === null || typeof monitor !== 'object' || typeof monitor.prepared !== 'function') badOption('healthHandler needs a HealthMonitor');
  const probe = options.probe ?? 'readiness';
  if (probe !== 'readiness' && probe !== 'liveness') badOption(`probe must be 'readiness' or 'liveness', got ${String(probe)}`);
  return (req, res) => {
    if (methodNotAllowed(req, res)) return;
    const p = monitor.prepared(probe);
    res.statusCode = p.statusCode;
    res.setHeader('content-type', HEALTH_MEDIA_TYPE);
    res.setHeader('cache-control', 'no-store');
    res.setHeader('content-length', p.body.length);
    if (req.method === 'HEAD') res.end();
    else res.end(p.body);
  };
}
