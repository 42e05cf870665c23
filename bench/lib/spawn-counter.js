'use strict';
// Counts child processes started by anything in this process (the peers exec shells, `ip`, `cat`, netstat).
// Install before requiring a peer: modules that copy `require('child_process').exec` at load time keep the
// counting wrapper. Async spawns (spawn, exec, execFile, fork) all pass through ChildProcess.prototype.spawn;
// the synchronous family is wrapped at the module's exports (Node calls its own spawnSync internally, so each
// public call is counted once).
const childProcess = require('child_process');

/** The unwrapped functions, for the benchmark's own children (the C floor, the TCP farm): never counted. */
const original = {
  spawn: childProcess.spawn,
  spawnSync: childProcess.spawnSync,
  execFileSync: childProcess.execFileSync,
  fork: childProcess.fork,
};

let count = 0;
let installed = false;
let bypass = 0;

function install() {
  if (installed) return;
  installed = true;
  const proto = childProcess.ChildProcess.prototype;
  const protoSpawn = proto.spawn;
  proto.spawn = function countedSpawn(...args) {
    if (bypass === 0) count++;
    return protoSpawn.apply(this, args);
  };
  for (const name of ['spawnSync', 'execSync', 'execFileSync']) {
    const fn = childProcess[name];
    childProcess[name] = function countedSync(...args) {
      if (bypass === 0) count++;
      return fn.apply(this, args);
    };
  }
}

/** Runs `fn` without counting the children it starts (the harness's own). */
function uncounted(fn) {
  bypass++;
  try {
    return fn();
  } finally {
    bypass--;
  }
}

/** Children started so far (outside `uncounted`). */
function spawns() {
  return count;
}

module.exports = { install, spawns, uncounted, original };
