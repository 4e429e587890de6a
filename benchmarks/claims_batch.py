"""CheckThat! 2020 Task 1 test MAP through ``newscheck batch --analyzers claims``.

Usage: ``python benchmarks/claims_batch.py`` (needs ../shared). Tweets are
ranked two ways from the batch output: by their best claim finding (0 when no
sentence passes the threshold, so those rows tie) and by ``claims.max_score``
(the best sentence's score, kept below the threshold). Writes
``benchmarks/claims_batch.md``.
"""

from __future__ import annotations

import sys
from pathlib import Path

_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]

import json  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402

import numpy as np  # noqa: E402

from newscheck_lab.claims.train import average_precision  # noqa: E402
from newscheck_lab.datasets import claims as cdata  # noqa: E402


def main() -> None:
    test = cdata.load_checkthat_task1("test")
    d = Path(tempfile.mkdtemp())
    src, out = d / "in.jsonl", d / "out.jsonl"
    src.write_text(
        "".join(
            json.dumps({"id": i, "text": t}) + "\n"
            for i, t in zip(test.ids, test.texts, strict=True)
        )
    )
    cmd = [sys.executable, "-m", "newscheck", "batch", str(src), "-o", str(out)]
    subprocess.run([*cmd, "--analyzers", "claims"], check=True, capture_output=True)
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    y = np.asarray(test.labels)
    best = np.array(
        [
            max([f["score"] for f in r["findings"] if f["kind"] == "claim"] or [0.0])
            for r in rows
        ]
    )
    top = np.array([r["claims.max_score"] or 0.0 for r in rows])
    lines = [
        "# Check-worthiness through batch",
        "",
        __doc__.split("\n\n")[1].replace("\n", " "),
        "",
        "| ranking of the batch rows | tweets with a score > 0 | MAP |",
        "| --- | ---: | ---: |",
        f"| best claim finding | {int((best > 0).sum())} of {len(rows)} | "
        f"{average_precision(y, best):.4f} |",
        f"| `claims.max_score` | {int((top > 0).sum())} of {len(rows)} | "
        f"{average_precision(y, top):.4f} |",
    ]
    text = "\n".join(lines)
    print(text)
    (_HERE / "claims_batch.md").write_text(text + "\n")


if __name__ == "__main__":
    main()
