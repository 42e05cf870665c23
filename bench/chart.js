'use strict';
// Renders bench/results/latest.json as a plain SVG bar chart of median times on a log scale (no dependencies).
// Usage: node bench/chart.js [results.json] [chart.svg]
const fs = require('fs');
const path = require('path');
const { formatNs } = require('./lib/format');

const COLORS = {
  procsampler: '#2e7d32',
  floor: '#757575',
  otel: '#1565c0',
  tcp: '#6a1b9a',
  runtime: '#00838f',
  peer: '#e65100',
};

function colorOf(c) {
  if (c.name.startsWith('C floor') || c.name.includes('C floor')) return COLORS.floor;
  if (c.group === 'procsampler') return COLORS.procsampler;
  if (c.group === 'otel') return COLORS.otel;
  if (c.group === 'tcp') return c.name.includes('procsampler') ? COLORS.tcp : c.name.includes('C floor') ? COLORS.floor : COLORS.peer;
  if (c.group === 'runtime') return COLORS.runtime;
  return COLORS.peer;
}

/** 10^e nanoseconds as a short axis label: "1 ns", "10 µs", "100 ms", "1 s". */
function decade(e) {
  const units = ['ns', 'µs', 'ms', 's'];
  const u = Math.min(Math.floor(e / 3), units.length - 1);
  return `${10 ** (e - u * 3)} ${units[u]}`;
}

const escapeXml = (s) =>
  String(s).replace(/[<>&'"]/g, (ch) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[ch]);

/** Returns the SVG text for the measured (not skipped) cases of `results`. */
function renderChart(results) {
  const cases = results.cases.filter((c) => !c.skipped && Number.isFinite(c.medianNs) && c.medianNs > 0);
  const labelWidth = 430;
  const plotWidth = 520;
  const valueWidth = 90;
  const rowHeight = 20;
  const top = 54;
  const width = labelWidth + plotWidth + valueWidth;
  const height = top + cases.length * rowHeight + 50;
  const minExp = Math.floor(Math.log10(Math.min(...cases.map((c) => c.medianNs), 1e3)));
  const maxExp = Math.ceil(Math.log10(Math.max(...cases.map((c) => c.medianNs), 1e4)));
  const x = (ns) => labelWidth + ((Math.log10(ns) - minExp) / (maxExp - minExp)) * plotWidth;
  const out = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif" font-size="12">`,
  );
  out.push(`<rect width="${width}" height="${height}" fill="#ffffff"/>`);
  const m = results.machine || {};
  out.push(
    `<text x="10" y="20" font-size="14" font-weight="bold">Median time per operation (log scale; shorter is better)</text>`,
  );
  out.push(
    `<text x="10" y="38" fill="#555">${escapeXml(`${m.cpus} CPUs ${m.cpuModel || ''}, Linux ${m.kernel}, Node ${m.node}, ${results.mode} run`)}</text>`,
  );
  for (let e = minExp; e <= maxExp; e++) {
    const gx = x(10 ** e).toFixed(1);
    out.push(`<line x1="${gx}" y1="${top - 6}" x2="${gx}" y2="${top + cases.length * rowHeight}" stroke="#ddd"/>`);
    out.push(
      `<text x="${gx}" y="${top + cases.length * rowHeight + 16}" text-anchor="middle" fill="#555">${escapeXml(decade(e))}</text>`,
    );
  }
  cases.forEach((c, i) => {
    const y = top + i * rowHeight;
    const bx = x(10 ** minExp);
    const w = Math.max(1, x(c.medianNs) - bx);
    out.push(`<text x="${labelWidth - 8}" y="${y + 14}" text-anchor="end">${escapeXml(c.name)}</text>`);
    out.push(`<rect x="${bx.toFixed(1)}" y="${y + 3}" width="${w.toFixed(1)}" height="${rowHeight - 6}" fill="${colorOf(c)}"/>`);
    out.push(`<text x="${(bx + w + 4).toFixed(1)}" y="${y + 14}" fill="#333">${escapeXml(formatNs(c.medianNs))}</text>`);
  });
  const legend = [
    ['procsampler', COLORS.procsampler],
    ['C floor', COLORS.floor],
    ['OpenTelemetry', COLORS.otel],
    ['TCP scaling', COLORS.tcp],
    ['runtime hooks', COLORS.runtime],
    ['alternatives', COLORS.peer],
  ];
  legend.forEach(([label, color], i) => {
    const lx = 10 + i * 130;
    const ly = height - 14;
    out.push(`<rect x="${lx}" y="${ly - 10}" width="12" height="12" fill="${color}"/>`);
    out.push(`<text x="${lx + 16}" y="${ly}">${escapeXml(label)}</text>`);
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

if (require.main === module) {
  const input = process.argv[2] || path.join(__dirname, 'results', 'latest.json');
  const output = process.argv[3] || path.join(path.dirname(input), 'chart.svg');
  fs.writeFileSync(output, renderChart(JSON.parse(fs.readFileSync(input, 'utf8'))));
  process.stdout.write(`wrote ${output}\n`);
}

module.exports = { renderChart };
