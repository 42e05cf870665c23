// The expensive sources, run on a native thread by sampleAsync(): TCP state counts from /proc/net/tcp and tcp6
// (each read walks the kernel's whole established hash table) and statvfs of every mount (which blocks forever on
// a dead network server). Nothing here touches JavaScript: results are staged and published on the main thread.
#ifndef PROCSAMPLER_ASYNC_WORK_H_
#define PROCSAMPLER_ASYNC_WORK_H_

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "layout.h"
#include "proc_file.h"
#include "sources/sources.h"

namespace procsampler {

// Counts sockets per state in one TCP table, reading it in chunks into a fixed buffer.
class TcpCounter {
 public:
  int Open(const std::string& path);
  // Returns 0, a positive Status, or -errno (-ENOENT for tcp6 on a kernel without IPv6).
  int Count(TcpCounts* counts);

 private:
  int fd_ = -1;
  int open_error_ = 0;
  std::vector<char> buf_ = std::vector<char>(64 * 1024);
 public:
  ~TcpCounter();
};

// One statvfs call that may never return. The thread that runs it holds a reference, so a call abandoned after
// its timeout finishes (or hangs) without touching freed memory.
struct StatfsCall {
  std::mutex mu;
  std::condition_variable cv;
  bool done = false;
  int error = 0;
  double values[6] = {};  // total, free, available, used, inodes, inodesFree
};

struct FsEntry {
  Mount mount;
  std::string name;                      // the entry's name for JS: MountEntryName(mount)
  double values[fs_entry::kStride] = {};
  std::shared_ptr<StatfsCall> hung;      // set while an abandoned call has not returned
};

struct AsyncConfig {
  bool tcp = false;
  bool filesystems = false;
  std::string tcp_path, tcp6_path, mountinfo_path, root_fs;
  int statfs_timeout_ms = 5000;
};

class AsyncState {
 public:
  explicit AsyncState(const AsyncConfig& config);
  // Worker thread: refreshes everything selected into the staged results below.
  void Run();

  // Staged results, read by the main thread once Run() has returned.
  double tcp[tcp_states_field::kScalars];
  int tcp_status = static_cast<int>(Status::kNotSampled);
  std::vector<FsEntry> fs;
  int fs_status = static_cast<int>(Status::kNotSampled);
  bool fs_set_changed = false;
  double finished_at = 0;

 private:
  void RunTcp();
  void RunFilesystems();
  bool MountTableChanged();

  AsyncConfig config_;
  TcpCounter tcp4_, tcp6_;
  // mountinfo is a seq_file iterator (one record per mount) whose records have no length bound.
  ProcFile mountinfo_{ReadMode::kIterator, 64 * 1024, ProcFile::kUnboundedRecord};
  bool mountinfo_is_procfs_ = false;
  std::string last_mountinfo_;
  bool have_mounts_ = false;
};

}  // namespace procsampler

#endif  // PROCSAMPLER_ASYNC_WORK_H_
