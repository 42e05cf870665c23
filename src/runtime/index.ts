/** Node.js runtime metrics (event loop, libuv, V8 heap and GC): named exports. */
export {
  RuntimeMetrics,
  type RuntimeMetricsOptions,
  type RuntimeSnapshot,
  type DelayStats,
  type GcTypeStats,
} from './runtime-metrics';
export { type HeapSpace } from './heap';
export { runtimeCore, RuntimeCore, type RuntimeSlotName } from './native-runtime';
export * from './names';
export { DUPLICATE_RUNTIME_WARNING } from './duplicates';
