/**
 * The Prometheus text exposition (format 0.0.4) of one collection, written as @opentelemetry/exporter-prometheus's
 * PrometheusSerializer writes it with the exporter's default options (no prefix, no timestamps, `target_info` from
 * the resource, `otel_scope_*` labels on every sample), byte for byte: test/handlers/prometheus-text.test.ts
 * compares the two on the example service's real metrics and on edge cases.
 *
 * Why not the serializer itself: it sanitizes every metric and label name with two regular expressions, escapes
 * every label value with four, and rebuilds the scope labels, per sample and per histogram bucket, on every scrape
 * (1.25 MB of garbage and ~0.7 ms for the example service's 55 KB of text). Here what does not change between
 * scrapes is made once and kept: a metric's name and its HELP/UNIT/TYPE lines (by metric name, checked against the
 * descriptor), the label text of a frozen attribute set (procsampler's series attributes are frozen and reused),
 * the scope labels, the `le` labels of bucket boundaries and `target_info`. A scrape then joins cached strings and
 * formats the numbers.
 */
import type { MetricData, ScopeMetrics } from '../peers';
import { HISTOGRAM, SUM, GAUGE } from '../otel/sdk-enums';

/** The subset of a ResourceMetrics the text needs (structural: no SDK import). */
export interface RenderableResourceMetrics {
  resource: { attributes: Record<string, unknown>; asyncAttributesPending?: boolean };
  scopeMetrics: readonly ScopeMetrics[];
}

/** What the serializer writes when no metric produced any text. */
const NO_REGISTERED_METRICS = '# no registered metrics';
/** Most cached entries per kind (names, scopes, boundaries); past it the text is computed per scrape. */
const MAX_CACHED = 10000;

/** OpenTelemetry's escaping of HELP/UNIT text and label values: backslash and newline. */
function escapeString(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

/** A label value: strings as they are, anything else as JSON, undefined as ''; then escaped, quotes included. */
function escapeLabelValue(v: unknown): string {
  const s = v === undefined ? '' : typeof v === 'string' ? v : String(JSON.stringify(v));
  return escapeString(s).replace(/"/g, '\\"');
}

/** A metric or label name: every character outside [a-zA-Z0-9_] becomes '_', and runs of '_' become one. */
function sanitizeName(name: string): string {
  return name.replace(/[^a-z0-9_]/gi, '_').replace(/_{2,}/g, '_');
}

/** A sample value as the serializer writes it (+Inf, -Inf, NaN, or JavaScript's shortest form). */
function valueText(v: number): string {
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return `${v}`;
}

/** The label text of an attribute set, `k="v",k2="v2"` (no braces), in the set's key order. */
function labelText(attributes: Record<string, unknown>): string {
  let s = '';
  for (const key of Object.keys(attributes)) {
    s += `${s.length > 0 ? ',' : ''}${sanitizeName(key)}="${escapeLabelValue(attributes[key])}"`;
  }
  return s;
}

/** One metric's cached name and header lines. */
interface MetricEntry {
  description: string | undefined;
  unit: string | undefined;
  dataPointType: number;
  monotonic: boolean;
  /** '' when the metric is skipped (its name normalizes to '' or '_'). */
  name: string;
  /** `# HELP ...\n[# UNIT ...\n]# TYPE ...\n` */
  header: string;
}

/** Renders collections as Prometheus text; keeps what does not change between scrapes. One per exporter. */
export class PrometheusTextRenderer {
  readonly #metrics = new Map<string, MetricEntry>();
  /** The label text of frozen attribute sets (without the scope labels). */
  readonly #labels = new WeakMap<object, string>();
  readonly #scopes = new Map<string, string>();
  /** `le="..."` by boundary (Infinity and a missing boundary both give +Inf). */
  readonly #le = new Map<number, string>();
  #targetKey: object | undefined;
  #target = '';
  /** Called with a message when a metric is skipped (as the serializer calls diag.error). */
  readonly #onSkip: (message: string) => void;

  constructor(onSkip: (message: string) => void = () => undefined) {
    this.#onSkip = onSkip;
  }

  /** The exposition text of one collection. */
  render(rm: RenderableResourceMetrics): string {
    let body = '';
    for (const sm of rm.scopeMetrics) {
      const scope = this.#scopeLabels(sm.scope);
      for (const m of sm.metrics) {
        const text = this.#metric(m, scope);
        if (text !== '') body += text + '\n';
      }
    }
    if (body === '') body = NO_REGISTERED_METRICS;
    return this.#targetInfo(rm.resource) + body;
  }

  #targetInfo(resource: RenderableResourceMetrics['resource']): string {
    const attributes = resource.attributes;
    if (resource.asyncAttributesPending !== true && attributes === this.#targetKey) return this.#target;
    const labels = labelText(attributes);
    const text = `# HELP target_info Target metadata\n# TYPE target_info gauge\n${`target_info${labels === '' ? '' : `{${labels}}`} 1`}\n`;
    if (resource.asyncAttributesPending !== true) {
      this.#targetKey = attributes;
      this.#target = text;
    }
    return text;
  }

  /** `otel_scope_name="...",otel_scope_schema_url="...",otel_scope_version="..."` of a scope. */
  #scopeLabels(scope: ScopeMetrics['scope']): string {
    const key = `${scope.name}\u0000${scope.schemaUrl ?? ''}\u0000${scope.version ?? ''}`;
    const cached = this.#scopes.get(key);
    if (cached !== undefined) return cached;
    const info: Record<string, unknown> = { otel_scope_name: scope.name };
    if (scope.schemaUrl) info.otel_scope_schema_url = scope.schemaUrl;
    if (scope.version) info.otel_scope_version = scope.version;
    const text = labelText(info);
    if (this.#scopes.size < MAX_CACHED) this.#scopes.set(key, text);
    return text;
  }

  #entry(m: MetricData): MetricEntry {
    const d = m.descriptor;
    const monotonic = m.dataPointType === SUM && (m as { isMonotonic?: boolean }).isMonotonic === true;
    const cached = this.#metrics.get(d.name);
    if (cached !== undefined && cached.description === d.description && cached.unit === d.unit && cached.dataPointType === m.dataPointType && cached.monotonic === monotonic) {
      return cached;
    }
    let name = sanitizeName(escapeString(d.name));
    let header = '';
    if (name === '' || name === '_') {
      this.#onSkip(name === '' ? `Normalization for metric "${d.name}" resulted in empty name` : `Normalization for metric "${d.name}" resulted in an invalid name: "_"`);
      name = '';
    } else {
      if (name.charCodeAt(0) >= 48 && name.charCodeAt(0) <= 57) name = `_${name}`;
      if (monotonic && !name.endsWith('_total')) name += '_total';
      const type = m.dataPointType === SUM ? (monotonic ? 'counter' : 'gauge') : m.dataPointType === GAUGE ? 'gauge' : m.dataPointType === HISTOGRAM ? 'histogram' : 'untyped';
      header = `# HELP ${name} ${escapeString(d.description || 'description missing')}\n`;
      if (d.unit) header += `# UNIT ${name} ${escapeString(d.unit)}\n`;
      header += `# TYPE ${name} ${type}\n`;
    }
    const entry: MetricEntry = { description: d.description, unit: d.unit, dataPointType: m.dataPointType, monotonic, name, header };
    if (cached !== undefined || this.#metrics.size < MAX_CACHED) this.#metrics.set(d.name, entry);
    return entry;
  }

  /** `{attributes,scope` (no closing brace): the label text before `,le=...}` or `}`. */
  #open(attributes: Record<string, unknown>, scope: string): string {
    let own: string | undefined;
    const frozen = Object.isFrozen(attributes);
    if (frozen) own = this.#labels.get(attributes);
    if (own === undefined) {
      own = labelText(attributes);
      if (frozen) this.#labels.set(attributes, own);
    }
    return own === '' ? `{${scope}` : scope === '' ? `{${own}` : `{${own},${scope}`;
  }

  /** The text of one metric, trimmed as the serializer trims it ('' when skipped). */
  #metric(m: MetricData, scope: string): string {
    const e = this.#entry(m);
    if (e.name === '') return '';
    let s = e.header;
    const name = e.name;
    if (m.dataPointType === SUM || m.dataPointType === GAUGE) {
      for (const p of m.dataPoints) s += `${name}${this.#open(p.attributes, scope)}} ${valueText(p.value as number)}\n`;
    } else if (m.dataPointType === HISTOGRAM) {
      for (const p of m.dataPoints) s += this.#histogram(name, this.#open(p.attributes, scope), p.value as HistogramValue);
    } else {
      this.#onSkip(`Unrecognizable DataPointType: ${String(m.dataPointType)} for metric "${name}"`);
    }
    return s.trim();
  }

  #histogram(name: string, open: string, h: HistogramValue): string {
    let s = '';
    if (h.count != null) s += `${name}_count${open}} ${valueText(h.count)}\n`;
    if (h.sum != null) s += `${name}_sum${open}} ${valueText(h.sum)}\n`;
    const counts = h.buckets.counts;
    const bounds = h.buckets.boundaries;
    const sep = open.length > 1 ? ',' : '';
    let cumulative = 0;
    let infinite = false;
    for (let i = 0; i < counts.length; i++) {
      cumulative += counts[i] as number;
      const bound = bounds[i];
      if (bound === undefined && infinite) break;
      if (bound === Infinity) infinite = true;
      s += `${name}_bucket${open}${sep}${this.#leOf(bound)}} ${valueText(cumulative)}\n`;
    }
    return s;
  }

  #leOf(bound: number | undefined): string {
    const b = bound === undefined ? Infinity : bound;
    const cached = this.#le.get(b);
    if (cached !== undefined) return cached;
    const text = `le="${b === Infinity ? '+Inf' : String(b)}"`;
    if (this.#le.size < MAX_CACHED) this.#le.set(b, text);
    return text;
  }
}

interface HistogramValue {
  count?: number | null;
  sum?: number | null;
  buckets: { boundaries: readonly number[]; counts: readonly number[] };
}
