"""
The suites of the kernel itself, each one boot of an ISO: `kernel`, where
the kernel runs its KTEST cases and reports them as KTAP, and
`crashtest`, where it writes through a NULL pointer on purpose and must
panic with a report that names the faulting functions.
"""

from .common import (EXIT_FAILED, EXIT_PANIC, EXIT_PASSED, InOrder, Matches,
                     check, describe_qemu_exit, ktap_results,
                     qemu_diagnostics)
from .ktap import Result, parse_ktap

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


def judge_kernel(status, qemu_lines, lines, timeout):
    """The KTEST results; the kernel's exit code says whether all passed,
    which must agree with them."""
    claims_pass = {EXIT_PASSED: True, EXIT_FAILED: False}.get(status)
    return ktap_results(parse_ktap(lines), describe_qemu_exit(status, timeout),
                        claims_pass, qemu_lines, lines)


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
        results.append(check(expectation.name, expectation.check(lines)))
    return results
