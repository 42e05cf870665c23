// src/rates/index.ts: the folder's surface is the values the single rates.ts file exported, no more (the
// field-by-field helpers of fields.ts and the values.ts conversions stay inside).
import * as rates from '../../src/rates';
import { monotonicSeconds } from '../../src/clock';

test('src/rates exports exactly these values', () => {
  expect(Object.keys(rates).sort()).toEqual([
    'CPU_MODES', 'CPU_MODE_COUNT', 'DEFAULT_MIN_WINDOW_S', 'RateTracker', 'computeRates', 'counterDelta',
    'cpuUtilization', 'cpuUtilizationInto', 'diskRates', 'filesystemUsage', 'filesystemUtilization', 'foldCpuTimes',
    'isKnown', 'memoryUsage', 'memoryUtilization', 'monotonicSeconds', 'networkRates', 'pagingUtilization',
    'processCpuUtilization', 'ratePerSecond', 'utilization',
  ]);
  expect(rates.monotonicSeconds).toBe(monotonicSeconds);
  expect([rates.isKnown(1), rates.isKnown(NaN), rates.isKnown(null), rates.isKnown(Infinity)]).toEqual([true, false, false, false]);
});
