/** RateTracker: rates from consecutive snapshots, for callers that sample repeatedly (the CLI, a health check). */
import { monotonicSeconds } from '../clock';
import { computeRates, type ComputeRatesOptions, type Rates, type SnapshotLike } from './compute';
import { minWindowOf } from './values';

/** Options of {@link RateTracker}. */
export interface RateTrackerOptions extends ComputeRatesOptions {
  /** Monotonic clock in seconds (default: `process.hrtime`); injectable for tests. */
  clock?: () => number;
}

/**
 * Keeps the previous snapshot and its time, so a caller that samples repeatedly (the CLI, a health check) gets
 * rates from consecutive snapshots. All state is in the instance.
 */
export class RateTracker {
  #prev: SnapshotLike | null = null;
  #prevTime = NaN;
  #clock: () => number;
  #options: ComputeRatesOptions;

  constructor(options: RateTrackerOptions = {}) {
    this.#clock = options.clock ?? monotonicSeconds;
    this.#options = { minWindowS: options.minWindowS, processCpus: options.processCpus };
  }

  /**
   * Records `snapshot` (taken now) and returns the rates since the previous one, or `null` on the first call and
   * when the window is shorter than `minWindowS` (the previous snapshot is then kept as the baseline).
   */
  update(snapshot: SnapshotLike): Rates | null {
    const now = this.#clock();
    if (this.#prev === null) {
      this.#prev = snapshot;
      this.#prevTime = now;
      return null;
    }
    const elapsed = now - this.#prevTime;
    if (!(elapsed >= minWindowOf(this.#options))) return null;
    const r = computeRates(this.#prev, snapshot, elapsed, this.#options);
    this.#prev = snapshot;
    this.#prevTime = now;
    return r;
  }

  /** Forgets the baseline: the next `update()` starts a new window. */
  reset(): void {
    this.#prev = null;
    this.#prevTime = NaN;
  }
}
