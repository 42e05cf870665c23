/**
 * Tests that need something npm does not install (a tool, root, a device, a server) ask here first.
 *
 * When the need is met, the block runs. When it is not, the block is skipped and ONE line naming what is missing
 * and how to get it is printed to stderr. `.ci/run` installs every such need and sets PROCSAMPLER_REQUIRE_ALL=1,
 * which turns a skip into a failing test, so CI always runs them.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';

/** The variable that turns a skip into a failure. */
export const REQUIRE_ALL_VAR = 'PROCSAMPLER_REQUIRE_ALL';

/** A check: null when met, otherwise what is missing and how to get it. */
export type Need = () => string | null;

/** An executable on PATH, probed by running it with `args` (it must start; its exit status does not matter). */
export function tool(name: string, args: string[], how: string): Need {
  return () => (spawnSync(name, args, { stdio: 'ignore', timeout: 10000 }).error ? `${name} is not installed (${how})` : null);
}

/** The tests run as root. */
export const root: Need = () => (process.getuid?.() === 0 ? null : 'not running as root');

/** A path exists. */
export function file(p: string, what: string): Need {
  return () => (fs.existsSync(p) ? null : `${what} (${p}) is missing`);
}

/** The first unmet need, or null. */
export function missing(...needs: Need[]): string | null {
  for (const n of needs) {
    const m = n();
    if (m !== null) return m;
  }
  return null;
}

const printed = new Set<string>();

/**
 * `describe` when every need is met. Otherwise, `describe.skip` with one printed line, or, with
 * PROCSAMPLER_REQUIRE_ALL=1, a describe block holding one failing test that names what is missing.
 */
export function describeIf(title: string, needs: Need[], body: () => void): void {
  const m = missing(...needs);
  if (m === null) {
    describe(title, body);
    return;
  }
  if (process.env[REQUIRE_ALL_VAR] === '1') {
    describe(title, () => {
      test(`needs: ${m}`, () => {
        throw new Error(`${title}: ${m}, and ${REQUIRE_ALL_VAR}=1 makes this skip a failure`);
      });
    });
    return;
  }
  const line = `SKIPPED ${title}: ${m}`;
  if (!printed.has(line)) {
    printed.add(line);
    process.stderr.write(line + '\n');
  }
  describe.skip(title, body);
}

/** The same for one test. */
export function testIf(title: string, needs: Need[], body: jest.ProvidesCallback, timeout?: number): void {
  const m = missing(...needs);
  if (m === null) {
    test(title, body, timeout);
    return;
  }
  if (process.env[REQUIRE_ALL_VAR] === '1') {
    test(`${title} (needs: ${m})`, () => {
      throw new Error(`${title}: ${m}, and ${REQUIRE_ALL_VAR}=1 makes this skip a failure`);
    });
    return;
  }
  process.stderr.write(`SKIPPED ${title}: ${m}\n`);
  test.skip(title, body);
}
