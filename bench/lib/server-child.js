'use strict';
// A server under load in a child process of its own, for the throughput benchmarks (http, example): the child
// prints {"port":N} on its first stdout line and answers IPC messages; ask(msg) resolves with its next reply.
// load() runs autocannon against it and fails on any error or non-2xx answer; loadWrk() does the same with wrk
// (a C load generator: a few microseconds of CPU per request where autocannon, in the benchmark's own process,
// spends more than the server it loads).
//
// Pinning (pinning()): on a machine with two or more CPUs this process may use, and taskset on PATH, the servers
// can run on one CPU and the load generator on another, so that the load generator never takes CPU from the
// servers it measures and every server runs under the same conditions (same core, same caches).
const fs = require('fs');
const path = require('path');
const { original, uncounted } = require('./spawn-counter');

/** Path of an executable on PATH, or null. */
function which(name) {
  for (const dir of (process.env.PATH || '').split(path.delimiter)) {
    if (!dir) continue;
    const p = path.join(dir, name);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return p;
    } catch {
      // not here
    }
  }
  return null;
}

/** The CPUs this process may run on (Cpus_allowed_list of /proc/self/status), ascending; [] when unknown. */
function allowedCpus() {
  let list;
  try {
    list = /^Cpus_allowed_list:\s*(\S+)/m.exec(fs.readFileSync('/proc/self/status', 'latin1'))?.[1];
  } catch {
    return [];
  }
  if (!list) return [];
  const cpus = [];
  for (const part of list.split(',')) {
    const [a, b] = part.split('-').map(Number);
    for (let c = a; c <= (b ?? a); c++) cpus.push(c);
  }
  return cpus;
}

/**
 * { taskset, server, load }: the CPU for the servers (the last allowed one) and the CPU for the load generator
 * (the one before it), or null when there are fewer than two CPUs or no taskset.
 */
function pinning() {
  const taskset = which('taskset');
  const cpus = allowedCpus();
  if (!taskset || cpus.length < 2) return null;
  return { taskset, server: cpus[cpus.length - 1], load: cpus[cpus.length - 2] };
}

/**
 * Starts bench/lib/<script> with argv [mode]; resolves with { mode, port, child, ask(msg) }. With `cpu` (and
 * `taskset`), the child runs pinned to that CPU; `nodeArgs` go to node before the script.
 */
/**
 * The command line that runs `file` with `args`, pinned to `cpu` through `taskset` when both are given:
 * [command, argv].
 */
function pinnedCommand(file, args, { cpu, taskset } = {}) {
  return cpu === undefined || !taskset ? [file, args] : [taskset, ['-c', String(cpu), file, ...args]];
}

function startServerChild(script, mode, { cpu, taskset, nodeArgs = [] } = {}) {
  return new Promise((resolve, reject) => {
    const args = [...nodeArgs, path.join(__dirname, script), mode];
    const [command, argv] = pinnedCommand(process.execPath, args, { cpu, taskset });
    const child = uncounted(() => original.spawn(command, argv, { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] }));
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

/**
 * Requests per second of `seconds` of wrk load (one thread, `connections` keep-alive connections) on
 * http://127.0.0.1:<port><urlPath>, pinned to `cpu` when given. Fails on a socket error or a non-2xx/3xx answer.
 * `seconds` is a whole number (wrk's unit).
 */
function loadWrk(wrk, port, urlPath, connections, seconds, { cpu, taskset } = {}) {
  return new Promise((resolve, reject) => {
    const args = ['-t1', `-c${connections}`, `-d${seconds}s`, '--timeout', '10s', `http://127.0.0.1:${port}${urlPath}`];
    const [command, argv] = pinnedCommand(wrk, args, { cpu, taskset });
    const child = uncounted(() => original.spawn(command, argv));
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const rps = /^Requests\/sec:\s*([\d.]+)/m.exec(out);
      const non2xx = /Non-2xx or 3xx responses:\s*(\d+)/.exec(out);
      const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
      const bad = socket ? Number(socket[1]) + Number(socket[2]) + Number(socket[3]) + Number(socket[4]) : 0;
      if (code !== 0 || !rps) reject(new Error(`wrk exited with ${code}: ${out.trim()}`));
      else if (bad > 0 || (non2xx && Number(non2xx[1]) > 0)) reject(new Error(`wrk saw errors: ${out.trim()}`));
      else resolve(Number(rps[1]));
    });
  });
}

module.exports = { startServerChild, load, loadWrk, pinning, pinnedCommand, which };
