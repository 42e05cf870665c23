/**
 * The shared machinery of the application metric families (HTTP server, database pools): fixed-bucket histogram
 * and number series with attributes built once, a capped series table with an overflow series, drop counts, and
 * the MetricProducer that exports them at collect time.
 */
export { HistogramSeries, NumberSeries, checkBoundaries } from './histogram';
export { SeriesTable, ATTR_OTEL_METRIC_OVERFLOW, type SeriesTableOptions } from './series-table';
export { AppMetricProducer, type AppFeed, type AppMetricSource, type AppMetricProducerOptions } from './producer';
export { DropCounts } from './dropped';
