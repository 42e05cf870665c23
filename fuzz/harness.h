// Shared by the libFuzzer harnesses in fuzz/ (built and run by scripts/fuzz.sh with clang and
// -fsanitize=fuzzer,address,undefined). Besides the sanitizers' own findings (a read or write out of bounds, undefined
// behaviour), every harness checks what the parsers promise, and aborts (a finding) when a promise is broken:
//   - a table is allocated at its exact size, so a write past its capacity is a heap overflow under ASan;
//   - every value a parser stores is NaN (absent) or a finite, non-negative number: the kernel prints no negative
//     counter, time or size, so anything else is a wrong number;
//   - slots the parser does not own keep their sentinel, and entries past min(count, capacity) are not touched;
//   - the status is 0, kMalformed or kOverflow, and kOverflow exactly when the kernel listed more than the capacity;
//   - parsing the same bytes twice gives the same values and does not move a name generation.
#ifndef PROCSAMPLER_FUZZ_HARNESS_H_
#define PROCSAMPLER_FUZZ_HARNESS_H_

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "layout.h"
#include "sources/sources.h"

namespace fuzz {

using procsampler::EntryResult;
using procsampler::NameTable;
using procsampler::Status;
using procsampler::TableView;

// A value no parser ever writes, so an untouched slot can be told from a written one.
constexpr double kSentinel = -7.25;

inline void Require(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "fuzz: broken promise: %s\n", what);
    std::abort();
  }
}

inline bool SameBits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }
inline bool AbsentOrValue(double v) { return std::isnan(v) || (std::isfinite(v) && v >= 0); }

// One table of the layout, allocated at exactly header + scalars + capacity * stride doubles.
class ExactTable {
 public:
  ExactTable(procsampler::Table id, size_t capacity)
      : scalars_(procsampler::kScalarCount[static_cast<int>(id)]),
        stride_(procsampler::kEntryStride[static_cast<int>(id)]),
        data_(procsampler::kHeaderSlots + static_cast<size_t>(scalars_) + capacity * static_cast<size_t>(stride_),
              kSentinel) {
    for (size_t i = 0; i < procsampler::kHeaderSlots; ++i) data_[i] = 0;
    view_.data = data_.data();
    view_.length = data_.size();
    view_.scalars = scalars_;
    view_.stride = stride_;
    Require(view_.capacity() == capacity, "TableView::capacity() of an exact table");
  }
  const TableView& view() const { return view_; }
  const std::vector<double>& data() const { return data_; }
  // The header slot the sampler stamps after a parse (ParseStat reads it back to detect a changed CPU set).
  void StampCount(size_t count) { data_[procsampler::kSlotCount] = static_cast<double>(count); }

  // Every scalar is the sentinel (not the parser's) or a value; entries [0, used) hold values, the rest sentinels.
  void CheckValues(size_t used) const {
    const size_t base = procsampler::kHeaderSlots;
    for (int i = 0; i < scalars_; ++i) {
      const double v = data_[base + static_cast<size_t>(i)];
      Require(SameBits(v, kSentinel) || AbsentOrValue(v), "a scalar is NaN or a non-negative number");
    }
    const size_t entries = base + static_cast<size_t>(scalars_);
    for (size_t i = entries; i < data_.size(); ++i) {
      const bool in_used = (i - entries) / static_cast<size_t>(stride_) < used;
      if (in_used) Require(AbsentOrValue(data_[i]), "an entry value is NaN or a non-negative number");
      else Require(SameBits(data_[i], kSentinel), "entries past the stored count are untouched");
    }
  }

 private:
  int scalars_;
  int stride_;
  std::vector<double> data_;
  TableView view_;
};

inline void CheckEntryResult(const EntryResult& r, size_t capacity) {
  const bool over = r.count > capacity;
  Require(r.status == 0 || r.status == static_cast<int>(Status::kMalformed) ||
              r.status == static_cast<int>(Status::kOverflow),
          "status is OK, MALFORMED or OVERFLOW");
  Require(over == (r.status == static_cast<int>(Status::kOverflow)), "OVERFLOW exactly when count > capacity");
}

inline void CheckStatus(int status) {
  Require(status == 0 || status == static_cast<int>(Status::kMalformed), "status is OK or MALFORMED");
}

// The first input byte picks the capacity (0..15) of an entry table; the rest is the file.
struct Split {
  size_t capacity;
  const char* p;
  size_t n;
};
inline bool SplitOptions(const uint8_t* data, size_t size, Split* out) {
  if (size == 0) return false;
  out->capacity = data[0] & 15u;
  out->p = reinterpret_cast<const char*>(data + 1);
  out->n = size - 1;
  return true;
}

// A parser of a table with entries and names (diskstats, net/dev).
using EntryParser = EntryResult (*)(const char*, size_t, const TableView&, NameTable*);

inline int FuzzEntries(const uint8_t* data, size_t size, procsampler::Table id, EntryParser parse) {
  Split s;
  if (!SplitOptions(data, size, &s)) return 0;
  ExactTable t(id, s.capacity);
  NameTable names;
  const EntryResult r = parse(s.p, s.n, t.view(), &names);
  CheckEntryResult(r, s.capacity);
  const size_t stored = r.count < s.capacity ? r.count : s.capacity;
  Require(names.count() == stored, "one name per stored entry");
  for (size_t i = 0; i < stored; ++i) Require(!names.name(i).empty(), "a stored entry has a name");
  t.CheckValues(stored);
  const std::vector<double> first = t.data();
  const double generation = names.generation();
  const EntryResult again = parse(s.p, s.n, t.view(), &names);
  Require(again.status == r.status && again.count == r.count, "the same bytes give the same result");
  Require(names.generation() == generation, "the same names do not move the generation");
  for (size_t i = 0; i < first.size(); ++i) Require(SameBits(first[i], t.data()[i]), "the same bytes give the same values");
  return 0;
}

// A parser of a table with scalars only (meminfo, loadavg, vmstat, the TCP summary files).
using ScalarParser = int (*)(const char*, size_t, const TableView&);

inline int FuzzScalars(const uint8_t* data, size_t size, procsampler::Table id, ScalarParser parse) {
  const char* p = reinterpret_cast<const char*>(data);
  ExactTable t(id, 0);
  const int status = parse(p, size, t.view());
  CheckStatus(status);
  t.CheckValues(0);
  const std::vector<double> first = t.data();
  Require(parse(p, size, t.view()) == status, "the same bytes give the same status");
  for (size_t i = 0; i < first.size(); ++i) Require(SameBits(first[i], t.data()[i]), "the same bytes give the same values");
  return 0;
}

// A parser into a struct of doubles (the <pid>/ files): every field NaN or a value, and the same bytes give the
// same fields. `parse(p, n, &out)` returns the status.
template <typename T, typename Parse>
int FuzzFields(const uint8_t* data, size_t size, Parse parse) {
  static_assert(sizeof(T) % sizeof(double) == 0, "a struct of doubles");
  const char* p = reinterpret_cast<const char*>(data);
  T first;
  const int status = parse(p, size, &first);
  CheckStatus(status);
  double fields[sizeof(T) / sizeof(double)];
  std::memcpy(fields, &first, sizeof first);
  for (double v : fields) Require(AbsentOrValue(v), "a value is NaN or a non-negative number");
  T again;
  Require(parse(p, size, &again) == status, "the same bytes give the same status");
  Require(std::memcmp(&again, &first, sizeof first) == 0, "the same bytes give the same values");
  return 0;
}

// Units of a typical x86-64 Linux (100 ticks per second, 4 KiB pages).
inline procsampler::Units TypicalUnits() { return procsampler::Units{0.01, 4096}; }

}  // namespace fuzz

#endif  // PROCSAMPLER_FUZZ_HARNESS_H_
