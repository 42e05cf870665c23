// Shared inputs of the rates tests: CPU times and whole snapshots shaped like the Sampler's.

/** CPU times with every column 0 but those in `o`. */
export const times = (o: Partial<Record<string, number | null>>) => ({
  user: 0, nice: 0, system: 0, idle: 0, iowait: 0, irq: 0, softirq: 0, steal: 0, guest: 0, guestNice: 0, ...o,
});

/** A snapshot at step `k` of counters that grow linearly with `k`, with these disks and CPUs. */
export const snap = (k: number, disks: string[], cpus: number[]) => ({
  cpu: {
    count: cpus.length,
    total: times({ user: 10 * k, idle: 30 * k }),
    perCpu: cpus.map((cpu) => ({ cpu, ...times({ user: 5 * k + cpu, idle: 15 * k }) })),
  },
  memory: { total: 100, available: 25, free: 10, buffers: 0, cached: 0, slabReclaimable: 0, swapTotal: 0, swapFree: 0 },
  disks: disks.map((name) => ({ name, readBytes: 1000 * k, writeBytes: 0, readOps: k, writeOps: 0, ioTime: 0.1 * k })),
  network: [{ name: 'lo', rxBytes: 10 * k, txBytes: 10 * k }],
  process: { cpuUser: 0.5 * k, cpuSystem: 0.25 * k },
  filesystems: [],
});
