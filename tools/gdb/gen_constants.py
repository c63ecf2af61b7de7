#!/usr/bin/env python3
"""
Turns the assembly that the compiler made of tools/gdb/constants.c into
the Python module kernel_constants, which the gdb helpers import:

    python3 tools/gdb/gen_constants.py BUILD/gdb/constants.s \
        > BUILD/gdb/kernel_constants.py

Each line `.ascii "@ TABLE LABEL $VALUE"` of the assembly is one entry.
TABLE "-" makes the constant LABEL; any other TABLE collects (LABEL,
VALUE) rows, in order, into the tuple TABLE in capitals. The compiler
prints every value as a signed 64-bit number: the unsigned ones the
kernel means (PAGE_OFFSET, _PAGE_NX) are put back as such, in hex.
"""
import re
import sys

ENTRY = re.compile(r'^\s*\.ascii\s+"@ (\S+) (\S+) \$(-?\d+)"')


def read_entries(assembly):
    """The (table, label, value) of each entry, in the file's order."""
    entries = []
    for line in assembly.splitlines():
        match = ENTRY.match(line)
        if match:
            table, label, value = match.groups()
            entries.append((table, label, int(value) % 2**64))
    return entries


def python_module(entries, source):
    lines = [f'"""Generated from tools/gdb/constants.c by {source}:',
             'do not edit; the kernel\'s headers are the truth."""', ""]
    tables = {}
    for table, label, value in entries:
        if table == "-":
            lines.append(f"{label} = {value:#x}")
        else:
            tables.setdefault(table, []).append((label, value))
    for table, rows in tables.items():
        lines += ["", f"{table.upper()} = ("]
        lines += [f'    ("{label}", {value:#x}),' for label, value in rows]
        lines.append(")")
    return "\n".join(lines) + "\n"


def main(argv):
    if len(argv) != 2:
        sys.exit("usage: gen_constants.py BUILD/gdb/constants.s")
    with open(argv[1]) as f:
        entries = read_entries(f.read())
    if not entries:
        sys.exit(f"{argv[1]}: no constants found")
    sys.stdout.write(python_module(entries, "tools/gdb/gen_constants.py"))


if __name__ == "__main__":
    main(sys.argv)
