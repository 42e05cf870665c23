// NameList(): a list of names (an X-macro list's, or a table of them) as a JS array, in order: the one way the
// addon's layout functions hand TypeScript the names its slots are indexed by.
#pragma once

#include <napi.h>

#include <cstddef>
#include <cstdint>
#include <initializer_list>

namespace procsampler {

inline Napi::Array NameList(Napi::Env env, const char* const* names, size_t count) {
  Napi::Array a = Napi::Array::New(env, count);
  for (size_t i = 0; i < count; ++i) a.Set(static_cast<uint32_t>(i), names[i]);
  return a;
}

inline Napi::Array NameList(Napi::Env env, std::initializer_list<const char*> names) {
  return NameList(env, names.begin(), names.size());
}

}  // namespace procsampler
