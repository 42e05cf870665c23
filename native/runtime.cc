#include "runtime.h"

namespace procsampler {
namespace runtime {

struct RuntimeState {};

RuntimeState* Init(Napi::Env env, Napi::Object exports) { return new RuntimeState(); }
void Destroy(RuntimeState* state) { delete state; }

}  // namespace runtime
}  // namespace procsampler
