/**
 * Values of the SDK's enums (AggregationTemporality, DataPointType) and the API's ValueType, written as numbers so
 * that the producers need the OpenTelemetry packages only for types; test/otel/producer.test.ts and
 * test/app/producer.test.ts check them against the packages.
 */
/** AggregationTemporality.CUMULATIVE */
export const CUMULATIVE = 1;
/** DataPointType.HISTOGRAM */
export const HISTOGRAM = 0;
/** DataPointType.GAUGE */
export const GAUGE = 2;
/** DataPointType.SUM */
export const SUM = 3;
/** ValueType.INT */
export const INT = 0;
/** ValueType.DOUBLE */
export const DOUBLE = 1;
