"""
Tasks: the `ps` command and the convenience functions $current() and
$task(pid), which give a struct task_struct * to use in any expression:

    (gdb) p $task(1)->mm->map_count
    (gdb) break do_mmap if $current()->pid == 4
"""
import gdb

from kernel_constants import EXIT_STATES, TASK_STATES

from .kernel import comm, current, find_task, tasks


def state_name(task):
    """The book's name of the task's state; a dead task's exit_state
    (EXIT_ZOMBIE, EXIT_DEAD) says more than its state."""
    table = EXIT_STATES if int(task["exit_state"]) else TASK_STATES
    value = int(task["exit_state"]) or int(task["state"])
    return next((name for name, v in table if v == value), str(value))


class Ps(gdb.Command):
    """ps: the tasks, with pid, state, mm, active_mm and comm.
    > marks the current task. active_mm is the address space a task runs
    on: a kernel thread has no mm and borrows the last one (lazy TLB)."""

    def __init__(self):
        super().__init__("ps", gdb.COMMAND_USER)

    def invoke(self, arg, from_tty):
        running = int(current())
        print(f"  {'PID':>5} {'TGID':>5} {'STATE':<20} {'MM':<18} "
              f"{'ACTIVE_MM':<18} COMM")
        for task in tasks():
            mark = ">" if int(task) == running else " "
            print(f"{mark} {int(task['pid']):5} {int(task['tgid']):5} "
                  f"{state_name(task):<20} {int(task['mm']):<#18x} "
                  f"{int(task['active_mm']):<#18x} {comm(task)}")


class Current(gdb.Function):
    """$current(): the task running on this CPU (struct task_struct *)."""

    def __init__(self):
        super().__init__("current")

    def invoke(self):
        return current()


class Task(gdb.Function):
    """$task(PID): the task with that pid (struct task_struct *)."""

    def __init__(self):
        super().__init__("task")

    def invoke(self, pid):
        return find_task(int(pid))
