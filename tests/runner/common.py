"""
What every suite shares: running a program or a QEMU boot so that a
timeout or Ctrl-C can end all of it, the Suite that a run of one becomes,
expectations on the lines of a log, and the two ways a suite runs that
more than one kind of suite uses: a program that prints KTAP (the host
programs, usertests on Linux) and an ISO booted in QEMU whose serial log
a judge turns into results (kernel, crashtest, user).
"""

import os
import re
import shlex
import signal
import subprocess
import threading
from dataclasses import dataclass, field

from .ktap import Result, clean_lines, parse_ktap, quote_tail, verdict


# ---- running programs -------------------------------------------------------

# Process groups still running, so that Ctrl-C can end them: they are in
# groups of their own, which the terminal's SIGINT does not reach.
running_groups = set()
running_lock = threading.Lock()


def kill_group(pgid):
    """Kills a process group, which may have ended by itself already."""
    try:
        os.killpg(pgid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def kill_running():
    """Ends every program still running, on Ctrl-C."""
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
    """The name of the signal that killed a process (status -N)."""
    try:
        return signal.Signals(-status).name
    except ValueError:
        return f"signal {-status}"


# ---- suites -----------------------------------------------------------------

@dataclass
class Suite:
    """One suite's run: printed as a block of results, and counted."""
    name: str
    what: str                # what ran: a program or an ISO
    results: list
    log_path: str = None     # the saved output, named when the suite fails
    output: list = field(default_factory=list)   # for -v

    @property
    def passed(self):
        return all(r.ok for r in self.results)


def could_not_run(name, what, why):
    """A suite that never ran: one failure, so that it cannot pass."""
    return Suite(name, what, [Result(f"could not run: {why}", False)])


def iso_missing(name, iso):
    """The suite, which boots iso, if iso was not built; else None."""
    if os.path.exists(iso):
        return None
    return could_not_run(name, iso, f"{iso} not found (make test builds it)")


def save_log(log_path, output):
    """Keeps a program's whole output, which failures only quote."""
    os.makedirs(os.path.dirname(log_path), exist_ok=True)
    with open(log_path, "wb") as f:
        f.write(output)


def check(name, problems):
    """One result: it passed if there were no problems to report."""
    return Result(name, not problems, problems)


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
    save_log(log_path, output)

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


# ---- expectations on a log --------------------------------------------------

@dataclass
class Matches:
    """Some line of the output matches regex."""
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
        """Returns the diagnostics of a failure: empty if it passed."""
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


# ---- booting QEMU -----------------------------------------------------------

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
    """How QEMU ended, in words, for a result's name."""
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
    missing = iso_missing(name, iso)
    if missing:
        return missing
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

