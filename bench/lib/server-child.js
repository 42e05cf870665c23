'use strict';
// A server under load in a child process of its own, for the throughput benchmarks (http, example): the child
// prints {"port":N} on its first stdout line and answers IPC messages; ask(msg) resolves with its next reply.
// load() runs autocannon against it and fails on any error or non-2xx answer.
const path = require('path');
const { original, uncounted } = require('./spawn-counter');

/** Starts bench/lib/<script> with argv [mode]; resolves with { mode, port, child, ask(msg) }. */
function startServerChild(script, mode) {
  return new Promise((resolve, reject) => {
    const child = uncounted(() =>
      original.spawn(process.execPath, [path.join(__dirname, script), mode], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] }),
    );
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const nl = out.indexOf('\n');
      if (nl >= 0) {
        const { port } = JSON.parse(out.slice(0, nl));
        resolve({
          mode,
          port,
          child,
          ask(msg) {
            return new Promise((res) => {
              child.once('message', res);
              child.send(msg);
            });
          },
        });
      }
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (!out.includes('\n')) reject(new Error(`${script} ${mode} exited with ${code}`));
    });
  });
}

/** Requests per second of `seconds` of autocannon load on http://127.0.0.1:<port><urlPath>. */
async function load(autocannon, port, urlPath, connections, seconds) {
  const r = await autocannon({ url: `http://127.0.0.1:${port}${urlPath}`, connections, duration: seconds, pipelining: 1 });
  if (r.errors > 0 || r.non2xx > 0) throw new Error(`autocannon saw ${r.errors} errors and ${r.non2xx} non-2xx responses`);
  return r.requests.total / r.duration;
}

module.exports = { startServerChild, load };
