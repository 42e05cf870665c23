/**
 * bench/lib/rounds.js, the throughput benchmarks' rounds: the palindrome order of the windows, the ratios within a
 * round, starved rounds repeated, and generations of fresh units sharing out the rounds (each generation started
 * before its rounds and stopped after them, its rounds pooled with the others').
 */
interface Unit {
  mode: string;
  generation?: number;
}
interface Window {
  rps: number;
  cpuNs: number;
  requests: number;
}
interface PerRound {
  rps: number;
  cpuNsPerRequest: number;
}
type Per = Record<string, PerRound[]>;
interface RoundsOptions {
  rounds: number;
  maxRounds: number;
  minRequests: number;
  window(u: Unit): Promise<Window>;
  log(line: string): void;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const rounds = require('../../bench/lib/rounds.js') as {
  palindromeRounds(o: RoundsOptions & { units: Unit[] }): Promise<{ per: Per; skipped: number }>;
  generationRounds(o: RoundsOptions & { generations: number; start(units: Unit[], g: number): Promise<void>; stop(units: Unit[]): void | Promise<void> }): Promise<{ per: Per; skipped: number }>;
  roundRatios(per: Per, mode: string | string[], base: string | string[]): number[];
  roundRatioSpread(per: Per, mode: string | string[], base: string | string[]): { min: number; q1: number; q3: number; max: number };
  throughputRatio(per: Per, mode: string | string[], base: string | string[]): number;
  cpuRatio(per: Per, mode: string | string[], base: string | string[]): number;
  cpuDeltaNs(per: Per, mode: string | string[], base: string | string[]): number;
};

const units = (modes: string[], generation?: number): Unit[] => modes.map((mode) => ({ mode, generation }));

describe('palindromeRounds', () => {
  it('loads every unit twice a round in a palindrome whose first unit rotates, and averages the two windows', async () => {
    const order: string[] = [];
    let n = 0;
    const { per, skipped } = await rounds.palindromeRounds({
      units: units(['a', 'b', 'c']),
      rounds: 3,
      maxRounds: 3,
      minRequests: 1,
      log: () => undefined,
      // a's windows alternate 100 and 200 requests/s; b always 90; c 50 with twice the CPU per request
      window: async (u) => {
        order.push(u.mode);
        n++;
        if (u.mode === 'a') return { rps: n % 2 === 0 ? 200 : 100, cpuNs: 1000, requests: 10 };
        return u.mode === 'b' ? { rps: 90, cpuNs: 1000, requests: 10 } : { rps: 50, cpuNs: 2000, requests: 10 };
      },
    });
    expect(order.join('')).toBe('abccba' + 'bcaacb' + 'cabbac');
    expect(skipped).toBe(0);
    expect(per.b!.map((r) => r.rps)).toEqual([90, 90, 90]);
    expect(per.c!.map((r) => r.cpuNsPerRequest)).toEqual([200, 200, 200]);
    // a's two windows in each round: (100 + 200) / 2 whatever their order
    expect(per.a!.map((r) => r.rps)).toEqual([150, 150, 150]);
    expect(rounds.throughputRatio(per, 'b', 'a')).toBeCloseTo(0.6, 12);
    expect(rounds.cpuRatio(per, 'c', 'b')).toBeCloseTo(0.5, 12);
    expect(rounds.cpuDeltaNs(per, 'c', 'b')).toBeCloseTo(100, 12);
    // two units a side are averaged within the round
    expect(rounds.roundRatios(per, ['b', 'c'], 'a')).toEqual([70 / 150, 70 / 150, 70 / 150]);
  });

  it('repeats a round with a starved window, counts it, and fails when no round counted', async () => {
    let w = 0;
    const lines: string[] = [];
    const { per, skipped } = await rounds.palindromeRounds({
      units: units(['a', 'b']),
      rounds: 2,
      maxRounds: 5,
      minRequests: 5,
      log: (l) => lines.push(l),
      // the first round's third window is starved
      window: async () => ({ rps: 10, cpuNs: 10, requests: ++w === 3 ? 1 : 10 }),
    });
    expect(skipped).toBe(1);
    expect(per.a!).toHaveLength(2);
    expect(lines.some((l) => /round 1: skipped/.test(l))).toBe(true);
    await expect(
      rounds.palindromeRounds({ units: units(['a']), rounds: 2, maxRounds: 2, minRequests: 5, log: () => undefined, window: async () => ({ rps: 1, cpuNs: 1, requests: 1 }) }),
    ).rejects.toThrow(/no round out of 2/);
  });
});

describe('generationRounds', () => {
  it('shares the rounds out over generations of fresh units, stops each, and pools their rounds in order', async () => {
    const events: string[] = [];
    const { per, skipped } = await rounds.generationRounds({
      generations: 3,
      rounds: 7,
      maxRounds: 14,
      minRequests: 1,
      log: () => undefined,
      start: async (us, g) => {
        events.push(`start ${g}`);
        us.push(...units(['off', 'on'], g));
      },
      stop: (us) => void events.push(`stop ${us[0]!.generation}`),
      // generation g's 'on' unit runs at (0.9 + g/20) of its 'off' unit
      window: async (u) => ({ rps: u.mode === 'off' ? 1000 : 1000 * (0.9 + u.generation! / 20), cpuNs: 1e6, requests: 100 }),
    });
    expect(events).toEqual(['start 0', 'stop 0', 'start 1', 'stop 1', 'start 2', 'stop 2']);
    expect(skipped).toBe(0);
    // 7 rounds over 3 generations: 2, 3 and 2
    expect(rounds.roundRatios(per, 'on', 'off').map((r) => Math.round(r * 100) / 100)).toEqual([0.9, 0.9, 0.95, 0.95, 0.95, 1, 1]);
    expect(rounds.throughputRatio(per, 'on', 'off')).toBeCloseTo(0.95, 12);
  });

  /** Two generations of one round each: a failure in the first must stop it and end the run. */
  const TWO_GENERATIONS = { generations: 2, rounds: 2, maxRounds: 2, minRequests: 1, log: () => undefined };

  it('stops a generation whose rounds failed, and rethrows', async () => {
    const stopped: number[] = [];
    await expect(
      rounds.generationRounds({
        ...TWO_GENERATIONS,
        start: async (us, g) => void us.push(...units(['a'], g)),
        stop: (us) => void stopped.push(us[0]!.generation!),
        window: async () => {
          throw new Error('wrk exited with 1');
        },
      }),
    ).rejects.toThrow('wrk exited with 1');
    expect(stopped).toEqual([0]);
  });

  it('stops the units a start had started when it fails part-way, and runs no round', async () => {
    const stopped: string[][] = [];
    let windows = 0;
    await expect(
      rounds.generationRounds({
        ...TWO_GENERATIONS,
        start: async (us) => {
          us.push(...units(['a', 'b']));
          throw new Error('c exited with 1');
        },
        stop: (us) => void stopped.push(us.map((u) => u.mode)),
        window: async () => {
          windows++;
          return { rps: 1, cpuNs: 1, requests: 1 };
        },
      }),
    ).rejects.toThrow('c exited with 1');
    expect(stopped).toEqual([['a', 'b']]);
    expect(windows).toBe(0);
  });
});

describe('roundRatioSpread', () => {
  it('gives the min, quartiles and max of the per-round ratios, either side averaged within the round', () => {
    const round = (rps: number) => ({ rps, cpuNsPerRequest: 1 });
    const per: Per = {
      off: [100, 100, 100, 100, 100, 100, 100, 100].map(round),
      off2: [100, 100, 100, 100, 100, 100, 100, 300].map(round),
      on: [90, 95, 97, 98, 99, 100, 101, 120].map(round),
    };
    // against off alone: 0.9 .. 1.2; against off and off2 the last round is 120 / 200
    expect(rounds.roundRatioSpread(per, 'on', 'off')).toEqual({ min: 0.9, q1: 0.97, q3: 1.01, max: 1.2 });
    expect(rounds.roundRatioSpread(per, 'on', ['off', 'off2'])).toEqual({ min: 0.6, q1: 0.95, q3: 1, max: 1.01 });
  });
});
