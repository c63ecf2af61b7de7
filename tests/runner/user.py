"""
The user-space tests, user/usertests, run twice: as the suite user/linux
on this Linux, which serves as the oracle, and as the suite user on
aspace, where usertests.iso runs them as init. The cases Linux runs (it
skips those that need aspace) must end the same way on both, and those
that pass must print the same diagnostics; each difference is a failure.
"""

import difflib
import os
import re

from .common import (EXIT_PASSED, describe_qemu_exit, describe_signal,
                     ktap_results, run_host_suite)
from .ktap import Result, parse_ktap

# The kernel's last line when init exits, before it powers off: init's exit
# status, 128 + the signal's number if a signal killed it.
INIT_EXITED = re.compile(r"^aspace: init exited with status (\d+)\s*$")


def describe_init_exit(code):
    """What init's exit status says about usertests, in words."""
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


def run_linux_suite(build, timeout):
    """usertests run on this Linux, as the suite user/linux: its results
    count, and its output is what compare_with_linux holds the user
    suite's to."""
    return run_host_suite(os.path.join(build, "user", "usertests"), build,
                          timeout, name="user/linux")
