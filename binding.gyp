{
  "targets": [
    {
      "target_name": "procsampler",
      "sources": [
        "native/addon.cc",
        "native/clock.cc",
        "native/io/proc_file.cc",
        "native/sampler/sampler.cc",
        "native/sampler/sources.cc",
        "native/sampler/async_work.cc",
        "native/runtime/binding.cc",
        "native/runtime/state.cc",
        "native/runtime/histogram.cc",
        "native/runtime/gc_tally.cc",
        "native/runtime/v8_heap.cc",
        "native/sources/proc_stat.cc",
        "native/sources/proc_meminfo.cc",
        "native/sources/proc_loadavg.cc",
        "native/sources/proc_vmstat.cc",
        "native/sources/proc_diskstats.cc",
        "native/sources/proc_net_dev.cc",
        "native/sources/proc_net_sockstat.cc",
        "native/sources/proc_net_tcp.cc",
        "native/sources/proc_mountinfo.cc",
        "native/sources/proc_pid.cc",
        "native/sources/cgroup.cc"
      ],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")", "native"],
      "defines": ["NAPI_VERSION=8", "NAPI_DISABLE_CPP_EXCEPTIONS", "NODE_ADDON_API_DISABLE_DEPRECATED", "NODE_API_SWALLOW_UNTHROWABLE_EXCEPTIONS"],
      "cflags!": ["-fno-exceptions"],
      "cflags_cc!": ["-fno-exceptions"],
      "cflags_cc": ["-std=c++17", "-O2", "-Wall", "-Wextra", "-Werror", "-Wno-unused-parameter", "-fvisibility=hidden"],
      "ldflags": ["-Wl,--as-needed"],
      "libraries": ["-ldl"]
    }
  ]
}
