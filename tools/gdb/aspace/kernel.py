"""
Reading the kernel's data structures from gdb.

Layouts come from the kernel's DWARF at the moment a helper runs
(gdb.lookup_type, fields by name), never from offsets written here, so a
struct that gains a field needs no change. Constants come from the
generated module kernel_constants (tools/gdb/constants.c).
"""
import gdb

from kernel_constants import KERNEL_VMA, PAGE_OFFSET, PAGE_SHIFT


def struct(name):
    """The type `struct name`."""
    return gdb.lookup_type("struct " + name)


def container_of(ptr, type_name, member):
    """The struct type_name that holds *ptr as its field member: the C
    macro of the same name."""
    offset = struct(type_name)[member].bitpos // 8
    address = int(ptr) - offset
    return gdb.Value(address).cast(struct(type_name).pointer())


def list_entries(head, type_name, member):
    """The structs on a circular list_head list, head being the list's own
    struct list_head (not an entry): list_for_each_entry."""
    node = head["next"]
    while int(node) != int(head.address):
        yield container_of(node, type_name, member)
        node = node["next"]


def static_variable(name):
    """A variable that is static in its file (the log buffer, the zone)."""
    symbol = gdb.lookup_static_symbol(name) or gdb.lookup_global_symbol(name)
    if symbol is None:
        raise gdb.GdbError(f"no symbol {name} in the kernel")
    return symbol.value()


# ---- tasks ------------------------------------------------------------------

def current():
    """The task running on this CPU."""
    return gdb.parse_and_eval("current")


def tasks():
    """Every task, idle first, in pid order: the kernel's task_list."""
    return list_entries(gdb.parse_and_eval("task_list"), "task_struct",
                        "tasks")


def find_task(pid):
    for task in tasks():
        if int(task["pid"]) == pid:
            return task
    raise gdb.GdbError(f"no task with pid {pid}")


def comm(task):
    return task["comm"].string()


def task_of_mm(mm):
    """The first task whose mm is mm (an mm can be shared by threads), or
    None: a way to name an address space."""
    for task in tasks():
        if int(task["mm"]) == int(mm):
            return task
    return None


def describe_mm(mm):
    """`mm 0x... (pid N comm)`: how the helpers name an address space."""
    task = task_of_mm(mm)
    owner = f" (pid {int(task['pid'])} {comm(task)})" if task else ""
    return f"mm {int(mm):#x}{owner}"


def is_kernel_address(value):
    return value >= PAGE_OFFSET


def mm_argument(arg):
    """The address space a helper's optional argument names, as
    (mm, task): a pid, a task_struct or mm_struct pointer, or an address
    (kernel addresses are mm_structs); by default the current task's.
    A kernel thread has no mm and is shown its active_mm, as the CPU
    uses it (lazy TLB)."""
    if not arg.strip():
        task = current()
    else:
        value = gdb.parse_and_eval(arg)
        target = value.type.strip_typedefs()
        if target.code == gdb.TYPE_CODE_PTR:
            target = target.target().strip_typedefs()
        if target.name == "mm_struct":
            return value.cast(struct("mm_struct").pointer()), None
        if target.name == "task_struct":
            task = value
        elif is_kernel_address(int(value)):
            mm = gdb.Value(int(value)).cast(struct("mm_struct").pointer())
            return mm, task_of_mm(mm)
        else:
            task = find_task(int(value))
    mm = task["mm"] or task["active_mm"]
    if not mm:
        raise gdb.GdbError(f"pid {int(task['pid'])} has no address space")
    return mm, task


# ---- physical memory --------------------------------------------------------

def phys_to_virt(pa):
    """Where the kernel sees physical address pa: the direct map, which
    every page table shares, so this works whichever task is current."""
    return PAGE_OFFSET + pa


def virt_to_phys(va):
    """The kernel's virt_to_phys: for the kernel image (swapper_pg_dir,
    init_mm's pgd, is there) and for the direct map."""
    return va - KERNEL_VMA if va >= KERNEL_VMA else va - PAGE_OFFSET


def read_u64(address):
    data = gdb.selected_inferior().read_memory(address, 8)
    return int.from_bytes(bytes(data), "little")


def pfn_to_page(pfn):
    """The struct page of a frame: mem_map[pfn]."""
    return gdb.parse_and_eval("mem_map") + pfn


def page_to_pfn(page):
    return int(page - gdb.parse_and_eval("mem_map"))


def kib(pages):
    return pages << PAGE_SHIFT >> 10
