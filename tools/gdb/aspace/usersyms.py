"""
The `user-symbols` command: the symbols of the program a process runs,
added to gdb's at the addresses where exec loaded it, so that a
breakpoint in a user function, a backtrace through user code or `list
main` work while the kernel is being debugged.

Every program's text starts at the same address (static executables are
linked at 0x400000), so a breakpoint there stops whichever process gets
there: give it a condition on the process (docs/gdb.md).
"""
import os
import struct as binary

import gdb

from .kernel import comm, mm_argument
from .files import file_identity
from .vmas import areas

REPO = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.dirname(os.path.abspath(__file__)))))
PT_LOAD, PF_X = 1, 1


def lowest_code_address(path):
    """The lowest address an executable segment of an ELF file asks for:
    what the loader made mm->start_code, before any load bias."""
    with open(path, "rb") as f:
        header = f.read(64)
        if header[:4] != b"\x7fELF":
            raise gdb.GdbError(f"{path} is not an ELF file")
        phoff, = binary.unpack_from("<Q", header, 0x20)
        phentsize, phnum = binary.unpack_from("<HH", header, 0x36)
        f.seek(phoff)
        table = f.read(phentsize * phnum)
    starts = []
    for i in range(phnum):
        p_type, p_flags, _, p_vaddr = binary.unpack_from("<IIQQ", table,
                                                         i * phentsize)
        if p_type == PT_LOAD and p_flags & PF_X:
            starts.append(p_vaddr)
    if not starts:
        raise gdb.GdbError(f"{path} has no executable segment")
    return min(starts)


def program_name(mm, task):
    """The name of the program: the file mapped at start_code once areas
    have files, else the task's comm (exec sets it from the file name)."""
    start_code = int(mm["start_code"])
    for vma in areas(mm):
        if int(vma["vm_start"]) <= start_code < int(vma["vm_end"]):
            path = file_identity(vma["vm_file"]).path
            if path:
                return os.path.basename(path)
    if task is None:
        raise gdb.GdbError("name the program's file: user-symbols MM FILE")
    return comm(task)


def find_program(name, build_dir):
    """The host file of a program in the initramfs: /bin is the build's
    user/ directory, /usr/local/bin the EXTRA= directory it recorded."""
    directories = [os.path.join(build_dir, "user")]
    try:
        with open(os.path.join(build_dir, "initramfs.extra")) as f:
            extra = f.read().strip()
        if extra:
            directories.append(os.path.join(REPO, extra))
    except FileNotFoundError:
        pass
    for directory in directories:
        path = os.path.join(directory, name)
        if os.path.isfile(path):
            return path
    raise gdb.GdbError(f"no {name} in {' or '.join(directories)}: "
                       "name the file: user-symbols PID FILE")


class UserSymbols(gdb.Command):
    """user-symbols [PID|MM [FILE]]: load a process's program symbols.
    The program a process (by default the current one) runs, at its load
    address: add-symbol-file FILE -o (start_code - the file's own).
    FILE is found in the build's user/ or EXTRA= directory by the
    program's name. Undo with remove-symbol-file FILE."""

    def __init__(self, build_dir):
        super().__init__("user-symbols", gdb.COMMAND_USER)
        self.build_dir = build_dir

    def invoke(self, arg, from_tty):
        argv = gdb.string_to_argv(arg)
        if len(argv) > 2:
            raise gdb.GdbError("usage: user-symbols [PID|MM [FILE]]")
        mm, task = mm_argument(argv[0] if argv else "")
        if len(argv) == 2:
            path = argv[1]
        else:
            path = find_program(program_name(mm, task), self.build_dir)
        offset = int(mm["start_code"]) - lowest_code_address(path)
        gdb.execute(f"add-symbol-file {path} -o {offset:#x}", to_string=True)
        print(f"symbols of {path} loaded at offset {offset:#x} "
              f"(start_code {int(mm['start_code']):#x})")
