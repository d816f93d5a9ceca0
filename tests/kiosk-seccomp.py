#!/usr/bin/env python3
"""kiosk-seccomp.py UNIT [--user UID] -- COMMAND...: runs COMMAND under the system call
filter and the socket families of the systemd unit UNIT, as systemd would
apply them (no new privileges; SystemCallFilter= lines, with @default always
allowed and later ~ lines taking calls away; RestrictAddressFamilies=; native
architecture only), as user UID (and its group, no other) if given: the
kiosk never runs as root, and some libraries take other paths for root
(SQLite chowns its journal). Stricter than the unit in one way, so that a test sees
every call outside the filter: such a call kills the process (SIGSYS)
instead of failing with the unit's SystemCallErrorNumber=.

The groups (@system-service, ...) come from `systemd-analyze syscall-filter`
of the systemd installed here; the filter is built with libseccomp through
ctypes (libseccomp2, which systemd itself depends on). Exit status 77 when
either is missing; otherwise COMMAND's own status (or 128 + signal)."""
import ctypes
import ctypes.util
import os
import re
import socket
import subprocess
import sys

SKIP = 77
SCMP_ACT_KILL_PROCESS = 0x80000000
SCMP_ACT_ALLOW = 0x7FFF0000
SCMP_CMP_EQ = 4
SCMP_CMP_GT = 6


def scmp_act_errno(e):
    return 0x00050000 | (e & 0xFFFF)


class ArgCmp(ctypes.Structure):
    _fields_ = [("arg", ctypes.c_uint), ("op", ctypes.c_int),
                ("datum_a", ctypes.c_uint64), ("datum_b", ctypes.c_uint64)]


def groups():
    """{"@name": [members]} from systemd-analyze; members may be groups."""
    out = subprocess.run(["systemd-analyze", "syscall-filter"], capture_output=True,
                         text=True, check=True).stdout
    g, cur = {}, None
    for line in out.splitlines():
        if line.startswith("@"):
            cur = g.setdefault(line.strip(), [])
        elif cur is not None and line.strip() and not line.strip().startswith("#"):
            cur.append(line.strip())
    return g


def expand(name, g, seen=None):
    seen = set() if seen is None else seen
    if not name.startswith("@"):
        return {name}
    if name in seen:
        return set()
    seen.add(name)
    calls = set()
    for m in g.get(name, []):
        calls |= expand(m, g, seen)
    return calls


def unit_settings(path):
    """The unit's SystemCallFilter= and RestrictAddressFamilies= values."""
    filters, families = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            m = re.match(r"\s*(SystemCallFilter|RestrictAddressFamilies)=(.*)", line)
            if m:
                (filters if m.group(1) == "SystemCallFilter" else families).append(m.group(2))
    return filters, families


def allowed_calls(filters, g):
    allow = None
    for value in filters:
        deny = value.startswith("~")
        names = value.lstrip("~").split()
        calls = set().union(*(expand(n, g) for n in names)) if names else set()
        if allow is None:
            if deny:
                sys.exit("kiosk-seccomp: a deny-list filter is not what the unit uses")
            allow = expand("@default", g) | calls
        elif deny:
            allow -= calls
        else:
            allow |= calls
    return allow


def main():
    args = sys.argv[1:]
    unit, uid = args[0] if args else None, None
    if args[1:2] == ["--user"] and len(args) > 2:
        uid = int(args[2])
        args = args[:1] + args[3:]
    if len(args) < 3 or args[1] != "--":
        sys.exit(__doc__)
    command = args[2:]
    lib = ctypes.util.find_library("seccomp")
    try:
        g = groups()
    except (OSError, subprocess.CalledProcessError):
        print("SKIP: systemd-analyze syscall-filter is not available", file=sys.stderr)
        return SKIP
    if not lib:
        print("SKIP: libseccomp is not installed", file=sys.stderr)
        return SKIP
    filters, families = unit_settings(unit)
    allow = allowed_calls(filters, g)
    if not allow:
        sys.exit("kiosk-seccomp: the unit has no SystemCallFilter=")
    sc = ctypes.CDLL(lib, use_errno=True)
    sc.seccomp_init.restype = ctypes.c_void_p
    sc.seccomp_init.argtypes = [ctypes.c_uint32]
    sc.seccomp_syscall_resolve_name.argtypes = [ctypes.c_char_p]
    sc.seccomp_rule_add_array.argtypes = [ctypes.c_void_p, ctypes.c_uint32, ctypes.c_int,
                                          ctypes.c_uint, ctypes.POINTER(ArgCmp)]
    sc.seccomp_load.argtypes = [ctypes.c_void_p]
    ctx = sc.seccomp_init(SCMP_ACT_KILL_PROCESS)
    if not ctx:
        sys.exit("kiosk-seccomp: seccomp_init failed")
    # socket(): only the unit's families (systemd answers others with
    # EAFNOSUPPORT); every other allowed call as is.
    fams = [getattr(socket, f) for v in families for f in v.split()]
    n = 0
    for name in sorted(allow):
        nr = sc.seccomp_syscall_resolve_name(name.encode())
        if nr < 0:
            continue  # not a call of this architecture
        if name == "socket" and fams:
            # Allowed for each family; EAFNOSUPPORT when it is none of them.
            rc = 0
            for f in fams:
                rc = rc or sc.seccomp_rule_add_array(ctx, SCMP_ACT_ALLOW, nr, 1,
                                                     (ArgCmp * 1)(ArgCmp(0, SCMP_CMP_EQ, f, 0)))
            # libseccomp takes one comparison per argument in a rule: the
            # other families one by one, then every one past the last.
            others = [(SCMP_CMP_EQ, v) for v in range(max(fams)) if v not in fams]
            for op, v in others + [(SCMP_CMP_GT, max(fams))]:
                rc = rc or sc.seccomp_rule_add_array(ctx, scmp_act_errno(97), nr, 1,
                                                     (ArgCmp * 1)(ArgCmp(0, op, v, 0)))
        else:
            rc = sc.seccomp_rule_add_array(ctx, SCMP_ACT_ALLOW, nr, 0, None)
        if rc != 0:
            sys.exit(f"kiosk-seccomp: cannot add {name}: {rc}")
        n += 1
    if uid is not None:
        os.setgroups([])
        os.setgid(uid)
        os.setuid(uid)
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(38, 1, 0, 0, 0) != 0:  # PR_SET_NO_NEW_PRIVS
        sys.exit("kiosk-seccomp: PR_SET_NO_NEW_PRIVS failed")
    print(f"kiosk-seccomp: {n} system calls allowed, sockets {' '.join(families) or 'any'}",
          file=sys.stderr, flush=True)
    if sc.seccomp_load(ctx) != 0:
        sys.exit("kiosk-seccomp: seccomp_load failed")
    os.execvp(command[0], command)


if __name__ == "__main__":
    sys.exit(main())
