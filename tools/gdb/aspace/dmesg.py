"""
The `dmesg` command: the kernel's log, read straight from printk's ring
buffer (kernel/printk.c), so it works when the kernel cannot print any
more: stopped at a breakpoint, hung, or after a panic.

log_buf holds lines "<level>[seconds.micro] message"; log_end counts
every byte ever written, so the newest byte is at log_end % size and,
once the ring has wrapped, the oldest at log_end itself.
"""
import re

import gdb

from .kernel import static_variable

LEVEL = re.compile(r"^<(\d)>")


def log_text():
    """The retained log, oldest first: what log_buf_read returns."""
    log_buf = static_variable("log_buf")
    size = log_buf.type.sizeof
    end = int(static_variable("log_end"))
    start = max(0, end - size)
    data = bytes(gdb.selected_inferior().read_memory(log_buf.address, size))
    text = bytes(data[i % size] for i in range(start, end))
    return text.decode("utf-8", errors="replace")


class Dmesg(gdb.Command):
    """dmesg [-r]: the kernel log, read from printk's ring buffer.
    Oldest line first, with timestamps as Linux's dmesg shows them; -r
    keeps each line's <level> prefix. Reads memory only, so it works
    after a hang or a panic."""

    def __init__(self):
        super().__init__("dmesg", gdb.COMMAND_USER)

    def invoke(self, arg, from_tty):
        raw = arg.strip() == "-r"
        if arg.strip() and not raw:
            raise gdb.GdbError("usage: dmesg [-r]")
        for line in log_text().splitlines():
            print(line if raw else LEVEL.sub("", line))
