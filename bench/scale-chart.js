'use strict';
// Renders the scale group of a benchmark run (results.info.scale.points, from bench/cases/scale.js) as a plain SVG
// of small multiples, one panel per dimension (CPUs, block devices, interfaces, mounts), log-log axes, and a
// markdown table. No dependencies.
// Usage: node bench/scale-chart.js [results.json] [scale.svg]
const fs = require('fs');
const path = require('path');
const { formatNs, formatBytes } = require('./lib/format');

const SERIES = [
  { key: 'sampleNs', label: 'sample()', color: '#2e7d32' },
  { key: 'floorNs', label: 'C floor, same tree', color: '#757575', dash: '5,3' },
  { key: 'snapshotNs', label: 'snapshot()', color: '#e65100' },
  { key: 'collectOffNs', label: 'producer collect', color: '#1565c0' },
  { key: 'collectOnNs', label: 'producer collect, perCpu', color: '#1565c0', dash: '2,2' },
  { key: 'fsNs', label: 'filesystems refresh (sampleAsync)', color: '#6a1b9a' },
  { key: 'fsFloorNs', label: 'C floor: mountinfo + statvfs', color: '#6a1b9a', dash: '5,3' },
];

const escapeXml = (s) =>
  String(s).replace(/[<>&'"]/g, (ch) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[ch]);

function valuesOf(p) {
  return {
    sampleNs: p.sampleNs,
    floorNs: p.floorNs,
    snapshotNs: p.snapshotNs,
    collectOffNs: p.producer ? p.producer.perCpuOff.collectNs : null,
    collectOnNs: p.producer ? p.producer.perCpuOn.collectNs : null,
    fsNs: p.filesystems ? p.filesystems.refreshNs : null,
    fsFloorNs: p.filesystems ? p.filesystems.floorNs : null,
  };
}

/** The scale group's results: bench/run.js files a group's info under info[group], scale.js names it `scale`. */
function scaleOf(results) {
  const group = results.info && results.info.scale;
  const scale = group && group.scale ? group.scale : group;
  return scale && Array.isArray(scale.points) && scale.points.length ? scale : null;
}

function decade(e) {
  const units = ['ns', 'µs', 'ms', 's'];
  const u = Math.min(Math.floor(e / 3), units.length - 1);
  return `${10 ** (e - u * 3)} ${units[u]}`;
}

/** Returns the SVG text for results.info.scale (null when the run has no scale group). */
function renderScaleChart(results) {
  const scale = scaleOf(results);
  if (!scale) return null;
  const dims = scale.dimensions.filter((d) => scale.points.some((p) => p.dimension === d.key));
  const panelW = 300;
  const panelH = 230;
  const margin = { left: 58, right: 14, top: 34, bottom: 38 };
  const top = 56;
  const legendH = 48;
  const width = dims.length * (panelW + margin.left + margin.right) + 10;
  const height = top + panelH + margin.top + margin.bottom + legendH;
  const all = [];
  for (const p of scale.points) for (const v of Object.values(valuesOf(p))) if (Number.isFinite(v) && v > 0) all.push(v);
  const minExp = Math.floor(Math.log10(Math.min(...all)));
  const maxExp = Math.ceil(Math.log10(Math.max(...all)));
  const out = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif" font-size="12">`,
  );
  out.push(`<rect width="${width}" height="${height}" fill="#ffffff"/>`);
  const m = results.machine || {};
  out.push(`<text x="10" y="20" font-size="14" font-weight="bold">Cost as the machine grows (synthetic /proc trees; log-log; one dimension at a time from 16 CPUs, 10 disks, 10 interfaces, 100 mounts)</text>`);
  out.push(`<text x="10" y="38" fill="#555">${escapeXml(`median CPU time per operation; ${m.cpus} CPUs ${m.cpuModel || ''}, Linux ${m.kernel}, Node ${m.node}, ${results.mode} run`)}</text>`);
  dims.forEach((d, di) => {
    const x0 = 10 + di * (panelW + margin.left + margin.right) + margin.left;
    const y0 = top + margin.top;
    const pts = scale.points.filter((p) => p.dimension === d.key).sort((a, b) => a.size - b.size);
    const sizes = pts.map((p) => p.size);
    const lx0 = Math.log10(Math.min(...sizes));
    const lx1 = Math.log10(Math.max(...sizes));
    const x = (v) => x0 + (lx1 === lx0 ? panelW / 2 : ((Math.log10(v) - lx0) / (lx1 - lx0)) * panelW);
    const y = (ns) => y0 + panelH - ((Math.log10(ns) - minExp) / (maxExp - minExp)) * panelH;
    out.push(`<text x="${x0 + panelW / 2}" y="${y0 - 12}" text-anchor="middle" font-weight="bold">${escapeXml(d.label)}</text>`);
    out.push(`<rect x="${x0}" y="${y0}" width="${panelW}" height="${panelH}" fill="none" stroke="#bbb"/>`);
    for (let e = minExp; e <= maxExp; e++) {
      const gy = y(10 ** e).toFixed(1);
      out.push(`<line x1="${x0}" y1="${gy}" x2="${x0 + panelW}" y2="${gy}" stroke="#eee"/>`);
      out.push(`<text x="${x0 - 6}" y="${Number(gy) + 4}" text-anchor="end" fill="#555">${escapeXml(decade(e))}</text>`);
    }
    for (const s of sizes) {
      const gx = x(s).toFixed(1);
      out.push(`<line x1="${gx}" y1="${y0}" x2="${gx}" y2="${y0 + panelH}" stroke="#eee"/>`);
      out.push(`<text x="${gx}" y="${y0 + panelH + 16}" text-anchor="middle" fill="#555">${s.toLocaleString('en-US')}</text>`);
    }
    for (const s of SERIES) {
      const line = pts.map((p) => [p.size, valuesOf(p)[s.key]]).filter(([, v]) => Number.isFinite(v) && v > 0);
      if (line.length === 0) continue;
      const d2 = line.map(([sz, v], i) => `${i ? 'L' : 'M'}${x(sz).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
      out.push(`<path d="${d2}" fill="none" stroke="${s.color}" stroke-width="2"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''}/>`);
      for (const [sz, v] of line) out.push(`<circle cx="${x(sz).toFixed(1)}" cy="${y(v).toFixed(1)}" r="2.5" fill="${s.color}"><title>${escapeXml(`${s.label} at ${sz} ${d.label}: ${formatNs(v)}`)}</title></circle>`);
    }
  });
  SERIES.forEach((s, i) => {
    const lx = 10 + (i % 4) * 250;
    const ly = height - legendH + 14 + Math.floor(i / 4) * 18;
    out.push(`<line x1="${lx}" y1="${ly - 4}" x2="${lx + 22}" y2="${ly - 4}" stroke="${s.color}" stroke-width="2"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''}/>`);
    out.push(`<text x="${lx + 28}" y="${ly}">${escapeXml(s.label)}</text>`);
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

/** The scale group as a markdown table (null when the run has none). */
function scaleMarkdown(results) {
  const scale = scaleOf(results);
  if (!scale) return null;
  const lines = [];
  lines.push('| tree | sample() | C floor | ratio | JS heap / sample | snapshot() | snapshot heap | producer ns / point (perCpu off / on; points) | filesystems refresh / floor | all listed, OK |');
  lines.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|:---:|');
  const label = Object.fromEntries(scale.dimensions.map((d) => [d.key, d.label]));
  for (const p of scale.points) {
    const prod = p.producer
      ? `${p.producer.perCpuOff.nsPerPoint} / ${p.producer.perCpuOn.nsPerPoint} (${p.producer.perCpuOff.points} / ${p.producer.perCpuOn.points})`
      : '';
    const fsCol = p.filesystems
      ? `${formatNs(p.filesystems.refreshNs)} / ${formatNs(p.filesystems.floorNs)} (${p.filesystems.ratio}x, ${p.filesystems.mountsReported} mounts; snapshot of the mounts ${formatNs(p.filesystems.snapshotNs)}, ${formatBytes(p.filesystems.snapshotHeapBytes)})`
      : '';
    const ok = p.complete && (!p.filesystems || p.filesystems.complete);
    lines.push(
      `| ${p.size.toLocaleString('en-US')} ${label[p.dimension]} | ${formatNs(p.sampleNs)} | ${formatNs(p.floorNs)} | ${p.ratio} | ${p.heapBytesPerSample === null ? 'n/a' : formatBytes(Math.max(0, p.heapBytesPerSample))} | ${formatNs(p.snapshotNs)} | ${p.snapshotHeapBytes === null ? 'n/a' : formatBytes(p.snapshotHeapBytes)} | ${prod} | ${fsCol} | ${ok ? 'yes' : `no${p.notOk && p.notOk.length ? ` (${p.notOk.join(', ')})` : ''}`} |`,
    );
  }
  if (scale.kernel && scale.kernel.length) {
    lines.push('');
    lines.push('The real kernel (it hands `/proc/net/dev` over one page per read): veth pairs in a private network namespace, the default `sample()` on `/proc` against the floor on `/proc`.');
    lines.push('');
    lines.push('| interfaces | listed | status | sample() | C floor | ratio | JS heap / sample |');
    lines.push('|---:|---:|---|---:|---:|---:|---:|');
    for (const k of scale.kernel) {
      if (k.skipped) lines.push(`| ${k.requested} | skipped: ${k.skipped} | | | | | |`);
      else lines.push(`| ${k.interfaces} | ${k.listed} | ${k.status} | ${formatNs(k.sampleNs)} | ${formatNs(k.floorNs)} | ${k.ratio} | ${k.heapBytesPerSample === null ? 'n/a' : formatBytes(Math.max(0, k.heapBytesPerSample))} |`);
    }
  }
  lines.push('');
  lines.push('Times are CPU time per operation (user + system, each side its own), medians of paired rounds: the floor kept running beside the sampler, its batch right before or after the sampler’s, both pinned to one CPU (one virtual CPU of these VMs can run 20-40 % slower than the other for seconds). On a shared machine the wall clock of a batch mostly measures the other tenants. The ratio is the median of the per-round ratios.');
  return `${lines.join('\n')}\n`;
}

if (require.main === module) {
  const input = process.argv[2] || path.join(__dirname, 'results', 'latest.json');
  const output = process.argv[3] || path.join(path.dirname(input), 'scale.svg');
  const svg = renderScaleChart(JSON.parse(fs.readFileSync(input, 'utf8')));
  if (svg === null) throw new Error(`${input} has no scale group`);
  fs.writeFileSync(output, svg);
  process.stdout.write(`wrote ${output}\n`);
}

module.exports = { renderScaleChart, scaleMarkdown };
