// Node.js runtime metrics (event loop per iteration, libuv loop metrics, handles): per-environment state.
#ifndef PROCSAMPLER_RUNTIME_H_
#define PROCSAMPLER_RUNTIME_H_

#include <napi.h>

namespace procsampler {
namespace runtime {

struct RuntimeState;

// Adds the runtime functions to `exports` and returns this environment's state (owned by the Addon).
RuntimeState* Init(Napi::Env env, Napi::Object exports);
// Stops every hook and frees the state. Safe with nullptr; called once, at environment teardown.
void Destroy(RuntimeState* state);

}  // namespace runtime
}  // namespace procsampler

#endif  // PROCSAMPLER_RUNTIME_H_
