/**
 * procsampler.app.dropped: the measurements an application family refused, by reason. A family never throws
 * into the code it measures; it drops the bad measurement and counts it here, one series per (family, reason)
 * with its attributes built once.
 */
import type { Attributes, HrTime } from '../peers';
import { APP_DROPPED_METRIC } from '../otel/catalogue';
import { ATTR_PROCSAMPLER_APP_FAMILY, ATTR_PROCSAMPLER_DROP_REASON } from '../semconv';
import { NumberSeries } from './histogram';
import type { AppFeed } from './producer';

/** Drop counts of one family. Reasons are fixed at construction and addressed by index. */
export class DropCounts {
  /** The feed for an AppMetricProducer (every reason, 0 when nothing was dropped). */
  readonly feed: AppFeed;
  readonly #series: NumberSeries[];

  /**
   * @param extra attributes added to every series (a pool monitor adds its pool name, so that several monitors of
   *   one family export distinct series)
   */
  constructor(family: string, reasons: readonly string[], startTime: HrTime, extra?: Attributes) {
    this.#series = reasons.map(
      (r) =>
        new NumberSeries(
          Object.freeze({ [ATTR_PROCSAMPLER_APP_FAMILY]: family, [ATTR_PROCSAMPLER_DROP_REASON]: r, ...extra }),
          startTime,
        ),
    );
    this.feed = Object.freeze({ def: APP_DROPPED_METRIC, series: this.#series });
  }

  /** Counts one dropped measurement for reason index `reason`. */
  add(reason: number): void {
    const s = this.#series[reason];
    if (s !== undefined) s.value++;
  }

  /** Drops counted so far for reason index `reason`. */
  count(reason: number): number {
    return this.#series[reason]?.value ?? 0;
  }
}
