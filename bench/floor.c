// bench/floor.c: the C floor that procsampler's sample() is measured against.
//
// It does the work sample() does with the default sources, and nothing else: the same files, kept open and
// re-read with pread(fd, buf, len, 0), every number the sampler keeps parsed into a fixed array of doubles (with
// the same unit conversions), the open-fd count from fstat(/proc/self/fd) (st_size, procfs on Linux >= 6.2; a
// getdents64 count otherwise) and getrusage(RUSAGE_SELF). No allocation in the loop.
//
// Files: /proc/stat, uptime, meminfo, loadavg, vmstat, diskstats, net/dev, net/sockstat, net/sockstat6,
// net/snmp, self/stat, self/status, self/io.
//
// Usage (prints one JSON line on stdout):
//   floor sample N [ROOT]          N samples, parsed              {"mode","iterations","nsPerOp","values","checksum"}
//   floor sample-noparse N [ROOT]  N samples, read only (the syscall share of the floor)
//   floor dump 1 [ROOT]            one sample, every parsed value printed one per line
//   floor tcp N                    N reads of /proc/net/tcp + tcp6, sockets counted per state ("states": 12 counts)
//   floor mounts N ROOT ROOTFS     N refreshes of the filesystems: ROOT/self/mountinfo read and parsed, statvfs of
//                                  ROOTFS + every mount point ("mounts": how many)
//   floor cgroup N FILE...         N samples of the given files (the ones the cgroup and pressure sources keep
//                                  open), each kept open, re-read with pread at offset 0, every number parsed
// With `serve` for N (sample, sample-noparse and cgroup), the floor opens its files once and then runs a batch per
// line read from stdin (the line is the batch's sample count), printing a JSON line per batch
// ({"iterations","nsPerOp","cpuNsPerOp","checksum"}) until stdin closes: bench/lib/build-floor.js alternates
// these batches with the sampler's within a millisecond of each other (FloorServer, pairedFloorRounds). While it
// serves, the floor pins itself and its parent's main thread to the CPU it started on, and gives the parent its
// own CPU mask back at EOF (floors served side by side share the first one's CPU, and close in the reverse order
// of their start): on these VMs one virtual CPU runs 20-40 % slower than the other for seconds at a time
// (its host core shared), so the two sides of a ratio must run on the same one.
// ROOT is the procfs to read (default /proc), as the sampler's procRoot: a synthetic tree for the scale benchmark
// (bench/cases/scale.js). On a ROOT that is not procfs the sampler describes the process from ROOT/self/stat and
// status, not getrusage(), and counts ROOT/self/fd with getdents64: the floor does the same.
// Built by bench/lib/build-floor.js with cc -O2 into bench/build/.
#define _GNU_SOURCE
#include <dirent.h>
#include <sched.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/statvfs.h>
#include <sys/utsname.h>
#include <sys/vfs.h>
#include <time.h>
#include <unistd.h>

// 4 MiB and 64 Ki values: room for 256 CPUs, 1,000 disks and 1,000 interfaces in one sample.
enum { kBufSize = 4 << 20, kMaxValues = 1 << 16, kProcSuperMagic = 0x9fa0 };

static char g_buf[kBufSize];
static double g_values[kMaxValues];
static int g_count;  // values stored by the current sample
static long g_page_size;
static double g_tick_s;
static double g_page_bytes;

static void Put(double v) {
  if (g_count < kMaxValues) g_values[g_count++] = v;
}

static int OpenOrDie(const char* path) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    fprintf(stderr, "floor: open %s: %s\n", path, strerror(errno));
    exit(2);
  }
  return fd;
}

// Whole-record files (single_open seq_files): one pread returns everything when the buffer is large enough.
static size_t ReadWhole(int fd) {
  ssize_t n = pread(fd, g_buf, kBufSize - 1, 0);
  if (n < 0) n = 0;
  g_buf[n] = '\0';
  return (size_t)n;
}

// Iterator files (diskstats, net/dev, vmstat, mountinfo): one read returns about a page. A read of at most a page
// minus the longest record is the end of the file (as the sampler decides it), which saves the confirming read
// that returns 0; with max_record = a page (mountinfo, whose lines have no bound) only that read is the end.
static size_t ReadIterator(int fd, size_t max_record) {
  size_t total = 0;
  for (;;) {
    ssize_t n = pread(fd, g_buf + total, kBufSize - 1 - total, (off_t)total);
    if (n <= 0) break;
    total += (size_t)n;
    if ((size_t)n + max_record <= (size_t)g_page_size || total >= kBufSize - 1) break;
  }
  g_buf[total] = '\0';
  return total;
}

// --- allocation-free scanners ---------------------------------------------------------------------------------
static const char* SkipSpaces(const char* p) {
  while (*p == ' ' || *p == '\t') ++p;
  return p;
}
static const char* NextLine(const char* p) {
  const char* nl = strchr(p, '\n');
  return nl ? nl + 1 : p + strlen(p);
}
// Unsigned or negative decimal integer; *ok = 0 when no digit.
static const char* ScanInt(const char* p, double* out, int* ok) {
  p = SkipSpaces(p);
  int neg = 0;
  if (*p == '-') {
    neg = 1;
    ++p;
  }
  uint64_t v = 0;
  const char* start = p;
  while (*p >= '0' && *p <= '9') v = v * 10 + (uint64_t)(*p++ - '0');
  *ok = p != start;
  *out = neg ? -(double)v : (double)v;
  return p;
}
// Decimal with an optional fraction (uptime, loadavg).
static const char* ScanFixed(const char* p, double* out, int* ok) {
  double whole;
  p = ScanInt(p, &whole, ok);
  if (*ok && *p == '.') {
    ++p;
    uint64_t frac = 0, scale = 1;
    while (*p >= '0' && *p <= '9') {
      frac = frac * 10 + (uint64_t)(*p++ - '0');
      scale *= 10;
    }
    whole += (double)frac / (double)scale;
  }
  *out = whole;
  return p;
}
static const char* SkipToken(const char* p) {
  p = SkipSpaces(p);
  while (*p && *p != ' ' && *p != '\t' && *p != '\n') ++p;
  return p;
}

// "Key: value [kB]" files: looks each key up in `keys` (first match wins) and stores value * scale[i] at slot i.
typedef struct {
  const char* key;
  size_t len;
  double scale;
} Key;
#define K(s, scale) {s, sizeof(s) - 1, scale}

static void ParseKeyed(const char* p, const Key* keys, int nkeys, char sep) {
  double slots[64];
  for (int i = 0; i < nkeys; ++i) slots[i] = __builtin_nan("");
  int found = 0;
  while (*p && found < nkeys) {
    const char* colon = p;
    while (*colon && *colon != sep && *colon != '\n') ++colon;
    if (*colon != sep) {
      p = NextLine(colon);
      continue;
    }
    size_t len = (size_t)(colon - p);
    for (int i = 0; i < nkeys; ++i) {
      if (keys[i].len == len && memcmp(keys[i].key, p, len) == 0) {
        double v;
        int ok;
        ScanInt(colon + 1, &v, &ok);
        if (ok) slots[i] = v * keys[i].scale;
        ++found;
        break;
      }
    }
    p = NextLine(colon);
  }
  for (int i = 0; i < nkeys; ++i) Put(slots[i]);
}

// --- the sources of sample() -------------------------------------------------------------------------------
static void ParseStat(const char* p) {
  while (*p) {
    if (p[0] == 'c' && p[1] == 'p' && p[2] == 'u') {
      const char* q = p + 3;
      double cpu = -1;
      int ok = 1;
      if (*q != ' ') q = ScanInt(q, &cpu, &ok);
      Put(cpu);
      for (int i = 0; i < 10; ++i) {
        double v;
        q = ScanInt(q, &v, &ok);
        Put(ok ? v * g_tick_s : __builtin_nan(""));
      }
      p = NextLine(q);
    } else if (strncmp(p, "intr ", 5) == 0 || strncmp(p, "ctxt ", 5) == 0 || strncmp(p, "btime ", 6) == 0 ||
               strncmp(p, "processes ", 10) == 0 || strncmp(p, "procs_running ", 14) == 0 ||
               strncmp(p, "procs_blocked ", 14) == 0) {
      double v;
      int ok;
      const char* q = ScanInt(SkipToken(p), &v, &ok);
      Put(v);
      p = NextLine(q);  // the intr line's per-IRQ columns are skipped, as the sampler only keeps the total
    } else {
      p = NextLine(p);
    }
  }
}

static void ParseUptime(const char* p) {
  double v;
  int ok;
  p = ScanFixed(p, &v, &ok);
  Put(v);
}

static const Key kMeminfoKeys[] = {
    K("MemTotal", 1024),     K("MemFree", 1024),        K("MemAvailable", 1024),   K("Buffers", 1024),
    K("Cached", 1024),       K("SwapCached", 1024),     K("Active", 1024),         K("Inactive", 1024),
    K("Shmem", 1024),        K("Slab", 1024),           K("SReclaimable", 1024),   K("SUnreclaim", 1024),
    K("SwapTotal", 1024),    K("SwapFree", 1024),       K("Dirty", 1024),          K("Writeback", 1024),
    K("AnonPages", 1024),    K("Mapped", 1024),         K("Committed_AS", 1024),   K("HugePages_Total", 1),
    K("HugePages_Free", 1),  K("Hugepagesize", 1024),
};

static void ParseLoadavg(const char* p) {
  double v;
  int ok;
  for (int i = 0; i < 3; ++i) {
    p = ScanFixed(p, &v, &ok);
    Put(v);
  }
  p = ScanInt(p, &v, &ok);
  Put(v);
  if (*p == '/') p = ScanInt(p + 1, &v, &ok);
  Put(v);
}

static const Key kVmstatKeys[] = {
    K("pgfault", 1), K("pgmajfault", 1), K("pswpin", 1), K("pswpout", 1), K("pgpgin", 1024), K("pgpgout", 1024),
};

static void ParseDiskstats(const char* p) {
  while (*p) {
    double v;
    int ok;
    const char* q = ScanInt(p, &v, &ok);
    if (!ok) break;
    Put(v);
    q = ScanInt(q, &v, &ok);
    Put(v);
    q = SkipToken(q);  // the device name
    for (int i = 0; i < 17; ++i) {
      q = ScanInt(q, &v, &ok);
      if (!ok) break;
      // sectors -> bytes (fields 3, 7, 14), milliseconds -> seconds (4, 8, 10, 11, 15, 17)
      if (i == 2 || i == 6 || i == 13) v *= 512;
      if (i == 3 || i == 7 || i == 9 || i == 10 || i == 14 || i == 16) v /= 1000;
      Put(v);
    }
    p = NextLine(q);
  }
}

static void ParseNetDev(const char* p) {
  p = NextLine(NextLine(p));  // two header lines
  while (*p) {
    const char* eol = strchr(p, '\n');
    if (!eol) eol = p + strlen(p);
    const char* colon = memrchr(p, ':', (size_t)(eol - p));  // the last colon: names like ibr10:30 exist
    if (!colon) break;
    const char* q = colon + 1;
    for (int i = 0; i < 16; ++i) {
      double v;
      int ok;
      q = ScanInt(q, &v, &ok);
      Put(v);
    }
    p = *eol ? eol + 1 : eol;
  }
}

// /proc/net/sockstat "TCP: inuse 1 orphan 0 tw 2 alloc 1 mem 157"; sockstat6 "TCP6: inuse 0".
static void ParseSockstat(const char* p, const char* prefix, int pairs) {
  size_t plen = strlen(prefix);
  while (*p) {
    if (strncmp(p, prefix, plen) == 0) {
      const char* q = p + plen;
      for (int i = 0; i < pairs; ++i) {
        double v;
        int ok;
        q = ScanInt(SkipToken(q), &v, &ok);
        Put(v);
      }
      return;
    }
    p = NextLine(p);
  }
}

// /proc/net/snmp: the "Tcp:" header line names the columns of the next "Tcp:" line.
static void ParseSnmp(const char* p) {
  while (*p) {
    if (strncmp(p, "Tcp: ", 5) == 0) {
      const char* values = NextLine(p);
      if (strncmp(values, "Tcp: ", 5) != 0) return;
      const char* q = values + 4;
      double v;
      int ok = 1;
      while (ok) {
        q = ScanInt(q, &v, &ok);
        if (ok) Put(v);
      }
      return;
    }
    p = NextLine(p);
  }
}

// /proc/self/stat: fields after the LAST ')' (the name can hold spaces and parentheses).
static void ParsePidStat(const char* p, size_t n) {
  const char* close = NULL;
  for (const char* c = p + n; c > p; --c)
    if (c[-1] == ')') {
      close = c - 1;
      break;
    }
  if (!close) return;
  const char* q = close + 2;  // field 3 (state)
  q = SkipToken(q);
  double v;
  int ok;
  for (int field = 4; field <= 24; ++field) {
    q = ScanInt(q, &v, &ok);
    switch (field) {
      case 10: case 12: case 20: Put(v); break;                        // minflt, majflt, num_threads
      case 14: case 15: Put(v * g_tick_s); break;                      // utime, stime
      case 22: Put(v * g_tick_s); break;                               // starttime
      case 23: Put(v); break;                                          // vsize (bytes)
      case 24: Put(v * g_page_bytes); break;                           // rss (pages)
      default: break;
    }
  }
}

static const Key kStatusKeys[] = {
    K("Threads", 1), K("voluntary_ctxt_switches", 1), K("nonvoluntary_ctxt_switches", 1), K("VmHWM", 1024),
};
static const Key kIoKeys[] = {
    K("rchar", 1), K("wchar", 1), K("read_bytes", 1), K("write_bytes", 1),
};

// --- the sample ------------------------------------------------------------------------------------------------
enum {
  kStat, kUptime, kMeminfo, kLoadavg, kVmstat, kDiskstats, kNetDev, kSockstat, kSockstat6, kSnmp,
  kSelfStat, kSelfStatus, kSelfIo, kFileCount
};
static const char* const kPaths[kFileCount] = {
    "/stat",          "/uptime",        "/meminfo",      "/loadavg",
    "/vmstat",        "/diskstats",     "/net/dev",      "/net/sockstat",
    "/net/sockstat6", "/net/snmp",      "/self/stat",    "/self/status",
    "/self/io",
};
static int g_fds[kFileCount];
static int g_fd_dir = -1;
static int g_fd_count_by_size;
static int g_use_rusage = 1;  // the sampler uses getrusage only for its own process on the real procfs

static double CountFds(void) {
  if (g_fd_count_by_size) {
    struct stat st;
    if (fstat(g_fd_dir, &st) == 0) return (double)st.st_size;
    return __builtin_nan("");
  }
  static char dents[32768];
  double count = 0;
  lseek(g_fd_dir, 0, SEEK_SET);
  for (;;) {
    long n = syscall(SYS_getdents64, g_fd_dir, dents, sizeof dents);
    if (n <= 0) break;
    for (long off = 0; off < n;) {
      const unsigned short reclen = *(const unsigned short*)(dents + off + 16);
      const char* name = dents + off + 19;
      if (name[0] != '.') ++count;
      off += reclen;
    }
  }
  return count;
}

static void Sample(int parse) {
  g_count = 0;
  for (int i = 0; i < kFileCount; ++i) {
    // The seq_file iterators (vmstat too: more than a page on kernels with many counters), with the longest record
    // the sampler assumes for them (512 bytes): a shorter page is the end.
    const int iterator = i == kDiskstats || i == kNetDev || i == kVmstat;
    size_t n = iterator ? ReadIterator(g_fds[i], 512) : ReadWhole(g_fds[i]);
    if (!parse) {
      Put((double)n);
      continue;
    }
    switch (i) {
      case kStat: ParseStat(g_buf); break;
      case kUptime: ParseUptime(g_buf); break;
      case kMeminfo: ParseKeyed(g_buf, kMeminfoKeys, sizeof kMeminfoKeys / sizeof *kMeminfoKeys, ':'); break;
      case kLoadavg: ParseLoadavg(g_buf); break;
      case kVmstat: ParseKeyed(g_buf, kVmstatKeys, sizeof kVmstatKeys / sizeof *kVmstatKeys, ' '); break;
      case kDiskstats: ParseDiskstats(g_buf); break;
      case kNetDev: ParseNetDev(g_buf); break;
      case kSockstat: ParseSockstat(g_buf, "TCP:", 4); break;
      case kSockstat6: ParseSockstat(g_buf, "TCP6:", 1); break;
      case kSnmp: ParseSnmp(g_buf); break;
      case kSelfStat: ParsePidStat(g_buf, n); break;
      case kSelfStatus: ParseKeyed(g_buf, kStatusKeys, sizeof kStatusKeys / sizeof *kStatusKeys, ':'); break;
      case kSelfIo: ParseKeyed(g_buf, kIoKeys, sizeof kIoKeys / sizeof *kIoKeys, ':'); break;
    }
  }
  Put(CountFds());
  if (!g_use_rusage) return;
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  Put((double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6);
  Put((double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6);
  Put((double)ru.ru_maxrss * 1024);
  Put((double)ru.ru_minflt);
  Put((double)ru.ru_majflt);
  Put((double)ru.ru_nvcsw);
  Put((double)ru.ru_nivcsw);
}

// /proc/net/tcp and tcp6: count sockets per state (the hex `st` column, 01..0B).
static double g_states[12];
static int g_tcp_fds[2];

// The files are read and parsed one chunk at a time (at 20,000 connections they hold megabytes); seq_file
// returns whole records per read, so a chunk never splits a line.
static void CountTcp(void) {
  memset(g_states, 0, sizeof g_states);
  for (int f = 0; f < 2; ++f) {
    if (g_tcp_fds[f] < 0) continue;
    off_t off = 0;
    for (;;) {
      ssize_t n = pread(g_tcp_fds[f], g_buf, 65536, off);
      if (n <= 0) break;
      g_buf[n] = '\0';
      const char* p = off == 0 ? NextLine(g_buf) : g_buf;  // the header line
      while (*p) {
        const char* q = SkipToken(SkipToken(SkipToken(p)));  // sl, local, remote
        q = SkipSpaces(q);
        int st = 0;
        for (int k = 0; k < 2 && *q; ++k, ++q) {
          char c = *q;
          st = st * 16 + (c >= 'A' ? c - 'A' + 10 : c - '0');
        }
        if (st > 0 && st < 12) g_states[st] += 1;
        p = NextLine(q);
      }
      off += n;
      if ((size_t)n + 160 < (size_t)g_page_size) break;  // a short read: the end of the seq_file
    }
  }
}

// The filesystems refresh: mountinfo (one line per mount; the mount point is field 5, octal escapes such as \040
// decoded) and statvfs of each mount point under the root filesystem.
static char g_path[8192];
static int MountsOnce(int fd, const char* rootfs) {
  ReadIterator(fd, (size_t)g_page_size);
  size_t rlen = strcmp(rootfs, "/") == 0 ? 0 : strlen(rootfs);
  memcpy(g_path, rootfs, rlen);
  int mounts = 0;
  for (const char* p = g_buf; *p;) {
    const char* q = p;
    for (int f = 0; f < 4; ++f) q = SkipToken(q);
    q = SkipSpaces(q);
    size_t n = rlen;
    while (*q && *q != ' ' && *q != '\n' && n < sizeof g_path - 1) {
      if (q[0] == '\\' && q[1] >= '0' && q[1] <= '3' && q[2] >= '0' && q[3] >= '0') {
        g_path[n++] = (char)((q[1] - '0') * 64 + (q[2] - '0') * 8 + (q[3] - '0'));
        q += 4;
      } else {
        g_path[n++] = *q++;
      }
    }
    g_path[n] = '\0';
    struct statvfs st;
    if (statvfs(g_path, &st) == 0) {
      Put((double)st.f_blocks * (double)st.f_frsize);
      Put((double)st.f_bavail * (double)st.f_frsize);
    }
    ++mounts;
    p = NextLine(q);
  }
  return mounts;
}

// --- the cgroup source's files ----------------------------------------------------------------------------------
// Every number of a cgroup or PSI file, whatever its shape ("123", "key 123", "8:0 rbytes=1", "avg10=1.50"):
// integers as they are, decimals as digits / 10^fraction, "max" as NaN. As much parsing as the sampler does.
enum { kMaxCgroupFiles = 64 };
static int g_cg_fds[kMaxCgroupFiles];
static int g_cg_count;

static void ParseNumbers(const char* p) {
  while (*p) {
    if (*p >= '0' && *p <= '9') {
      uint64_t v = 0, scale = 1;
      while (*p >= '0' && *p <= '9') v = v * 10 + (uint64_t)(*p++ - '0');
      if (*p == '.' && p[1] >= '0' && p[1] <= '9') {
        for (++p; *p >= '0' && *p <= '9'; ++p) {
          v = v * 10 + (uint64_t)(*p - '0');
          scale *= 10;
        }
      }
      Put((double)v / (double)scale);
    } else if (p[0] == 'm' && p[1] == 'a' && p[2] == 'x' && (p[3] == '\n' || p[3] == ' ' || p[3] == '\0')) {
      Put(__builtin_nan(""));
      p += 3;
    } else {
      ++p;
    }
  }
}

static void SampleCgroup(void) {
  g_count = 0;
  for (int i = 0; i < g_cg_count; ++i) {
    ReadWhole(g_cg_fds[i]);
    ParseNumbers(g_buf);
  }
}

static double NowNs(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static double ThreadCpuNs(void) {
  struct timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

// The operation a batch repeats, and what it adds to the checksum (so the compiler keeps the work).
static int g_parse;
static double g_checksum;
static void SampleOp(void) {
  Sample(g_parse);
  g_checksum += g_values[g_count - 1];
}
// mounts: ROOT/self/mountinfo (g_mounts_fd) read and parsed, ROOTFS + every mount point statvfs'd.
static int g_mounts_fd;
static const char* g_rootfs;
static int g_mounts;
static void MountsOp(void) {
  g_count = 0;
  g_mounts = MountsOnce(g_mounts_fd, g_rootfs);
  g_checksum += g_count ? g_values[0] : 0;
}
static void CgroupOp(void) {
  SampleCgroup();
  g_checksum += g_count > 0 && g_values[0] == g_values[0] ? g_values[0] : 0;
}

static int ServeLoop(void (*op)(void));

typedef struct {
  double wall_ns;
  double cpu_ns;
} Batch;

static Batch RunBatch(void (*op)(void), long iterations) {
  const double start = NowNs();
  const double cpu_start = ThreadCpuNs();
  for (long i = 0; i < iterations; ++i) op();
  const double cpu_end = ThreadCpuNs();
  const double end = NowNs();
  Batch b = {(end - start) / (double)iterations, (cpu_end - cpu_start) / (double)iterations};
  return b;
}

// `serve`: a batch per stdin line, a JSON line per batch, until EOF. 0 on EOF, 2 on a line that is not a count.
static int Serve(void (*op)(void)) {
  const pid_t parent = getppid();
  cpu_set_t parent_mask;
  const int have_mask = sched_getaffinity(parent, sizeof parent_mask, &parent_mask) == 0;
  // The parent's CPU when it is pinned already (a second floor served beside the first), else this one's.
  int cpu = sched_getcpu();
  if (have_mask && CPU_COUNT(&parent_mask) == 1)
    for (int c = 0; c < CPU_SETSIZE; ++c)
      if (CPU_ISSET(c, &parent_mask)) cpu = c;
  if (have_mask && cpu >= 0) {
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(cpu, &one);
    if (sched_setaffinity(0, sizeof one, &one) != 0 || sched_setaffinity(parent, sizeof one, &one) != 0)
      fprintf(stderr, "floor serve: could not pin to CPU %d (%s); the rounds run unpinned\n", cpu, strerror(errno));
  }
  const int rc = ServeLoop(op);
  if (have_mask) sched_setaffinity(parent, sizeof parent_mask, &parent_mask);
  return rc;
}

static int ServeLoop(void (*op)(void)) {
  char line[64];
  while (fgets(line, sizeof line, stdin) != NULL) {
    char* end = NULL;
    const long iterations = strtol(line, &end, 10);
    if (end == line || iterations < 1) {
      fprintf(stderr, "floor serve: not a sample count: %s", line);
      return 2;
    }
    const Batch b = RunBatch(op, iterations);
    printf("{\"iterations\":%ld,\"nsPerOp\":%.1f,\"cpuNsPerOp\":%.1f,\"checksum\":%.0f}\n", iterations, b.wall_ns,
           b.cpu_ns, g_checksum);
    fflush(stdout);
  }
  return 0;
}

int main(int argc, char** argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: floor sample|sample-noparse|dump|tcp N [ROOT] | floor mounts N ROOT ROOTFS\n");
    return 2;
  }
  const char* root = argc > 3 ? argv[3] : "/proc";
  const char* mode = argv[1];
  const int serve = strcmp(argv[2], "serve") == 0;
  if (serve && strcmp(mode, "sample") != 0 && strcmp(mode, "sample-noparse") != 0 && strcmp(mode, "cgroup") != 0) {
    fprintf(stderr, "floor: %s has no serve form\n", mode);
    return 2;
  }
  long iterations = serve ? 1 : strtol(argv[2], NULL, 10);
  if (iterations < 1) iterations = 1;
  g_page_size = sysconf(_SC_PAGESIZE);
  g_page_bytes = (double)g_page_size;
  g_tick_s = 1.0 / (double)sysconf(_SC_CLK_TCK);

  if (strcmp(mode, "tcp") == 0) {
    g_tcp_fds[0] = OpenOrDie("/proc/net/tcp");
    g_tcp_fds[1] = open("/proc/net/tcp6", O_RDONLY | O_CLOEXEC);  // absent when IPv6 is off: zero sockets
    CountTcp();
    const Batch b = RunBatch(CountTcp, iterations);
    printf("{\"mode\":\"tcp\",\"iterations\":%ld,\"nsPerOp\":%.1f,\"states\":[", iterations, b.wall_ns);
    for (int s = 0; s < 12; ++s) printf("%s%.0f", s ? "," : "", g_states[s]);
    printf("]}\n");
    return 0;
  }
  if (strcmp(mode, "mounts") == 0) {
    if (argc < 5) {
      fprintf(stderr, "usage: floor mounts N ROOT ROOTFS\n");
      return 2;
    }
    snprintf(g_path, sizeof g_path, "%s/self/mountinfo", root);
    g_mounts_fd = OpenOrDie(g_path);
    g_rootfs = argv[4];
    MountsOp();
    g_checksum = 0;
    const Batch b = RunBatch(MountsOp, iterations);
    printf("{\"mode\":\"mounts\",\"iterations\":%ld,\"nsPerOp\":%.1f,\"mounts\":%d,\"checksum\":%.0f}\n", iterations,
           b.wall_ns, g_mounts, g_checksum);
    return 0;
  }
  if (strcmp(mode, "cgroup") == 0) {
    for (int i = 3; i < argc && g_cg_count < kMaxCgroupFiles; ++i) g_cg_fds[g_cg_count++] = OpenOrDie(argv[i]);
    SampleCgroup();
    if (serve) return Serve(CgroupOp);
    const Batch b = RunBatch(CgroupOp, iterations);
    printf("{\"mode\":\"cgroup\",\"iterations\":%ld,\"nsPerOp\":%.1f,\"cpuNsPerOp\":%.1f,\"files\":%d,\"values\":%d,"
           "\"checksum\":%.0f}\n",
           iterations, b.wall_ns, b.cpu_ns, g_cg_count, g_count, g_checksum);
    return 0;
  }
  int dump = strcmp(mode, "dump") == 0;
  int parse = dump || strcmp(mode, "sample") == 0;
  if (!parse && strcmp(mode, "sample-noparse") != 0) {
    fprintf(stderr, "floor: unknown mode %s\n", mode);
    return 2;
  }
  char path[4096];
  for (int i = 0; i < kFileCount; ++i) {
    snprintf(path, sizeof path, "%s%s", root, kPaths[i]);
    g_fds[i] = OpenOrDie(path);
  }
  snprintf(path, sizeof path, "%s/self/fd", root);
  g_fd_dir = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  struct statfs sfs;
  g_use_rusage = statfs(root, &sfs) == 0 && sfs.f_type == kProcSuperMagic;
  struct utsname uts;
  int major = 0, minor = 0;
  if (uname(&uts) == 0) sscanf(uts.release, "%d.%d", &major, &minor);
  g_fd_count_by_size = fstatfs(g_fd_dir, &sfs) == 0 && sfs.f_type == kProcSuperMagic &&
                       (major > 6 || (major == 6 && minor >= 2));
  if (dump) {  // one sample, every parsed value on a line (to check the floor parses what the sampler parses)
    Sample(1);
    for (int i = 0; i < g_count; ++i) printf("%.17g\n", g_values[i]);
    return 0;
  }
  g_parse = parse;
  Sample(parse);  // warm the page cache of the kernel's seq_file buffers
  if (serve) return Serve(SampleOp);
  const Batch b = RunBatch(SampleOp, iterations);
  for (int i = 0; i < g_count; ++i) g_checksum += g_values[i] == g_values[i] ? g_values[i] : 0;
  // cpuNsPerOp: the thread's own CPU time (user + system) per sample, which the machine's other tenants do not
  // inflate the way they inflate the wall clock.
  printf("{\"mode\":\"%s\",\"iterations\":%ld,\"nsPerOp\":%.1f,\"cpuNsPerOp\":%.1f,\"values\":%d,\"fdCountBySize\":%s,\"checksum\":%.0f}\n",
         mode, iterations, b.wall_ns, b.cpu_ns, g_count, g_fd_count_by_size ? "true" : "false", g_checksum);
  return 0;
}
