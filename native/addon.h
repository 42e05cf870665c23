// The addon's per-environment state (Napi::Addon instance data): no statics, so the addon loads in worker
// threads and in several environments at once.
#ifndef PROCSAMPLER_ADDON_H_
#define PROCSAMPLER_ADDON_H_

#include <napi.h>

#include <vector>

#include "clock.h"
#include "runtime/runtime.h"

namespace procsampler {

class NativeSampler;

class Addon : public Napi::Addon<Addon> {
 public:
  Addon(Napi::Env env, Napi::Object exports);
  // Environment teardown: closes every sampler still open and stops the runtime hooks.
  ~Addon();

  void Register(NativeSampler* s) { samplers_.push_back(s); }
  void Unregister(NativeSampler* s);

 private:
  Napi::Value Layout(const Napi::CallbackInfo& info);
  Napi::Value Units(const Napi::CallbackInfo& info);

  std::vector<NativeSampler*> samplers_;
  Napi::FunctionReference sampler_ctor_;
  runtime::RuntimeState* runtime_ = nullptr;
  clock::ClockState* clock_ = nullptr;
  napi_env env_ = nullptr;
};

}  // namespace procsampler

#endif  // PROCSAMPLER_ADDON_H_
