'use strict';
// The calling thread's CPU time, for windows of a second or more (servers under load, a loop of async calls):
// /proc/thread-self/schedstat's first field, nanoseconds run. The kernel brings it up to date at each tick and
// context switch, so a read can miss up to one tick (4 ms at HZ=250) of the current run: fine for a window of
// seconds, not for timing a short synchronous batch (process.cpuUsage() is exact there: timeLoopCpu in
// measure.js). Of a thread that is not running when it is read (taskCpuNs() of a server waiting for its next
// request, between bench/load.c's windows) it is exact, whatever the window's length. Kept free of other requires:
// the benchmark's server children load it.
const fs = require('fs');

/** The first field of a schedstat file (nanoseconds run), or NaN where it cannot be read. */
function schedstatNs(file) {
  try {
    return Number(fs.readFileSync(file, 'latin1').split(' ')[0]);
  } catch {
    return NaN;
  }
}

/** CPU nanoseconds the calling thread has run, or NaN where schedstat is missing. */
function threadCpuNs() {
  return schedstatNs('/proc/thread-self/schedstat');
}

/** CPU nanoseconds thread `tid` of process `pid` has run (default: its main thread), or NaN. */
function taskCpuNs(pid, tid = pid) {
  return schedstatNs(`/proc/${pid}/task/${tid}/schedstat`);
}

module.exports = { threadCpuNs, taskCpuNs };
