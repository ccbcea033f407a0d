"""CPU time the processes serving a benchmark spend, read from Linux's /proc: so a
figure can say where a machine's cores went (the web workers, the task worker,
PostgreSQL, the load generator itself), which says how far a rate could rise.

A process's CPU here is its own, that of its children it has waited for (gunicorn's
and PostgreSQL's retired workers) and that of its live descendants.
"""

import os
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")


def _processes():
    """{pid: (parent pid, command name, CPU ticks with waited-for children)}."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:  # ended meanwhile
            continue
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        # Fields after the name: state, ppid, ... utime, stime, cutime, cstime
        # (the 14th to 17th of proc(5)).
        fields = stat[stat.rindex(")") + 2 :].split()
        found[int(entry.name)] = (
            int(fields[1]),
            name,
            sum(int(value) for value in fields[11:15]),
        )
    return found


def _tree_seconds(processes, root):
    children = {}
    for pid, (parent, _name, _ticks) in processes.items():
        children.setdefault(parent, []).append(pid)
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        if pid in processes:
            total += processes[pid][2]
            stack += children.get(pid, [])
    return total / TICKS


def postmaster_pid(processes=None):
    """The PostgreSQL server's first process: a `postgres` whose parent is not."""
    processes = processes or _processes()
    for pid, (parent, name, _ticks) in processes.items():
        if name == "postgres" and processes.get(parent, (0, ""))[1] != "postgres":
            return pid
    return None


def cpu_seconds(roots):
    """{label: CPU seconds of the process tree under each pid} for `roots`, a
    {label: pid} (None for a process not found: 0)."""
    processes = _processes()
    return {
        label: _tree_seconds(processes, pid) if pid else 0.0
        for label, pid in roots.items()
    }
