/**
 * A worker that exits while sampleAsync() is pending must not take the process down (issue 11 point 1). The
 * promise used to be settled after the worker's environment had begun tearing down, which node-addon-api turned
 * into "FATAL ERROR: Error::ThrowAsJavaScriptException napi_throw" and exit 134, every time.
 *
 * 100 workers, each with refreshes in flight when it goes: half terminated from outside (worker.terminate()),
 * half by process.exit() inside. Runs in a child process (an abort must fail the test, not the suite). Uses dist/.
 *
 * The samplers read this machine's real mounts, and a worker's teardown waits for its in-flight statvfs calls up to
 * statfsTimeoutMs. Other tests hang a FUSE mount on purpose (stuck-mount.test.ts, possibly in another Jest worker
 * at the same moment): with the default 5 s, each of the 100 exits then took 5 s and the child outran its 240 s
 * limit. A 200 ms timeout bounds that wait, so the test's time does not depend on what else is mounted.
 */
import { spawnSync } from 'child_process';
import * as path from 'path';

const root = path.join(__dirname, '..', '..');

test('100 worker exits with sampleAsync() in flight: 0 aborts', () => {
  const script = `
    const { Worker } = require('worker_threads');
    const body = \`
      const { Sampler } = require(\${JSON.stringify(${JSON.stringify(path.join(root, 'dist'))})});
      const { parentPort, workerData } = require('worker_threads');
      const s = new Sampler({ sources: ['tcp', 'filesystems', 'cpu'], statfsTimeoutMs: 200 });
      const pending = [s.sampleAsync(), s.sampleAsync()];
      const s2 = new Sampler({ sources: ['filesystems'], statfsTimeoutMs: 200 });
      pending.push(s2.sampleAsync());
      if (workerData.how === 'exit') process.exit(7);
      parentPort.postMessage('pending');
      setInterval(() => s.sampleAsync().catch(() => {}), 0);
    \`;
    let exits = 0, codes = {};
    function next(i) {
      if (i === 100) { process.stdout.write(JSON.stringify({ exits, codes })); return; }
      const how = i % 2 === 0 ? 'terminate' : 'exit';
      const w = new Worker(body, { eval: true, workerData: { how } });
      w.on('message', () => w.terminate());
      w.on('error', (e) => { codes.error = String(e); });
      w.on('exit', (code) => { exits++; codes[how + ':' + code] = (codes[how + ':' + code] || 0) + 1; next(i + 1); });
    }
    next(0);`;
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 240000 });
  expect(r.stderr).not.toContain('FATAL ERROR');
  expect(r.signal).toBeNull();
  expect(r.status).toBe(0);
  expect(JSON.parse(r.stdout)).toEqual({ exits: 100, codes: { 'terminate:1': 50, 'exit:7': 50 } });
}, 300000);
