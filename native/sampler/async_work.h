// The expensive sources, run on a native thread by sampleAsync(): TCP state counts from /proc/net/tcp and tcp6
// (each read walks the kernel's whole established hash table) and statvfs of every mount (which blocks forever on
// a dead network server). Nothing here touches JavaScript: results are staged and published on the main thread.
#ifndef PROCSAMPLER_ASYNC_WORK_H_
#define PROCSAMPLER_ASYNC_WORK_H_

#include <chrono>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "layout.h"
#include "io/proc_file.h"
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
  std::string path;
  std::mutex mu;
  std::condition_variable cv;
  bool done = false;
  int error = 0;
  double values[6] = {};  // total, free, available, used, inodes, inodesFree
};

// Runs statvfs calls one after another on a thread of its own (one thread for every mount of every refresh, not
// one per call). A call that does not return within the timeout is abandoned with its thread, which stays parked
// in the kernel; the calls queued behind it move to a new thread. So a dead network mount costs one parked
// thread, and the others are still answered.
class StatfsRunner {
 public:
  StatfsRunner() = default;
  StatfsRunner(const StatfsRunner&) = delete;
  StatfsRunner& operator=(const StatfsRunner&) = delete;
  ~StatfsRunner();
  // Queues a call (the worker thread of sampleAsync() only).
  void Submit(std::shared_ptr<StatfsCall> call);
  // Waits up to `timeout` for `call` (queued by Submit(), and waited for in the order of submission): true when it
  // completed; false when it is abandoned, and the calls queued after it move to a new thread.
  bool Wait(const std::shared_ptr<StatfsCall>& call, std::chrono::milliseconds timeout);

 private:
  struct Queue;
  static void Loop(std::shared_ptr<Queue> q);
  std::shared_ptr<Queue> queue_;  // the thread's in use; null before the first call
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

// The results of one refresh, in the form the main thread copies into the tables.
struct AsyncResults {
  struct Fs {
    std::string name;  // MountEntryName(mount)
    double values[fs_entry::kStride];
  };
  double tcp[tcp_states_field::kScalars];
  int tcp_status = static_cast<int>(Status::kNotSampled);
  std::vector<Fs> fs;
  int fs_status = static_cast<int>(Status::kNotSampled);
  double finished_at = 0;
};

// Threads: Run() on a worker thread; Publish() and published() on the main thread. Run() touches only the
// worker's own state; Publish() copies it into the published results while no Run() is in flight (the main
// thread calls it when the work has completed, before it can queue the next). So the main thread may read the
// published results at any time, also while a refresh runs (re-attaching a grown table does), without a lock.
class AsyncState {
 public:
  explicit AsyncState(const AsyncConfig& config);
  // Worker thread: refreshes everything selected into the worker's own state.
  void Run();
  // Main thread, after Run() returned and before the next Run() starts: makes its results the published ones.
  // Allocates only when the mount set grew or a name got longer.
  void Publish();
  // Main thread: the last published results.
  const AsyncResults& published() const { return published_; }

 private:
  void RunTcp();
  void RunFilesystems();
  bool MountTableChanged();
  StatfsRunner statfs_;

  AsyncConfig config_;
  TcpCounter tcp4_, tcp6_;
  // mountinfo is a seq_file iterator (one record per mount) whose records have no length bound.
  ProcFile mountinfo_{ReadMode::kIterator, 64 * 1024, ProcFile::kUnboundedRecord};
  bool mountinfo_is_procfs_ = false;
  std::string last_mountinfo_;
  bool have_mounts_ = false;
  // The worker's state: the refresh in progress or last done.
  double tcp_[tcp_states_field::kScalars];
  int tcp_status_ = static_cast<int>(Status::kNotSampled);
  std::vector<FsEntry> fs_;
  int fs_status_ = static_cast<int>(Status::kNotSampled);
  double finished_at_ = 0;
  // The main thread's copy.
  AsyncResults published_;
};

}  // namespace procsampler

#endif  // PROCSAMPLER_ASYNC_WORK_H_
