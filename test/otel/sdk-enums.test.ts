// The enum numbers of src/otel/sdk-enums.ts are the installed OpenTelemetry packages' own.
import { ValueType } from '@opentelemetry/api';
import { AggregationTemporality, DataPointType } from '@opentelemetry/sdk-metrics';
import * as e from '../../src/otel/sdk-enums';

test('the numeric constants equal the API and SDK enums', () => {
  expect([e.VALUE_TYPE_INT, e.VALUE_TYPE_DOUBLE]).toEqual([ValueType.INT, ValueType.DOUBLE]);
  expect([e.DP_HISTOGRAM, e.DP_GAUGE, e.DP_SUM]).toEqual([DataPointType.HISTOGRAM, DataPointType.GAUGE, DataPointType.SUM]);
  expect(e.CUMULATIVE).toBe(AggregationTemporality.CUMULATIVE);
});
