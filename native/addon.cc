#include "addon.h"

#include <dlfcn.h>
#include <unistd.h>

#include <algorithm>
#include <string>

#include "layout.h"
#include "name_list.h"
#include "sampler/sampler.h"

namespace procsampler {

namespace {
// Keeps this library mapped for the life of the process. A worker thread that loaded it unloads it when it exits
// (Node dlclose()s a worker's addons), but a statvfs() thread of sampleAsync() may still be running its code, or
// be parked forever in a hung mount: unmapped, that code is a SIGSEGV. RTLD_NOLOAD | RTLD_NODELETE marks the
// copy already loaded as never to be unloaded; it loads nothing. Process-wide on purpose (once per process).
void PinLibrary() {
  static const bool pinned = [] {
    Dl_info info;
    if (dladdr(reinterpret_cast<void*>(&PinLibrary), &info) == 0 || info.dli_fname == nullptr) return false;
    return dlopen(info.dli_fname, RTLD_NOW | RTLD_NOLOAD | RTLD_NODELETE) != nullptr;
  }();
  (void)pinned;
}
}  // namespace

Addon::Addon(Napi::Env env, Napi::Object exports) {
  PinLibrary();
  Napi::Function ctor = NativeSampler::Define(env);
  sampler_ctor_ = Napi::Persistent(ctor);
  exports.Set("NativeSampler", ctor);
  DefineAddon(exports, {
                           InstanceMethod<&Addon::Layout>("layout"),
                           InstanceMethod<&Addon::Units>("units"),
                       });
  runtime_ = runtime::Init(env, exports);
  clock_ = clock::Init(env, exports);
  env_ = env;
}

Addon::~Addon() {
  // Closing removes each sampler from samplers_: work on a copy.
  std::vector<NativeSampler*> open;
  open.swap(samplers_);
  for (NativeSampler* s : open) {
    s->DetachFromAddon();
    s->Close();
  }
  runtime::Destroy(runtime_);
  runtime_ = nullptr;
  clock::Destroy(Napi::Env(env_), clock_);
  clock_ = nullptr;
}

void Addon::Unregister(NativeSampler* s) {
  samplers_.erase(std::remove(samplers_.begin(), samplers_.end(), s), samplers_.end());
}

namespace {
Napi::Array FieldList(Napi::Env env, std::initializer_list<std::pair<const char*, const char*>> fields) {
  Napi::Array a = Napi::Array::New(env, fields.size());
  uint32_t i = 0;
  for (const auto& f : fields) {
    Napi::Object o = Napi::Object::New(env);
    o.Set("name", f.first);
    o.Set("unit", f.second);
    a.Set(i++, o);
  }
  return a;
}
}  // namespace

// layout(): the table contract, read once by TypeScript. No offset is written by hand on the JS side.
Napi::Value Addon::Layout(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Object out = Napi::Object::New(env);
  out.Set("headerSlots", static_cast<double>(kHeaderSlots));
  Napi::Object header = Napi::Object::New(env);
#define PS_HEADER_EXPORT(name) header.Set(#name, static_cast<double>(kHeader_##name));
  PS_HEADER_SLOTS(PS_HEADER_EXPORT)
#undef PS_HEADER_EXPORT
  out.Set("header", header);
  Napi::Object status = Napi::Object::New(env);
#define PS_STATUS_EXPORT(id, js, value) status.Set(#js, static_cast<double>(Status::id));
  PS_STATUSES(PS_STATUS_EXPORT)
#undef PS_STATUS_EXPORT
  out.Set("status", status);
  Napi::Array tables = Napi::Array::New(env);
  uint32_t i = 0;
#define PS_PAIR(name, unit) {#name, unit},
#define PS_TABLE(id, js, scalars, entry)                                        \
  {                                                                             \
    Napi::Object t = Napi::Object::New(env);                                    \
    t.Set("id", static_cast<double>(Table::id));                                \
    t.Set("name", js);                                                          \
    t.Set("scalars", FieldList(env, {scalars(PS_PAIR)}));                       \
    t.Set("entry", FieldList(env, {entry(PS_PAIR)}));                           \
    tables.Set(i++, t);                                                         \
  }
  PS_TABLES(PS_TABLE)
#undef PS_TABLE
#undef PS_PAIR
  // Per table fed by several files: [{ file, field }] in the order of the status rule (CombineFileStatuses).
  Napi::Array files[kTableCount];
#define PS_FILE(id, field, file)                                              \
  {                                                                           \
    Napi::Array& list = files[static_cast<int>(Table::id)];                   \
    if (list.IsEmpty()) list = Napi::Array::New(env);                         \
    Napi::Object f = Napi::Object::New(env);                                  \
    f.Set("file", file);                                                      \
    f.Set("field", #field);                                                   \
    list.Set(list.Length(), f);                                               \
  }
  PS_TABLE_FILES(PS_FILE)
#undef PS_FILE
  for (uint32_t t = 0; t < tables.Length(); ++t) {
    const int id = static_cast<int>(t);
    tables.Get(t).As<Napi::Object>().Set("files", files[id].IsEmpty() ? Napi::Array::New(env) : files[id]);
  }
  out.Set("tables", tables);
  out.Set("detachedShift", static_cast<double>(kDetachedShift));
  // How an entry name is encoded (layout.h): the separator, and the parts of the tables whose names have parts.
  Napi::Object names = Napi::Object::New(env);
  names.Set("separator", std::string(1, kEntryNameSeparator));
  Napi::Object parts = Napi::Object::New(env);
#define PS_PART(name) #name,
  parts.Set("filesystems", NameList(env, {PS_FS_NAME_PARTS(PS_PART)}));
  names.Set("parts", parts);
  // Tables whose names() come in groups of consecutive names, one name per part.
  Napi::Object groups = Napi::Object::New(env);
  groups.Set("cgroup", NameList(env, {PS_CGROUP_NAME_PARTS(PS_PART)}));
#undef PS_PART
  names.Set("groups", groups);
#define PS_CONTROLLER(e, name) #name,
  names.Set("cgroupControllers", NameList(env, {PS_CGROUP_CONTROLLERS(PS_CONTROLLER)}));
#undef PS_CONTROLLER
  out.Set("entryNames", names);
  return out;
}

// units(): the system constants the conversions used (for tests and the CLI).
Napi::Value Addon::Units(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Object o = Napi::Object::New(env);
  o.Set("clockTicks", static_cast<double>(sysconf(_SC_CLK_TCK)));
  o.Set("pageSize", static_cast<double>(sysconf(_SC_PAGESIZE)));
  return o;
}

}  // namespace procsampler

namespace {
Napi::Object InitModule(Napi::Env env, Napi::Object exports) { return procsampler::Addon::Init(env, exports); }
}  // namespace

NODE_API_MODULE(procsampler, InitModule)
