#!/usr/bin/env python3
"""
Stands in for qemu-system-x86_64 in the self-tests of tests/run_tests.py
and tools/run.

  fake_qemu.py --case ISO OUTPUT STATUS [--case ...] QEMU-OPTIONS...

For the ISO whose file name is ISO (e.g. test.iso) given with -cdrom, it
copies the file OUTPUT to the serial port and exits with STATUS, like QEMU
does when the kernel writes to isa-debug-exit. The serial port is the log
named by -serial file:PATH (tests/run_tests.py), or stdout with -serial
stdio (tools/run). STATUS "hang" instead writes OUTPUT and then waits
forever, as a hung guest would; with a log, together with a child process,
and it records both pids in PATH.pids so that a test can check that the
timeout killed the whole process group. STATUS "input" (with -serial
stdio) fails if input is waiting on stdin before OUTPUT is written (GRUB
would read it as a key), then copies what stdin brings, to its end, after
OUTPUT as a line "input: ...", and powers off as init exiting 0 does.

It also checks what real QEMU needs from its caller, and exits 99 with a
message if it fails to: no window (-display none) and, unless the serial
port is on stdio, no stdin.
"""
import os
import select
import subprocess
import sys
import time


def option(argv, name):
    """The value following option name in argv, or None."""
    return argv[argv.index(name) + 1] if name in argv else None


def main(argv):
    cases = {}
    while argv and argv[0] == "--case":
        iso, output, status = argv[1:4]
        cases[iso] = (output, status)
        argv = argv[4:]

    if option(argv, "-display") != "none":
        sys.exit("fake_qemu: -display none missing: QEMU would open a window")
    serial = option(argv, "-serial") or ""
    if serial == "stdio":
        log_path = None
    elif serial.startswith("file:"):
        log_path = serial[len("file:"):]
        if not os.path.samestat(os.fstat(0), os.stat(os.devnull)):
            sys.exit("fake_qemu: stdin is not /dev/null: QEMU could read it")
    else:
        sys.exit(f"fake_qemu: expected -serial file:PATH or stdio, got "
                 f"{serial!r}")
    iso = os.path.basename(option(argv, "-cdrom") or "")
    if iso not in cases:
        sys.exit(f"fake_qemu: no --case for {iso!r}")

    output, status = cases[iso]
    if status == "input" and select.select([0], [], [], 0.5)[0]:
        sys.exit("fake_qemu: input came before the kernel's first line")
    with open(output, "rb") as src:
        if log_path:
            with open(log_path, "wb") as dst:
                dst.write(src.read())
        else:
            sys.stdout.buffer.write(src.read())
            sys.stdout.flush()
    if status == "input":
        data = sys.stdin.buffer.read()
        sys.stdout.buffer.write(b"input: " + data + b"\r\n"
                                b"aspace: init exited with status 0\r\n")
        sys.exit(33)
    if status == "hang":
        if log_path:
            child = subprocess.Popen([sys.executable, "-c",
                                      "import time; time.sleep(600)"])
            with open(log_path + ".pids", "w") as f:
                f.write(f"{os.getpid()} {child.pid}\n")
        time.sleep(600)
    sys.exit(int(status))


if __name__ == "__main__":
    main(sys.argv[1:])
