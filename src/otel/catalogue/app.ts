/** The application families' own row: measurements dropped (src/app/dropped.ts). */
import * as sc from '../../semconv';
import { appDef, type AppMetricDef } from './row';

/** procsampler's self-metric of the application families: measurements dropped, by family and reason. */
export const APP_DROPPED_METRIC: AppMetricDef = appDef(
  sc.METRIC_PROCSAMPLER_APP_DROPPED,
  'Counter',
  '{record}',
  true,
  'procsampler.app',
  'Measurements an application family dropped (bad input), by family and reason',
  false,
  undefined,
  {
    [sc.ATTR_PROCSAMPLER_APP_FAMILY]: 'string: the family (http.server, db.client)',
    [sc.ATTR_PROCSAMPLER_DROP_REASON]: 'string: the reason, one of the family\'s documented drop reasons',
  },
);
