// The hand-off between the worker thread and the main thread of sampleAsync() (native/sampler/async_work.h), driven
// without N-API and built with -fsanitize=thread by test/native/async-race.test.ts. Each round a worker runs
// AsyncState::Run() while the main thread keeps reading the published results, as re-attaching a grown table
// does; the mount table alternates between 40 and 300 mounts so that every Run() replaces its entry vector. Then
// the main thread joins and calls Publish(). Prints "rounds N reads M" at the end; TSan reports any race.
#include <atomic>
#include <cstdio>
#include <fstream>
#include <string>
#include <thread>

#include "sampler/async_work.h"

using procsampler::AsyncConfig;
using procsampler::AsyncResults;
using procsampler::AsyncState;

namespace {
void WriteMounts(const std::string& path, int count) {
  std::ofstream out(path, std::ios::trunc);
  out << "1 0 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n";
  for (int i = 0; i < count; ++i) {
    out << 100 + i << " 1 0:" << 50 + i << " / /m" << i << " rw,nosuid - tmpfs t" << i << " rw,size=1024k\n";
  }
}
void WriteTcp(const std::string& path, int sockets) {
  std::ofstream out(path, std::ios::trunc);
  out << "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n";
  for (int i = 0; i < sockets; ++i) {
    out << "   " << i << ": 0100007F:1F90 0100007F:" << 4000 + i
        << " 01 00000000:00000000 00:00000000 00000000     0        0 " << 1000 + i << " 1 0 20 4 30 10 -1\n";
  }
}
}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return 2;
  const std::string dir = argv[1];
  AsyncConfig c;
  c.tcp = true;
  c.filesystems = true;
  c.tcp_path = dir + "/tcp";
  c.tcp6_path = dir + "/tcp6";  // absent: ENOENT
  c.mountinfo_path = dir + "/mountinfo";
  c.root_fs = dir + "/root";  // the mount points do not exist there: statvfs fails at once (ENOENT)
  c.statfs_timeout_ms = 2000;
  WriteMounts(c.mountinfo_path, 40);
  WriteTcp(c.tcp_path, 3);
  AsyncState state(c);
  long reads = 0;
  int rounds = 0;
  double checksum = 0;
  for (; rounds < 60; ++rounds) {
    std::atomic<bool> done{false};
    std::thread worker([&] {
      state.Run();
      done.store(true, std::memory_order_release);
    });
    // The main thread while the refresh runs: what NativeSampler::PublishAsync() reads.
    while (!done.load(std::memory_order_acquire)) {
      const AsyncResults& r = state.published();
      for (const AsyncResults::Fs& f : r.fs) checksum += static_cast<double>(f.name.size()) + f.values[0];
      checksum += r.tcp[0] + r.tcp_status + r.fs_status;
      ++reads;
    }
    worker.join();
    state.Publish();
    const AsyncResults& r = state.published();
    const size_t want = 1 + (rounds % 2 == 0 ? 40 : 300);
    if (r.fs.size() != want || r.tcp[0] != 3 + rounds % 2) {
      std::printf("FAIL round %d: %zu mounts (want %zu), %g established\n", rounds, r.fs.size(), want, r.tcp[0]);
      return 1;
    }
    WriteMounts(c.mountinfo_path, rounds % 2 == 0 ? 300 : 40);
    WriteTcp(c.tcp_path, rounds % 2 == 0 ? 4 : 3);
  }
  std::printf("rounds %d reads %ld\n", rounds, reads + (checksum == 1.5 ? 1 : 0));
  return 0;
}
