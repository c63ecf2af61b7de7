#!/usr/bin/env python3
"""
Self-tests of tests/run_tests.py and tools/run, run by `make test` first.

Each test runs run_tests.py as `make test` does, as a subprocess with no
stdin, but on fakes: --qemu names tests/runner_fixtures/fake_qemu.py, which
copies a canned serial log and exits with a chosen status, and the host
programs (usertests too) are small scripts around
tests/runner_fixtures/fake_program.py. The checks are on what a person and
CI read: the ok/not ok lines, the closing `N passed, N failed` line and
the exit status. tools/run is run the same way, as `make run` runs it.
The gdb suite's threads check, which needs a real gdb session to run, is
tested on its own, on canned output of the session.
"""
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
RUNNER = os.path.join(HERE, "run_tests.py")
TOOLS_RUN = os.path.join(HERE, "..", "tools", "run")
FAKE_QEMU = os.path.join(HERE, "runner_fixtures", "fake_qemu.py")
FAKE_PROGRAM = os.path.join(HERE, "runner_fixtures", "fake_program.py")

sys.path.insert(0, HERE)
from runner.gdb_checks import check_threads  # noqa: E402 (needs the path)

KTAP_PASS = """\
KTAP version 1
1..3
ok 1 alpha
ok 2 beta
ok 3 gamma
# 3 tests, 0 failed
"""

KTAP_ONE_FAILURE = """\
KTAP version 1
1..3
ok 1 alpha
    # beta: tests/kernel/x.c:12: expected a == b, got 0x1 and 0x2
not ok 2 beta
ok 3 gamma
# 3 tests, 1 failed
"""

KTAP_NO_PLAN = """\
KTAP version 1
ok 1 alpha
ok 2 beta
"""

KTAP_SHORT = """\
KTAP version 1
1..5
ok 1 alpha
ok 2 beta
"""

# What GRUB really writes to the serial port before the kernel's first line.
GRUB_OUTPUT = ("\x1b[H\x1b[J\x1b[1;1H\x1b[H\x1b[J\x1b[1;1H"
               "  Booting `teaching kernel'\r\n\r\n\r")


def serial(*parts):
    """A serial log as the kernel writes it: GRUB's output, then the kernel's
    lines ending in \\r\\n."""
    return GRUB_OUTPUT + "".join(parts).replace("\n", "\r\n")


KERNEL_PASS_NOISY = serial("""\
kernel: booting, 255 MiB of memory
KTAP version 1
1..3
mm: buddy allocator ready
ok 1 alpha
timer: 100 Hz
ok 2 beta
ok 3 gamma
# 3 tests, 0 failed
kernel: tests done, powering off
""")

KERNEL_ONE_FAILURE_NOISY = serial("""\
kernel: booting
KTAP version 1
1..3
ok 1 alpha
slab: cache kmalloc-64 created
    # pgtable_remap: tests/kernel/pgtable.c:40: expected pte == 0, got 0x1003 and 0x0
not ok 2 pgtable_remap
ok 3 gamma
# 3 tests, 1 failed
""")

KERNEL_PARTIAL = serial("""\
KTAP version 1
1..5
ok 1 alpha
ok 2 beta
""")

CRASH_REPORT = serial("""\
kernel: booting
crashtest: writing through a NULL pointer
Kernel panic: page fault in kernel mode
#PF error 0x2: not-present page, write, kernel mode
CR2=0x0000000000000000 CR3=0x0000000000102000
RIP=0xffffffff80104a12 crashtest_write_null+0x2/0x10
RAX=0x0000000000000000 RBX=0xffffffff80200000 RCX=0x0000000000000001
Call trace:
  crashtest_write_null+0x2/0x10
  crashtest_run+0x9/0x20
  kernel_main+0x1a3/0x240
""")

# The same report whose backtrace stops after the first frame.
CRASH_REPORT_NO_BACKTRACE = CRASH_REPORT.split("  crashtest_run")[0]

# usertests on Linux: the cases that need aspace are skipped.
USERTESTS_LINUX = """\
KTAP version 1
1..4
ok 1 cow_parent_child
ok 2 zero_page # SKIP only on aspace
ok 3 kill_null_read
# musl_printf: -42 7
ok 4 musl_printf
# usertests: 3 passed, 0 failed, 1 skipped
"""


def usertests_aspace(zero_page="ok", kill="ok", printf_line="-42 7",
                     init_status=0):
    """The serial log of usertests running as init on aspace: the kernel's
    lines come between the KTAP lines."""
    return serial(f"""\
aspace 0.1 (x86-64): a teaching kernel for the process address space
initramfs: 12 entries
KTAP version 1
1..4
ok 1 cow_parent_child
# zero_page: frames taken: 33 reading 16384 pages
{zero_page} 2 zero_page
Segmentation fault: pid 29 (usertests) address 0x0 ip 0x402d80
{kill} 3 kill_null_read
# musl_printf: {printf_line}
ok 4 musl_printf
# usertests: 4 passed, 0 failed, 0 skipped
aspace: init exited with status {init_status}
""")

LEAK_REPORT = """\
=================================================================
==4242==ERROR: LeakSanitizer: detected memory leaks
Direct leak of 64 byte(s) in 1 object(s) allocated from:
    #0 0x7f0 in malloc
SUMMARY: AddressSanitizer: 64 byte(s) leaked in 1 allocation(s).
"""


def alive(pid):
    """Whether pid is a live process (a zombie is dead)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


class RunTestsTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="run_tests_selftest.")
        self.addCleanup(shutil.rmtree, self.tmp)
        self.build = os.path.join(self.tmp, "build")
        os.makedirs(self.build)
        # The fake QEMU never reads them, but the runner checks they exist.
        for iso in ("test.iso", "crashtest.iso", "usertests.iso"):
            open(os.path.join(self.build, iso), "w").close()

    def write(self, name, text):
        path = os.path.join(self.tmp, name)
        with open(path, "w", newline="") as f:
            f.write(text)
        return path

    def host_program(self, name, stdout, status, stderr=None):
        """An executable host test program, self.tmp/NAME, that prints
        stdout (and stderr) and exits with status."""
        argv = [sys.executable, FAKE_PROGRAM,
                self.write(name + ".stdout", stdout), str(status)]
        if stderr is not None:
            argv.append(self.write(name + ".stderr", stderr))
        path = self.write(name, f"#!/bin/sh\nexec {shlex.join(argv)}\n")
        os.chmod(path, 0o755)
        return path

    def run_runner(self, programs=(), kernel=None, crashtest=None,
                   user=None, options=()):
        """Runs run_tests.py on the suites given, and only those; kernel,
        crashtest and user are (serial log, QEMU exit status) for the fake
        QEMU; user also has a third item, (stdout, exit status) of
        usertests on Linux. Returns (exit status, stdout)."""
        qemu = [sys.executable, FAKE_QEMU]
        only = ["--only", "host"] if programs else []
        if user is not None:
            os.makedirs(os.path.join(self.build, "user"))
            os.rename(self.host_program("usertests", *user[2]),
                      os.path.join(self.build, "user", "usertests"))
        for suite, iso, case in (("kernel", "test.iso", kernel),
                                 ("crashtest", "crashtest.iso", crashtest),
                                 ("user", "usertests.iso", user)):
            if case is not None:
                log, status = case[:2]
                qemu += ["--case", iso, self.write(iso + ".serial", log),
                         str(status)]
                only += ["--only", suite]
        proc = subprocess.run(
            [sys.executable, RUNNER, "--build", self.build,
             "--qemu", shlex.join(qemu), *only, *options, *programs],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True, timeout=30)
        return proc.returncode, proc.stdout

    def assertSummary(self, run, passed, failed):
        """The closing line is the last one, and the exit status agrees."""
        status, out = run
        self.assertTrue(out.endswith(f"\n{passed} passed, {failed} failed\n"),
                        out)
        self.assertEqual(status, 0 if failed == 0 else 1, out)

    # ---- everything together ------------------------------------------------

    def test_all_pass(self):
        program = self.host_program("lib", KTAP_PASS, 0)
        run = self.run_runner([program], kernel=(KERNEL_PASS_NOISY, 33),
                              crashtest=(CRASH_REPORT, 37))
        self.assertSummary(run, 3 + 3 + 1 + 7, 0)
        out = run[1]
        # Blocks in a fixed order, whichever suite finished first.
        self.assertLess(out.index("== host/lib:"), out.index("== kernel:"))
        self.assertLess(out.index("== kernel:"), out.index("== crashtest:"))
        self.assertIn("ok host/lib: alpha\n", out)
        self.assertIn("ok kernel: gamma\n", out)
        self.assertIn("ok crashtest: call trace in order\n", out)
        for log in ("kernel.log", "crashtest.log", "host/lib.log"):
            self.assertTrue(os.path.exists(
                os.path.join(self.build, "logs", log)), log)

    # ---- host programs ------------------------------------------------------

    def test_host_one_failing_test(self):
        run = self.run_runner([self.host_program("lib", KTAP_ONE_FAILURE, 1)])
        self.assertSummary(run, 2, 1)
        self.assertIn("not ok host/lib: beta\n"
                      "    # beta: tests/kernel/x.c:12: expected a == b, "
                      "got 0x1 and 0x2\n", run[1])

    def test_host_missing_plan(self):
        run = self.run_runner([self.host_program("lib", KTAP_NO_PLAN, 0)])
        self.assertSummary(run, 2, 1)
        self.assertIn("not ok host/lib: exited 0 with 2 results but no KTAP "
                      "plan (results before the plan)", run[1])

    def test_host_fewer_results_than_plan(self):
        run = self.run_runner([self.host_program("lib", KTAP_SHORT, 0)])
        self.assertSummary(run, 2, 1)
        self.assertIn("not ok host/lib: exited 0 after 2 of 5 results\n",
                      run[1])

    def test_host_passes_but_exits_nonzero(self):
        program = self.host_program("lib", KTAP_PASS, 1, stderr=LEAK_REPORT)
        run = self.run_runner([program])
        self.assertSummary(run, 3, 1)
        self.assertIn("not ok host/lib: exited 1 although all 3 tests "
                      "passed\n", run[1])
        self.assertIn("| ==4242==ERROR: LeakSanitizer: detected memory leaks",
                      run[1])
        self.assertIn("full log: ", run[1])

    def test_host_abort(self):
        run = self.run_runner([self.host_program("lib", KTAP_SHORT, "abort")])
        self.assertSummary(run, 2, 1)
        self.assertIn("not ok host/lib: killed by SIGABRT after 2 of 5 "
                      "results", run[1])

    def test_host_no_output(self):
        run = self.run_runner([self.host_program("lib", "", 0)])
        self.assertSummary(run, 0, 1)
        self.assertIn("not ok host/lib: exited 0 with no KTAP output", run[1])

    def test_host_timeout(self):
        program = self.host_program("lib", KTAP_SHORT, "hang")
        run = self.run_runner([program], options=["--timeout-host", "0.5"])
        self.assertSummary(run, 2, 1)
        self.assertIn("not ok host/lib: timed out (0.5 s) after 2 of 5 "
                      "results", run[1])

    def test_host_skipped_tests_count_neither_way(self):
        run = self.run_runner([self.host_program("lib", USERTESTS_LINUX, 0)])
        self.assertSummary(run, 3, 0)
        self.assertIn("ok host/lib: zero_page # SKIP only on aspace\n", run[1])

    def test_host_program_missing(self):
        missing = os.path.join(self.tmp, "no_such_program")
        run = self.run_runner([missing])
        self.assertSummary(run, 0, 1)
        self.assertIn("not ok host/no_such_program: could not run:", run[1])

    # ---- in-kernel tests ----------------------------------------------------

    def test_kernel_crlf_and_noise(self):
        run = self.run_runner(kernel=(KERNEL_PASS_NOISY, 33), options=["-v"])
        self.assertSummary(run, 3, 0)
        self.assertIn("  | mm: buddy allocator ready\n", run[1])

    def test_kernel_one_failing_test(self):
        run = self.run_runner(kernel=(KERNEL_ONE_FAILURE_NOISY, 35))
        self.assertSummary(run, 2, 1)
        self.assertIn("not ok kernel: pgtable_remap\n", run[1])
        self.assertIn("    # pgtable_remap: tests/kernel/pgtable.c:40: "
                      "expected pte == 0, got 0x1003 and 0x0\n", run[1])

    def test_kernel_triple_fault(self):
        run = self.run_runner(kernel=(KERNEL_PARTIAL, 0))
        self.assertSummary(run, 2, 1)
        self.assertIn("not ok kernel: QEMU exited 0: guest reset (triple "
                      "fault?) after 2 of 5 results\n", run[1])
        log = os.path.join(self.build, "logs", "kernel.log")
        self.assertIn(f"full log: {log}\n", run[1])

    def test_kernel_panic(self):
        log = KERNEL_PARTIAL + serial("Kernel panic: BUG at mm/slab.c:10\n")
        run = self.run_runner(kernel=(log, 37))
        self.assertSummary(run, 2, 1)
        self.assertIn("not ok kernel: QEMU exited 37: kernel panic after 2 of "
                      "5 results\n", run[1])
        self.assertIn("| Kernel panic: BUG at mm/slab.c:10\n", run[1])

    def test_kernel_timeout_kills_process_group(self):
        start = time.monotonic()
        run = self.run_runner(kernel=(KERNEL_PARTIAL, "hang"),
                              options=["--timeout-qemu", "1"])
        self.assertLess(time.monotonic() - start, 10)
        self.assertSummary(run, 2, 1)
        self.assertIn("not ok kernel: QEMU timed out (1 s) after 2 of 5 "
                      "results\n", run[1])
        with open(os.path.join(self.build, "logs", "kernel.log.pids")) as f:
            pids = [int(pid) for pid in f.read().split()]
        deadline = time.monotonic() + 2
        while any(map(alive, pids)) and time.monotonic() < deadline:
            time.sleep(0.05)
        self.assertFalse(any(map(alive, pids)), "fake QEMU left running")

    def test_kernel_exit_33_with_not_ok(self):
        run = self.run_runner(kernel=(serial(KTAP_ONE_FAILURE), 33))
        self.assertSummary(run, 2, 2)
        self.assertIn("not ok kernel: QEMU exited 33: all tests passed "
                      "although 1 of 3 tests failed\n", run[1])

    def test_kernel_exit_35_all_ok(self):
        run = self.run_runner(kernel=(serial(KTAP_PASS), 35))
        self.assertSummary(run, 3, 1)

    def test_kernel_no_ktap(self):
        run = self.run_runner(kernel=(GRUB_OUTPUT, 33))
        self.assertSummary(run, 0, 1)
        self.assertIn("not ok kernel: QEMU exited 33: all tests passed with "
                      "no KTAP output\n", run[1])

    def test_kernel_iso_missing(self):
        os.remove(os.path.join(self.build, "test.iso"))
        run = self.run_runner(kernel=(KERNEL_PASS_NOISY, 33))
        self.assertSummary(run, 0, 1)
        self.assertIn("not ok kernel: could not run:", run[1])

    # ---- the crash test -----------------------------------------------------

    def test_crash_report_without_backtrace(self):
        run = self.run_runner(crashtest=(CRASH_REPORT_NO_BACKTRACE, 37))
        self.assertSummary(run, 7, 1)
        self.assertIn("not ok crashtest: call trace in order\n", run[1])
        self.assertIn("then no later line names crashtest_run+0x", run[1])

    def test_crash_wrong_status(self):
        run = self.run_runner(crashtest=(GRUB_OUTPUT, 0))
        self.assertSummary(run, 0, 8)
        self.assertIn("not ok crashtest: QEMU exited 0: guest reset (triple "
                      "fault?); expected 37: kernel panic\n", run[1])

    # ---- usertests, on aspace and on Linux ----------------------------------

    def run_user(self, aspace, status=33, linux=USERTESTS_LINUX,
                 linux_status=0):
        return self.run_runner(user=(aspace, status, (linux, linux_status)))

    def test_user_same_as_linux(self):
        run = self.run_user(usertests_aspace())
        # Linux: 3 (one skipped); aspace: 4, and one for the comparison.
        self.assertSummary(run, 3 + 4 + 1, 0)
        out = run[1]
        self.assertLess(out.index("== user/linux:"), out.index("== user:"))
        self.assertIn("ok user/linux: zero_page # SKIP only on aspace\n", out)
        self.assertIn("ok user: zero_page\n", out)
        self.assertIn("ok user: the 3 cases Linux runs end the same way\n",
                      out)
        for log in ("user.log", "user/linux.log"):
            self.assertTrue(os.path.exists(
                os.path.join(self.build, "logs", log)), log)

    def test_user_result_differs_from_linux(self):
        run = self.run_user(usertests_aspace(kill="not ok", init_status=1))
        self.assertSummary(run, 3 + 3, 2)
        self.assertIn("not ok user: kill_null_read\n", run[1])
        self.assertIn("not ok user: kill_null_read differs from Linux: not ok "
                      "on aspace, ok on Linux\n", run[1])

    def test_user_output_differs_from_linux(self):
        run = self.run_user(usertests_aspace(printf_line="-42 8"))
        self.assertSummary(run, 3 + 4, 1)
        self.assertIn("not ok user: musl_printf differs from Linux: prints "
                      "other lines\n", run[1])
        self.assertIn("    -# musl_printf: -42 7\n"
                      "    +# musl_printf: -42 8\n", run[1])

    def test_user_aspace_only_case_not_compared(self):
        run = self.run_user(usertests_aspace(zero_page="not ok",
                                             init_status=1))
        self.assertSummary(run, 3 + 3 + 1, 1)
        self.assertIn("not ok user: zero_page\n"
                      "    # zero_page: frames taken: 33 reading 16384 "
                      "pages\n", run[1])

    def test_user_status_contradicts_results(self):
        run = self.run_user(usertests_aspace(kill="not ok", init_status=0))
        self.assertSummary(run, 3 + 3, 3)
        self.assertIn("not ok user: usertests exited 0 although 1 of 4 tests "
                      "failed\n", run[1])

    def test_user_killed_by_signal(self):
        aspace = (usertests_aspace().split("# musl_printf")[0] +
                  "aspace: init exited with status 139\r\n")
        run = self.run_user(aspace)
        self.assertSummary(run, 3 + 3 + 1, 1)
        self.assertIn("not ok user: usertests killed by SIGSEGV (init's "
                      "status 139) after 3 of 4 results\n", run[1])

    def test_user_no_init_line(self):
        aspace = usertests_aspace().split("aspace: init")[0]
        run = self.run_user(aspace)
        self.assertSummary(run, 3 + 4 + 1, 1)
        self.assertIn("not ok user: QEMU exited 33 but the kernel never said "
                      "'aspace: init exited'", run[1])

    def test_user_panic(self):
        aspace = (usertests_aspace().split("ok 4")[0] +
                  serial("Kernel panic: BUG at kernel/fork.c:10\n"))
        run = self.run_user(aspace, status=37)
        self.assertSummary(run, 3 + 3 + 1, 1)
        self.assertIn("not ok user: QEMU exited 37: kernel panic after 3 of 4 "
                      "results\n", run[1])
        self.assertIn("| Kernel panic: BUG at kernel/fork.c:10\n", run[1])

    def test_user_fails_on_linux(self):
        linux = USERTESTS_LINUX.replace("ok 3", "not ok 3")
        run = self.run_user(usertests_aspace(), linux=linux, linux_status=1)
        self.assertSummary(run, 2 + 4, 2)
        self.assertIn("not ok user/linux: kill_null_read\n", run[1])
        self.assertIn("not ok user: kill_null_read differs from Linux: ok on "
                      "aspace, not ok on Linux\n", run[1])


def thread_section(pid, mm, users):
    """What the gdb session prints at one stop of the clone: the pid, then
    the start of the `mm` helper's output."""
    return [f"pid {pid}", f"mm {mm:#x} (pid 120 usertests)",
            f"  mm_users {users}, mm_count 1", "  map_count 6 (on the list: 6)"]


class GdbThreadsCheckTest(unittest.TestCase):
    """check_threads on the sections the session prints around a clone."""

    MM = 0xffff88800013c118

    def judge(self, users=(1, 2, 2, 1), child_mm=MM, child_pid=121):
        stops = ("before", "parent", "child", "after")
        sections = {f"threads-{stop}": thread_section(
                        child_pid if stop == "child" else 120,
                        child_mm if stop == "child" else self.MM, n)
                    for stop, n in zip(stops, users)}
        [result] = check_threads(sections)
        return result

    def test_shared_mm_one_more_user(self):
        self.assertTrue(self.judge().ok)

    def test_leaked_user(self):
        result = self.judge(users=(1, 3, 3, 2))
        self.assertFalse(result.ok)
        self.assertIn("mm_users 1 -> 3 -> 3 -> 2 (before, parent, child, "
                      "after), expected 1 -> 2 -> 2 -> 1", result.diagnostics)

    def test_child_has_a_copy(self):
        result = self.judge(users=(1, 1, 1, 1), child_mm=self.MM + 0x348)
        self.assertFalse(result.ok)
        self.assertTrue(any(line.startswith("not one mm_struct: ")
                            for line in result.diagnostics), result)

    def test_child_is_the_parent(self):
        self.assertFalse(self.judge(child_pid=120).ok)

    def test_no_output(self):
        sections = {f"threads-{stop}": [] for stop in
                    ("before", "parent", "child", "after")}
        self.assertFalse(check_threads(sections)[0].ok)


class ToolsRunTest(unittest.TestCase):
    """tools/run, which `make run` calls, on the fake QEMU."""

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="tools_run_selftest.")
        self.addCleanup(shutil.rmtree, self.tmp)

    def run_tool(self, log, status, timeout=30, stdin=""):
        """Runs tools/run on a run.iso whose console shows log and whose
        QEMU exits with status, with stdin piped in. Returns (exit status,
        stdout, stderr)."""
        log_file = os.path.join(self.tmp, "serial")
        with open(log_file, "w", newline="") as f:
            f.write(log)
        qemu = [sys.executable, FAKE_QEMU, "--case", "run.iso", log_file,
                str(status)]
        proc = subprocess.run(
            [sys.executable, TOOLS_RUN, "--qemu", shlex.join(qemu),
             "--timeout", str(timeout), os.path.join(self.tmp, "run.iso")],
            input=stdin, capture_output=True, text=True, timeout=30)
        return proc.returncode, proc.stdout, proc.stderr

    def test_output_and_status(self):
        status, out, err = self.run_tool(serial("""\
aspace 0.1 (x86-64): a teaching kernel
hello, world
aspace: init exited with status 3
$ """), 33)
        self.assertEqual(status, 3, err)
        self.assertEqual(out, "aspace 0.1 (x86-64): a teaching kernel\n"
                              "hello, world\n"
                              "aspace: init exited with status 3\n$ ")

    def test_input_waits_for_the_kernel(self):
        # Given to QEMU at once, GRUB took the first byte for a key.
        status, out, err = self.run_tool(
            serial("aspace 0.1 (x86-64): a teaching kernel\n"), "input",
            stdin="echo hello\n")
        self.assertEqual(status, 0, err)
        self.assertIn("input: echo hello\n", out)

    def test_grub_error_shown(self):
        log = GRUB_OUTPUT.replace("  Booting", "error: file not found.\r\n"
                                               "  Booting")
        status, out, err = self.run_tool(log, 33)
        self.assertEqual(status, 125)
        self.assertEqual(out, "error: file not found.\n")
        self.assertIn("run: the kernel powered off without reporting init's "
                      "exit", err)

    def test_signal_status(self):
        status, _, _ = self.run_tool(serial(
            "Segmentation fault\naspace: init exited with status 139\n"), 33)
        self.assertEqual(status, 139)

    def test_panic(self):
        status, out, err = self.run_tool(serial("Kernel panic: oops\n"), 37)
        self.assertEqual(status, 125)
        self.assertIn("Kernel panic: oops\n", out)
        self.assertIn("run: kernel panic", err)

    def test_timeout(self):
        start = time.monotonic()
        status, _, err = self.run_tool(serial("$ "), "hang", timeout=1)
        self.assertLess(time.monotonic() - start, 10)
        self.assertEqual(status, 124)
        self.assertIn("run: timed out after 1 s", err)


if __name__ == "__main__":
    unittest.main()
