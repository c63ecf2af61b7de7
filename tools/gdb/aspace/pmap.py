"""
The `pmap` command: the areas of an address space as the user-space pmap
(user/pmap.c) prints them from /proc/PID/maps, one line each, then the
totals, in the format of the book's chapter.
"""
import gdb

from kernel_constants import VM_MAYSHARE, VM_WRITE

from .kernel import comm, mm_argument
from .pagewalk import user_bytes
from .vmas import area_name, areas, perms, size


def pmap_name(name):
    """pmap's name for what maps calls name: [ anon ] for none, [heap]
    as [ heap ]."""
    if not name:
        return "[ anon ]"
    if name.startswith("[") and name.endswith("]"):
        return f"[ {name[1:-1]} ]"
    return name


def pmap_line(vma, mm):
    """Fixed-width columns, as user/pmap.c prints them."""
    name, identity = area_name(vma, mm)
    start = f"{int(vma['vm_start']):08x}"
    kb = f"({size(vma) >> 10} KB)"
    file = f"({identity.major:02x}:{identity.minor:02x} {identity.inode})"
    return f"{start:<16}  {kb:<14}  {perms(vma):<4}  {file:<20}  " + \
        pmap_name(name)


def totals_line(vmas):
    """mapped: every area; writable/private: the areas a write changes
    for this process alone (w and p); shared: the areas with s."""
    def kb(chosen):
        return sum(size(vma) for vma in chosen) >> 10

    def flags(vma):
        return int(vma["vm_flags"])

    private_writable = [v for v in vmas if flags(v) & VM_WRITE and
                        not flags(v) & VM_MAYSHARE]
    shared = [v for v in vmas if flags(v) & VM_MAYSHARE]
    return (f"mapped: {kb(vmas)} KB writable/private: "
            f"{kb(private_writable)} KB shared: {kb(shared)} KB")


def command_line(mm, task):
    """What pmap's header names: the arguments (/proc/PID/cmdline, the
    strings between arg_start and arg_end) in one line, or comm."""
    length = int(mm["arg_end"]) - int(mm["arg_start"])
    args = user_bytes(mm, int(mm["arg_start"]), length) if length > 0 else b""
    line = args.replace(b"\0", b" ").decode(errors="replace").rstrip(" ")
    return line or (comm(task) if task else "")


def pmap_lines(mm, task):
    vmas = list(areas(mm))
    header = []
    if task:
        name = command_line(mm, task)
        header = [f"{int(task['pid'])}:{'   ' if name else ''}{name}"]
    return header + [pmap_line(vma, mm) for vma in vmas] + [totals_line(vmas)]


class Pmap(gdb.Command):
    """pmap [PID|MM]: the areas of an address space, as pmap prints them.
    A header `PID:   command`, then start, size, permissions, device and
    inode, and the file, or [ anon ], [ heap ] or [ stack ]; then the
    mapped, writable/private and shared totals. By default the current
    task's."""

    def __init__(self):
        super().__init__("pmap", gdb.COMMAND_USER)

    def invoke(self, arg, from_tty):
        mm, task = mm_argument(arg)
        print("\n".join(pmap_lines(mm, task)))
