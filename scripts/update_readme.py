"""Refresh the generated parts of README.md.

Blocks between ``<!-- begin:NAME -->`` and ``<!-- end:NAME -->`` are replaced:

- ``bench:AREA`` with ``benchmarks/AREA.md`` (written by ``benchmarks/AREA.py``),
  its first heading dropped;
- ``run:ARGS`` with the output of ``newscheck ARGS`` run in the repository root
  (``run:ARGS|N`` keeps the first N lines).

So every number in the README comes from a script in the repo. Usage::

    python scripts/update_readme.py
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


def main() -> None:
    readme = REPO / "README.md"
    text = readme.read_text(encoding="utf-8")

    def replace(m: re.Match[str]) -> str:
        name = m.group("name")
        kind, _, arg = name.partition(":")
        body = (
            _bench(arg)
            if kind == "bench"
            else _run(arg)
            if kind == "run"
            else m.group("body")
        )
        return m.group(1) + body + m.group(4)

    readme.write_text(BLOCK.sub(replace, text), encoding="utf-8")
    print("README.md updated")


if __name__ == "__main__":
    main()
