import { DEFAULT_MAX_BINS, DEFAULT_QUANTILES, DEFAULT_RELATIVE_ACCURACY, Summary } from '../../src/summaries';
import { ProcsamplerError } from '../../src/errors';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { random } = require('../../bench/lib/random.js') as { random: (seed: number) => () => number };

function distributions(seed: number): Record<string, () => number> {
  const r = random(seed);
  const normal = (): number => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
  return {
    // uniform on [0, 100): values near 0 reach down several decades at 10^6 draws
    uniform: () => r() * 100,
    // request latencies in seconds: median 50 ms, a long right tail
    'log-normal': () => Math.exp(Math.log(0.05) + 1.2 * normal()),
    // a cache: 70% hits near 2 ms, 30% misses near 300 ms
    bimodal: () => (r() < 0.7 ? Math.abs(0.002 + 0.0003 * normal()) : Math.abs(0.3 + 0.05 * normal())),
    // mostly 1-50 ms, 0.5% outliers from 10 s to 1000 s, and exact zeros
    outliers: () => {
      const u = r();
      if (u < 0.001) return 0;
      if (u < 0.006) return 10 + r() * 990;
      return 0.001 + r() * 0.049;
    },
  };
}

const QS = [0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.995, 0.999, 0.9999];
const N = 1_000_000;

describe('Summary against exact quantiles of 1,000,000 values', () => {
  const dists = distributions(20261201);
  for (const [name, draw] of Object.entries(dists)) {
    test(`${name}: every quantile within the stated relative error, exact count/sum/min/max`, () => {
      const values = new Float64Array(N);
      const s = new Summary();
      let sum = 0;
      for (let i = 0; i < N; i++) {
        const v = draw();
        values[i] = v;
        sum += v;
        s.record(v);
      }
      values.sort();
      expect(s.count).toBe(N);
      expect(s.rejected).toBe(0);
      expect(s.min).toBe(values[0]);
      expect(s.max).toBe(values[N - 1]);
      expect(s.sum).toBeCloseTo(sum, 6);
      expect(s.mean).toBeCloseTo(sum / N, 9);
      expect(s.collapsedBelow).toBe(0);
      const out = new Float64Array(QS.length);
      s.quantilesInto(QS, out);
      for (let j = 0; j < QS.length; j++) {
        const q = QS[j] as number;
        const exact = values[Math.floor(q * (N - 1))] as number;
        const got = s.quantile(q);
        expect(out[j]).toBe(got); // the one-pass path answers the same
        const bound = DEFAULT_RELATIVE_ACCURACY * exact + 1e-12 * exact;
        if (Math.abs(got - exact) > bound) throw new Error(`${name} q=${q}: exact ${exact}, got ${got}`);
      }
      // bounded memory: at most maxBins buckets of 8 bytes whatever the count
      expect(s.binBytes).toBeLessThanOrEqual(DEFAULT_MAX_BINS * 8);
    });
  }

  test('a coarser accuracy holds its own bound (5%)', () => {
    const draw = distributions(7)['log-normal'] as () => number;
    const s = new Summary({ relativeAccuracy: 0.05 });
    const values = new Float64Array(200_000);
    for (let i = 0; i < values.length; i++) s.record((values[i] = draw()));
    values.sort();
    for (const q of QS) {
      const exact = values[Math.floor(q * (values.length - 1))] as number;
      expect(Math.abs(s.quantile(q) - exact)).toBeLessThanOrEqual(0.05 * exact * (1 + 1e-12));
    }
  });
});

describe('Summary values and edges', () => {
  test('NaN, +-Infinity and negatives are rejected and counted, and change nothing else', () => {
    const s = new Summary();
    for (const v of [1, 2, 3]) s.record(v);
    const before = [s.count, s.sum, s.min, s.max, s.quantile(0.5)];
    for (const v of [NaN, Infinity, -Infinity, -1, -0.5, -Number.MIN_VALUE]) expect(s.record(v)).toBe(false);
    expect(s.rejected).toBe(6);
    expect([s.count, s.sum, s.min, s.max, s.quantile(0.5)]).toEqual(before);
  });

  test('zeros are counted and answered as 0; -0 is a zero', () => {
    const s = new Summary();
    for (let i = 0; i < 10; i++) s.record(0);
    s.record(-0);
    s.record(5);
    expect(s.count).toBe(12);
    expect(s.quantile(0.5)).toBe(0);
    expect(s.quantile(1)).toBe(5);
    expect(s.min).toBe(0);
  });

  test('an empty summary answers NaN; q outside [0, 1] is NaN', () => {
    const s = new Summary();
    expect(s.quantile(0.5)).toBeNaN();
    expect(s.min).toBeNaN();
    expect(s.mean).toBeNaN();
    expect(s.sum).toBe(0);
    s.record(1);
    expect(s.quantile(-0.1)).toBeNaN();
    expect(s.quantile(1.1)).toBeNaN();
    expect(s.quantile(NaN)).toBeNaN();
  });

  test('one value: every quantile is that value exactly (clamped to min and max)', () => {
    const s = new Summary();
    s.record(0.123);
    for (const q of [0, 0.5, 0.99, 1]) expect(s.quantile(q)).toBe(0.123);
  });

  test('extreme magnitudes: tiny and huge values keep the bound', () => {
    const s = new Summary();
    const vals = [1e-200, 2e-200, 3e-100, 1e200, 4e199];
    const t = new Summary({ maxBins: 65536 }); // 400 decades fit in 65536 buckets at 1%
    for (const v of vals) {
      expect(s.record(v)).toBe(true);
      t.record(v);
    }
    expect(s.record(Number.MAX_VALUE)).toBe(true);
    expect(s.record(Number.MIN_VALUE)).toBe(true);
    expect(t.collapsedBelow).toBe(0);
    const sorted = [...vals].sort((a, b) => a - b);
    for (const q of [0.25, 0.5, 0.75]) {
      const exact = sorted[Math.floor(q * (sorted.length - 1))] as number;
      expect(Math.abs(t.quantile(q) - exact)).toBeLessThanOrEqual(0.01 * exact * (1 + 1e-12));
    }
    // with the default budget (7.5 decades) the range of 600 decades is folded below ~1e300: max stays exact, and
    // a quantile whose value is below the bound is answered with the lowest bucket
    expect(s.collapsedBelow).toBeGreaterThan(1e299);
    expect(s.collapsedBelow).toBeLessThan(1e301);
    expect(s.quantile(1)).toBe(Number.MAX_VALUE);
    expect(s.quantile(0.85)).toBeGreaterThanOrEqual(s.collapsedBelow);
    expect(s.quantile(0.85)).toBeLessThanOrEqual(s.collapsedBelow * 1.03);
    expect(s.binBytes).toBeLessThanOrEqual(DEFAULT_MAX_BINS * 8);
  });

  test('past the bucket budget, the lowest buckets fold and the high quantiles keep the bound', () => {
    const s = new Summary({ maxBins: 100 }); // 100 buckets at 1%: about 0.87 decades
    const values: number[] = [];
    for (let i = 0; i < 10000; i++) values.push(10 ** (i / 1000)); // 1 .. 1e10, 10 decades
    for (const v of values) s.record(v);
    expect(s.binBytes).toBeLessThanOrEqual(100 * 8);
    expect(s.collapsedBelow).toBeGreaterThan(1e9 - 1);
    for (const q of [0.95, 0.99, 0.999]) {
      const exact = values[Math.floor(q * (values.length - 1))] as number;
      expect(exact).toBeGreaterThan(s.collapsedBelow);
      expect(Math.abs(s.quantile(q) - exact)).toBeLessThanOrEqual(0.01 * exact * (1 + 1e-12));
    }
    // below the bound the answer is the lowest bucket, never below the true value's bucket range
    expect(s.quantile(0.1)).toBeGreaterThanOrEqual(s.collapsedBelow);
    expect(s.count).toBe(10000);
  });

  test('a value far below the range folds into the lowest bucket instead of growing memory', () => {
    const s = new Summary({ maxBins: 64 });
    for (let i = 0; i < 1000; i++) s.record(100 + i);
    s.record(1e-9);
    expect(s.binBytes).toBeLessThanOrEqual(64 * 8);
    expect(s.min).toBe(1e-9);
    expect(s.quantile(0)).toBe(1e-9);
    expect(s.collapsedBelow).toBeGreaterThan(0);
    expect(Math.abs(s.quantile(0.5) - 599)).toBeLessThanOrEqual(0.01 * 599 + 1e-9);
  });

  test('reset() forgets values and keeps accepting', () => {
    const s = new Summary();
    for (let i = 1; i <= 100; i++) s.record(i);
    s.record(NaN);
    s.reset();
    expect([s.count, s.sum, s.rejected, s.collapsedBelow]).toEqual([0, 0, 0, 0]);
    expect(s.quantile(0.5)).toBeNaN();
    for (let i = 1; i <= 3; i++) s.record(i * 1000);
    expect(Math.abs(s.quantile(0.5) - 2000)).toBeLessThanOrEqual(20);
    expect(s.min).toBe(1000);
  });

  test('options are validated with PROCSAMPLER_BAD_OPTION', () => {
    for (const bad of [{ relativeAccuracy: 0 }, { relativeAccuracy: 0.5 }, { relativeAccuracy: NaN }, { maxBins: 8 }, { maxBins: 100.5 }, { maxBins: 1e6 }]) {
      let error: unknown;
      try {
        new Summary(bad);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ProcsamplerError);
      expect((error as ProcsamplerError).code).toBe('PROCSAMPLER_BAD_OPTION');
    }
    expect(DEFAULT_QUANTILES).toEqual([0.5, 0.95, 0.99]);
  });
});

describe('Summary.merge', () => {
  test('merging parts equals one summary of everything (same buckets, same answers)', () => {
    const draw = distributions(99)['log-normal'] as () => number;
    const whole = new Summary();
    const parts = [new Summary(), new Summary(), new Summary()];
    for (let i = 0; i < 300_000; i++) {
      const v = i % 1000 === 0 ? 0 : draw();
      whole.record(v);
      (parts[i % 3] as Summary).record(v);
    }
    (parts[1] as Summary).record(NaN);
    const merged = new Summary().merge(parts[0] as Summary).merge(parts[1] as Summary).merge(parts[2] as Summary);
    expect(merged.count).toBe(whole.count);
    expect(merged.min).toBe(whole.min);
    expect(merged.max).toBe(whole.max);
    expect(merged.sum).toBeCloseTo(whole.sum, 6);
    expect(merged.rejected).toBe(1);
    for (const q of QS) expect(merged.quantile(q)).toBe(whole.quantile(q));
  });

  test('merging disjoint ranges that pass the budget folds the low end, keeping the high quantiles', () => {
    const low = new Summary({ maxBins: 128 });
    const high = new Summary({ maxBins: 128 });
    for (let i = 0; i < 1000; i++) low.record(1e-6 * (1 + i / 1000));
    for (let i = 0; i < 1000; i++) high.record(1e3 * (1 + i / 1000));
    low.merge(high);
    expect(low.count).toBe(2000);
    expect(low.binBytes).toBeLessThanOrEqual(128 * 8);
    expect(low.collapsedBelow).toBeGreaterThan(1e-6);
    const exact = 1e3 * (1 + Math.floor(0.99 * 1999 - 1000) / 1000);
    expect(Math.abs(low.quantile(0.99) - exact)).toBeLessThanOrEqual(0.01 * exact + 1e-9);
  });

  test('merging with itself doubles the counts; different parameters are refused', () => {
    const s = new Summary();
    for (let i = 1; i <= 10; i++) s.record(i);
    s.merge(s);
    expect(s.count).toBe(20);
    expect(s.sum).toBe(110);
    expect(() => s.merge(new Summary({ relativeAccuracy: 0.02 }))).toThrow(/different relativeAccuracy/);
  });
});

describe('Summary under random orders and small budgets (the growth, move and fold paths)', () => {
  test('200 random series: the bound holds above the fold, answers are monotone in q, memory stays in budget', () => {
    const r = random(424242);
    for (let trial = 0; trial < 200; trial++) {
      const maxBins = 16 + Math.floor(r() * 100);
      const s = new Summary({ maxBins });
      const n = 50 + Math.floor(r() * 2000);
      const decades = r() * 6;
      const base = 10 ** (r() * 10 - 5);
      const values: number[] = [];
      // ascending, descending or shuffled, so that the range grows up, down or both ways
      const order = trial % 3;
      for (let i = 0; i < n; i++) values.push(base * 10 ** (decades * (order === 2 ? r() : i / n)));
      if (order === 1) values.reverse();
      for (const v of values) s.record(v);
      values.sort((a, b) => a - b);
      expect(s.binBytes).toBeLessThanOrEqual(maxBins * 8);
      expect(s.count).toBe(n);
      let prev = -Infinity;
      for (let k = 0; k <= 40; k++) {
        const q = k / 40;
        const got = s.quantile(q);
        expect(got).toBeGreaterThanOrEqual(prev);
        prev = got;
        const exact = values[Math.floor(q * (n - 1))] as number;
        if (exact > s.collapsedBelow * 1.0202) {
          if (Math.abs(got - exact) > 0.01 * exact * (1 + 1e-9)) throw new Error(`trial ${trial} (maxBins ${maxBins}, order ${order}) q=${q}: exact ${exact}, got ${got}`);
        }
      }
    }
  });
});
