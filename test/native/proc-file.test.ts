/**
 * The file-read layer (native/io/proc_file.cc) on its own, without N-API: built with the C++ compiler and driven by
 * test/native/support/proc_file_check.cc through ProcFile::OpenWith, with a simulated seq_file (one page of whole
 * records per read) and a simulated single_open file, at every size up to and past the 64 MiB cap. Run once
 * plainly and once under valgrind's memcheck (every read, growth and give-back of the mapped buffer).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { testIf, tool } from '../support/needs';

const root = path.join(__dirname, '..', '..');
const GXX = tool('g++', ['--version'], 'apt-get install g++');
const VALGRIND = tool('valgrind', ['--version'], 'apt-get install valgrind');

function buildAndRun(prefix: string[]): void {
  const exe = path.join(os.tmpdir(), `procsampler-proc-file-check-${process.pid}-${prefix.length}`);
  try {
    const build = spawnSync(
      'g++',
      ['-std=c++17', '-O1', '-g', '-Wall', '-Wextra', '-Werror', `-I${path.join(root, 'native')}`,
        path.join(__dirname, 'support', 'proc_file_check.cc'), path.join(root, 'native', 'io', 'proc_file.cc'), '-o', exe],
      { encoding: 'utf8' },
    );
    expect(build.stderr).toBe('');
    expect(build.status).toBe(0);
    const [cmd, ...args] = [...prefix, exe];
    const run = spawnSync(cmd as string, args, { encoding: 'utf8', timeout: 120000 });
    expect(run.stdout.split('\n').filter((l) => l.startsWith('FAIL'))).toEqual([]);
    expect(run.stdout).toMatch(/^checks \d{3,} failed 0$/m);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  } finally {
    fs.rmSync(exe, { force: true });
  }
}

testIf('ProcFile returns every file whole at every size, and -EFBIG past 64 MiB', [GXX], () => buildAndRun([]), 120000);

testIf('the same under valgrind memcheck: no invalid access', [GXX, VALGRIND], () => buildAndRun(['valgrind', '-q', '--error-exitcode=9']), 180000);
