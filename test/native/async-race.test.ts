/**
 * Re-attaching a grown filesystems (or tcpStates) table publishes the async results while the next refresh may
 * already be running on the worker thread (issue 11 point 5). The main thread used to read the worker's own
 * entry vector, which Run() replaces: a data race (ThreadSanitizer reported three on the old code). Now Run()
 * writes only the worker's state, Publish() copies it on the main thread between refreshes, and the main thread
 * reads only that copy. test/native/support/async_state_race.cc drives the hand-off under -fsanitize=thread.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { testIf, tool } from '../support/needs';

const root = path.join(__dirname, '..', '..');
const native = path.join(root, 'native');

testIf(
  'AsyncState: the main thread reads the published results while Run() refreshes, race-free under TSan',
  [tool('clang++', ['--version'], 'apt-get install clang libclang-rt-14-dev')],
  () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'procsampler-race-'));
    const exe = path.join(dir, 'race');
    try {
      const sources = ['sampler/async_work.cc', 'io/proc_file.cc', 'sources/proc_mountinfo.cc', 'sources/proc_net_tcp.cc'];
      const build = spawnSync(
        'clang++',
        ['-std=c++17', '-g', '-O1', '-fsanitize=thread', '-Wall', '-Wextra', '-Werror', `-I${native}`,
          path.join(__dirname, 'support', 'async_state_race.cc'), ...sources.map((s) => path.join(native, s)), '-o', exe],
        { encoding: 'utf8' },
      );
      expect(build.stderr).toBe('');
      expect(build.status).toBe(0);
      const run = spawnSync(exe, [dir], { encoding: 'utf8', timeout: 120000, env: { ...process.env, TSAN_OPTIONS: 'halt_on_error=1 exitcode=66' } });
      expect(run.stderr).not.toContain('ThreadSanitizer');
      expect(run.stdout).toMatch(/^rounds 60 reads [1-9]\d* *$/m);
      expect(run.status).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
  180000,
);
