"""The propaganda analyzer's memory stays bounded on pathological input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

# Runs in a fresh process: the model is loaded and warmed first, then the peak
# resident size is reset (Linux: /proc/self/clear_refs) and one ~2 MB text of
# random words with no sentence end is analysed.
_SCRIPT = r"""
import json, random, string
from newscheck.analyzers import create
from newscheck.article import Article

def rss(field):
    for line in open("/proc/self/status"):
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    raise RuntimeError(field)

analyzer = create("propaganda")
analyzer.analyze(Article(title="A TOTAL disgrace!", body="They will destroy us all."))
rng = random.Random(0)
words, n = [], 0
while n < 2_000_000:
    w = "".join(rng.choices(string.ascii_lowercase, k=rng.randint(2, 10)))
    words.append(w)
    n += len(w) + 1
article = Article(body=" ".join(words))
with open("/proc/self/clear_refs", "w") as f:
    f.write("5")
before = rss("VmRSS")
found = analyzer.analyze(article)
print(json.dumps({"peak": rss("VmHWM") - before, "findings": len(found.findings)}))
"""


@pytest.mark.skipif(
    not Path("/proc/self/clear_refs").exists(), reason="needs Linux /proc"
)
def test_peak_memory_on_two_megabytes_of_spaced_words_is_bounded():
    run = subprocess.run(
        [sys.executable, "-c", _SCRIPT],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    out = json.loads(run.stdout.strip().splitlines()[-1])
    # (the text and its tokens alone take ~100 MB; before the bound: ~1.2 GB)
    assert out["peak"] < 300 * 2**20, f"peak {out['peak'] / 2**20:.0f} MB"


def test_memos_stay_under_their_limit_when_only_the_case_varies(monkeypatch):
    """Token texts are memoised apart from their lower-case words: texts that
    differ only in case must not grow that memo past the limit either."""
    import random

    import newscheck.propaganda.fast as fast
    from newscheck.propaganda.model import PropagandaModel

    model = PropagandaModel.load()
    scorer = model._si_fast
    monkeypatch.setattr(fast, "_LIMIT", len(scorer._static) + 500)
    rng = random.Random(1)
    words = (
        "administration responsibility international establishment conservatives "
        "investigation corruption democracy propaganda government"
    ).split() * 24
    for _ in range(60):
        text = " ".join(
            "".join(c.upper() if rng.random() < 0.5 else c for c in w) for w in words
        )
        model.predict(text + ".")
        assert len(scorer._texts) <= fast._LIMIT
        assert len(scorer._words) <= fast._LIMIT
