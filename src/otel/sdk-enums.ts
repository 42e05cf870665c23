/**
 * The numeric values of the OpenTelemetry enums procsampler writes (the API's ValueType, the SDK's DataPointType
 * and AggregationTemporality), typed as the enum members. They are written here, once, as numbers, so that
 * loading procsampler never requires the optional OpenTelemetry peers (only their types are imported);
 * test/otel/sdk-enums.test.ts checks every one against the installed packages.
 */
import type { AggregationTemporality, DataPointType, ValueType } from '../peers';

/** `ValueType.INT` of @opentelemetry/api. */
export const VALUE_TYPE_INT = 0 as ValueType.INT;
/** `ValueType.DOUBLE` of @opentelemetry/api. */
export const VALUE_TYPE_DOUBLE = 1 as ValueType.DOUBLE;
/** `DataPointType.HISTOGRAM` of @opentelemetry/sdk-metrics. */
export const DP_HISTOGRAM = 0 as DataPointType.HISTOGRAM;
/** `DataPointType.GAUGE` of @opentelemetry/sdk-metrics. */
export const DP_GAUGE = 2 as DataPointType.GAUGE;
/** `DataPointType.SUM` of @opentelemetry/sdk-metrics. */
export const DP_SUM = 3 as DataPointType.SUM;
/** `AggregationTemporality.CUMULATIVE` of @opentelemetry/sdk-metrics. */
export const CUMULATIVE = 1 as AggregationTemporality.CUMULATIVE;
