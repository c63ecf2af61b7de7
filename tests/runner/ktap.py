"""
Reading KTAP, the format in which every suite reports its tests: the
kernel and usertests on the serial port, the host programs on stdout.
The KTAP is found among other lines (GRUB's screen, the kernel's log, a
sanitizer's report), and what is wrong with its structure is kept, so
that a run which stopped short can say how far it got.
"""

import re
from dataclasses import dataclass, field

# How much of a log to quote under a failure; the saved log has it all.
MAX_QUOTED_LINES = 40

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
    """One test's outcome, whatever reported it: a KTAP line, or the runner
    itself for a suite that failed as a whole or a check of its own."""
    name: str
    ok: bool
    diagnostics: list = field(default_factory=list)
    skip: str = None         # why KTAP says the test was skipped

    @property
    def counts_as_passed(self):
        """A skipped test is ok, but counts neither as passed nor failed."""
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
    """The top-level KTAP in lines; each result carries the "# ..." lines
    printed before it as its diagnostics."""
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

