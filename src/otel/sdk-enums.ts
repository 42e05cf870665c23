/**
 * The numeric values of the OpenTelemetry enums procsampler writes (the API's ValueType, the SDK's DataPointType
 * and AggregationTemporality), typed as the enum members. They are written here, once, as numbers, so that
 * loading procsampler never requires the optional OpenTelemetry peers (only their types are imported);
 * test/otel/sdk-enums.test.ts checks every one against the installed packages.
 */
import type { AggregationTemporality, DataPointType, ValueType } from '../peers';

/** AggregationTemporality.CUMULATIVE */
export const CUMULATIVE = 1 as AggregationTemporality.CUMULATIVE;
/** DataPointType.HISTOGRAM */
export const HISTOGRAM = 0 as DataPointType.HISTOGRAM;
/** DataPointType.GAUGE */
export const GAUGE = 2 as DataPointType.GAUGE;
/** DataPointType.SUM */
export const SUM = 3 as DataPointType.SUM;
/** ValueType.INT */
export const INT = 0 as ValueType.INT;
/** ValueType.DOUBLE */
export const DOUBLE = 1 as ValueType.DOUBLE;
