'use strict';
// Number formatting shared by the markdown table and the SVG chart.

/** 27500 -> "27.5 µs"; 1.2e9 -> "1.20 s". */
function formatNs(ns) {
  if (ns === null || ns === undefined || !Number.isFinite(ns)) return 'n/a';
  const units = [
    [1e9, 's'],
    [1e6, 'ms'],
    [1e3, 'µs'],
    [1, 'ns'],
  ];
  for (const [scale, unit] of units) {
    if (ns >= scale || scale === 1) {
      const v = ns / scale;
      return `${v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2)} ${unit}`;
    }
  }
  return `${ns} ns`;
}

/** Bytes per operation: "0 B", "3.9 KB", "254 KB" (1 KB = 1000 B). */
function formatBytes(b) {
  if (b === null || b === undefined || !Number.isFinite(b)) return 'n/a';
  if (Math.abs(b) < 1000) return `${b < 10 ? b.toFixed(2).replace(/\.?0+$/, '') : b.toFixed(0)} B`;
  if (Math.abs(b) < 1e6) return `${(b / 1e3).toFixed(b < 1e4 ? 1 : 0)} KB`;
  return `${(b / 1e6).toFixed(2)} MB`;
}

function formatMs(ms) {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return 'n/a';
  return `${ms < 10 ? ms.toFixed(2) : ms.toFixed(1)} ms`;
}

module.exports = { formatNs, formatBytes, formatMs };
