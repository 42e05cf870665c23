// The table of sources that sample() reads: which files each source keeps open, how each file is parsed, and
// which tables they fill. The sampler opens, closes and samples by walking it (sampler/sources.cc); the status
// rule is layout.h's TableStatus(): a table fed by several files (PS_TABLE_FILES) combines their slots with
// CombineFileStatuses(), any other table takes its one file's status.
#ifndef PROCSAMPLER_SAMPLER_SOURCE_TABLE_H_
#define PROCSAMPLER_SAMPLER_SOURCE_TABLE_H_

#include <cstddef>

#include "io/proc_file.h"
#include "layout.h"
#include "sources/sources.h"

namespace procsampler {

class NativeSampler;

// Where a file's path starts: <procRoot>, the network directory (<procRoot>/net or netDir), <procRoot>/<pid>.
enum class Dir { kProc, kNet, kPid };

// The longest record of the iterator files: a net/dev line is at most a 15-byte name and 16 numbers of 20 digits
// (352 bytes), a diskstats line a 32-byte name and 20 numbers (460), a vmstat line under 100.
constexpr size_t kShortRecords = 512;

// X(id, dir, path, mode, initial capacity, longest record): every file sample() keeps open.
#define PS_SAMPLE_FILES(X)                                                                                   \
  X(kStat, kProc, "/stat", kWhole, 64 * 1024, ProcFile::kUnboundedRecord)                                    \
  X(kUptime, kProc, "/uptime", kWhole, 256, ProcFile::kUnboundedRecord)                                      \
  X(kMeminfo, kProc, "/meminfo", kWhole, 8 * 1024, ProcFile::kUnboundedRecord)                               \
  X(kLoadavg, kProc, "/loadavg", kWhole, 256, ProcFile::kUnboundedRecord)                                    \
  X(kVmstat, kProc, "/vmstat", kIterator, 16 * 1024, kShortRecords)                                          \
  X(kDiskstats, kProc, "/diskstats", kIterator, 16 * 1024, kShortRecords)                                    \
  X(kNetDev, kNet, "/dev", kIterator, 16 * 1024, kShortRecords)                                              \
  X(kSockstat, kNet, "/sockstat", kWhole, 1024, ProcFile::kUnboundedRecord)                                  \
  X(kSockstat6, kNet, "/sockstat6", kWhole, 1024, ProcFile::kUnboundedRecord)                                \
  X(kSnmp, kNet, "/snmp", kWhole, 8 * 1024, ProcFile::kUnboundedRecord)                                      \
  X(kPidStat, kPid, "/stat", kWhole, 1024, ProcFile::kUnboundedRecord)                                       \
  X(kPidStatus, kPid, "/status", kWhole, 4096, ProcFile::kUnboundedRecord)                                   \
  X(kPidIo, kPid, "/io", kWhole, 512, ProcFile::kUnboundedRecord)

enum class File : int {
#define PS_FILE_ENUM(id, dir, path, mode, capacity, longest) id,
  PS_SAMPLE_FILES(PS_FILE_ENUM)
#undef PS_FILE_ENUM
      kCount
};
constexpr int kFileCount = static_cast<int>(File::kCount);

struct FileSpec {
  Dir dir;
  const char* path;
  ReadMode mode;
  size_t capacity;
  size_t longest_record;
};
constexpr FileSpec kFiles[kFileCount] = {
#define PS_FILE_SPEC(id, dir, path, mode, capacity, longest) {Dir::dir, path, ReadMode::mode, capacity, longest},
    PS_SAMPLE_FILES(PS_FILE_SPEC)
#undef PS_FILE_SPEC
};

constexpr unsigned Bit(Table t) { return 1u << static_cast<int>(t); }

// A parser of a file into a table's scalars (sources.h), and of a file into a table's entries with their names.
using ScalarParse = int (*)(const char*, size_t, const TableView&);
using EntryParse = EntryResult (*)(const char*, size_t, const TableView&, NameTable*);

// One file of a source, with its parser when the source parses its files one way (scalars or entries).
struct SourceFile {
  File file;
  ScalarParse scalars = nullptr;
  EntryParse entries = nullptr;
  // The tables that need this file (Bit() mask), when not every table of its source does (/proc/uptime feeds the
  // system table only); 0: the source's.
  unsigned tables = 0;
};

struct Source {
  // The table it fills; its status follows TableStatus().
  Table table;
  // The tables it fills (Bit() mask): selecting any of them opens its files, and sample() runs it.
  unsigned tables;
  // The files it keeps open, with their parsers (up to 4).
  SourceFile files[4];
  size_t file_count;
  // How it samples: the parsers above one way or another, or a reader of its own (stat, process, cgroup). Returns
  // the Bit() mask of the tables that overflowed.
  int (NativeSampler::*sample)(const Source& source, double now);
  // Leading files of the table's PS_TABLE_FILES that decide whether the table is absent (CombineFileStatuses'
  // `own`): the process table's start time from /proc/stat's btime only completes <pid>/stat.
  size_t own_files;
};

}  // namespace procsampler

#endif  // PROCSAMPLER_SAMPLER_SOURCE_TABLE_H_
