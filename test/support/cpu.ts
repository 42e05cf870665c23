/**
 * Whether this CPU offers the constant-rate counter native/counter_clock.h reads: arm64's virtual counter always,
 * an x86-64 TSC that Linux reports as constant (`constant_tsc` in /proc/cpuinfo; the clock itself asks CPUID).
 */
import { readFileSync } from 'fs';

export function counterClockExpected(): boolean {
  if (process.arch === 'arm64') return true;
  return process.arch === 'x64' && /\bconstant_tsc\b/.test(readFileSync('/proc/cpuinfo', 'latin1'));
}
