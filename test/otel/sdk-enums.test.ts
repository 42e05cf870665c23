// The enum numbers of src/otel/sdk-enums.ts are the installed OpenTelemetry packages' own.
import { ValueType } from '@opentelemetry/api';
import { AggregationTemporality, DataPointType } from '@opentelemetry/sdk-metrics';
import * as e from '../../src/otel/sdk-enums';

test('the numeric constants equal the API and SDK enums', () => {
  expect([e.INT, e.DOUBLE]).toEqual([ValueType.INT, ValueType.DOUBLE]);
  expect([e.HISTOGRAM, e.GAUGE, e.SUM]).toEqual([DataPointType.HISTOGRAM, DataPointType.GAUGE, DataPointType.SUM]);
  expect(e.CUMULATIVE).toBe(AggregationTemporality.CUMULATIVE);
});
