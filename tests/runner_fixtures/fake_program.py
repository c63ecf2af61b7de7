#!/usr/bin/env python3
"""
Stands in for a host test program in the self-tests of tests/run_tests.py.

  fake_program.py STDOUT_FILE STATUS [STDERR_FILE]

Prints the file STDOUT_FILE (canned KTAP) on stdout, then STDERR_FILE (say,
a sanitizer's report) on stderr, and exits with STATUS; STATUS "abort"
dies of SIGABRT instead, and "hang" sleeps until killed.
"""
import os
import sys
import time


def main(argv):
    stdout_file, status = argv[0], argv[1]
    with open(stdout_file, "rb") as f:
        sys.stdout.buffer.write(f.read())
    sys.stdout.flush()
    if len(argv) > 2:
        with open(argv[2], "rb") as f:
            sys.stderr.buffer.write(f.read())
        sys.stderr.flush()
    if status == "abort":
        os.abort()
    if status == "hang":
        time.sleep(600)
    sys.exit(int(status))


if __name__ == "__main__":
    main(sys.argv[1:])
