"""
The checks of the gdb suite: most read the output of the gdb helpers
(tools/gdb/aspace) at one stop of the session and compare it with what
the kernel itself said for the same moment: asked from gdb (find_vma,
page_walk, nr_free_pages, validate_mm, SysRq's task list), or printed on
the console just before by the probe, user/gdbprobe (/proc/PID/maps,
pmap, /proc/PID/status, /proc/vmstat). The threads check follows one
mm_struct across the stops of a clone. The output comes in sections, the
lines after each "@@ NAME" that the session echoes or the probe prints;
every check takes them as a dict {name: lines}.
"""

import difflib
import re

from .common import check
from .ktap import quote_tail

HEX = r"0x[0-9a-f]+"
MAPS_LINE = re.compile(r"^([0-9a-f]{8,})-([0-9a-f]{8,}) [r-][w-][x-][ps] "
                       r"[0-9a-f]{8} [0-9a-f]{2}:[0-9a-f]{2} \d+ *.*$")
VMA_FLAGS_LINE = re.compile(rf"^    vma {HEX} vm_flags ({HEX}) ")
PTE_LINE = re.compile(rf"^  PTE index +\d+  entry ({HEX}) = ({HEX})  (.*)$")
FRAME_LINE = re.compile(rf"^  frame ({HEX}) ")
PS_LINE = re.compile(rf"^[> ] +(\d+) +\d+ (\S+) +({HEX}) +{HEX} +(.*)$")
# SysRq t's lines in the log: pid tgid ppid state mm comm [(current)].
SYSRQ_TASK = re.compile(rf"^\[[ \d.]+\] +(\d+) +\d+ +\d+ +(\S+(?: sleep)?) "
                        rf"+({HEX}) (\S+)")
SYSRQ_STATES = {"running": "TASK_RUNNING", "sleeping": "TASK_INTERRUPTIBLE",
                "disk sleep": "TASK_UNINTERRUPTIBLE", "dead": "TASK_DEAD",
                "zombie": "EXIT_ZOMBIE"}
# The `mm` helper's first two lines: which mm_struct, and its users (a
# pattern for mm_number).
MM_HEADER = re.compile(rf"^mm ({HEX}) ")
MM_USERS = r"^  mm_users (\d+), "


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
    """The match of regex at the start of each line it matches."""
    return [m for m in map(regex.match, lines) if m]


def differ(what, ours, theirs, sources=("the helper", "the kernel")):
    """[] if ours == theirs, else what each source says, for a
    diagnostic."""
    if ours == theirs:
        return []
    return [f"{what}: {sources[0]} says {ours}",
            f"{what}: {sources[1]} says {theirs}"]


def vma_rows(section):
    """(start, end, vm_flags) of each area `vmas` listed."""
    rows = []
    for line in section:
        area, flags = MAPS_LINE.match(line), VMA_FLAGS_LINE.match(line)
        if area:
            rows.append([int(area.group(1), 16), int(area.group(2), 16),
                         None])
        elif flags and rows:
            rows[-1][2] = int(flags.group(1), 16)
    return [tuple(row) for row in rows]


def check_vmas(s):
    """vmas walks the list the way the helpers see it; find_vma walks the
    tree from the kernel: both must give the same areas."""
    listed = vma_rows(s["vmas"])
    kernel = [tuple(int(word, 16) for word in line.split())
              for line in s["kernel-areas"] if line.strip()]
    return [
        check("vmas lists the areas that find_vma finds",
              differ("areas", listed, kernel) if listed else
              ["vmas listed no area"]),
        check("vmas: list, tree, map_count and mmap_cache agree",
              [] if any(l.startswith("check: list, tree") and
                        l.endswith("agree") for l in s["vmas"])
              else ["no 'check: ... agree' line"] + s["vmas"][-5:]),
        check("validate_mm agrees",
              [] if "validate_mm returned" in s["kernel-validate"]
              else ["validate_mm did not return"] + s["kernel-validate"]),
    ]


def printed(section):
    """The lines of a section that are not blank."""
    return [line for line in section if line.strip()]


def differ_lines(ours, theirs, sources):
    """[] if the lines are the same, else a diff from theirs to ours."""
    return list(difflib.unified_diff(theirs, ours, sources[1], sources[0],
                                     lineterm="", n=0))


def check_maps(s):
    """vmas prints each area as /proc/PID/maps does: the probe printed
    its maps just before the stop, with nothing changed since."""
    lines = [m.group(0) for m in matches(MAPS_LINE, s["vmas"])]
    return [check("vmas prints what /proc/PID/maps printed",
                  differ_lines(lines, printed(s["probe-maps"]),
                               ("vmas", "/proc/PID/maps")))]


def check_pmap(s):
    """pmap prints what the user-space pmap printed for the probe."""
    return [check("pmap prints what user/pmap printed",
                  differ_lines(printed(s["pmap"]), printed(s["probe-pmap"]),
                               ("gdb's pmap", "user/pmap")))]


def mm_number(section, regex):
    """The number regex's group captures in the first line it matches, or
    None."""
    found = matches(re.compile(regex), section)
    return int(found[0].group(1)) if found else None


def check_mm(s):
    """The mm_struct's counters are those the kernel printed for the
    probe: map_count its lines of /proc/PID/maps, total_vm and rss the
    VmSize and VmRSS of /proc/PID/status."""
    ours = {"map_count": mm_number(s["mm"], r"^  map_count (\d+)"),
            "total_vm in KB": mm_number(s["mm"], r"^  total_vm \d+ pages "
                                                 r"\((\d+) KB\)"),
            "rss in KB": mm_number(s["mm"], r"^  total_vm .*, rss \d+ "
                                            r"pages \((\d+) KB\)")}
    theirs = {"map_count": len(printed(s["probe-maps"])),
              "total_vm in KB": mm_number(s["probe-status"],
                                          r"^VmSize:\s+(\d+) kB$"),
              "rss in KB": mm_number(s["probe-status"],
                                     r"^VmRSS:\s+(\d+) kB$")}
    problems = [problem for name in ours
                for problem in differ(name, ours[name], theirs[name],
                                      ("mm", "/proc/PID"))]
    if not any(re.search(r"\d+ hits, \d+ misses", l) for l in s["mm"]):
        problems.append("no mmap_cache hit rate")
    return [check("mm: map_count, total_vm and rss are what /proc/PID "
                  "printed", problems)]


def check_pagewalk(s):
    """The helper's walk, done in Python, ends at the same pte as the
    kernel's page_walk, called from gdb."""
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
    """The helper's count of the buddy allocator's free lists agrees with
    the kernel's own counters, and with /proc/vmstat, which the probe
    printed just before the stop."""
    free = mm_number(s["frames"], r"^frames: (\d+) free")
    vmstat = mm_number(s["probe-vmstat"], r"^nr_free_pages (\d+)$")
    rows = [tuple(map(int, l.split()[:1] + l.split()[3:4]))
            for l in s["frames"] if re.match(r"^ +\d+ +\d+ KB +\d+ +\d+$", l)]
    kernel = [tuple(map(int, l.split())) for l in s["kernel-free"][1:]
              if l.strip()]
    problems = differ("free frames", [free], [int(s["kernel-free"][0])]) + \
        differ("(order, nr_free)", rows, kernel) + \
        differ("free frames", [free], [vmstat], ("frames", "/proc/vmstat"))
    if not any(l.startswith("check: every free list agrees") for l in
               s["frames"]):
        problems.append("the free-list check failed")
    return [check("frames agrees with nr_free_pages, nr_free_blocks and "
                  "/proc/vmstat", problems)]


def check_ps(s):
    """ps reads the task list; SysRq t printed it from the kernel."""
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


def thread_stop(section):
    """(pid, mm, mm_users) at one stop of the clone: the task the section
    names, and the mm_struct that `mm` showed (None for what is missing)."""
    mm = matches(MM_HEADER, section)
    return (mm_number(section, r"^pid (\d+)$"),
            int(mm[0].group(1), 16) if mm else None,
            mm_number(section, MM_USERS))


def check_threads(s):
    """A clone with CLONE_VM gets its parent's mm_struct itself, not a
    copy, and the mm one more user: mm_users is 1 before the clone, 2 seen
    from parent and child just after it, and 1 again when the parent
    exits, its child gone. (clone_vm makes two children; the session
    stops at the first.)"""
    stops = ("before", "parent", "child", "after")
    pids, mms, users = zip(*(thread_stop(s["threads-" + stop])
                             for stop in stops))
    problems = []
    if list(users) != [1, 2, 2, 1]:
        problems.append(f"mm_users {' -> '.join(map(str, users))} "
                        f"({', '.join(stops)}), expected 1 -> 2 -> 2 -> 1")
    if None in mms or len(set(mms)) != 1:
        problems.append("not one mm_struct: " + ", ".join(
            f"{stop} {mm and hex(mm)}" for stop, mm in zip(stops, mms)))
    before, parent, child, after = pids
    if not before == parent == after or child in (None, parent):
        problems.append(f"not one parent and its child: pids {pids} "
                        f"({', '.join(stops)})")
    if problems:
        problems += [f"{stop}: {line}" for stop in stops
                     for line in s["threads-" + stop]
                     if re.match(rf"^pid |{MM_HEADER.pattern}|{MM_USERS}",
                                 line)]
    return [check("threads: a CLONE_VM child shares the mm; mm_users goes "
                  "1 -> 2 -> 1", problems)]


# In the order of the session's stops; each returns a list of results.
GDB_CHECKS = (check_vmas, check_maps, check_pmap, check_mm, check_pagewalk,
              check_frames, check_ps, check_dmesg, check_cow,
              check_user_break, check_threads)
