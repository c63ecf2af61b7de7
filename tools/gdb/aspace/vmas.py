"""
The memory areas of an address space (vm_area_struct), and the `vmas`
command that lists them as /proc/PID/maps does and checks that the two
structures holding them agree.

An mm keeps its areas twice: on the vm_next list, sorted by address, for
walking them all, and in the red-black tree mm_rb, for find_vma's
O(log n) lookup; mmap_cache remembers the last area find_vma found, and
map_count how many there are. The kernel keeps the four in step; the
check at the end of `vmas` shows whether it did.
"""
import gdb

from kernel_constants import (PAGE_SHIFT, RB_BLACK, RB_RED, VM_FLAGS,
                              VM_MAYSHARE, VM_READ, VM_WRITE, VM_EXEC)

from .files import NO_FILE, file_identity
from .kernel import container_of, describe_mm, mm_argument


# ---- the areas and their names ----------------------------------------------

def areas(mm):
    """The areas of mm in address order: the vm_next list from mm->mmap."""
    vma = mm["mmap"]
    while vma:
        yield vma
        vma = vma["vm_next"]


def span(vma):
    return f"{int(vma['vm_start']):08x}-{int(vma['vm_end']):08x}"


def size(vma):
    return int(vma["vm_end"]) - int(vma["vm_start"])


def decode_flags(value, table):
    """The names of the bits set in value, from a (name, bit) table;
    bits the table lacks are shown in hex."""
    names = [name for name, bit in table if value & bit]
    unknown = value & ~sum(bit for _, bit in table)
    if unknown:
        names.append(f"{unknown:#x}")
    return " ".join(names) or "none"


def perms(vma):
    """r, w, x and then p (private) or s (shared), as in maps. Linux
    prints s for VM_MAYSHARE: a read-only shared mapping is still shared."""
    flags = int(vma["vm_flags"])
    return "".join([
        "r" if flags & VM_READ else "-",
        "w" if flags & VM_WRITE else "-",
        "x" if flags & VM_EXEC else "-",
        "s" if flags & VM_MAYSHARE else "p",
    ])


def area_name(vma, mm):
    """The name maps gives an area ("" for none), in the order Linux
    decides it: its file's path; else [heap] if it overlaps the heap,
    [start_brk, brk) (Linux's vma_is_initial_heap: the bss below an empty
    heap is not named), or [stack] if it holds start_stack, ends included;
    and the file's identity (NO_FILE without one)."""
    identity = file_identity(vma["vm_file"])
    if identity.path is not None:
        return identity.path, identity
    start, end = int(vma["vm_start"]), int(vma["vm_end"])
    if start < int(mm["brk"]) and end > int(mm["start_brk"]):
        return "[heap]", NO_FILE
    if start <= int(mm["start_stack"]) <= end:
        return "[stack]", NO_FILE
    return "", NO_FILE


# Where the name starts in a maps line (Linux: 25 + 6 * sizeof(void *)).
MAPS_NAME_COLUMN = 73


def maps_line(vma, mm):
    """The area's line of /proc/PID/maps, as Linux prints it: the offset
    only for files, and the name, if any, padded to its column."""
    name, identity = area_name(vma, mm)
    offset = int(vma["vm_pgoff"]) << PAGE_SHIFT if vma["vm_file"] else 0
    line = (f"{span(vma)} {perms(vma)} {offset:08x} "
            f"{identity.major:02x}:{identity.minor:02x} {identity.inode} ")
    if name:
        line = line.ljust(MAPS_NAME_COLUMN) + name
    return line


# ---- the red-black tree -----------------------------------------------------

def rb_vma(node):
    """The area whose vm_rb is node (rb_entry)."""
    return container_of(node, "vm_area_struct", "vm_rb")


def rb_inorder(node):
    """The nodes of the subtree under node, smallest first."""
    stack = []
    while stack or node:
        while node:
            stack.append(node)
            node = node["rb_left"]
        node = stack.pop()
        yield node
        node = node["rb_right"]


def rb_problems(root):
    """How the tree under root breaks the red-black rules
    (kernel/lib/rbtree.h) or its parent links; empty if it does not."""
    problems = []

    def black_height(node, parent):
        """The subtree's black height (NULL leaves count 1), checking it
        on the way; None if the two sides disagree."""
        if not node:
            return 1
        where = span(rb_vma(node))
        if int(node["rb_parent"]) != int(parent):
            problems.append(f"tree: {where}: rb_parent is not its parent")
        red = int(node["rb_color"]) == RB_RED
        if red and parent and int(parent["rb_color"]) == RB_RED:
            problems.append(f"tree: {where}: a red node under a red one")
        left = black_height(node["rb_left"], node)
        right = black_height(node["rb_right"], node)
        if left is None or right is None:
            return None
        if left != right:
            problems.append(f"tree: {where}: black heights {left} on the "
                            f"left, {right} on the right")
            return None
        return left + (0 if red else 1)

    if root and int(root["rb_color"]) != RB_BLACK:
        problems.append("tree: the root is not black")
    black_height(root, gdb.Value(0).cast(root.type))
    return problems


# ---- the consistency check --------------------------------------------------

def list_problems(mm, vmas):
    """What is wrong with the vm_next list itself: order, overlaps, links
    back (vm_prev) and to the mm (vm_mm)."""
    problems, prev = [], None
    for vma in vmas:
        where = span(vma)
        if int(vma["vm_mm"]) != int(mm):
            problems.append(f"list: {where}: vm_mm is "
                            f"{int(vma['vm_mm']):#x}, not this mm")
        if int(vma["vm_prev"]) != int(prev or 0):
            problems.append(f"list: {where}: vm_prev is not the area "
                            "before it")
        if int(vma["vm_start"]) >= int(vma["vm_end"]):
            problems.append(f"list: {where}: empty or inverted")
        if prev and int(prev["vm_end"]) > int(vma["vm_start"]):
            problems.append(f"list: {where}: overlaps {span(prev)} before "
                            "it")
        prev = vma
    return problems


def tree_vs_list(tree, vmas):
    """Where the tree's in-order walk and the list disagree."""
    for i, (in_tree, on_list) in enumerate(zip(tree, vmas)):
        if int(in_tree) != int(on_list):
            return [f"tree: area {i} is {span(in_tree)} in the tree but "
                    f"{span(on_list)} on the list"]
    if len(tree) != len(vmas):
        return [f"tree: {len(tree)} areas in the tree, {len(vmas)} on "
                "the list"]
    return []


def mm_problems(mm, vmas):
    """Every disagreement between the list, the tree, map_count,
    mmap_cache and highest_vm_end; empty if there is none."""
    root = mm["mm_rb"]["rb_node"]
    tree = [rb_vma(node) for node in rb_inorder(root)]
    problems = list_problems(mm, vmas) + rb_problems(root) + \
        tree_vs_list(tree, vmas)
    if int(mm["map_count"]) != len(vmas):
        problems.append(f"map_count is {int(mm['map_count'])}, the list "
                        f"has {len(vmas)} areas")
    cache = int(mm["mmap_cache"])
    if cache and cache not in [int(vma) for vma in vmas]:
        problems.append(f"mmap_cache {cache:#x} is not one of the areas")
    last_end = int(vmas[-1]["vm_end"]) if vmas else 0
    if int(mm["highest_vm_end"]) != last_end:
        problems.append(f"highest_vm_end is {int(mm['highest_vm_end']):#x}"
                        f", the last area ends at {last_end:#x}")
    return problems


def cache_description(mm):
    cache = mm["mmap_cache"]
    return f"mmap_cache {span(cache)}" if cache else "mmap_cache empty"


class Vmas(gdb.Command):
    """vmas [PID|MM]: the areas of an address space, as in maps, checked.
    Each area as /proc/PID/maps prints it, followed by its
    vm_area_struct's address and its vm_flags decoded; then a check that
    the area list, the red-black tree, map_count and mmap_cache agree.
    PID or MM may be any expression: a pid, a task_struct or mm_struct
    pointer. Without one: the current task's (its active_mm for a kernel
    thread)."""

    def __init__(self):
        super().__init__("vmas", gdb.COMMAND_USER)

    def invoke(self, arg, from_tty):
        mm, _ = mm_argument(arg)
        vmas = list(areas(mm))
        print(f"{describe_mm(mm)}: {len(vmas)} areas")
        for vma in vmas:
            print(maps_line(vma, mm))
            print(f"    vma {int(vma):#x} vm_flags "
                  f"{int(vma['vm_flags']):#x} "
                  f"{decode_flags(int(vma['vm_flags']), VM_FLAGS)}")
        problems = mm_problems(mm, vmas)
        if problems:
            print(f"check: {len(problems)} disagreements")
            for problem in problems:
                print("  " + problem)
        else:
            print(f"check: list, tree, map_count ({len(vmas)}) and "
                  f"{cache_description(mm)} agree")
