// libFuzzer harness: ParseStat and ParseBootTime, /proc/stat (see fuzz/harness.h for what every harness checks;
// built and run by scripts/fuzz.sh). Input: one option byte (bits 0-3: CPU table capacity 0..15; bit 4: no CPU
// table attached; bit 5: no system table attached), then the file.
#include "harness.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzz::Split s;
  if (!fuzz::SplitOptions(data, size, &s)) return 0;
  const bool with_cpu = (data[0] & 16u) == 0;
  const bool with_system = (data[0] & 32u) == 0;
  fuzz::ExactTable cpu(procsampler::Table::kCpu, s.capacity);
  fuzz::ExactTable system(procsampler::Table::kSystem, 0);
  const procsampler::TableView none;
  const procsampler::TableView& cpu_view = with_cpu ? cpu.view() : none;
  const procsampler::TableView& system_view = with_system ? system.view() : none;
  const procsampler::Units units = fuzz::TypicalUnits();
  uint64_t generation = 0;

  const fuzz::EntryResult r = procsampler::ParseStat(s.p, s.n, units, cpu_view, &generation, system_view);
  fuzz::Require(r.status == 0 || r.status == static_cast<int>(procsampler::Status::kMalformed) ||
                    r.status == static_cast<int>(procsampler::Status::kOverflow),
                "status is OK, MALFORMED or OVERFLOW");
  if (with_cpu) {
    fuzz::Require((r.status == static_cast<int>(procsampler::Status::kOverflow)) == (r.count > s.capacity),
                  "OVERFLOW exactly when more CPUs than the capacity");
    cpu.CheckValues(r.count < s.capacity ? r.count : s.capacity);
    cpu.StampCount(r.count);
  } else {
    fuzz::Require(r.status != static_cast<int>(procsampler::Status::kOverflow), "no OVERFLOW without a CPU table");
    cpu.CheckValues(0);
    for (size_t i = procsampler::kHeaderSlots; i < cpu.data().size(); ++i) {
      fuzz::Require(fuzz::SameBits(cpu.data()[i], fuzz::kSentinel), "an unattached table is not written");
    }
  }
  system.CheckValues(0);

  const std::vector<double> first_cpu = cpu.data();
  const std::vector<double> first_system = system.data();
  const uint64_t first_generation = generation;
  const fuzz::EntryResult again = procsampler::ParseStat(s.p, s.n, units, cpu_view, &generation, system_view);
  fuzz::Require(again.status == r.status && again.count == r.count, "the same bytes give the same result");
  fuzz::Require(generation == first_generation, "the same CPU set does not move the generation");
  for (size_t i = 0; i < first_cpu.size(); ++i) fuzz::Require(fuzz::SameBits(first_cpu[i], cpu.data()[i]), "same CPU values");
  for (size_t i = 0; i < first_system.size(); ++i) {
    fuzz::Require(fuzz::SameBits(first_system[i], system.data()[i]), "same system values");
  }

  const double btime = procsampler::ParseBootTime(s.p, s.n);
  fuzz::Require(fuzz::AbsentOrValue(btime), "btime is NaN or a non-negative number");
  return 0;
}
