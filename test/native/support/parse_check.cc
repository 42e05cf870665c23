// Runs one parser of native/sources/ on the bytes of a file, without N-API and without a /proc tree, and prints
// what it wrote as JSON: the table's slots (NaN as null) with the status and the entry names, or, for the parsers
// that fill a struct, its fields. Built and driven by test/native/parse-bytes.test.ts, which names the slots from
// the generated layout. Usage: parse_check <parser> <file> [capacity]
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "layout.h"
#include "sources/sources.h"

using namespace procsampler;  // a test program, not a header

namespace {

void PrintNumber(double v) {
  if (std::isnan(v)) std::printf("null");
  else std::printf("%.17g", v);
}

void PrintString(const std::string& s) {
  std::printf("\"");
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') std::printf("\\%c", c);
    else if (c < 0x20) std::printf("\\u%04x", c);
    else std::printf("%c", c);
  }
  std::printf("\"");
}

// A table's array as JavaScript would allocate it: header, scalars, `capacity` entries, every slot NaN.
struct OwnedTable {
  std::vector<double> data;
  TableView view;
  OwnedTable(Table t, size_t capacity) {
    const int i = static_cast<int>(t);
    data.assign(kHeaderSlots + kScalarCount[i] + capacity * kEntryStride[i], NAN);
    view.data = data.data();
    view.length = data.size();
    view.scalars = kScalarCount[i];
    view.stride = kEntryStride[i];
  }
};

void PrintTable(const char* key, const OwnedTable& t, int status, size_t count, const NameTable* names) {
  std::printf("\"%s\":{\"status\":%d,\"count\":%zu,\"slots\":[", key, status, count);
  for (size_t i = 0; i < t.data.size(); ++i) {
    if (i) std::printf(",");
    PrintNumber(t.data[i]);
  }
  std::printf("],\"names\":[");
  if (names != nullptr) {
    for (size_t i = 0; i < names->count(); ++i) {
      if (i) std::printf(",");
      PrintString(names->name(i));
    }
  }
  std::printf("]}");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: parse_check <parser> <file> [capacity]\n");
    return 2;
  }
  const std::string parser = argv[1];
  std::ifstream in(argv[2], std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const size_t capacity = argc > 3 ? static_cast<size_t>(std::atoi(argv[3])) : 8;
  const char* p = bytes.data();
  const size_t n = bytes.size();
  const Units units{1.0 / 100, 4096};
  std::printf("{");
  if (parser == "meminfo" || parser == "loadavg" || parser == "vmstat" || parser == "uptime") {
    const Table t = parser == "meminfo" ? Table::kMemory : parser == "loadavg" ? Table::kLoad
                    : parser == "vmstat" ? Table::kVmstat : Table::kSystem;
    OwnedTable table(t, 0);
    const int s = parser == "meminfo" ? ParseMeminfo(p, n, table.view)
                  : parser == "loadavg" ? ParseLoadavg(p, n, table.view)
                  : parser == "vmstat" ? ParseVmstat(p, n, table.view) : ParseUptime(p, n, table.view);
    PrintTable("table", table, s, 0, nullptr);
  } else if (parser == "diskstats" || parser == "net_dev") {
    OwnedTable table(parser == "diskstats" ? Table::kDisks : Table::kNetwork, capacity);
    NameTable names;
    const EntryResult r = parser == "diskstats" ? ParseDiskstats(p, n, table.view, &names)
                                                : ParseNetDev(p, n, table.view, &names);
    PrintTable("table", table, r.status, r.count, &names);
  } else if (parser == "stat") {
    OwnedTable cpu(Table::kCpu, capacity);
    OwnedTable system(Table::kSystem, 0);
    uint64_t generation = 0;
    const EntryResult r = ParseStat(p, n, units, cpu.view, &generation, system.view);
    PrintTable("table", cpu, r.status, r.count, nullptr);
    std::printf(",");
    PrintTable("system", system, r.status, 0, nullptr);
  } else if (parser == "mountinfo") {
    std::vector<Mount> mounts;
    const int s = ParseMountinfo(p, n, &mounts);
    std::printf("\"status\":%d,\"mounts\":[", s);
    for (size_t i = 0; i < mounts.size(); ++i) {
      std::printf("%s{\"device\":", i ? "," : "");
      PrintString(mounts[i].device);
      std::printf(",\"mountpoint\":");
      PrintString(mounts[i].mountpoint);
      std::printf(",\"type\":");
      PrintString(mounts[i].type);
      std::printf(",\"readOnly\":%s,\"name\":", mounts[i].read_only ? "true" : "false");
      PrintString(MountEntryName(mounts[i]));
      std::printf("}");
    }
    std::printf("]");
  } else if (parser == "pid_stat") {
    PidStat st;
    const int s = ParsePidStat(p, n, units, &st);
    std::printf("\"status\":%d,\"stat\":{", s);
    const std::pair<const char*, double> fields[] = {
        {"pid", st.pid}, {"minflt", st.minflt}, {"majflt", st.majflt}, {"utime_s", st.utime_s},
        {"stime_s", st.stime_s}, {"threads", st.threads}, {"starttime_s", st.starttime_s}, {"vsize", st.vsize},
        {"rss_bytes", st.rss_bytes}};
    bool first = true;
    for (const auto& f : fields) {
      std::printf("%s\"%s\":", first ? "" : ",", f.first);
      PrintNumber(f.second);
      first = false;
    }
    std::printf("}");
  } else {
    std::fprintf(stderr, "unknown parser %s\n", parser.c_str());
    return 2;
  }
  std::printf("}\n");
  return 0;
}
