/**
 * The names of what a summary exports: one gauge per statistic, `<name>.<statistic>`, the pattern the conventions
 * use for `nodejs.eventloop.delay.p50`. Quantile q is `p` + 100 q with the decimal point written `_` (0.5 -> p50,
 * 0.999 -> p99_9), so that a quantile never adds a namespace level.
 */
import { badOption } from '../errors';

/** The statistics every summary exports besides its quantiles, in export order. */
export const SUMMARY_STATS = ['count', 'sum', 'min', 'max', 'mean'] as const;
/** One of {@link SUMMARY_STATS}. */
export type SummaryStat = (typeof SUMMARY_STATS)[number];

/** Unit of the `.count` gauge (the other statistics carry the series' own unit). */
export const COUNT_UNIT = '{measurement}';

/** OpenTelemetry instrument-name syntax (the API's rule), which every summary name must follow. */
const NAME_RE = /^[A-Za-z][A-Za-z0-9_.\-/]{0,200}$/;

/** Throws PROCSAMPLER_BAD_OPTION unless `name` is a valid instrument name. */
export function checkSummaryName(name: unknown): string {
  if (typeof name !== 'string' || !NAME_RE.test(name)) {
    badOption(`summary name ${JSON.stringify(name)} is not an instrument name (a letter, then letters, digits, _ . - /; at most 201 characters)`);
  }
  return name;
}

/** The statistic name of quantile `q`: 0.5 -> 'p50', 0.999 -> 'p99_9', 1 -> 'p100'. */
export function quantileLabel(q: number): string {
  const pct = Math.round(q * 100 * 1e6) / 1e6;
  return `p${String(pct).replace('.', '_')}`;
}
