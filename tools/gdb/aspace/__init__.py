"""
gdb helpers for aspace: the address space and the page tables in the
terms of "The Process Address Space" (Linux Kernel Development, ch. 15).
docs/gdb.md is the guide; `aspace` in gdb lists the commands.

BUILD/kernel.elf-gdb.py, which gdb runs when it loads kernel.elf, puts
this package and the generated module kernel_constants on Python's path
and calls setup().
"""
import gdb

from . import dmesg, frames, mm, pagewalk, pmap, tasks, usersyms, vmas

COMMANDS = (tasks.Ps, vmas.Vmas, mm.Mm, pagewalk.Pagewalk, pmap.Pmap,
            dmesg.Dmesg, frames.Frames)
FUNCTIONS = (tasks.Current, tasks.Task)


def first_line(doc):
    return doc.split("\n")[0]


class Aspace(gdb.Command):
    """aspace: list the aspace helpers; `help NAME` tells more."""

    def __init__(self, helpers):
        super().__init__("aspace", gdb.COMMAND_USER)
        self.helpers = helpers

    def invoke(self, arg, from_tty):
        for helper in self.helpers:
            print("  " + first_line(type(helper).__doc__))


def setup(build_dir, gdbport):
    """Register the helpers; build_dir is where kernel.elf and the user
    programs were built, gdbport the port `make qemu-gdb` listens on."""
    helpers = [command() for command in COMMANDS]
    helpers.append(usersyms.UserSymbols(build_dir))
    helpers += [function() for function in FUNCTIONS]
    Aspace(helpers)
    print("aspace gdb helpers loaded: type 'aspace' for the list. "
          f"QEMU started by 'make qemu-gdb': target remote :{gdbport}")
