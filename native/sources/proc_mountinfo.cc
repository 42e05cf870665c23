// <procRoot>/<pid>/mountinfo (proc(5), since 2.6.26): one line per mount of the process's mount namespace.
//   36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue
//   (mount id, parent id, major:minor, root, mount point, mount options, optional fields..., "-", fs type,
//   source, super options). Paths escape space, tab, newline and backslash as \040 \011 \012 \134.
// Read off the event loop only (sampleAsync()), and re-parsed only when the mount table changes.
// Fills: the list of mounts (device, mount point, type, read-only from the per-mount options), each named by
// MountEntryName(): its PS_FS_NAME_PARTS joined by kEntryNameSeparator (layout.h).
#include "sources/sources.h"

namespace procsampler {

std::string UnescapeMountField(Span s) {
  std::string out;
  out.reserve(s.n);
  for (size_t i = 0; i < s.n; ++i) {
    if (s.p[i] == '\\' && i + 3 < s.n) {
      const char a = s.p[i + 1], b = s.p[i + 2], c = s.p[i + 3];
      if (a >= '0' && a <= '3' && b >= '0' && b <= '7' && c >= '0' && c <= '7') {
        out.push_back(static_cast<char>((a - '0') * 64 + (b - '0') * 8 + (c - '0')));
        i += 3;
        continue;
      }
    }
    out.push_back(s.p[i]);
  }
  return out;
}

std::string MountEntryName(const Mount& m) {
  std::string name;
  bool first = true;
#define PS_APPEND_PART(part)                      \
  if (!first) name.push_back(kEntryNameSeparator); \
  first = false;                                  \
  name += m.part;
  PS_FS_NAME_PARTS(PS_APPEND_PART)
#undef PS_APPEND_PART
  return name;
}

bool SplitMountinfoLine(Span line, MountinfoFields* out) {
  Cursor c(line);
  Span tok[6];
  for (Span& t : tok) {
    if (!c.NextToken(&t)) return false;
  }
  // Optional fields run up to the lone "-" separator.
  Span sep;
  bool found = false;
  while (c.NextToken(&sep)) {
    if (sep.Is("-")) {
      found = true;
      break;
    }
  }
  if (!found || !c.NextToken(&out->type) || !c.NextToken(&out->source)) return false;
  out->root = tok[3];
  out->mountpoint = tok[4];
  out->options = tok[5];
  out->super_options = Span{};
  c.NextToken(&out->super_options);
  return true;
}

int ParseMountinfo(const char* p, size_t n, std::vector<Mount>* mounts) {
  mounts->clear();
  return ForEachMount(p, n, [mounts](const MountinfoFields& f) {
    Mount m;
    m.mountpoint = UnescapeMountField(f.mountpoint);
    m.type = UnescapeMountField(f.type);
    m.device = UnescapeMountField(f.source);
    // Per-mount options are a comma list whose first entry is rw or ro.
    const Span opts = f.options;
    m.read_only = (opts.n >= 2 && opts.p[0] == 'r' && opts.p[1] == 'o' && (opts.n == 2 || opts.p[2] == ','));
    mounts->push_back(std::move(m));
  });
}

}  // namespace procsampler
