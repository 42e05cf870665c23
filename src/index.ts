/** procsampler: Linux system and process metrics from kept-open /proc files. */
export { Sampler } from './sampler';
export { Table, type TableName } from './table';
export { ProcsamplerError, type ProcsamplerErrorCode } from './errors';
export { nativeAvailable } from './native';
export { fsNames } from './sources/proc-mountinfo';
export { CPU_TIME_FIELDS } from './sources/proc-stat';
export { TCP_STATE_FIELDS } from './sources/proc-net-tcp';
export * from './types';
export * from './runtime';
