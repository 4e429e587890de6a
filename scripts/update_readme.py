"""Refresh the generated parts of README.md and of the pages in docs/.

Blocks between ``<!-- begin:NAME -->`` and ``<!-- end:NAME -->`` are replaced:

- ``bench:AREA`` with ``benchmarks/AREA.md`` (written by ``benchmarks/AREA.py``;
  ``benchmarks/README.md`` pairs every script with its output), its first
  heading dropped and its other headings moved down so that they nest under
  the heading the block sits in;
- ``run:ARGS`` with the output of ``newscheck ARGS`` run in the repository root
  (``run:ARGS|N`` keeps the first N lines).

So every number in the README and the docs comes from a script in the repo.
Each benchmark's block lives in its area's page (``docs/reliability.md`` …);
the README links to them. Usage::

    python scripts/update_readme.py           # rewrite the files that changed
    python scripts/update_readme.py --check   # exit 1 if a file is stale
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BLOCK = re.compile(
    r"(<!-- begin:(?P<name>[^>]+?) -->\n)(?P<body>.*?)(<!-- end:(?P=name) -->)", re.S
)
HEADING = re.compile(r"^(#{1,6}) ")
FENCE = re.compile(r"^\s*(```|~~~)")


def targets() -> list[Path]:
    """README.md and every Markdown page under docs/ (generated ones included:
    a page without markers is left as it is)."""
    return [REPO / "README.md", *sorted((REPO / "docs").rglob("*.md"))]


def _headings(lines: list[str]) -> list[tuple[int, int]]:
    """``(line index, level)`` of the Markdown headings outside code fences."""
    out = []
    fenced = False
    for i, line in enumerate(lines):
        if FENCE.match(line):
            fenced = not fenced
        elif not fenced and (m := HEADING.match(line)):
            out.append((i, len(m.group(1))))
    return out


def nest(body: str, parent_level: int) -> str:
    """Move *body*'s headings down so the shallowest is ``parent_level + 1``."""
    lines = body.split("\n")
    found = _headings(lines)
    if not found:
        return body
    shift = parent_level + 1 - min(level for _, level in found)
    if shift <= 0:
        return body
    for i, level in found:
        lines[i] = "#" * min(level + shift, 6) + lines[i][level:]
    return "\n".join(lines)


def _bench(area: str) -> str:
    path = REPO / "benchmarks" / f"{area}.md"
    if not path.exists():
        return (
            f"_`benchmarks/{area}.md` has not been produced yet: "
            f"run `python benchmarks/{area}.py`._\n"
        )
    lines = path.read_text(encoding="utf-8").splitlines()
    if lines and lines[0].startswith("# "):
        lines = lines[1:]
    return "\n".join(lines).strip() + "\n"


def _run(spec: str) -> str:
    args, _, keep = spec.partition("|")
    res = subprocess.run(
        [sys.executable, "-m", "newscheck", *shlex.split(args)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
        env={
            "COLUMNS": "100",
            "PATH": "/usr/bin:/bin",
            "NO_COLOR": "1",
            "TERM": "dumb",
        },
    )
    lines = res.stdout.rstrip().splitlines()
    if keep and len(lines) > int(keep):
        lines = [*lines[: int(keep)], f"… ({len(lines) - int(keep)} more lines)"]
    out = "\n".join(lines)
    return f"```text\n$ newscheck {args}\n{out}\n```\n"


def refresh(text: str) -> str:
    """*text* with every generated block rewritten."""

    def replace(m: re.Match[str]) -> str:
        name = m.group("name")
        kind, _, arg = name.partition(":")
        if kind == "bench":
            before = text[: m.start()].split("\n")
            found = _headings(before)
            body = nest(_bench(arg), found[-1][1] if found else 1)
        elif kind == "run":
            body = _run(arg)
        else:
            body = m.group("body")
        return m.group(1) + body + m.group(4)

    return BLOCK.sub(replace, text)


def main() -> int:
    """Rewrite the generated blocks (``--check``: only say which files are stale)."""
    check = "--check" in sys.argv[1:]
    stale = []
    for path in targets():
        text = path.read_text(encoding="utf-8")
        if not BLOCK.search(text):
            continue
        new = refresh(text)
        if new != text:
            stale.append(path.relative_to(REPO))
            if not check:
                path.write_text(new, encoding="utf-8")
    verb = "stale" if check else "updated"
    print(", ".join(map(str, stale)) + f" {verb}" if stale else "all blocks current")
    return 1 if check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
