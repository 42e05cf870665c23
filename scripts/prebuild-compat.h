// Force-included (g++ -include) into the PREBUILT binaries only, by scripts/build-prebuilds.sh, so that a binary
// built on Debian 12 (glibc 2.36, libstdc++ 12) loads on glibc 2.28 (RHEL 8, Debian 10, Ubuntu 18.10+).
// A consumer's own source build never sees this file: it links against the consumer's glibc.
//
// Each block undoes one way in which glibc >= 2.29 headers or libstdc++ 12 headers make the object code ask for a
// newer glibc symbol version. scripts/check-prebuilds.sh (objdump -T) proves the result: if it reports a
// version above 2.28, find the symbol it prints and add a block here, or change the code.
#ifndef PROCSAMPLER_PREBUILD_COMPAT_H_
#define PROCSAMPLER_PREBUILD_COMPAT_H_

#ifdef __cplusplus

// 1. pthread_cond_clockwait (GLIBC_2.34): libstdc++ >= 10 implements condition_variable::wait_for/wait_until on
//    steady_clock with it when the headers were configured against glibc >= 2.30. Without the macro, the
//    headers fall back to pthread_cond_timedwait (GLIBC_2.3.2) on the system clock, as libstdc++ 9 did.
#include <bits/c++config.h>
#undef _GLIBCXX_USE_PTHREAD_COND_CLOCKWAIT

// 2. __libc_single_threaded (GLIBC_2.32): libstdc++ 12 reads it to skip atomic reference counting
//    (std::shared_ptr) in single-threaded programs. Renaming the reference to a private variable that always says
//    "not single-threaded" keeps the atomic path, which is correct everywhere (Node is never single-threaded).
extern "C" {
__attribute__((weak, visibility("hidden"))) char __libc_single_threaded __asm__("procsampler_libc_single_threaded") = 0;
}

// 3. fstat (fstat64@GLIBC_2.33): before glibc 2.33, fstat was an inline wrapper of __fxstat64; since then the
//    headers bind it to a new symbol. The raw system call is what both versions do on x86-64 and arm64, where
//    the kernel's struct stat is glibc's.
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
static inline int procsampler_fstat(int fd, struct stat* st) { return static_cast<int>(syscall(SYS_fstat, fd, st)); }
#define fstat(fd, st) procsampler_fstat((fd), (st))

// 4. dlsym, dlopen, dladdr (GLIBC_2.34): glibc 2.34 moved libdl into libc and gave its functions new versions.
//    The old versions (the ones in libdl.so.2 before 2.34) are still exported by libc.so.6 as compatibility
//    symbols; bind to them. Node links libdl on the older systems, so the symbols are found there at load time.
#include <dlfcn.h>
#if defined(__x86_64__)
__asm__(".symver dlsym,dlsym@GLIBC_2.2.5");
__asm__(".symver dlopen,dlopen@GLIBC_2.2.5");
__asm__(".symver dladdr,dladdr@GLIBC_2.2.5");
#elif defined(__aarch64__)
__asm__(".symver dlsym,dlsym@GLIBC_2.17");
__asm__(".symver dlopen,dlopen@GLIBC_2.17");
__asm__(".symver dladdr,dladdr@GLIBC_2.17");
#endif

// 5. std::__throw_bad_array_new_length (GLIBCXX_3.4.29): libstdc++ 11+ allocators call it when a size cannot be
//    allocated (a std::deque growing its map, `new T[n]` with a variable n). Declared here first, before any
//    libstdc++ header, under the assembler name of a hidden local function that throws std::bad_alloc
//    (GLIBCXX_3.4; bad_array_new_length derives from it, and the addon is built without exceptions, so either ends
//    the process the same way): the reference stays out of the dynamic symbol table.
namespace std {
[[noreturn]] void __throw_bad_array_new_length() __asm__("procsampler_throw_bad_array_new_length");
}  // namespace std
#include <bits/functexcept.h>
extern "C" [[noreturn]] __attribute__((weak, visibility("hidden"))) void procsampler_throw_bad_array_new_length() {
  std::__throw_bad_alloc();
}

#endif  // __cplusplus

#endif  // PROCSAMPLER_PREBUILD_COMPAT_H_
