// The runtime functions of the addon (runtime.h lists them): Node-API glue over the state of runtime/state.h.
#include <napi.h>

#include "name_list.h"
#include "runtime/runtime.h"
#include "runtime/state.h"

namespace procsampler {
namespace runtime {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

RuntimeState* StateOf(const Napi::CallbackInfo& info) { return static_cast<RuntimeState*>(info.Data()); }

Napi::Value Layout(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  RuntimeState* state = StateOf(info);
  Napi::Object result = Napi::Object::New(env);
  Napi::Object slots = Napi::Object::New(env);
  Napi::Object units = Napi::Object::New(env);
#define PS_RUNTIME_SLOT_EXPORT(name, unit)                                      \
  slots.Set(#name, Napi::Number::New(env, static_cast<double>(kSlot_##name))); \
  units.Set(#name, Napi::String::New(env, unit));
  PS_RUNTIME_SCALARS(PS_RUNTIME_SLOT_EXPORT)
#undef PS_RUNTIME_SLOT_EXPORT
  // The heap spaces' names, read once (V8's names are static strings); null without V8's API.
  Napi::Value spaces = env.Null();
  if (HeapReadable(state)) {
    Napi::Array list = Napi::Array::New(env, state->heap_.count());
    bool ok = true;
    for (size_t i = 0; i < state->heap_.count() && ok; ++i) {
      HeapSpaceStatistics stats;
      ok = state->heap_.Read(i, &stats) && stats.space_name != nullptr;
      if (ok) list.Set(static_cast<uint32_t>(i), Napi::String::New(env, stats.space_name));
    }
    if (ok) spaces = list;
  }
  result.Set("slots", slots);
  result.Set("units", units);
  Napi::Object read_flags = Napi::Object::New(env);
#define PS_RUNTIME_READ_EXPORT(name, bit) read_flags.Set(#name, Napi::Number::New(env, bit));
  PS_RUNTIME_READ_FLAGS(PS_RUNTIME_READ_EXPORT)
#undef PS_RUNTIME_READ_EXPORT
  result.Set("readFlags", read_flags);
#define PS_RUNTIME_GC_NAME(name) #name,
  result.Set("gcTypes", NameList(env, {PS_RUNTIME_GC_TYPES(PS_RUNTIME_GC_NAME)}));
#undef PS_RUNTIME_GC_NAME
  result.Set("handleTypes", NameList(env, kHandleTypeNames, kHandleTypeCount));
  result.Set("handleBase", Napi::Number::New(env, static_cast<double>(kHandleBase)));
  result.Set("heapBase", Napi::Number::New(env, static_cast<double>(kHeapBase)));
  result.Set("heapFields", NameList(env, kHeapFieldNames, kHeapFieldCount));
  result.Set("heapSpaces", spaces);
  result.Set("gcBase", Napi::Number::New(env, static_cast<double>(kGcBase)));
  result.Set("gcStride", Napi::Number::New(env, static_cast<double>(kGcStride)));
  result.Set("gcNative", Napi::Boolean::New(env, state->allow_v8_api_ && state->heap_.gc_available()));
  result.Set("drainBase", Napi::Number::New(env, static_cast<double>(kDrainBase)));
  result.Set("drainCapacity", Napi::Number::New(env, static_cast<double>(kDrainCapacity)));
  result.Set("size", Napi::Number::New(env, static_cast<double>(kSlotTotal)));
  result.Set("uvMetricsInfo", Napi::Boolean::New(env, UvMetricsInfoBuilt()));
  return result;
}

Napi::Value Attach(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  RuntimeState* state = StateOf(info);
  if (info.Length() < 1 || !info[0].IsTypedArray() ||
      info[0].As<Napi::TypedArray>().TypedArrayType() != napi_float64_array ||
      info[0].As<Napi::Float64Array>().ElementLength() < kSlotTotal) {
    Napi::Error error = Napi::TypeError::New(env, "runtimeAttach expects a Float64Array of runtimeLayout().size");
    error.Set("code", Napi::String::New(env, "PROCSAMPLER_BAD_OPTION"));
    error.ThrowAsJavaScriptException();
    return env.Undefined();
  }
  Napi::Float64Array array = info[0].As<Napi::Float64Array>();
  if (state->array_ref_ != nullptr) napi_delete_reference(env, state->array_ref_);
  state->array_ref_ = nullptr;
  napi_create_reference(env, array, 1, &state->array_ref_);
  state->slots_ = array.Data();
  for (size_t i = 0; i < kSlotTotal; ++i) state->slots_[i] = kNaN;
  return env.Undefined();
}

Napi::Value Start(const Napi::CallbackInfo& info) {
  RuntimeState* state = StateOf(info);
  return Napi::Boolean::New(info.Env(), state->slots_ != nullptr && StartHooks(state));
}

Napi::Value Stop(const Napi::CallbackInfo& info) {
  StopHooks(StateOf(info));
  return info.Env().Undefined();
}

// The window of the id in `id`, or nullptr.
Window* WindowOf(RuntimeState* state, const Napi::Value& id) {
  return id.IsNumber() ? WindowAt(state, id.As<Napi::Number>().DoubleValue()) : nullptr;
}

Napi::Value WindowOpen(const Napi::CallbackInfo& info) {
  bool replay_gc = info.Length() > 0 && info[0].IsBoolean() && info[0].As<Napi::Boolean>().Value();
  return Napi::Number::New(info.Env(), static_cast<double>(OpenWindow(StateOf(info), replay_gc)));
}

Napi::Value WindowClose(const Napi::CallbackInfo& info) {
  if (info.Length() > 0 && info[0].IsNumber()) CloseWindow(StateOf(info), info[0].As<Napi::Number>().DoubleValue());
  return info.Env().Undefined();
}

// Whether the attached array still holds the memory it was attached with. Its ArrayBuffer may have been
// detached (transferred by postMessage or structuredClone, or by other native code), and V8 may have freed or
// handed over that memory: then let it go, so nothing is written through slots_ until the next runtimeAttach.
bool SlotsAlive(napi_env env, RuntimeState* state) {
  if (state->slots_ == nullptr) return false;
  napi_value array = nullptr;
  void* data = nullptr;
  size_t length = 0;
  if (napi_get_reference_value(env, state->array_ref_, &array) == napi_ok && array != nullptr &&
      napi_get_typedarray_info(env, array, nullptr, &length, &data, nullptr, nullptr) == napi_ok &&
      data == state->slots_ && length >= kSlotTotal) {
    return true;
  }
  napi_delete_reference(env, state->array_ref_);
  state->array_ref_ = nullptr;
  state->slots_ = nullptr;
  return false;
}

Napi::Value Read(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  RuntimeState* state = StateOf(info);
  // false: no array, or its buffer was detached (JavaScript attaches a new one and reads again).
  if (!SlotsAlive(env, state)) return Napi::Boolean::New(env, false);
  int flags = info.Length() > 0 && info[0].IsNumber() ? info[0].As<Napi::Number>().Int32Value() : 0;
  Window* window = info.Length() > 1 ? WindowOf(state, info[1]) : nullptr;
  ReadSlots(state, flags, window, state->slots_);
  return Napi::Boolean::New(env, true);
}

Napi::Value GcDrain(const Napi::CallbackInfo& info) {
  RuntimeState* state = StateOf(info);
  Window* window = info.Length() > 0 ? WindowOf(state, info[0]) : nullptr;
  size_t n = 0;
  if (window != nullptr && SlotsAlive(info.Env(), state)) {
    n = window->gc.Drain(state->slots_ + kDrainBase, state->slots_ + kDrainBase + kDrainCapacity, kDrainCapacity);
  }
  return Napi::Number::New(info.Env(), static_cast<double>(n));
}

Napi::Value Configure(const Napi::CallbackInfo& info) {
  RuntimeState* state = StateOf(info);
  if (info.Length() > 0 && info[0].IsObject()) {
    Napi::Object options = info[0].As<Napi::Object>();
    Napi::Value counter = options.Get("counterClock");
    Napi::Value direct = options.Get("directIdle");
    if (counter.IsBoolean()) state->allow_counter_clock_ = counter.As<Napi::Boolean>().Value();
    if (direct.IsBoolean()) state->allow_direct_idle_ = direct.As<Napi::Boolean>().Value();
    Napi::Value v8api = options.Get("v8Api");
    if (v8api.IsBoolean()) state->allow_v8_api_ = v8api.As<Napi::Boolean>().Value();
    Napi::Value bounds = options.Get("gcBoundaries");
    if (bounds.IsArray()) {
      Napi::Array list = bounds.As<Napi::Array>();
      size_t n = list.Length() < kMaxGcBuckets - 1 ? list.Length() : kMaxGcBuckets - 1;
      for (size_t i = 0; i < n; ++i) {
        Napi::Value v = list.Get(static_cast<uint32_t>(i));
        state->gc_boundaries_[i] = v.IsNumber() ? v.As<Napi::Number>().DoubleValue() : kNaN;
      }
      state->gc_boundary_count_ = n;
    }
  }
  return info.Env().Undefined();
}

Napi::Value Info(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  RuntimeState* state = StateOf(info);
  Napi::Object result = Napi::Object::New(env);
  result.Set("clock", Napi::String::New(env, state->clock_.ModeName()));
  result.Set("counterHz", Napi::Number::New(env, state->clock_.TicksPerSecond()));
  result.Set("idle", Napi::String::New(env, state->idle_.ModeName()));
  result.Set("heap", Napi::String::New(env, state->allow_v8_api_ && state->heap_.bound() ? "v8" : "none"));
  result.Set("gc", Napi::String::New(env, state->allow_v8_api_ && state->heap_.gc_available() ? "v8" : "none"));
  double open = 0;
  for (const auto& window : state->windows_) open += window ? 1 : 0;
  result.Set("windows", Napi::Number::New(env, open));
  result.Set("running", Napi::Boolean::New(env, state->running_));
  return result;
}

}  // namespace

RuntimeState* Init(Napi::Env env, Napi::Object exports) {
  RuntimeState* state = NewState(env);
  if (state == nullptr) return nullptr;
  exports.Set("runtimeLayout", Napi::Function::New(env, Layout, "runtimeLayout", state));
  exports.Set("runtimeAttach", Napi::Function::New(env, Attach, "runtimeAttach", state));
  exports.Set("runtimeStart", Napi::Function::New(env, Start, "runtimeStart", state));
  exports.Set("runtimeStop", Napi::Function::New(env, Stop, "runtimeStop", state));
  exports.Set("runtimeWindowOpen", Napi::Function::New(env, WindowOpen, "runtimeWindowOpen", state));
  exports.Set("runtimeWindowClose", Napi::Function::New(env, WindowClose, "runtimeWindowClose", state));
  exports.Set("runtimeRead", Napi::Function::New(env, Read, "runtimeRead", state));
  exports.Set("runtimeGcDrain", Napi::Function::New(env, GcDrain, "runtimeGcDrain", state));
  exports.Set("runtimeConfigure", Napi::Function::New(env, Configure, "runtimeConfigure", state));
  exports.Set("runtimeInfo", Napi::Function::New(env, Info, "runtimeInfo", state));
  return state;
}

}  // namespace runtime
}  // namespace procsampler
