'use strict';
// The files procsampler's default sample() reads (the C floor, bench/floor.c, reads the same list).
const DEFAULT_SAMPLE_FILES = [
  '/proc/stat',
  '/proc/uptime',
  '/proc/meminfo',
  '/proc/loadavg',
  '/proc/vmstat',
  '/proc/diskstats',
  '/proc/net/dev',
  '/proc/net/sockstat',
  '/proc/net/sockstat6',
  '/proc/net/snmp',
  '/proc/self/stat',
  '/proc/self/status',
  '/proc/self/io',
];

module.exports = { DEFAULT_SAMPLE_FILES };
