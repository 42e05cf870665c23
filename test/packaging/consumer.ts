// Type-checked (not run) from an empty project that installed the packed tarball: the published .d.ts files
// must describe the API a TypeScript user calls.
import { Sampler, nativeAvailable, type Snapshot, type SourceName } from 'procsampler';

const sources: SourceName[] = ['cpu', 'memory'];
const available: boolean = nativeAvailable();
const sampler: Sampler = new Sampler({ procRoot: '/proc', sources });
sampler.sample();
const snap: Snapshot = sampler.snapshot();
const total: number | null = snap.memory === null ? null : snap.memory.total;
export const summary = { available, total };
sampler.close();

// The exports map's subpaths carry their types (exports "types" conditions; typesVersions for moduleResolution node).
import { runtimeCore, RuntimeMetrics, type RuntimeSnapshot } from 'procsampler/runtime';
import { HostMetrics, type HostMetricsOptions } from 'procsampler/otel';

const options: HostMetricsOptions = { metricGroups: ['system.cpu'] };
export const host: HostMetrics = new HostMetrics(options);
const runtime = new RuntimeMetrics({ instruments: false });
export const diag: ReturnType<typeof runtimeCore> = runtimeCore();
export const runtimeSnap: RuntimeSnapshot = runtime.snapshot();
