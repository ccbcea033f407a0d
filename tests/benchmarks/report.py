"""The one table `make bench` prints: figure, value, unit, target, PASS or MISS
(a miss is reported, never a failure), and a note on how it was measured."""

import os
import platform
import time


class Figures:
    def __init__(self):
        self.rows = []

    def add(self, name, value, unit, *, target=None, note=""):
        """`target` is (">=", number) or ("<=", number), or None for a figure
        the issue sets no target for."""
        if value is None:
            result = "n/a"
        elif target is None:
            result = ""
        else:
            op, bound = target
            result = (
                "PASS" if (value >= bound if op == ">=" else value <= bound) else "MISS"
            )
        self.rows.append((name, value, unit, target, result, note))

    def note(self, text):
        self.rows.append((text, None, "", None, "", ""))

    def table(self):
        header = ("figure", "value", "unit", "target", "", "how")
        lines = [header]
        for name, value, unit, target, result, note in self.rows:
            lines.append(
                (
                    name,
                    _number(value),
                    unit,
                    f"{target[0]} {_number(target[1])}" if target else "",
                    result,
                    note,
                )
            )
        widths = [max(len(line[i]) for line in lines) for i in range(5)]
        out = [
            f"make bench, {time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} cores "
            f"({platform.node() or 'this machine'})"
        ]
        for index, line in enumerate(lines):
            cells = [
                line[0].ljust(widths[0]),
                line[1].rjust(widths[1]),
                line[2].ljust(widths[2]),
                line[3].ljust(widths[3]),
                line[4].ljust(widths[4]),
                line[5],
            ]
            out.append("  ".join(cells).rstrip())
            if index == 0:
                out.append("-" * min(120, sum(widths) + 10 + len(header[5])))
        return "\n".join(out)

    def markdown(self):
        lines = [
            "| figure | value | unit | target | result | how |",
            "| --- | ---: | --- | --- | --- | --- |",
        ]
        for name, value, unit, target, result, note in self.rows:
            target_text = f"{target[0]} {_number(target[1])}" if target else ""
            heading = value is None and not unit
            label = f"**{name.strip()}**" if heading else name.strip()
            cells = [label, _number(value), unit, target_text, result, note]
            lines.append(
                "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"
            )
        return "\n".join(lines)


def _number(value):
    if value is None:
        return ""
    if isinstance(value, int) or float(value).is_integer() and abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    if abs(value) >= 1:
        return f"{value:.2f}"
    return f"{value:.3f}"
