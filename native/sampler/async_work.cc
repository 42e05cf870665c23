#include "sampler/async_work.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <chrono>
#include <thread>

namespace procsampler {

namespace {
constexpr long kProcSuperMagic = 0x9fa0;
constexpr size_t kPage = 4096;
constexpr size_t kLongestTcpRecord = 256;
}  // namespace

TcpCounter::~TcpCounter() {
  if (fd_ >= 0) ::close(fd_);
}

int TcpCounter::Open(const std::string& path) {
  const int fd = OpenForRead(path);
  fd_ = fd < 0 ? -1 : fd;
  open_error_ = fd < 0 ? fd : 0;
  return open_error_;
}

int TcpCounter::Count(TcpCounts* counts) {
  for (double& s : counts->state) s = 0;
  counts->malformed = false;
  if (fd_ < 0) return open_error_;
  // Read on at advancing offsets; a partial line at the end of a chunk is moved to the front and completed by
  // the next read (a seq_file hands over whole records, a regular fixture file does not).
  size_t carry = 0;
  off_t off = 0;
  for (;;) {
    if (carry == buf_.size()) {
      counts->malformed = true;  // one "line" longer than the buffer: not a TCP table
      break;
    }
    ssize_t n = ::pread(fd_, buf_.data() + carry, buf_.size() - carry, off);
    if (n < 0) {
      if (errno == EINTR) continue;
      return -errno;
    }
    if (n == 0) {
      if (carry > 0) counts->malformed = true;  // a last line without its newline: cut short
      break;
    }
    off += n;
    const size_t len = carry + static_cast<size_t>(n);
    const char* last_nl = static_cast<const char*>(memrchr(buf_.data(), '\n', len));
    const size_t whole = last_nl ? static_cast<size_t>(last_nl - buf_.data()) + 1 : 0;
    CountTcpLines(buf_.data(), whole, counts);
    carry = len - whole;
    if (carry > 0) std::memmove(buf_.data(), buf_.data() + whole, carry);
    // A short page from the seq_file iterator is its end: skipping the read that would confirm EOF saves a
    // second walk of the hash table.
    if (carry == 0 && static_cast<size_t>(n) <= kPage - kLongestTcpRecord) break;
  }
  return counts->malformed ? static_cast<int>(Status::kMalformed) : 0;
}

AsyncState::AsyncState(const AsyncConfig& config) : config_(config) {
  FillNaN(tcp_, tcp_states_field::kScalars);
  FillNaN(published_.tcp, tcp_states_field::kScalars);
  if (config_.tcp) {
    tcp4_.Open(config_.tcp_path);
    tcp6_.Open(config_.tcp6_path);
  }
  if (config_.filesystems && mountinfo_.Open(config_.mountinfo_path) == 0) {
    struct statfs sfs;
    mountinfo_is_procfs_ = fstatfs(mountinfo_.fd(), &sfs) == 0 && sfs.f_type == kProcSuperMagic;
  }
}

void AsyncState::Run() {
  if (config_.tcp) RunTcp();
  if (config_.filesystems) RunFilesystems();
  finished_at_ = MonotonicSeconds();
}

void AsyncState::Publish() {
  AsyncResults& p = published_;
  std::copy(tcp_, tcp_ + tcp_states_field::kScalars, p.tcp);
  p.tcp_status = tcp_status_;
  p.fs_status = fs_status_;
  p.finished_at = finished_at_;
  p.fs.resize(fs_.size());
  for (size_t i = 0; i < fs_.size(); ++i) {
    p.fs[i].name.assign(fs_[i].name);  // reuses the string's capacity when the name did not grow
    std::copy(fs_[i].values, fs_[i].values + fs_entry::kStride, p.fs[i].values);
  }
}

void AsyncState::RunTcp() {
  TcpCounts c4, c6;
  const int s4 = tcp4_.Count(&c4);
  const int s6 = tcp6_.Count(&c6);
  for (int i = 0; i < 11; ++i) {
    tcp_[tcp_states_field::v4_established + i] = s4 < 0 ? kNaN : c4.state[i];
    tcp_[tcp_states_field::v6_established + i] = s6 < 0 ? kNaN : c6.state[i];
  }
  tcp_[tcp_states_field::v4Status] = s4;
  tcp_[tcp_states_field::v6Status] = s6;
  tcp_status_ = CombineFileStatuses({s4, s6});
}

bool AsyncState::MountTableChanged() {
  if (!have_mounts_) return true;
  if (mountinfo_is_procfs_) {
    // procfs flags a changed mount table with POLLPRI | POLLERR until the file is read again.
    struct pollfd pfd = {mountinfo_.fd(), POLLPRI, 0};
    return ::poll(&pfd, 1, 0) > 0 && (pfd.revents & (POLLPRI | POLLERR)) != 0;
  }
  return true;  // a fixture file: compared by content below
}

void AsyncState::RunFilesystems() {
    if (MountTableChanged()) {
    const long n = mountinfo_.Read();
    if (n < 0) {
      fs_status_ = ReadStatus(n);
      fs_.clear();
      have_mounts_ = false;
      return;
    }
    if (!have_mounts_ || last_mountinfo_.size() != static_cast<size_t>(n) ||
        std::memcmp(last_mountinfo_.data(), mountinfo_.data(), static_cast<size_t>(n)) != 0) {
      last_mountinfo_.assign(mountinfo_.data(), static_cast<size_t>(n));
      std::vector<Mount> mounts;
      fs_status_ = ParseMountinfo(mountinfo_.data(), static_cast<size_t>(n), &mounts);
      std::vector<FsEntry> next(mounts.size());
      for (size_t i = 0; i < mounts.size(); ++i) {
        FsEntry& e = next[i];
        e.mount = std::move(mounts[i]);
        e.name = MountEntryName(e.mount);
        // Keep an abandoned call's state across a mount table change, so a hung mount stays marked.
        for (FsEntry& old : fs_) {
          if (old.hung && old.mount.mountpoint == e.mount.mountpoint) e.hung = old.hung;
        }
      }
      fs_.swap(next);
      have_mounts_ = true;
    }
  }

  const auto timeout = std::chrono::milliseconds(config_.statfs_timeout_ms);
  // Every call queued first (one thread runs them in order), then each result waited for in the same order.
  std::vector<std::shared_ptr<StatfsCall>> calls(fs_.size());
  for (size_t i = 0; i < fs_.size(); ++i) {
    FsEntry& e = fs_[i];
    double* v = e.values;
    FillNaN(v, fs_entry::kStride);
    v[fs_entry::readOnly] = e.mount.read_only ? 1 : 0;
    v[fs_entry::stuck] = 0;
    if (e.hung) {
      std::lock_guard<std::mutex> lock(e.hung->mu);
      if (!e.hung->done) {
        v[fs_entry::stuck] = 1;
        v[fs_entry::statStatus] = -ETIMEDOUT;
        continue;
      }
    }
    e.hung.reset();
    calls[i] = std::make_shared<StatfsCall>();
    calls[i]->path = config_.root_fs == "/" ? e.mount.mountpoint : config_.root_fs + e.mount.mountpoint;
    statfs_.Submit(calls[i]);
  }
  for (size_t i = 0; i < fs_.size(); ++i) {
    const std::shared_ptr<StatfsCall>& call = calls[i];
    if (!call) continue;
    FsEntry& e = fs_[i];
    double* v = e.values;
    if (!statfs_.Wait(call, timeout)) {
      e.hung = call;
      v[fs_entry::stuck] = 1;
      v[fs_entry::statStatus] = -ETIMEDOUT;
      continue;
    }
    std::lock_guard<std::mutex> lock(call->mu);
    v[fs_entry::statStatus] = call->error;
    if (call->error == 0) {
      v[fs_entry::total] = call->values[0];
      v[fs_entry::free] = call->values[1];
      v[fs_entry::available] = call->values[2];
      v[fs_entry::used] = call->values[3];
      v[fs_entry::inodes] = call->values[4];
      v[fs_entry::inodesFree] = call->values[5];
    }
  }
}

// The queue of one runner thread. The thread and the runner share it; a thread abandoned in a hung call finds it
// stopped (and empty) when the call returns, and ends.
struct StatfsRunner::Queue {
  std::mutex mu;
  std::condition_variable cv;
  std::deque<std::shared_ptr<StatfsCall>> calls;
  bool stop = false;
};

StatfsRunner::~StatfsRunner() {
  if (!queue_) return;
  std::lock_guard<std::mutex> lock(queue_->mu);
  queue_->stop = true;
  queue_->calls.clear();
  queue_->cv.notify_all();
}

void StatfsRunner::Loop(std::shared_ptr<Queue> q) {
  for (;;) {
    std::shared_ptr<StatfsCall> call;
    {
      std::unique_lock<std::mutex> lock(q->mu);
      // wait_for, not wait: condition_variable::wait(unique_lock&) is out of line in libstdc++ and versioned
      // GLIBCXX_3.4.30 by GCC 12, above the prebuilt binaries' floor; wait_for is inline (pthread_cond_timedwait).
      while (!q->stop && q->calls.empty()) q->cv.wait_for(lock, std::chrono::seconds(60));
      if (q->stop) return;
      call = std::move(q->calls.front());
      q->calls.pop_front();
    }
    struct statvfs st;
    int rc;
    do {
      rc = ::statvfs(call->path.c_str(), &st);
    } while (rc != 0 && errno == EINTR);
    const int error = rc == 0 ? 0 : -errno;
    std::lock_guard<std::mutex> lock(call->mu);
    call->error = error;
    if (rc == 0) {
      const double frsize = static_cast<double>(st.f_frsize);
      call->values[0] = static_cast<double>(st.f_blocks) * frsize;
      call->values[1] = static_cast<double>(st.f_bfree) * frsize;
      call->values[2] = static_cast<double>(st.f_bavail) * frsize;
      call->values[3] = static_cast<double>(st.f_blocks - st.f_bfree) * frsize;
      call->values[4] = static_cast<double>(st.f_files);
      call->values[5] = static_cast<double>(st.f_ffree);
    }
    call->done = true;
    call->cv.notify_all();
  }
}

void StatfsRunner::Submit(std::shared_ptr<StatfsCall> call) {
  if (!queue_) {
    queue_ = std::make_shared<Queue>();
    std::thread(Loop, queue_).detach();
  }
  std::lock_guard<std::mutex> lock(queue_->mu);
  queue_->calls.push_back(std::move(call));
  queue_->cv.notify_one();
}

bool StatfsRunner::Wait(const std::shared_ptr<StatfsCall>& call, std::chrono::milliseconds timeout) {
  {
    // The calls run in submission order and are waited for in the same order: when this wait begins, `call` is
    // running or about to (the one before it is done), so it gets the whole timeout to itself.
    std::unique_lock<std::mutex> lock(call->mu);
    if (call->cv.wait_for(lock, timeout, [&] { return call->done; })) return true;
  }
  // Abandoned: its thread stays in the call. The calls behind it go to a new thread; the old one ends when (if)
  // the call returns.
  std::deque<std::shared_ptr<StatfsCall>> rest;
  if (!queue_) return false;  // not queued here (every call is; defensive)
  {
    std::lock_guard<std::mutex> lock(queue_->mu);
    rest.swap(queue_->calls);
    queue_->stop = true;
  }
  queue_.reset();
  for (auto& c : rest) Submit(std::move(c));
  return false;
}

}  // namespace procsampler
