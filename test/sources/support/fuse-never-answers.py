#!/usr/bin/env python3
"""Mounts a FUSE filesystem whose daemon never answers, so statvfs() on it blocks (like a dead NFS server).

Usage: fuse-never-answers.py <mountpoint>. Prints "ready" once mounted, then holds /dev/fuse open without reading it
until stdin closes. Run it only inside a private mount namespace (unshare -m) so nothing else can trip on the mount.
"""
import ctypes
import os
import sys

mountpoint = sys.argv[1]
fd = os.open('/dev/fuse', os.O_RDWR)
libc = ctypes.CDLL(None, use_errno=True)
opts = ('fd=%d,rootmode=40000,user_id=%d,group_id=%d' % (fd, os.getuid(), os.getgid())).encode()
if libc.mount(b'procsampler-hang', mountpoint.encode(), b'fuse', 0, opts) != 0:
    print('mount failed: ' + os.strerror(ctypes.get_errno()), flush=True)
    sys.exit(2)
print('ready', flush=True)
sys.stdin.read()
