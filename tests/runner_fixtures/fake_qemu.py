#!/usr/bin/env python3
"""
Stands in for qemu-system-x86_64 in the self-tests of tests/run_tests.py.

  fake_qemu.py --case ISO OUTPUT STATUS [--case ...] QEMU-OPTIONS...

For the ISO whose file name is ISO (e.g. test.iso) given with -cdrom, it
copies the file OUTPUT to the serial log named by -serial file:PATH and
exits with STATUS, like QEMU does when the kernel writes to isa-debug-exit.
STATUS "hang" instead writes OUTPUT and then waits forever, together with a
child process, as a hung guest would; it records both pids in PATH.pids so
that a test can check that the timeout killed the whole process group.

It also checks what real QEMU needs from the runner, and exits 99 with a
message if the runner fails to: no window (-display none) and no stdin.
"""
import os
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
    if not os.path.samestat(os.fstat(0), os.stat(os.devnull)):
        sys.exit("fake_qemu: stdin is not /dev/null: QEMU could read it")
    serial = option(argv, "-serial") or ""
    if not serial.startswith("file:"):
        sys.exit(f"fake_qemu: expected -serial file:PATH, got {serial!r}")
    log_path = serial[len("file:"):]
    iso = os.path.basename(option(argv, "-cdrom") or "")
    if iso not in cases:
        sys.exit(f"fake_qemu: no --case for {iso!r}")

    output, status = cases[iso]
    with open(output, "rb") as src, open(log_path, "wb") as dst:
        dst.write(src.read())
    if status == "hang":
        child = subprocess.Popen([sys.executable, "-c",
                                  "import time; time.sleep(600)"])
        with open(log_path + ".pids", "w") as f:
            f.write(f"{os.getpid()} {child.pid}\n")
        time.sleep(600)
    sys.exit(int(status))


if __name__ == "__main__":
    main(sys.argv[1:])
