'use strict';
// The TCP farm: N established loopback connections (2N sockets) held by a few child processes, so the
// per-process fd limit is never the bound. Bounded in size and time, always torn down (stop(), the parent's
// exit, or the children's own lifetime limit).
const fs = require('fs');
const path = require('path');
const { original, uncounted } = require('./spawn-counter');

const CHILD = path.join(__dirname, 'tcp-farm-child.js');
const MAX_CONNECTIONS = 50000;
const live = new Set();

process.on('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

/** The soft RLIMIT_NOFILE the children inherit (from /proc/self/limits). */
function openFileLimit() {
  const line = fs
    .readFileSync('/proc/self/limits', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('Max open files'));
  const soft = line ? Number(line.split(/\s{2,}/)[1]) : 1024;
  return Number.isFinite(soft) ? soft : 1024;
}

/**
 * Opens `connections` loopback connections; resolves to { connections, processes, setupMs, stop() }.
 * Rejects (after killing what it started) when the farm is not ready within `timeoutMs`.
 */
async function startFarm(connections, { timeoutMs = 60000 } = {}) {
  if (connections > MAX_CONNECTIONS) throw new Error(`at most ${MAX_CONNECTIONS} connections`);
  const started = Date.now();
  if (connections === 0) return { connections: 0, processes: 0, setupMs: 0, stop: async () => {} };
  // each connection costs two fds in the child (client and accepted end)
  const perChild = Math.max(1, Math.min(5000, Math.floor((openFileLimit() - 64) / 2)));
  const children = [];
  for (let left = connections; left > 0; left -= perChild) {
    const n = Math.min(perChild, left);
    const child = uncounted(() => original.fork(CHILD, [String(n)], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] }));
    live.add(child);
    child.on('exit', () => live.delete(child));
    children.push(child);
  }
  const stop = async () => {
    await Promise.all(
      children.map(
        (child) =>
          new Promise((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            const kill = setTimeout(() => child.kill('SIGKILL'), 10000);
            child.once('exit', () => {
              clearTimeout(kill);
              resolve();
            });
            if (child.connected) child.send('stop');
            else child.kill('SIGTERM');
          }),
      ),
    );
  };
  try {
    await Promise.race([
      Promise.all(
        children.map(
          (child) =>
            new Promise((resolve, reject) => {
              child.once('message', (m) => (m && m.ready ? resolve() : reject(new Error(`farm child: ${m && m.error}`))));
              child.once('exit', (code) => reject(new Error(`farm child exited with ${code}`)));
            }),
        ),
      ),
      new Promise((_, reject) => setTimeout(() => reject(new Error(`farm not ready in ${timeoutMs} ms`)), timeoutMs).unref()),
    ]);
  } catch (error) {
    for (const child of children) child.kill('SIGKILL');
    throw error;
  }
  return { connections, processes: children.length, setupMs: Date.now() - started, stop };
}

module.exports = { startFarm };
