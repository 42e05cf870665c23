/** The command line: one snapshot, and rates with --interval (live, on this machine's /proc). */
import { run } from '../../src/cli';

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await run(
    argv,
    (s) => (out += s),
    (s) => (err += s),
  );
  return { code, out, err };
}

describe('procsampler CLI', () => {
  it('prints one snapshot as JSON', async () => {
    const { code, out } = await cli('--json', '--sources', 'memory');
    expect(code).toBe(0);
    const snap = JSON.parse(out) as { memory: { total: number } };
    expect(snap.memory.total).toBeGreaterThan(0);
  });

  it('--interval prints --count lines of rates whose CPU modes add up to 1', async () => {
    const { code, out } = await cli('--json', '--interval', '60', '--count', '2', '--sources', 'cpu,memory,disks,network');
    expect(code).toBe(0);
    const lines = out.trim().split('\n').map((l) => JSON.parse(l) as { rates: { elapsedS: number; cpu: Record<string, number | null>; network: unknown[] } });
    expect(lines).toHaveLength(2);
    for (const { rates } of lines) {
      expect(rates.elapsedS).toBeGreaterThanOrEqual(0.055);
      expect(rates.elapsedS).toBeLessThan(5);
      const modes = Object.values(rates.cpu).filter((v): v is number => v !== null);
      for (const v of modes) {
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(1);
      }
      // the modes split the CPUs' time; a tick of rounding at USER_HZ over 60 ms is allowed
      expect(Math.abs(modes.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(0.02);
      expect(rates.network.length).toBeGreaterThan(0); // lo at least
    }
  });

  it('--interval prints a readable table', async () => {
    const { code, out } = await cli('--interval', '40', '--sources', 'cpu,network');
    expect(code).toBe(0);
    expect(out).toMatch(/^Rates over 0\.\d{3} s/);
    expect(out).toMatch(/CPU utilization/);
    expect(out).toMatch(/\n  lo +[\d.]+ (B|KiB|MiB)\/s/);
  });

  it('rejects a bad interval, and --count without --interval, with exit code 2', async () => {
    for (const argv of [['--interval', '5'], ['--interval', 'soon'], ['--count', '3'], ['--interval', '50', '--count', '-1']]) {
      const { code, err } = await cli(...argv);
      expect([argv, code]).toEqual([argv, 2]);
      expect(err).toMatch(/^procsampler: /);
    }
  });
});
