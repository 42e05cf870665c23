// Type-checked (not run) from an empty project that installed the packed tarball: the published .d.ts files
// must describe the API a TypeScript user calls.
import { Sampler } from 'procsampler';
import type { Snapshot } from 'procsampler/dist/types';

const sampler: Sampler = new Sampler({ procRoot: '/proc', sources: ['cpu', 'memory'] });
sampler.sample();
const snap: Snapshot = sampler.snapshot();
const total: number | null = snap.memory === null ? null : snap.memory.total;
export const summary = { total };
sampler.close();
