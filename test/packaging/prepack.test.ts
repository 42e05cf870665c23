/**
 * The prepack hook (scripts/prepack.sh, run by every npm pack / npm publish): without the arm64 cross compiler a
 * pack fails, says why and how to fix it, and writes no tarball. (A successful pack is proved by
 * scripts/ci-packaging.sh, which packs with the hook and runs pack-check on the result.)
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { describeIf, tool } from '../support/needs';

const ROOT = path.join(__dirname, '..', '..');

describeIf('npm pack without the arm64 cross compiler', [tool('bash', ['--version'], 'apt-get install bash')], () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ps-prepack-'));
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  test('fails with the missing tool and the apt line, and leaves no tarball', () => {
    // PATH: every program of this machine except the aarch64-linux-gnu-* tools.
    const bin = path.join(work, 'bin');
    fs.mkdirSync(bin);
    const dirs = (process.env.PATH ?? '').split(':').filter((d) => d && fs.existsSync(d));
    dirs.unshift(path.dirname(process.execPath));
    for (const d of dirs) {
      for (const name of fs.readdirSync(d)) {
        if (name.startsWith('aarch64-linux-gnu-') || fs.existsSync(path.join(bin, name))) continue;
        fs.symlinkSync(path.join(d, name), path.join(bin, name));
      }
    }
    const out = path.join(work, 'out');
    fs.mkdirSync(out);
    const r = spawnSync('npm', ['pack', '--pack-destination', out], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, PATH: bin },
      timeout: 120000,
    });
    const text = r.stdout + r.stderr;
    expect(r.status).not.toBe(0);
    expect(text).toContain('prepack: cannot pack procsampler: aarch64-linux-gnu-g++ is missing');
    expect(text).toContain('apt-get install g++-aarch64-linux-gnu binutils-aarch64-linux-gnu');
    expect(fs.readdirSync(out)).toEqual([]);
  }, 150000);
});
