/**
 * The file-read layer (native/proc_file.cc) on its own, without N-API: built with the C++ compiler and driven by
 * test/native/support/proc_file_check.cc through ProcFile::OpenWith, with a simulated seq_file (one page of whole
 * records per read) and a simulated single_open file, at every size up to and past the 64 MiB cap.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { testIf, tool } from '../support/needs';

const root = path.join(__dirname, '..', '..');

testIf('ProcFile returns every file whole at every size, and -EFBIG past 64 MiB', [tool('g++', ['--version'], 'apt-get install g++')], () => {
  const exe = path.join(os.tmpdir(), `procsampler-proc-file-check-${process.pid}`);
  try {
    const build = spawnSync(
      'g++',
      ['-std=c++17', '-O1', '-Wall', '-Wextra', '-Werror', `-I${path.join(root, 'native')}`,
        path.join(__dirname, 'support', 'proc_file_check.cc'), path.join(root, 'native', 'proc_file.cc'), '-o', exe],
      { encoding: 'utf8' },
    );
    expect(build.stderr).toBe('');
    expect(build.status).toBe(0);
    const run = spawnSync(exe, [], { encoding: 'utf8', timeout: 60000 });
    expect(run.stdout.split('\n').filter((l) => l.startsWith('FAIL'))).toEqual([]);
    expect(run.stdout).toMatch(/^checks \d{3,} failed 0$/m);
    expect(run.status).toBe(0);
  } finally {
    fs.rmSync(exe, { force: true });
  }
}, 120000);
