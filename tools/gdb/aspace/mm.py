"""
The `mm` command: the memory descriptor (struct mm_struct) of an address
space, field by field under the book's names.
"""
import gdb

from kernel_constants import MM_FAULT_KINDS

from .kernel import describe_mm, kib, mm_argument, virt_to_phys
from .vmas import areas, cache_description


def boundary(mm, start, end):
    return f"{int(mm[start]):#x}-{int(mm[end]):#x}  ({start}-{end})"


def hit_rate(hits, misses):
    if hits + misses == 0:
        return "no lookups yet"
    return f"{100 * hits // (hits + misses)}% hit rate"


def mm_lines(mm):
    """The summary, one fact a line."""
    hits, misses = int(mm["mmap_cache_hits"]), int(mm["mmap_cache_misses"])
    total_vm, rss = int(mm["total_vm"]), int(mm["rss"])
    counted = sum(1 for _ in areas(mm))
    faults = ", ".join(f"{name} {int(mm['faults'][index])}"
                       for name, index in MM_FAULT_KINDS)
    return [
        describe_mm(mm),
        f"  mm_users {int(mm['mm_users'])}, mm_count {int(mm['mm_count'])}",
        f"  map_count {int(mm['map_count'])} (on the list: {counted})",
        f"  total_vm {total_vm} pages ({kib(total_vm)} KB), rss {rss} pages "
        f"({kib(rss)} KB), locked_vm {int(mm['locked_vm'])} pages",
        f"  pgd {int(mm['pgd']):#x} (CR3 {virt_to_phys(int(mm['pgd'])):#x})",
        "  code   " + boundary(mm, "start_code", "end_code"),
        "  data   " + boundary(mm, "start_data", "end_data"),
        "  brk    " + boundary(mm, "start_brk", "brk"),
        f"  stack  {int(mm['start_stack']):#x}  (start_stack)",
        "  arg    " + boundary(mm, "arg_start", "arg_end"),
        "  env    " + boundary(mm, "env_start", "env_end"),
        f"  {cache_description(mm)}: {hits} hits, {misses} misses, "
        f"{hit_rate(hits, misses)}",
        f"  free_area_cache {int(mm['free_area_cache']):#x}, "
        f"highest_vm_end {int(mm['highest_vm_end']):#x}",
        f"  faults: {faults}",
    ]


class Mm(gdb.Command):
    """mm [PID|MM]: the mm_struct of an address space, summarised.
    Users and references, areas, sizes, the boundaries of code, data,
    heap, stack, arguments and environment, and how often find_vma's
    mmap_cache answered. By default the current task's."""

    def __init__(self):
        super().__init__("mm", gdb.COMMAND_USER)

    def invoke(self, arg, from_tty):
        mm, _ = mm_argument(arg)
        print("\n".join(mm_lines(mm)))
