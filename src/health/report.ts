/**
 * The health report in the shape of the health-check response draft (draft-inadarei-api-health-check-06): a
 * top-level `status` and `checks` keyed `component:measurement`, each an array of results with `componentId`,
 * `componentType`, `observedValue`, `observedUnit`, `status`, `time` and, when not passing, `output`.
 */
import { HTTP_STATUS, STATUS_RANK, worse, type HealthStatus } from './checks';

/** One result of a check (an element of `checks[key]`). */
export interface HealthCheckResult {
  /** Which instance of the component (e.g. 'system' / 'process' for cpu:utilization, a mount point for disks). */
  componentId?: string;
  /** 'system' for the built-in checks, 'component' (or what the check says) for user checks. */
  componentType?: string;
  /** The measured value; absent when unknown (then `output` says why). */
  observedValue?: number | string | boolean;
  /** UCUM unit of observedValue ('1' for a ratio, 's', 'By', '{handle}'). */
  observedUnit?: string;
  status: HealthStatus;
  /** When the value was observed (ISO 8601). */
  time: string;
  /** Why the status is not 'pass' (or the error of a user check). */
  output?: string;
}

/** A health report (application/health+json). */
export interface HealthReport {
  status: HealthStatus;
  version?: string;
  releaseId?: string;
  serviceId?: string;
  description?: string;
  /** Results by `component:measurement` key. */
  checks: Record<string, HealthCheckResult[]>;
  /** Present when the report has no data yet. */
  output?: string;
}

/** Service identification copied into every report. */
export interface ReportIdentity {
  version?: string;
  releaseId?: string;
  serviceId?: string;
  description?: string;
}

/** One check result with the key it goes under and whether liveness includes it (internal). */
export interface KeyedResult {
  key: string;
  liveness: boolean;
  result: HealthCheckResult;
}

/** A report ready to serve: the object, its JSON bytes and its HTTP status code. */
export interface PreparedReport {
  report: HealthReport;
  body: Buffer;
  statusCode: number;
}

/** Builds a frozen report of `results` (those with liveness only, when `liveness`), its JSON and status code. */
export function prepareReport(results: readonly KeyedResult[], identity: ReportIdentity, liveness: boolean, output?: string): PreparedReport {
  let status: HealthStatus = 'pass';
  const checks: Record<string, HealthCheckResult[]> = {};
  for (const r of results) {
    if (liveness && !r.liveness) continue;
    status = worse(status, r.result.status);
    (checks[r.key] ??= []).push(Object.freeze(r.result));
  }
  const report: HealthReport = { status, ...identity, checks };
  if (output !== undefined) {
    report.output = output;
    if (STATUS_RANK[status] < STATUS_RANK.warn) report.status = 'warn';
  }
  for (const list of Object.values(checks)) Object.freeze(list);
  Object.freeze(checks);
  Object.freeze(report);
  return { report, body: Buffer.from(JSON.stringify(report)), statusCode: HTTP_STATUS[report.status] };
}
