// clock: see clock.h. Raw Node-API (not node-addon-api wrappers) in clockNow, whose whole cost is one call
// plus a CounterClock read.
#include "clock.h"

#include <atomic>

#include "counter_clock.h"

namespace procsampler {
namespace clock {

struct ClockState {
  napi_ref array_ref_ = nullptr;
  double* slots_ = nullptr;
  CounterClock clock_;
};

namespace {

// The first environment's state, for clockNow() to find without napi_get_cb_info(): inside a busy server the
// call's code is cold at every request, and that lookup is a quarter of the instructions and of the
// instruction-cache misses of a call (callgrind, 2 December 2026). Other environments (worker threads) take
// their state from the function's data. Atomic: workers read it while the main thread may clear it.
std::atomic<napi_env> first_env{nullptr};
std::atomic<ClockState*> first_state{nullptr};

napi_value Attach(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  void* data = nullptr;
  napi_get_cb_info(env, info, &argc, argv, nullptr, &data);
  ClockState* state = static_cast<ClockState*>(data);
  bool is_typed = false;
  if (argc >= 1) napi_is_typedarray(env, argv[0], &is_typed);
  napi_typedarray_type type = napi_int8_array;
  size_t length = 0;
  void* raw = nullptr;
  if (is_typed) napi_get_typedarray_info(env, argv[0], &type, &length, &raw, nullptr, nullptr);
  if (!is_typed || type != napi_float64_array || length < 1) {
    napi_throw_type_error(env, "PROCSAMPLER_BAD_OPTION", "clockAttach expects a Float64Array of length >= 1");
    return nullptr;
  }
  bool allow_counter = true;  // the second argument, false: uv_hrtime() only (tests of the fallback)
  if (argc >= 2) {
    napi_valuetype t = napi_undefined;
    napi_typeof(env, argv[1], &t);
    if (t == napi_boolean) napi_get_value_bool(env, argv[1], &allow_counter);
  }
  state->clock_.Reset(allow_counter);
  if (state->array_ref_ != nullptr) napi_delete_reference(env, state->array_ref_);
  state->array_ref_ = nullptr;
  napi_create_reference(env, argv[0], 1, &state->array_ref_);
  state->slots_ = static_cast<double*>(raw);
  return nullptr;
}

// The state of a function without arguments (its data pointer).
inline ClockState* StateOf(napi_env env, napi_callback_info info) {
  void* data = nullptr;
  size_t argc = 0;
  napi_get_cb_info(env, info, &argc, nullptr, nullptr, &data);
  return static_cast<ClockState*>(data);
}

napi_value Now(napi_env env, napi_callback_info info) {
  ClockState* state = env == first_env.load(std::memory_order_relaxed) ? first_state.load(std::memory_order_acquire) : nullptr;
  if (state == nullptr) state = StateOf(env, info);
  if (state->slots_ != nullptr) state->slots_[0] = static_cast<double>(state->clock_.Now()) * 1e-9;
  return nullptr;
}

// clockRefine(): re-measures the counter's rate (CounterClock::Refine). Called at collect time, never per
// request; returns nothing, so a collect allocates nothing here.
napi_value Refine(napi_env env, napi_callback_info info) {
  StateOf(env, info)->clock_.Refine();
  return nullptr;
}

// clockMode(): the clock's mode name ('counter', 'calibrating' or 'hrtime'), for tests and diagnostics.
napi_value Mode(napi_env env, napi_callback_info info) {
  napi_value mode;
  napi_create_string_utf8(env, StateOf(env, info)->clock_.ModeName(), NAPI_AUTO_LENGTH, &mode);
  return mode;
}

}  // namespace

ClockState* Init(Napi::Env env, Napi::Object exports) {
  ClockState* state = new ClockState();
  napi_value fn;
  napi_create_function(env, "clockAttach", NAPI_AUTO_LENGTH, Attach, state, &fn);
  exports.Set("clockAttach", Napi::Value(env, fn));
  napi_create_function(env, "clockNow", NAPI_AUTO_LENGTH, Now, state, &fn);
  exports.Set("clockNow", Napi::Value(env, fn));
  napi_create_function(env, "clockRefine", NAPI_AUTO_LENGTH, Refine, state, &fn);
  exports.Set("clockRefine", Napi::Value(env, fn));
  napi_create_function(env, "clockMode", NAPI_AUTO_LENGTH, Mode, state, &fn);
  exports.Set("clockMode", Napi::Value(env, fn));
  napi_env none = nullptr;
  if (first_env.compare_exchange_strong(none, env)) first_state.store(state, std::memory_order_release);
  return state;
}

void Destroy(Napi::Env env, ClockState* state) {
  if (state == nullptr) return;
  // On the environment's own thread: no clockNow() of it runs meanwhile.
  if (first_state.load() == state) {
    first_state.store(nullptr);
    first_env.store(nullptr);
  }
  state->slots_ = nullptr;
  if (state->array_ref_ != nullptr) napi_delete_reference(env, state->array_ref_);
  delete state;
}

}  // namespace clock
}  // namespace procsampler
