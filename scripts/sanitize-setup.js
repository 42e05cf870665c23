'use strict';
// Jest setup file of the sanitizer run (scripts/sanitize.sh). The run preloads the AddressSanitizer runtime into
// node (LD_PRELOAD), which the instrumented addon needs. Node children (lifecycle tests, workers in a process of
// their own) must inherit it; the tools the tests start (bindfs, pgrep, ltrace, servers) must not: an
// uninstrumented daemon under an ASan runtime can deadlock, and its reports are not ours. So every child that is
// not node gets the environment without LD_PRELOAD.
const childProcess = require('child_process');
const path = require('path');

// node itself, or a launcher that runs node (unshare -m node child.js, nice node ...).
const isNode = (file, args) =>
  file === process.execPath || path.basename(String(file)) === 'node' || (Array.isArray(args) && args.includes(process.execPath));

function withoutPreload(env) {
  const copy = { ...(env || process.env) };
  delete copy.LD_PRELOAD;
  return copy;
}

/** Wraps fn(file, args?, options?) so that a non-node `file` runs without LD_PRELOAD. */
function wrapFileCall(name) {
  const original = childProcess[name];
  childProcess[name] = function (file, ...rest) {
    if (isNode(file, rest[0])) return original.call(this, file, ...rest);
    let args = [];
    let options = {};
    if (Array.isArray(rest[0])) args = rest.shift();
    if (rest[0] && typeof rest[0] === 'object') options = rest.shift();
    return original.call(this, file, args, { ...options, env: withoutPreload(options.env) }, ...rest);
  };
}

/** Wraps fn(command, options?) (a shell command line): it never starts node directly in these tests. */
function wrapShellCall(name) {
  const original = childProcess[name];
  childProcess[name] = function (command, ...rest) {
    let options = {};
    if (rest[0] && typeof rest[0] === 'object') options = rest.shift();
    if (/^\s*(\S*\/)?node\s/.test(command)) return original.call(this, command, options, ...rest);
    return original.call(this, command, { ...options, env: withoutPreload(options.env) }, ...rest);
  };
}

if (process.env.LD_PRELOAD) {
  for (const name of ['spawn', 'spawnSync', 'execFile', 'execFileSync']) wrapFileCall(name);
  for (const name of ['exec', 'execSync']) wrapShellCall(name);
}
