/** Streaming summaries: the relative-error Summary sketch and the Summaries aggregator with periodic export. */
export {
  Summary,
  DEFAULT_RELATIVE_ACCURACY,
  DEFAULT_MAX_BINS,
  DEFAULT_QUANTILES,
  type SummaryOptions,
  type SketchParams,
} from './sketch';
export {
  Summaries,
  type SummariesOptions,
  type SeriesOptions,
  type SummaryStats,
  type SummaryExport,
  type SummaryWindow,
} from './summaries';
export { SUMMARY_STATS, COUNT_UNIT, quantileLabel, type SummaryStat } from './names';
