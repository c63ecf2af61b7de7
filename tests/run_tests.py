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
              checked against CRASHTEST_EXPECTATIONS below.
  gdb         BUILD/usertests.iso booted halted, and gdb attached as `make
              gdb` does it: the session stops at kernel_main, then in a
              fork and an mmap of usertests, and checks what the helpers
              of tools/gdb show there against what the kernel says.
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
BUILD/logs/user/linux.log, the gdb session's as BUILD/logs/gdb.log.
"""

import argparse
import concurrent.futures
import difflib
import os
import re
import shlex
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field


# ---- what the crash test must show ------------------------------------------

@dataclass
class Matches:
    """Some line of the serial log matches regex."""
    name: str
    regex: str

    def check(self, lines):
        """Returns the diagnostics of a failure: empty if it passed."""
        if any(re.search(self.regex, line) for line in lines):
            return []
        return [f"no line of the output matches /{self.regex}/"]


@dataclass
class InOrder:
    """A line matching header is followed, on later lines, by lines
    containing each of items, in this order (a backtrace, innermost
    frame first)."""
    name: str
    header: str
    items: list

    def check(self, lines):
        start = next((i for i, line in enumerate(lines)
                      if re.search(self.header, line)), None)
        if start is None:
            return [f"no line of the output matches /{self.header}/"]
        found = []
        pos = start + 1
        for item in self.items:
            hit = next((i for i in range(pos, len(lines)) if item in lines[i]),
                       None)
            if hit is None:
                if found:
                    missing = (f"found {', '.join(found)}, then no later "
                               f"line names {item}")
                else:
                    missing = f"no line after it names {item}"
                return [f"after /{self.header}/ expected, in order: "
                        f"{', '.join(self.items)}", missing]
            found.append(item)
            pos = hit + 1
        return []


# The panic report of the NULL write in crashtest_write_null(), called from
# crashtest_run(), called from kernel_main(). Each entry is one test result,
# so a report that lacks a part shows which.
CRASHTEST_EXPECTATIONS = [
    Matches("panic headline", r"Kernel panic.*page fault"),
    Matches("decoded #PF error code",
            r"#PF error 0x[0-9a-f]+: .*not-present.*write.*kernel"),
    Matches("faulting address CR2 is 0", r"CR2[=:] *0x0+\b"),
    Matches("RIP symbolized", r"RIP.*crashtest_write_null\+0x[0-9a-f]+"),
    InOrder("call trace in order", r"Call trace:",
            ["crashtest_write_null+0x", "crashtest_run+0x", "kernel_main+0x"]),
    Matches("RAX dumped", r"RAX[=:] *0x[0-9a-f]{16}"),
    Matches("CR3 dumped", r"CR3[=:] *0x[0-9a-f]+"),
]

# The kernel ends a run by writing a byte to the isa-debug-exit port, and
# QEMU then exits with (byte << 1) | 1.
EXIT_PASSED = (0x10 << 1) | 1
EXIT_FAILED = (0x11 << 1) | 1
EXIT_PANIC = (0x12 << 1) | 1
QEMU_EXIT_MEANINGS = {
    EXIT_PASSED: "all tests passed",
    EXIT_FAILED: "tests failed",
    EXIT_PANIC: "kernel panic",
    # Under -no-reboot a reset ends QEMU normally; the kernel never resets
    # on purpose, so this is nearly always a triple fault.
    0: "guest reset (triple fault?)",
}

# The kernel's last line when init exits, before it powers off: init's exit
# status, 128 + the signal's number if a signal killed it.
INIT_EXITED = re.compile(r"^aspace: init exited with status (\d+)\s*$")

DEFAULT_QEMU = ("qemu-system-x86_64 -m 256M -smp 1 -no-reboot "
                "-device isa-debug-exit,iobase=0xf4,iosize=0x04 -accel tcg")
SUITE_KINDS = ("host", "kernel", "crashtest", "gdb", "user")

# How much of a log to quote under a failure; the saved log has it all.
MAX_QUOTED_LINES = 40


# ---- reading KTAP -----------------------------------------------------------

# GRUB draws its menu with terminal escape sequences and ends lines with
# "\r\n", sometimes "\r" at the start of the next line: remove both, and
# any other control character, so that KTAP lines start at column 0.
ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]")
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")

KTAP_HEADER = re.compile(r"^KTAP version \d+\s*$")
KTAP_PLAN = re.compile(r"^1\.\.(\d+)\s*$")
KTAP_RESULT = re.compile(r"^(ok|not ok) (\d+)(?: (.*?))?\s*$")
# A directive after the name: "ok 4 zero_page # SKIP only on aspace".
KTAP_SKIP = re.compile(r"^(.*?)\s*#\s*SKIP\b\s*(.*)$", re.IGNORECASE)


def clean_lines(data):
    """Splits raw console output into lines of plain text."""
    text = ANSI_ESCAPE.sub("", data.decode("utf-8", errors="replace"))
    return [CONTROL_CHARS.sub("", line) for line in text.split("\n")]


@dataclass
class Result:
    name: str
    ok: bool
    diagnostics: list = field(default_factory=list)
    skip: str = None         # why KTAP says the test was skipped

    @property
    def counts_as_passed(self):
        return self.ok and self.skip is None


@dataclass
class Ktap:
    """The top-level KTAP found in some output, and what is wrong with its
    structure. Other lines (kernel log, sanitizer reports) may surround it."""
    started: bool = False
    plan: int = None
    results: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    # Index of the line after the last KTAP line: what follows is what the
    # program printed when it stopped (a panic, a sanitizer report).
    end: int = 0

    @property
    def failed(self):
        return sum(not r.ok for r in self.results)

    @property
    def complete(self):
        return (self.plan is not None and len(self.results) == self.plan
                and not self.problems)

    @property
    def progress(self):
        """How far the output got, for a failure's reason."""
        if not self.started:
            return "with no KTAP output"
        if self.plan is None:
            if self.results:
                return f"with {len(self.results)} results but no KTAP plan"
            return "with no KTAP plan"
        return f"after {len(self.results)} of {self.plan} results"


def parse_ktap(lines):
    ktap = Ktap()
    # Non-KTAP lines since the last KTAP line: a test's "# ..." diagnostics,
    # which KTAP puts before its result line, and any kernel log between.
    pending = []
    for i, line in enumerate(lines):
        if KTAP_HEADER.match(line):
            if ktap.started:
                ktap.problems.append("KTAP output started over")
            ktap.started = True
            ktap.end = i + 1
            pending = []
            continue
        if not ktap.started:
            continue
        plan = KTAP_PLAN.match(line)
        result = KTAP_RESULT.match(line)
        if plan:
            if ktap.plan is not None or ktap.results:
                ktap.problems.append(f"misplaced plan '{line.strip()}'")
            else:
                ktap.plan = int(plan.group(1))
        elif result:
            number = int(result.group(2))
            expected = len(ktap.results) + 1
            if ktap.plan is None and not ktap.results:
                ktap.problems.append("results before the plan")
            if number != expected:
                ktap.problems.append(
                    f"result numbered {number} where {expected} was due")
            if ktap.plan is not None and expected == ktap.plan + 1:
                ktap.problems.append(
                    f"more results than the plan's {ktap.plan}")
            name, skip = split_skip(result.group(3) or f"test {number}")
            ktap.results.append(Result(
                name=name, ok=result.group(1) == "ok",
                diagnostics=quote_tail(pending, indent=""), skip=skip))
        else:
            if line.strip():
                pending.append(line.strip())
            continue
        ktap.end = i + 1
        pending = []
    return ktap


def split_skip(text):
    """A result's name, and the reason given with a SKIP directive, if any
    (None if there is none)."""
    skip = KTAP_SKIP.match(text)
    if not skip:
        return text, None
    return skip.group(1), skip.group(2)


def quote_tail(lines, indent="| "):
    """The last MAX_QUOTED_LINES non-blank lines, for a diagnostic."""
    lines = [line.rstrip() for line in lines if line.strip()]
    quoted = [indent + line for line in lines[-MAX_QUOTED_LINES:]]
    if len(lines) > MAX_QUOTED_LINES:
        quoted.insert(0, f"({len(lines) - MAX_QUOTED_LINES} earlier lines "
                         "in the log)")
    return quoted


def verdict(exit_text, claims_pass, ktap):
    """Why a suite failed beyond its own test results, or None if it
    did not. exit_text says how the program ended; claims_pass is what its
    exit status says about the tests (None: it did not end normally)."""
    if claims_pass is None or not ktap.complete:
        reason = f"{exit_text} {ktap.progress}"
    elif ktap.plan == 0:
        reason = f"{exit_text} but ran no tests (KTAP plan 1..0)"
    elif claims_pass and ktap.failed:
        reason = (f"{exit_text} although {ktap.failed} of {ktap.plan} "
                  "tests failed")
    elif not claims_pass and not ktap.failed:
        reason = f"{exit_text} although all {ktap.plan} tests passed"
    else:
        return None
    if ktap.problems:
        reason += " (" + "; ".join(ktap.problems) + ")"
    return reason


# ---- running programs -------------------------------------------------------

# Process groups still running, so that Ctrl-C can end them: they are in
# groups of their own, which the terminal's SIGINT does not reach.
running_groups = set()
running_lock = threading.Lock()


def kill_group(pgid):
    try:
        os.killpg(pgid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def kill_running():
    with running_lock:
        for pgid in running_groups:
            kill_group(pgid)


def run_command(argv, timeout):
    """Runs argv with no stdin, in a process group of its own so that a
    timeout can kill everything it started. Returns (status, output):
    status is None if it timed out; output is stdout and stderr together,
    in the order written. Raises OSError if it cannot be started."""
    proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            start_new_session=True)
    with running_lock:
        running_groups.add(proc.pid)
    try:
        output, _ = proc.communicate(timeout=timeout)
        return proc.returncode, output
    except subprocess.TimeoutExpired:
        kill_group(proc.pid)
        output, _ = proc.communicate()
        return None, output
    finally:
        with running_lock:
            running_groups.discard(proc.pid)


def describe_signal(status):
    try:
        return signal.Signals(-status).name
    except ValueError:
        return f"signal {-status}"


# ---- suites -----------------------------------------------------------------

@dataclass
class Suite:
    name: str
    what: str                # what ran: a program or an ISO
    results: list
    log_path: str = None     # the saved output, named when the suite fails
    output: list = field(default_factory=list)   # for -v

    @property
    def passed(self):
        return all(r.ok for r in self.results)


def could_not_run(name, what, why):
    return Suite(name, what, [Result(f"could not run: {why}", False)])


def run_host_suite(program, build, timeout, name=None):
    """Runs a program that prints KTAP as suite name, by default
    host/PROGRAM; its output is saved as BUILD/logs/NAME.log."""
    name = name or "host/" + os.path.basename(program)
    log_path = os.path.join(build, "logs", name + ".log")
    try:
        # abspath: a bare name must not be looked up in $PATH.
        status, output = run_command([os.path.abspath(program)], timeout)
    except OSError as e:
        return could_not_run(name, program, f"{program}: {e.strerror}")
    os.makedirs(os.path.dirname(log_path), exist_ok=True)
    with open(log_path, "wb") as f:
        f.write(output)

    lines = clean_lines(output)
    ktap = parse_ktap(lines)
    # The harness exits 0 if every test passed and 1 if some failed; a
    # sanitizer's report also exits 1, which the results then contradict.
    if status is None:
        exit_text, claims_pass = f"timed out ({timeout:g} s)", None
    elif status < 0:
        exit_text, claims_pass = f"killed by {describe_signal(status)}", None
    else:
        exit_text = f"exited {status}"
        claims_pass = {0: True, 1: False}.get(status)
    reason = verdict(exit_text, claims_pass, ktap)
    results = list(ktap.results)
    if reason:
        results.append(Result(reason, False, quote_tail(lines[ktap.end:])))
    return Suite(name, program, results, log_path, lines)


def boot(qemu, iso, log_path, timeout):
    """Boots iso with the serial port logged to log_path. Returns (status,
    what QEMU itself printed, the serial log's lines)."""
    # A log left by an earlier run must not pass for this run's.
    if os.path.exists(log_path):
        os.remove(log_path)
    os.makedirs(os.path.dirname(log_path), exist_ok=True)
    # No display and no monitor: QEMU must neither open a window nor take
    # over the terminal.
    argv = shlex.split(qemu) + ["-cdrom", iso, "-display", "none",
                                "-monitor", "none",
                                "-serial", "file:" + log_path]
    status, qemu_output = run_command(argv, timeout)
    try:
        with open(log_path, "rb") as f:
            serial = f.read()
    except FileNotFoundError:
        serial = b""
    return status, clean_lines(qemu_output), clean_lines(serial)


def describe_qemu_exit(status, timeout):
    if status is None:
        return f"QEMU timed out ({timeout:g} s)"
    if status < 0:
        return f"QEMU killed by {describe_signal(status)}"
    if status not in QEMU_EXIT_MEANINGS:
        return f"QEMU exited {status} (unexpected)"
    return f"QEMU exited {status}: {QEMU_EXIT_MEANINGS[status]}"


def qemu_diagnostics(qemu_lines, log_lines):
    """What to show under a failed boot: QEMU's own complaints, then the
    end of the serial log."""
    quoted = [f"qemu: {line}" for line in qemu_lines if line.strip()]
    if any(line.strip() for line in log_lines):
        quoted.append("end of the serial log:")
        quoted += quote_tail(log_lines)
    return quoted


def run_boot_suite(name, iso_file, judge, qemu, build, timeout):
    """Boots BUILD/iso_file as suite name, its serial log saved as
    BUILD/logs/NAME.log; judge(status, qemu_lines, serial_lines, timeout)
    turns how the boot went into test results."""
    iso = os.path.join(build, iso_file)
    log_path = os.path.join(build, "logs", name + ".log")
    if not os.path.exists(iso):
        return could_not_run(name, iso, f"{iso} not found (make test "
                                        "builds it)")
    try:
        status, qemu_lines, lines = boot(qemu, iso, log_path, timeout)
    except OSError as e:
        return could_not_run(name, iso, f"{qemu}: {e.strerror}")
    results = judge(status, qemu_lines, lines, timeout)
    return Suite(name, iso, results, log_path, lines)


def ktap_results(ktap, exit_text, claims_pass, qemu_lines, lines):
    """The KTAP results of a boot, and a failure if the run stopped short or
    its exit status contradicts them."""
    reason = verdict(exit_text, claims_pass, ktap)
    results = list(ktap.results)
    if reason:
        results.append(Result(reason, False, qemu_diagnostics(
            qemu_lines, lines[ktap.end:])))
    return results


def judge_kernel(status, qemu_lines, lines, timeout):
    claims_pass = {EXIT_PASSED: True, EXIT_FAILED: False}.get(status)
    return ktap_results(parse_ktap(lines), describe_qemu_exit(status, timeout),
                        claims_pass, qemu_lines, lines)


def describe_init_exit(code):
    if code > 128:
        return (f"usertests killed by {describe_signal(128 - code)} "
                f"(init's status {code})")
    return f"usertests exited {code}"


def judge_user(status, qemu_lines, lines, timeout):
    """usertests runs as init, which the kernel reports exiting before it
    powers off (QEMU exits 33): that exit status must agree with the
    results."""
    codes = [int(m.group(1)) for m in map(INIT_EXITED.match, lines) if m]
    if status == EXIT_PASSED and codes:
        exit_text = describe_init_exit(codes[-1])
        claims_pass = {0: True, 1: False}.get(codes[-1])
    elif status == EXIT_PASSED:
        exit_text = (f"QEMU exited {status} but the kernel never said "
                     "'aspace: init exited'")
        claims_pass = None
    else:
        exit_text, claims_pass = describe_qemu_exit(status, timeout), None
    return ktap_results(parse_ktap(lines), exit_text, claims_pass,
                        qemu_lines, lines)


def printed(result):
    """What a case printed itself: its KTAP diagnostic lines, without the
    kernel's lines that came out between them."""
    return [line for line in result.diagnostics if line.startswith("#")]


def compare_with_linux(aspace_lines, linux_lines):
    """A failure for each case Linux ran that ended otherwise on aspace, or
    passed on both but printed something else; if there is none, one result
    that says so, unless no case ran on both."""
    linux = {r.name: r for r in parse_ktap(linux_lines).results
             if r.skip is None}
    differences, compared = [], 0
    for ours in parse_ktap(aspace_lines).results:
        theirs = linux.get(ours.name)
        if theirs is None:
            continue
        compared += 1
        if ours.ok != theirs.ok:
            # Each side's diagnostics are under its own result already.
            word = {True: "ok", False: "not ok"}
            differences.append(Result(
                f"{ours.name} differs from Linux: {word[ours.ok]} on "
                f"aspace, {word[theirs.ok]} on Linux", False))
        elif ours.ok and printed(ours) != printed(theirs):
            differences.append(Result(
                f"{ours.name} differs from Linux: prints other lines", False,
                list(difflib.unified_diff(printed(theirs), printed(ours),
                                          "Linux", "aspace", lineterm="",
                                          n=0))))
    if differences or compared == 0:
        # Nothing compared: a run stopped short, which is a failure already.
        return differences
    return [Result(f"the {compared} cases Linux runs end the same way",
                   True)]


def judge_crashtest(status, qemu_lines, lines, timeout):
    """A result for the exit status, and one for each of
    CRASHTEST_EXPECTATIONS. The report is checked even when the status is
    wrong: a partial report shows how far the panic got."""
    exit_text = describe_qemu_exit(status, timeout)
    if status == EXIT_PANIC:
        results = [Result(exit_text, True)]
    else:
        results = [Result(
            f"{exit_text}; expected {EXIT_PANIC}: kernel panic", False,
            qemu_diagnostics(qemu_lines, lines))]
    for expectation in CRASHTEST_EXPECTATIONS:
        diagnostics = expectation.check(lines)
        results.append(Result(expectation.name, not diagnostics, diagnostics))
    return results


# ---- the gdb suite ----------------------------------------------------------

# The gdb suite boots usertests.iso halted and drives one gdb session, as
# `make gdb` starts it, through a fork, a breakpoint in usertests itself
# and an mmap of usertests: at each stop it runs the helpers (tools/gdb/aspace) and then asks the kernel
# itself (find_vma, page_walk, nr_free_pages, validate_mm, SysRq's task
# list, all called from gdb) about the same moment. Each check compares
# the two. The kernel has no /proc yet: when it does, the maps and pmap
# checks should compare with /proc/PID/maps and user/pmap instead.
#
# Each part of the output is headed "@@ NAME" (gdb's echo), so that the
# checks find the output of one command.
GDB_SESSION = r"""
bt
delete
# A user process forks: the child's pages are its parent's, write-protected.
# (No condition on the breakpoint: gdb 13 cannot see p from where it stops,
# inside an inlined local_irq_save.)
break wake_up_new_task
continue
while current->mm == 0 || p->mm == current->mm
  continue
end
set $parent = current->pid
set $child = p->pid
set $touched = current->mm->start_stack
echo @@ cow-parent\n
pagewalk $touched $parent
echo @@ cow-child\n
pagewalk $touched $child
delete
# The parent goes back to user mode to wait: a breakpoint in usertests.
user-symbols $parent
break waitpid if $current()->pid == $parent
continue
echo @@ user-break\n
bt 3
delete
# A user program maps memory.
break do_mmap if mm == current->mm
continue
set $touched = current->mm->start_stack
echo @@ ps\n
ps
echo @@ vmas\n
vmas
echo @@ mm\n
mm
echo @@ pmap\n
pmap
echo @@ pagewalk\n
pagewalk $touched
echo @@ frames\n
frames
# What the kernel says, asked after the helpers (find_vma moves mmap_cache).
echo @@ kernel-pte\n
printf "%#lx %#lx\n", page_walk(current->mm->pgd, $touched, 0), page_walk(current->mm->pgd, $touched, 0)->pte
echo @@ kernel-areas\n
set $vma = find_vma(current->mm, 0)
while $vma
  printf "%lx %lx %#lx\n", $vma->vm_start, $vma->vm_end, $vma->vm_flags
  set $vma = find_vma(current->mm, $vma->vm_end)
end
echo @@ kernel-validate\n
call validate_mm(current->mm)
echo validate_mm returned\n
echo @@ kernel-free\n
printf "%lu\n", nr_free_pages()
set $order = 0
while $order < sizeof(zone.free_area) / sizeof(zone.free_area[0])
  printf "%u %lu\n", $order, nr_free_blocks($order)
  set $order = $order + 1
end
call sysrq_show_tasks()
echo @@ dmesg\n
dmesg
echo @@ end\n
kill
"""

# What the session must show once started like `make gdb`: it stopped at
# the kernel's C entry, with source lines and a backtrace into the boot
# code, and gdb loaded the helpers from kernel.elf-gdb.py by itself.
GDB_STARTUP_EXPECTATIONS = [
    Matches("stops at kernel_main", r"Breakpoint 1, kernel_main \(magic="),
    Matches("knows the source line", r"kernel/main\.c:\d+"),
    Matches("backtrace reaches the boot code",
            r"^#1 .*higher_half_entry \(\) at boot/entry\.asm"),
    Matches("helpers auto-loaded from kernel.elf-gdb.py",
            r"^aspace gdb helpers loaded"),
]
GDB_STARTUP = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                           "..", "tools", "gdb", "startup.gdb")

HEX = r"0x[0-9a-f]+"
MAPS_LINE = re.compile(r"^([0-9a-f]{8,})-([0-9a-f]{8,}) ([r-][w-][x-][ps]) "
                       r"[0-9a-f]{8} [0-9a-f]{2}:[0-9a-f]{2} \d+ *(.*)$")
VMA_FLAGS_LINE = re.compile(rf"^    vma {HEX} vm_flags ({HEX}) ")
# user/pmap.c's columns: start, (size), perms, (dev inode), name.
PMAP_LINE = re.compile(r"^([0-9a-f]{8,}) +\((\d+) KB\) +([r-][w-][x-][ps]) +"
                       r"\([0-9a-f]{2}:[0-9a-f]{2} \d+\) +(.+)$")
PMAP_TOTALS = re.compile(r"^mapped: (\d+) KB writable/private: (\d+) KB "
                         r"shared: (\d+) KB$")
PTE_LINE = re.compile(rf"^  PTE index +\d+  entry ({HEX}) = ({HEX})  (.*)$")
FRAME_LINE = re.compile(rf"^  frame ({HEX}) ")
PS_LINE = re.compile(rf"^[> ] +(\d+) +\d+ (\S+) +({HEX}) +{HEX} +(.*)$")
# SysRq t's lines in the log: pid tgid ppid state mm comm [(current)].
SYSRQ_TASK = re.compile(rf"^\[[ \d.]+\] +(\d+) +\d+ +\d+ +(\S+(?: sleep)?) "
                        rf"+({HEX}) (\S+)")
SYSRQ_STATES = {"running": "TASK_RUNNING", "sleeping": "TASK_INTERRUPTIBLE",
                "disk sleep": "TASK_UNINTERRUPTIBLE", "dead": "TASK_DEAD",
                "zombie": "EXIT_ZOMBIE"}
MAPS_TO_PMAP_NAMES = {"[heap]": "[ heap ]", "[stack]": "[ stack ]",
                      "": "[ anon ]"}


def gdb_sections(lines):
    """The session's output by part: {name: the lines after '@@ name'}."""
    sections, name = {}, None
    for line in lines:
        if line.startswith("@@ "):
            name = line[3:].strip()
            sections[name] = []
        elif name:
            sections[name].append(line)
    return sections


def matches(regex, lines):
    return [m for m in map(regex.match, lines) if m]


def check(name, problems):
    """One result: it passed if there were no problems to report."""
    return Result(name, not problems, problems)


def differ(what, ours, theirs, sources=("the helper", "the kernel")):
    """[] if ours == theirs, else what each source says, for a
    diagnostic."""
    if ours == theirs:
        return []
    return [f"{what}: {sources[0]} says {ours}",
            f"{what}: {sources[1]} says {theirs}"]


def vma_rows(section):
    """(start, end, perms, name, vm_flags) of each area `vmas` listed."""
    rows = []
    for line in section:
        area, flags = MAPS_LINE.match(line), VMA_FLAGS_LINE.match(line)
        if area:
            start, end, perms, name = area.groups()
            rows.append([int(start, 16), int(end, 16), perms, name, None])
        elif flags and rows:
            rows[-1][4] = int(flags.group(1), 16)
    return [tuple(row) for row in rows]


def check_vmas(s):
    vmas = vma_rows(s["vmas"])
    kernel = [tuple(int(word, 16) for word in line.split())
              for line in s["kernel-areas"] if line.strip()]
    listed = [(start, end, flags) for start, end, _, _, flags in vmas]
    return [
        check("vmas lists the areas that find_vma finds",
              differ("areas", listed, kernel) if vmas else
              ["vmas listed no area"]),
        check("vmas: list, tree, map_count and mmap_cache agree",
              [] if any(l.startswith("check: list, tree") and
                        l.endswith("agree") for l in s["vmas"])
              else ["no 'check: ... agree' line"] + s["vmas"][-5:]),
        check("validate_mm agrees",
              [] if "validate_mm returned" in s["kernel-validate"]
              else ["validate_mm did not return"] + s["kernel-validate"]),
    ]


def pmap_expected(vmas):
    """What pmap must print for these areas, and its totals line."""
    lines = [(f"{start:08x}", (end - start) >> 10, perms,
              MAPS_TO_PMAP_NAMES.get(name, name))
             for start, end, perms, name, _ in vmas]

    def kb(keep):
        return sum(end - start for start, end, perms, _, _ in vmas
                   if keep(perms)) >> 10
    totals = (kb(lambda p: True), kb(lambda p: p[1] == "w" and p[3] == "p"),
              kb(lambda p: p[3] == "s"))
    return lines, totals


def check_pmap(s):
    vmas = vma_rows(s["vmas"])
    lines, totals = pmap_expected(vmas)
    shown = [(start, int(kb), perms, name)
             for start, kb, perms, name in (m.groups() for m in
                                            matches(PMAP_LINE, s["pmap"]))]
    shown_totals = [tuple(map(int, m.groups()))
                    for m in matches(PMAP_TOTALS, s["pmap"])]
    header = [l for l in s["pmap"][:1] if re.match(r"^\d+:   \S", l)]
    problems = differ("areas", shown, lines, ("pmap", "vmas")) + \
        differ("totals", shown_totals, [totals], ("pmap", "vmas"))
    if not header:
        problems.append("no 'PID:   comm' header")
    return [check("pmap shows the areas and totals of vmas", problems)]


def mm_number(section, regex):
    found = matches(re.compile(regex), section)
    return int(found[0].group(1)) if found else None


def check_mm(s):
    vmas = vma_rows(s["vmas"])
    map_count = mm_number(s["mm"], r"^  map_count (\d+)")
    total_kb = mm_number(s["mm"], r"^  total_vm \d+ pages \((\d+) KB\)")
    mapped = [int(m.group(1)) for m in matches(PMAP_TOTALS, s["pmap"])]
    problems = differ("map_count", map_count, len(vmas), ("mm", "vmas")) + \
        differ("total_vm in KB", [total_kb], mapped, ("mm", "pmap"))
    if not any(re.search(r"\d+ hits, \d+ misses", l) for l in s["mm"]):
        problems.append("no mmap_cache hit rate")
    return [check("mm: map_count and total_vm agree with the areas",
                  problems)]


def check_pagewalk(s):
    def hex_words(words):
        return tuple(f"{int(word, 16):#x}" for word in words)
    walked = [hex_words(m.group(1, 2))
              for m in matches(PTE_LINE, s["pagewalk"])]
    kernel = [hex_words(line.split()) for line in s["kernel-pte"]
              if line.strip()]
    return [check("pagewalk reaches the pte the kernel's page_walk finds",
                  differ("pte address and value", walked, kernel))]


def check_cow(s):
    """After fork, the page both processes map: read-only in both, one
    frame with two references."""
    problems, frames = [], []
    for who in ("parent", "child"):
        section = s[f"cow-{who}"]
        pte = matches(PTE_LINE, section)
        frame = matches(FRAME_LINE, section)
        if not pte or not frame:
            problems.append(f"{who}: the walk reached no frame")
            continue
        frames.append(frame[0].group(1))
        if "RW" in pte[0].group(3).split():
            problems.append(f"{who}: the pte is writable: {pte[0].group(0)}")
        if not any("_refcount 2," in line for line in section):
            problems.append(f"{who}: the page's _refcount is not 2")
    if len(set(frames)) > 1:
        problems.append(f"parent and child map different frames: {frames}")
    if problems:
        problems += s["cow-parent"] + s["cow-child"]
    return [check("after fork, pagewalk shows the page copy-on-write in "
                  "both processes", problems)]


def check_user_break(s):
    """With the program's symbols loaded, a breakpoint in a user function
    stops there, and the backtrace reaches the program's source."""
    stopped = any(re.match(r"^#0 .*\bwaitpid \(", l) for l in s["user-break"])
    source = any(re.match(r"^#\d .* at user/usertests/\S+\.c:\d+", l)
                 for l in s["user-break"])
    return [check("user-symbols: a breakpoint in the user program stops "
                  "there", [] if stopped and source else s["user-break"])]


def check_frames(s):
    free = mm_number(s["frames"], r"^frames: (\d+) free")
    rows = [tuple(map(int, l.split()[:1] + l.split()[3:4]))
            for l in s["frames"] if re.match(r"^ +\d+ +\d+ KB +\d+ +\d+$", l)]
    kernel = [tuple(map(int, l.split())) for l in s["kernel-free"][1:]
              if l.strip()]
    problems = differ("free frames", [free], [int(s["kernel-free"][0])]) + \
        differ("(order, nr_free)", rows, kernel)
    if not any(l.startswith("check: every free list agrees") for l in
               s["frames"]):
        problems.append("the free-list check failed")
    return [check("frames agrees with nr_free_pages and nr_free_blocks",
                  problems)]


def check_ps(s):
    ours = {int(pid): (state, int(mm, 16), comm)
            for pid, state, mm, comm in (m.groups() for m in
                                         matches(PS_LINE, s["ps"]))}
    theirs = {int(pid): (SYSRQ_STATES.get(state, state), int(mm, 16), comm)
              for pid, state, mm, comm in (m.groups() for m in
                                           matches(SYSRQ_TASK, s["dmesg"]))}
    return [check("ps lists the tasks that SysRq t lists",
                  differ("tasks", ours, theirs) if ours else
                  ["ps listed no task"])]


def check_dmesg(s):
    """The log as dmesg read it at the end holds what SysRq t had just
    printed, timestamped."""
    header = [l for l in s["dmesg"] if re.match(r"^\[ *\d+\.\d{6}\] +pid "
                                                r"+tgid +ppid state", l)]
    return [check("dmesg shows the log up to the last message",
                  [] if header else ["no SysRq t header in dmesg"] +
                  quote_tail(s["dmesg"]))]


GDB_CHECKS = (check_cow, check_user_break, check_vmas, check_mm, check_pmap, check_pagewalk,
              check_frames, check_ps, check_dmesg)
GDB_SECTIONS = ("cow-parent", "cow-child", "user-break", "ps", "vmas", "mm", "pmap",
                "pagewalk", "frames", "kernel-pte", "kernel-areas",
                "kernel-validate", "kernel-free", "dmesg", "end")


def judge_gdb(lines):
    results = [Result(e.name, not e.check(lines), e.check(lines))
               for e in GDB_STARTUP_EXPECTATIONS]
    sections = gdb_sections(lines)
    missing = [name for name in GDB_SECTIONS if name not in sections]
    if missing:
        return results + [Result(
            f"the session stopped short: no output for {', '.join(missing)}",
            False, quote_tail(lines))]
    for checks in GDB_CHECKS:
        results += checks(sections)
    return results


def wait_for_socket(path, vm, deadline):
    """QEMU needs a moment before its stub listens."""
    while not os.path.exists(path):
        if vm.poll() is not None or time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def run_gdb_suite(qemu, build, timeout):
    """Boots usertests.iso halted with QEMU's gdb stub and runs GDB_SESSION
    in gdb's batch mode, started as `make gdb` starts it. The stub listens
    on a Unix socket in a directory of this run's own, not on a TCP port:
    parallel runs can never meet there."""
    iso, elf = (os.path.join(build, f) for f in ("usertests.iso",
                                                 "kernel.elf"))
    log_path = os.path.join(build, "logs", "gdb.log")
    if not os.path.exists(iso):
        return could_not_run("gdb", iso, f"{iso} not found (make test "
                                        "builds it)")
    with tempfile.TemporaryDirectory(prefix="aspace-gdb-") as scratch:
        socket_path = os.path.join(scratch, "gdb.sock")
        script = os.path.join(scratch, "session.gdb")
        with open(script, "w") as f:
            f.write(GDB_SESSION)
        qemu_argv = shlex.split(qemu) + [
            "-cdrom", iso, "-display", "none", "-monitor", "none",
            "-serial", "null", "-S",
            "-gdb", f"unix:{socket_path},server=on,wait=off"]
        gdb_argv = ["gdb", "-q", "-nx", "-batch", "-iex",
                    "add-auto-load-safe-path " +
                    os.path.abspath(elf) + "-gdb.py",
                    elf, "-ex", f"target remote {socket_path}",
                    "-x", GDB_STARTUP, "-x", script]
        try:
            vm = subprocess.Popen(qemu_argv, stdin=subprocess.DEVNULL,
                                  stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL,
                                  start_new_session=True)
        except OSError as e:
            return could_not_run("gdb", iso, f"{qemu}: {e.strerror}")
        try:
            if not wait_for_socket(socket_path, vm,
                                   time.monotonic() + timeout):
                return could_not_run("gdb", iso, "QEMU's gdb stub never "
                                                 "listened")
            status, output = run_command(gdb_argv, timeout)
        except OSError as e:
            return could_not_run("gdb", iso, f"gdb: {e.strerror}")
        finally:
            kill_group(vm.pid)
            vm.wait()
    os.makedirs(os.path.dirname(log_path), exist_ok=True)
    with open(log_path, "wb") as f:
        f.write(output)
    lines = clean_lines(output)
    results = judge_gdb(lines)
    if status is None:
        results.append(Result(f"gdb timed out ({timeout:g} s)", False))
    return Suite("gdb", iso, results, log_path, lines)


# ---- reporting --------------------------------------------------------------

def print_suite(suite, verbose):
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
                linux = run_host_suite(
                    os.path.join(args.build, "user", "usertests"),
                    args.build, args.timeout_host, name="user/linux")
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
