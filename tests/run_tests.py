#!/usr/bin/env python3
"""
Runs every test suite of the kernel and adds up the results; `make test`
calls it. The kinds of suite:

  host/NAME   a host test program (the positional arguments): it runs the
              KTEST cases linked into it and prints KTAP on stdout.
  kernel      BUILD/test.iso booted in QEMU: the kernel runs its KTEST cases,
              prints KTAP on the serial port and exits through isa-debug-exit.
  crashtest   BUILD/crashtest.iso booted in QEMU: the kernel writes through a
              NULL pointer on purpose and must panic with a full report,
              checked against CRASHTEST_EXPECTATIONS (runner/kernel.py).
  gdb         BUILD/usertests.iso booted halted, and gdb attached as `make
              gdb` does it: the session stops at kernel_main, then at the
              mmap of user/gdbprobe (started first, as init, by editing the
              command line), whose maps, status, vmstat and pmap output
              printed just before must equal what the helpers of tools/gdb
              show there; then in a fork and a CLONE_VM clone of
              usertests, checked against what the kernel says.
  user        the user-space tests, BUILD/user/usertests, twice: as the
              suite user/linux on this Linux, which serves as the oracle, and
              as the suite user on aspace, where BUILD/usertests.iso runs them
              as init. The cases Linux runs (it skips those that need aspace)
              must end the same way on both, and those that pass must print
              the same diagnostics; each difference is a failure.

Every test is printed as `ok SUITE: NAME` or `not ok SUITE: NAME`; one
that KTAP marks as skipped as `ok SUITE: NAME # SKIP why`, counted neither
as passed nor as failed. A suite that could not run, crashed, hung or
stopped short adds one failure that says why, so it can never pass, nor
count as zero tests. The last line is `N passed, N failed`, and the exit
status is 0 only if nothing failed.

  python3 tests/run_tests.py [--build DIR] [--qemu CMD] [--timeout-host S]
          [--timeout-qemu S] [--only host|kernel|crashtest|gdb|user] [-v]
          [PROGRAM...]

The serial log of each boot is saved as BUILD/logs/SUITE.log (kernel.log,
crashtest.log, user.log), a program's output as BUILD/logs/host/NAME.log and
BUILD/logs/user/linux.log, the gdb session's as BUILD/logs/gdb.log and
BUILD/logs/gdb-console.log (the guest's console).

This file chooses and reports the suites; the package tests/runner/ runs
and judges them: ktap.py reads KTAP, common.py runs programs and QEMU
boots, kernel.py, user.py and gdb.py (with gdb_checks.py) are the suites.
"""

import argparse
import concurrent.futures
import sys

from runner.common import kill_running, run_boot_suite, run_host_suite
from runner.gdb import run_gdb_suite
from runner.kernel import judge_crashtest, judge_kernel
from runner.user import compare_with_linux, judge_user, run_linux_suite

DEFAULT_QEMU = ("qemu-system-x86_64 -m 256M -smp 1 -no-reboot "
                "-device isa-debug-exit,iobase=0xf4,iosize=0x04 -accel tcg")
SUITE_KINDS = ("host", "kernel", "crashtest", "gdb", "user")


# ---- reporting --------------------------------------------------------------

def print_suite(suite, verbose):
    """A suite's block: its header, a line per result, the diagnostics of
    each failure and where the whole log is."""
    print(f"== {suite.name}: {suite.what} ==")
    if verbose:
        for line in suite.output:
            print("  | " + line)
    for result in suite.results:
        skip = "" if result.skip is None else f" # SKIP {result.skip}"
        print(f"{'ok' if result.ok else 'not ok'} {suite.name}: "
              f"{result.name}{skip}")
        if not result.ok:
            for line in result.diagnostics:
                print("    " + line)
    if not suite.passed and suite.log_path:
        print(f"full log: {suite.log_path}")
    sys.stdout.flush()


BOOT_SUITES = (("kernel", "test.iso", judge_kernel),
               ("crashtest", "crashtest.iso", judge_crashtest),
               ("user", "usertests.iso", judge_user))


def run_all(args):
    """Runs the chosen suites and prints them; returns (passed, failed)."""
    only = set(args.only or SUITE_KINDS)
    suites_printed = []

    def report(suite):
        print_suite(suite, args.verbose)
        suites_printed.append(suite)

    # The boots are the slow part: start them, two at a time, run the
    # programs meanwhile, then print in a fixed order.
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        boots = [pool.submit(run_boot_suite, name, iso_file, judge,
                             args.qemu, args.build, args.timeout_qemu)
                 for name, iso_file, judge in BOOT_SUITES if name in only]
        try:
            if "host" in only:
                for program in args.programs:
                    report(run_host_suite(program, args.build,
                                          args.timeout_host))
            if "user" in only:
                linux = run_linux_suite(args.build, args.timeout_host)
                report(linux)
            if "gdb" in only:
                boots.append(pool.submit(run_gdb_suite, args.qemu,
                                         args.build, args.timeout_qemu))
            for future in boots:
                suite = future.result()
                if suite.name == "user":
                    suite.results += compare_with_linux(suite.output,
                                                        linux.output)
                report(suite)
        except KeyboardInterrupt:
            # Before leaving the pool, which waits for the boots to end.
            kill_running()
            raise

    results = [r for suite in suites_printed for r in suite.results]
    return (sum(r.counts_as_passed for r in results),
            sum(not r.ok for r in results))


def parse_args(argv):
    """The options; `--only host` without programs would run nothing."""
    parser = argparse.ArgumentParser(
        description="Run the host, in-kernel, crash, gdb and user tests; the "
                    "last line is 'N passed, N failed'.")
    parser.add_argument("programs", nargs="*", metavar="PROGRAM",
                        help="host test programs, each printing KTAP")
    parser.add_argument("--build", default="build",
                        help="build directory with the ISOs and "
                             "user/usertests; logs go to BUILD/logs "
                             "(default: %(default)s)")
    parser.add_argument("--qemu", default=DEFAULT_QEMU,
                        help="QEMU command, to which -cdrom, -display, "
                             "-monitor and -serial are added "
                             "(default: %(default)s)")
    parser.add_argument("--timeout-host", type=float, default=120,
                        metavar="S", help="seconds per host program "
                                          "(default: %(default)g)")
    parser.add_argument("--timeout-qemu", type=float, default=120,
                        metavar="S", help="seconds per QEMU boot "
                                          "(default: %(default)g)")
    parser.add_argument("--only", action="append", choices=SUITE_KINDS,
                        help="run only this kind of suite (may be repeated)")
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="echo each suite's serial log or output")
    args = parser.parse_args(argv)
    if args.only == ["host"] and not args.programs:
        parser.error("--only host needs host test programs to run")
    return args


def main(argv):
    """Runs the suites; the exit status is 0 only if nothing failed."""
    args = parse_args(argv)
    try:
        passed, failed = run_all(args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    print()
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
