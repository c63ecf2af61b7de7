"""
The `pagewalk` command: the walk the MMU does for one virtual address,
through the four levels pgd -> pud -> pmd -> pte to a frame, and what
the kernel knows of that frame (its struct page).

Each table is a page of 512 eight-byte entries; nine bits of the address
index each level, and the last twelve are the offset in the 4 KiB frame.
An entry holds the physical address of the next table (or of the frame)
and the permission bits the MMU checks on the way. The tables are read
through the kernel's direct map of physical memory, which every address
space shares, so any address space can be walked from any moment.
"""
from collections import namedtuple

import gdb

from kernel_constants import (PAGE_FLAGS, PAGE_SHIFT, PG_tail, PG_zero,
                              PGDIR_SHIFT,
                              PMD_SHIFT, PTE_BITS, PTE_PFN_MASK,
                              PTRS_PER_TABLE, PUD_SHIFT, TASK_SIZE, VM_WRITE,
                              _PAGE_PRESENT, _PAGE_PROTNONE, _PAGE_PSE,
                              _PAGE_RW)

from .kernel import (describe_mm, mm_argument, page_to_pfn,
                     pfn_to_page, phys_to_virt, read_u64, tasks, virt_to_phys)
from .vmas import areas, decode_flags, maps_line

# The levels, from the top: the name of the table and of its entries,
# and the lowest bit of the address that indexes it.
LEVELS = (("pgd", PGDIR_SHIFT), ("pud", PUD_SHIFT), ("pmd", PMD_SHIFT),
          ("pte", PAGE_SHIFT))
# Page-flag bit numbers (enum pageflags) as masks, to decode page->flags.
PAGE_FLAG_MASKS = tuple((name, 1 << bit) for name, bit in PAGE_FLAGS)


# One entry the walk read: its level, its index in the table, where it is
# (a direct-map address), its raw value, and the size of what one entry of
# the level covers.
Step = namedtuple("Step", "level index entry_address entry page_size")


def walk(pgd_phys, address):
    """The entries the MMU reads for address, from the pgd at physical
    pgd_phys down to the one that ends the walk: a pte, an entry that is
    not present, or a pud or pmd with PS, which maps a 1 GiB or 2 MiB
    page itself."""
    steps, table = [], pgd_phys
    for level, shift in LEVELS:
        index = (address >> shift) & (PTRS_PER_TABLE - 1)
        entry_address = phys_to_virt(table) + 8 * index
        entry = read_u64(entry_address)
        steps.append(Step(level, index, entry_address, entry, 1 << shift))
        if level == "pte" or not entry & _PAGE_PRESENT or entry & _PAGE_PSE:
            return steps
        table = entry & PTE_PFN_MASK
    raise AssertionError("the pte level always ends the walk")


def is_protnone(step):
    """A PROT_NONE page: not present to the MMU, so any access faults,
    but the entry still owns its frame (_PAGE_PROTNONE, a software bit)."""
    return step.level == "pte" and step.entry & _PAGE_PROTNONE and \
        not step.entry & _PAGE_PRESENT


def print_walk(steps):
    for step in steps:
        print(f"  {step.level.upper()} index {step.index:3}  entry "
              f"{step.entry_address:#x} = {step.entry:#018x}  "
              f"{decode_flags(step.entry & ~PTE_PFN_MASK, PTE_BITS)}")
    leaf = steps[-1]
    if is_protnone(leaf):
        print("  not present to the MMU, but a PROT_NONE page "
              "(_PAGE_PROTNONE): the entry still owns its frame")
    elif not leaf.entry & _PAGE_PRESENT:
        print(f"  {leaf.level} entry not present: an access faults here")


def mapped_frame(leaf):
    """The physical address of the page the walk ended at, or None."""
    if leaf.entry & _PAGE_PRESENT or is_protnone(leaf):
        return leaf.entry & PTE_PFN_MASK & ~(leaf.page_size - 1)
    return None


def user_bytes(mm, address, length):
    """length bytes of mm's memory at address, read through its page
    tables, as the kernel reads another process's memory; shorter if a
    page is not there."""
    pgd_phys, data = virt_to_phys(int(mm["pgd"])), b""
    while len(data) < length:
        leaf = walk(pgd_phys, address)[-1]
        frame = mapped_frame(leaf)
        if frame is None:
            break
        offset = address & (leaf.page_size - 1)
        chunk = min(length - len(data), leaf.page_size - offset)
        data += bytes(gdb.selected_inferior().read_memory(
            phys_to_virt(frame + offset), chunk))
        address += chunk
    return data


def page_cache_owner(page):
    """Where a page sits in a file's page cache: page->mapping, the
    file's address_space, and page->index, the page's offset in it."""
    if not page["mapping"]:
        return "no"
    return (f"yes: address_space {int(page['mapping']):#x}, "
            f"index {int(page['index'])}")


def describe_frame(frame, page_size, address):
    """The frame the walk reached, and its struct page."""
    offset = address & (page_size - 1)
    pfn = (frame + offset) >> PAGE_SHIFT
    print(f"  frame {frame:#x} ({page_size >> 10} KB page) + offset "
          f"{offset:#x} = phys {frame + offset:#x}, pfn {pfn:#x}")
    if pfn >= int(gdb.parse_and_eval("max_pfn")):
        print("  no struct page: the frame is beyond mem_map")
        return
    page = pfn_to_page(pfn)
    flags = int(page["flags"])
    print(f"  struct page {int(page):#x}: _refcount {int(page['_refcount'])}"
          f", mapcount {int(page['_mapcount']) + 1}, flags "
          f"{decode_flags(flags, PAGE_FLAG_MASKS)}")
    if flags & (1 << PG_tail):
        # A block of several frames counts its references on its head.
        head = page["head"]
        print(f"  part of the block at pfn {page_to_pfn(head):#x}: "
              f"_refcount {int(head['_refcount'])}")
    zero = flags & (1 << PG_zero)
    print(f"  zero page: {'yes' if zero else 'no'}; page cache: "
          f"{page_cache_owner(page)}")


def explain_area(mm, address, leaf):
    """The area that holds address, and why its pte might forbid what the
    area allows (copy-on-write, the zero page)."""
    vma = next((v for v in areas(mm) if int(v["vm_start"]) <= address <
                int(v["vm_end"])), None)
    if vma is None:
        print("  area: none holds this address")
        return
    print(f"  area: {maps_line(vma, mm).rstrip()}")
    if leaf & _PAGE_PRESENT and int(vma["vm_flags"]) & VM_WRITE and \
            not leaf & _PAGE_RW:
        print("  the area is writable, the entry read-only: the first write "
              "faults, and the fault handler gives the area its own copy "
              "(copy-on-write) or makes the page writable if it is ours "
              "alone")


def cr3_address_space():
    """The pgd the CPU uses now (CR3), and the mm it belongs to."""
    pgd_phys = int(gdb.parse_and_eval("$cr3")) & PTE_PFN_MASK
    for task in tasks():
        mm = task["active_mm"]
        if mm and virt_to_phys(int(mm["pgd"])) == pgd_phys:
            return pgd_phys, mm
    return pgd_phys, None


class Pagewalk(gdb.Command):
    """pagewalk ADDR [PID|MM]: the MMU's four-level walk for an address.
    Each level's index, entry address, raw value and bits (P RW US PWT
    PCD A D PS G NX), then the frame, its struct page
    (reference count, mapcount, flags), whether it is the zero page or a
    page-cache page, and the area that holds ADDR.
    Without PID or MM the walk starts at CR3, the tables the CPU uses now.
    ADDR and PID are expressions (no spaces, or quote them)."""

    def __init__(self):
        super().__init__("pagewalk", gdb.COMMAND_USER)

    def invoke(self, arg, from_tty):
        argv = gdb.string_to_argv(arg)
        if not 1 <= len(argv) <= 2:
            raise gdb.GdbError("usage: pagewalk ADDR [PID|MM]")
        address = int(gdb.parse_and_eval(argv[0])) & (2**64 - 1)
        if len(argv) == 2:
            mm, _ = mm_argument(argv[1])
            pgd_phys = virt_to_phys(int(mm["pgd"]))
        else:
            pgd_phys, mm = cr3_address_space()
        owner = describe_mm(mm) if mm else "no known mm"
        print(f"pagewalk {address:#x} in {owner}: pgd at phys "
              f"{pgd_phys:#x}")
        steps = walk(pgd_phys, address)
        print_walk(steps)
        frame = mapped_frame(steps[-1])
        if frame is not None:
            describe_frame(frame, steps[-1].page_size, address)
        if mm and address < TASK_SIZE:
            explain_area(mm, address, steps[-1].entry)
