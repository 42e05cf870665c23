/**
 * Summary: a streaming summary of one series of non-negative measurements (durations, sizes): count, sum, min,
 * max, mean and quantiles, in bounded memory, mergeable.
 *
 * The quantile sketch is a logarithmic bucket sketch (the DDSketch construction): with gamma = (1 + a) / (1 - a),
 * bucket k counts the values in (gamma^(k-1), gamma^k] and answers for them with 2 gamma^k / (gamma + 1), which is
 * within a relative error a of every value in the bucket. Buckets are counts in one Float64Array covering the
 * contiguous key range seen so far; it grows in chunks up to `maxBins` and is never reallocated once the range is
 * stable, so a steady-state record() allocates nothing.
 *
 * The guarantee (relativeAccuracy a, default 0.01): for a quantile q of n recorded values, with x the value of rank
 * floor(q (n - 1)) in sorted order (0-based), quantile(q) returns y with |y - x| <= a x, as long as x is not below
 * the collapse bound (`collapsedBelow`). That bound is 0 until the recorded values span more than `maxBins` buckets
 * (gamma^maxBins: about 3.2e7, i.e. 7.5 decades, at the defaults: 1 us to 32 s, say); past that the lowest buckets are folded into one,
 * which keeps the upper quantiles exact to a and makes the lowest ones answer at most the collapse bound.
 * min, max, count and sum are exact (sum is a double sum).
 *
 * Values: 0 is counted in a zero bucket (answered as 0). NaN, +-Infinity and negative numbers are rejected: they
 * change nothing but the `rejected` count, and record() returns false.
 */
import { badOption } from '../errors';

/** Default relative accuracy of the quantiles: 1%. */
export const DEFAULT_RELATIVE_ACCURACY = 0.01;
/**
 * Default bucket budget: 864 buckets of 8 bytes, 6.75 KiB at most (7.5 decades at 1%), so that a whole series (the
 * buckets, the typed array and the object, about 800 bytes) stays under 8 KiB.
 */
export const DEFAULT_MAX_BINS = 864;
/** Default quantiles: p50, p95, p99. */
export const DEFAULT_QUANTILES: readonly number[] = Object.freeze([0.5, 0.95, 0.99]);

/** Buckets added at a time when the key range grows (so that a slowly widening range does not reallocate often). */
const GROW_CHUNK = 64;

/** Options of `new Summary()`. */
export interface SummaryOptions {
  /** Relative accuracy of the quantiles, in (0, 0.5) (default 0.01). */
  relativeAccuracy?: number;
  /** Largest number of buckets, 16 to 65536 (default 864): memory is at most 8 bytes a bucket. */
  maxBins?: number;
}

/** Validated sketch parameters shared by summaries that can be merged. */
export interface SketchParams {
  readonly relativeAccuracy: number;
  readonly maxBins: number;
}

/** Validates `options` into sketch parameters; throws PROCSAMPLER_BAD_OPTION. */
export function sketchParams(options: SummaryOptions = {}): SketchParams {
  if (options === null || typeof options !== 'object') badOption('Summary options must be an object');
  const a = options.relativeAccuracy ?? DEFAULT_RELATIVE_ACCURACY;
  if (typeof a !== 'number' || !(a > 0 && a < 0.5)) {
    badOption(`relativeAccuracy must be a number in (0, 0.5), got ${String(a)}`);
  }
  const m = options.maxBins ?? DEFAULT_MAX_BINS;
  if (typeof m !== 'number' || !Number.isInteger(m) || m < 16 || m > 65536) {
    badOption(`maxBins must be an integer from 16 to 65536, got ${String(m)}`);
  }
  return { relativeAccuracy: a, maxBins: m };
}

/** Validates a quantile list (each in [0, 1], at least one); returns a frozen sorted copy. */
export function quantileList(qs: readonly number[] | undefined): readonly number[] {
  if (qs === undefined) return DEFAULT_QUANTILES;
  if (!Array.isArray(qs) || qs.length === 0) badOption('quantiles must be a non-empty array of numbers in [0, 1]');
  for (const q of qs) {
    if (typeof q !== 'number' || !(q >= 0 && q <= 1)) badOption(`quantile ${String(q)} is not a number in [0, 1]`);
  }
  return Object.freeze([...new Set(qs)].sort((x, y) => x - y));
}

const EMPTY = new Float64Array(0);

/**
 * A streaming summary of non-negative values with relative-error quantiles (see the module notes for the bound).
 *
 * @example
 * const s = new Summary();
 * s.record(0.012); s.record(0.250);
 * s.quantile(0.99); // within 1% of the exact p99
 */
export class Summary {
  readonly #params: SketchParams;
  readonly #gamma: number;
  /** 1 / ln(gamma): key = ceil(ln(v) * #multiplier). */
  readonly #multiplier: number;
  readonly #maxBins: number;
  #bins: Float64Array = EMPTY;
  /** Key of #bins[0]. */
  #offset = 0;
  /** Lowest and highest key with a count (Infinity / -Infinity when there is none). */
  #minKey = Infinity;
  #maxKey = -Infinity;
  #zero = 0;
  #count = 0;
  #sum = 0;
  #min = Infinity;
  #max = -Infinity;
  #rejected = 0;
  /** Values below this were folded into the lowest bucket (0 when nothing was folded). */
  #collapsedBelow = 0;

  /** Throws PROCSAMPLER_BAD_OPTION for bad options. */
  constructor(options: SummaryOptions | SketchParams = {}) {
    this.#params = sketchParams(options);
    const a = this.#params.relativeAccuracy;
    this.#gamma = (1 + a) / (1 - a);
    this.#multiplier = 1 / Math.log(this.#gamma);
    this.#maxBins = this.#params.maxBins;
  }

  /** The relative accuracy and bucket budget (equal parameters are required by merge()). */
  get params(): SketchParams {
    return this.#params;
  }

  /**
   * Adds one value. Returns false (and counts it in `rejected`) for NaN, +-Infinity and negative numbers.
   * Allocates nothing once the range of keys is stable.
   */
  record(value: number): boolean {
    if (!(value >= 0) || value === Infinity) {
      this.#rejected++;
      return false;
    }
    this.#count++;
    this.#sum += value;
    if (value < this.#min) this.#min = value;
    if (value > this.#max) this.#max = value;
    if (value === 0) {
      this.#zero++;
      return true;
    }
    const key = Math.ceil(Math.log(value) * this.#multiplier);
    const i = key - this.#offset;
    if (i >= 0 && i < this.#bins.length) {
      (this.#bins[i] as number)++;
      if (key < this.#minKey) this.#minKey = key;
      if (key > this.#maxKey) this.#maxKey = key;
      return true;
    }
    this.#addSlow(key, 1);
    return true;
  }

  /** Values recorded (rejected ones excluded). */
  get count(): number {
    return this.#count;
  }
  /** Sum of the recorded values (0 when empty). */
  get sum(): number {
    return this.#sum;
  }
  /** Smallest recorded value, or NaN when empty. */
  get min(): number {
    return this.#count > 0 ? this.#min : NaN;
  }
  /** Largest recorded value, or NaN when empty. */
  get max(): number {
    return this.#count > 0 ? this.#max : NaN;
  }
  /** sum / count, or NaN when empty. */
  get mean(): number {
    return this.#count > 0 ? this.#sum / this.#count : NaN;
  }
  /** Values refused by record() (NaN, +-Infinity, negative) since creation or reset(). */
  get rejected(): number {
    return this.#rejected;
  }
  /** 0, or the value below which recorded values were folded into the lowest bucket (see the module notes). */
  get collapsedBelow(): number {
    return this.#collapsedBelow;
  }
  /** Bytes of bucket storage held now (8 a bucket). */
  get binBytes(): number {
    return this.#bins.byteLength;
  }

  /**
   * The value at quantile `q` (0..1), within the relative accuracy of the exact one (see the module notes), clamped
   * to [min, max]; quantile(0) is min and quantile(1) is max exactly. NaN when empty or when q is not in [0, 1].
   */
  quantile(q: number): number {
    if (!(q >= 0 && q <= 1) || this.#count === 0) return NaN;
    if (q === 0) return this.#min;
    if (q === 1) return this.#max;
    const rank = Math.floor(q * (this.#count - 1));
    if (rank < this.#zero) return 0;
    let seen = this.#zero;
    const bins = this.#bins;
    const end = this.#maxKey - this.#offset;
    let i = this.#minKey - this.#offset;
    for (; i < end; i++) {
      seen += bins[i] as number;
      if (seen > rank) break;
    }
    const y = (2 * Math.pow(this.#gamma, i + this.#offset)) / (this.#gamma + 1);
    return y < this.#min ? this.#min : y > this.#max ? this.#max : y;
  }

  /**
   * Writes quantile(qs[j]) to out[j] for sorted `qs` in one pass over the buckets (what the exporter uses; no
   * allocation). Unsorted `qs` give undefined results.
   */
  quantilesInto(qs: readonly number[], out: Float64Array | number[]): void {
    const n = this.#count;
    let j = 0;
    if (n === 0) {
      for (; j < qs.length; j++) out[j] = NaN;
      return;
    }
    let seen = this.#zero;
    const bins = this.#bins;
    const end = this.#maxKey - this.#offset;
    let i = this.#minKey - this.#offset;
    for (; j < qs.length; j++) {
      const q = qs[j] as number;
      if (!(q > 0 && q < 1)) {
        out[j] = q === 0 ? this.#min : q === 1 ? this.#max : NaN;
        continue;
      }
      const rank = Math.floor(q * (n - 1));
      if (rank < this.#zero) {
        out[j] = 0;
        continue;
      }
      while (i < end && seen + (bins[i] as number) <= rank) seen += bins[i++] as number;
      const y = (2 * Math.pow(this.#gamma, i + this.#offset)) / (this.#gamma + 1);
      out[j] = y < this.#min ? this.#min : y > this.#max ? this.#max : y;
    }
  }

  /**
   * Adds every value of `other` into this summary (other is unchanged). Throws PROCSAMPLER_BAD_OPTION when the two
   * have different relativeAccuracy or maxBins.
   */
  merge(other: Summary): this {
    if (!(other instanceof Summary)) badOption('Summary.merge() needs a Summary');
    const p = other.#params;
    if (p.relativeAccuracy !== this.#params.relativeAccuracy || p.maxBins !== this.#params.maxBins) {
      badOption('Summary.merge(): the summaries have different relativeAccuracy or maxBins');
    }
    if (other === this) {
      const copy = new Summary(this.#params);
      copy.merge(this);
      return this.merge(copy);
    }
    this.#count += other.#count;
    this.#sum += other.#sum;
    this.#zero += other.#zero;
    this.#rejected += other.#rejected;
    if (other.#min < this.#min) this.#min = other.#min;
    if (other.#max > this.#max) this.#max = other.#max;
    if (other.#collapsedBelow > this.#collapsedBelow) this.#collapsedBelow = other.#collapsedBelow;
    // Highest key first: the range then extends downwards, and what passes the budget folds into the lowest bucket.
    for (let k = other.#maxKey; k >= other.#minKey; k--) {
      const c = other.#bins[k - other.#offset] as number;
      if (c > 0) this.#add(k, c);
    }
    return this;
  }

  /** Forgets every value (and the rejected count); keeps the bucket storage for reuse. */
  reset(): void {
    this.#bins.fill(0);
    this.#minKey = Infinity;
    this.#maxKey = -Infinity;
    this.#zero = 0;
    this.#count = 0;
    this.#sum = 0;
    this.#min = Infinity;
    this.#max = -Infinity;
    this.#rejected = 0;
    this.#collapsedBelow = 0;
  }

  /** Adds `weight` to bucket `key` (the general path of merge()). */
  #add(key: number, weight: number): void {
    const i = key - this.#offset;
    if (i >= 0 && i < this.#bins.length) {
      (this.#bins[i] as number) += weight;
      if (key < this.#minKey) this.#minKey = key;
      if (key > this.#maxKey) this.#maxKey = key;
      return;
    }
    this.#addSlow(key, weight);
  }

  /** Adds `weight` to bucket `key` outside the array: extends, moves or folds the range. */
  #addSlow(key: number, weight: number): void {
    const maxBins = this.#maxBins;
    if (this.#maxKey < this.#minKey) {
      this.#ensureRange(key, key);
    } else if (key > this.#maxKey) {
      const low = key - maxBins + 1;
      if (low > this.#minKey) {
        // The range would pass the budget: fold every bucket below `low` into bucket `low`.
        let folded = 0;
        const top = Math.min(this.#maxKey, low - 1);
        for (let k = this.#minKey; k <= top; k++) {
          folded += this.#bins[k - this.#offset] as number;
          this.#bins[k - this.#offset] = 0;
        }
        this.#collapse(low);
        if (low > this.#maxKey) {
          this.#minKey = Infinity;
          this.#maxKey = -Infinity;
        } else {
          this.#minKey = low;
        }
        this.#ensureRange(low, key);
        (this.#bins[low - this.#offset] as number) += folded;
        if (low < this.#minKey) this.#minKey = low;
        if (low > this.#maxKey) this.#maxKey = low;
      } else {
        this.#ensureRange(this.#minKey, key);
      }
    } else if (key < this.#minKey) {
      const low = this.#maxKey - maxBins + 1;
      if (key < low) {
        this.#collapse(low);
        key = low;
      }
      this.#ensureRange(key, this.#maxKey);
    }
    (this.#bins[key - this.#offset] as number) += weight;
    if (key < this.#minKey) this.#minKey = key;
    if (key > this.#maxKey) this.#maxKey = key;
  }

  /** Records that values below bucket `low` are now counted in it. */
  #collapse(low: number): void {
    const bound = Math.pow(this.#gamma, low - 1);
    if (bound > this.#collapsedBelow) this.#collapsedBelow = bound;
  }

  /**
   * Makes keys lo..hi addressable (hi - lo < maxBins; lo..hi covers the used range), keeping the counts: grows the
   * array in chunks up to maxBins, or moves the counts within it.
   */
  #ensureRange(lo: number, hi: number): void {
    const bins = this.#bins;
    if (lo >= this.#offset && hi < this.#offset + bins.length) return;
    const need = hi - lo + 1;
    let capacity = bins.length;
    if (need > capacity) capacity = Math.min(this.#maxBins, Math.ceil((need + GROW_CHUNK) / GROW_CHUNK) * GROW_CHUNK);
    if (capacity < need) capacity = need;
    const spare = capacity - need;
    const used = this.#maxKey >= this.#minKey;
    // The spare room goes on the side the range grew towards (both sides for a first value).
    const offset = !used ? lo - (spare >> 1) : lo < this.#offset ? lo - spare : lo;
    if (capacity === bins.length) {
      if (used) {
        const from = this.#minKey - this.#offset;
        const to = this.#maxKey - this.#offset + 1;
        const start = this.#minKey - offset;
        bins.copyWithin(start, from, to);
        bins.fill(0, 0, start);
        bins.fill(0, start + (to - from));
      } else {
        bins.fill(0);
      }
    } else {
      const out = new Float64Array(capacity);
      if (used) out.set(bins.subarray(this.#minKey - this.#offset, this.#maxKey - this.#offset + 1), this.#minKey - offset);
      this.#bins = out;
    }
    this.#offset = offset;
  }
}
