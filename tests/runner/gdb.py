"""
The gdb suite: usertests.iso booted halted, and gdb attached as `make
gdb` attaches it. One session in gdb's batch mode first runs the probe,
user/gdbprobe, as init: it prints its /proc/self/maps, pmap of itself,
its /proc/self/status and /proc/vmstat on the console, and then calls
mmap, where the session stops. Then the probe execs usertests, which the
session follows through a fork, a breakpoint in usertests itself and a
clone that shares the address space. At each stop it runs the helpers
(tools/gdb/aspace) and then asks the kernel itself (find_vma, page_walk,
nr_free_pages, validate_mm, SysRq's task list, all called from gdb)
about the same moment; gdb_checks compares the two, and the helpers at
the probe's mmap with what the probe printed.
"""

import os
import shlex
import subprocess
import tempfile
import time

from .common import (Matches, Suite, check, could_not_run, iso_missing,
                     kill_group, run_command, save_log)
from .gdb_checks import GDB_CHECKS, gdb_sections
from .ktap import Result, clean_lines, quote_tail

# Each part of the output is headed "@@ NAME" (gdb's echo), so that the
# checks find the output of one command.
GDB_SESSION = r"""
bt
delete
# usertests.iso's command line, "init=/bin/usertests panic=exit", made
# "init=/bin/gdbprobe panic=exit -- /bin/usertests" before the kernel reads
# it, as if edited at GRUB's prompt: the probe (user/gdbprobe.c) runs as
# init, prints what the kernel says about its memory, and execs usertests.
break parse_cmdline
continue
python
cmdline = gdb.parse_and_eval("boot_info.cmdline")
words = cmdline.string()
if "init=/bin/usertests" not in words or " -- " in words:
    raise gdb.GdbError("not usertests.iso's command line: " + words)
words = words.replace("init=/bin/usertests", "init=/bin/gdbprobe")
gdb.selected_inferior().write_memory(
    cmdline.address, words.encode() + b" -- /bin/usertests\0")
end
delete
# The probe maps memory, right after printing /proc/self/maps and the rest
# of it: the helpers must say what the kernel said. (Exec's do_mmap fills
# an mm not yet current's. The kernel's current, not $current(): gdb skips
# the right side of a false && by giving each function in it a dummy int.)
break do_mmap if mm == current->mm && $_streq(current->comm, "gdbprobe")
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
# Threads: usertests' clone_vm case clones with CLONE_VM (0x100 in
# kernel/sched.h; a macro, which the DWARF does not have). The clone
# shares the address space, which counts one more user until it exits.
break sys_clone if args[0] & 0x100
continue
set $cloner = current->pid
echo @@ threads-before\n
printf "pid %d\n", current->pid
mm
delete
# The child is made, and not yet running. A condition on current only:
# gdb 13 cannot see p from where it stops.
break wake_up_new_task if $current()->pid == $cloner
continue
echo @@ threads-parent\n
printf "pid %d\n", current->pid
mm
echo @@ threads-child\n
printf "pid %d\n", p->pid
mm p
delete
# The parent exits after waiting for its children: they are gone.
break do_exit if $current()->pid == $cloner
continue
echo @@ threads-after\n
printf "pid %d\n", current->pid
mm
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
                           "..", "..", "tools", "gdb", "startup.gdb")

# The sections GDB_SESSION echoes, and those the probe prints on the
# console; GDB_CHECKS reads every one.
GDB_SECTIONS = ("ps", "vmas", "mm", "pmap", "pagewalk", "frames",
                "kernel-pte", "kernel-areas", "kernel-validate",
                "kernel-free", "dmesg", "cow-parent", "cow-child",
                "user-break", "threads-before", "threads-parent",
                "threads-child", "threads-after", "end")
PROBE_SECTIONS = ("probe-pmap", "probe-maps", "probe-status", "probe-vmstat",
                  "probe-mmap")


def judge_gdb(lines, console):
    """The startup expectations, then GDB_CHECKS on the sections of the
    session's output and of the console's; if a section is missing, the
    session stopped short, and that one failure replaces the checks, which
    would only say that again."""
    results = [check(e.name, e.check(lines))
               for e in GDB_STARTUP_EXPECTATIONS]
    sections = {**gdb_sections(lines), **gdb_sections(console)}
    missing = [name for name in GDB_SECTIONS + PROBE_SECTIONS
               if name not in sections]
    if missing:
        quoted = quote_tail(lines)
        if set(missing) & set(PROBE_SECTIONS):
            quoted += ["the console's last lines:"] + quote_tail(console)
        return results + [Result(
            f"the session stopped short: no output for {', '.join(missing)}",
            False, quoted)]
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
    parallel runs can never meet there. The serial console, where the
    probe prints, is saved as BUILD/logs/gdb-console.log."""
    iso, elf = (os.path.join(build, f) for f in ("usertests.iso",
                                                 "kernel.elf"))
    log_path = os.path.join(build, "logs", "gdb.log")
    console_path = os.path.join(build, "logs", "gdb-console.log")
    missing = iso_missing("gdb", iso)
    if missing:
        return missing
    with tempfile.TemporaryDirectory(prefix="aspace-gdb-") as scratch:
        socket_path = os.path.join(scratch, "gdb.sock")
        script = os.path.join(scratch, "session.gdb")
        console = os.path.join(scratch, "console")
        with open(script, "w") as f:
            f.write(GDB_SESSION)
        qemu_argv = shlex.split(qemu) + [
            "-cdrom", iso, "-display", "none", "-monitor", "none",
            "-serial", "file:" + console, "-S",
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
        with open(console, "rb") as f:
            console_output = f.read()
    save_log(log_path, output)
    save_log(console_path, console_output)
    lines = clean_lines(output)
    results = judge_gdb(lines, clean_lines(console_output))
    if status is None:
        results.append(Result(f"gdb timed out ({timeout:g} s)", False))
    return Suite("gdb", iso, results, log_path, lines)

