"""Speed work must not change what the default pipeline finds.

``data/pipeline_equivalence.json`` holds the findings (field, start, end, kind,
label, score) and the per-analyzer summaries of the default pipeline on a fixed
sample, written before the speed work by running this file as a
script:

* the shipped examples (``examples/*.txt``), the hand-written articles of
  ``analyzers/data/cheap_analyzer_texts.json``, and long articles made by
  joining those (committed, so always checked);
* 40 articles of the shared corpora, spread over the five corpora the
  foundation benchmark reads (only ids and content hashes are committed; the
  test skips them when ``../shared`` is absent).

The test re-analyses every article through :class:`Pipeline`, through the
batch rows (:func:`newscheck.batch.analyze_rows`) and compares everything.
Scores are rounded to 6 decimals.

Every analyzer is compared, the reliability model and the combined verdict
included. Regenerate only on a deliberate output change, together with the
version bump of the analyzer whose output changed (the test checks that the
versions are the fixture's): ``python tests/test_pipeline_equivalence.py``.
"""

from __future__ import annotations

import hashlib
import json
import lzma
import sys
from pathlib import Path
from typing import Any

import pytest

from newscheck.article import Article
from newscheck.batch import analyze_rows, row_pipeline
from newscheck.ingest import read_article
from newscheck.ingest.corpus import Columns, article_from_row
from newscheck.pipeline import Pipeline
from newscheck.settings import Settings

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
FIXTURE = HERE / "data" / "pipeline_equivalence.json"
TEXTS = HERE / "analyzers" / "data" / "cheap_analyzer_texts.json"
CORPORA = (
    "buzzfeed_webis_2016",
    "recovery_covid19",
    "perezrosas_celebrity",
    "perezrosas_fakenewsamt",
    "golbeck_fake_vs_satire",
)
PER_CORPUS = 8
MAX_BYTES = 2_000_000


def _round(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 6)
    if isinstance(value, dict):
        return {str(k): _round(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_round(v) for v in value]
    return value


def _finding(f: dict[str, Any]) -> list[Any]:
    return _round([f["field"], f["start"], f["end"], f["kind"], f["label"], f["score"]])


def local_articles() -> list[Article]:
    """The committed sample: examples, hand-written texts, long joins of them."""
    out = [read_article(str(p)) for p in sorted((REPO / "examples").glob("*.txt"))]
    items = json.loads(TEXTS.read_text(encoding="utf-8"))
    out += [Article(**item) for item in items]
    # long articles (the article model, many sentences and paragraphs)
    for k in range(4):
        part = items[k::4]
        body = "\n\n".join(i["body"] for i in part)
        out.append(Article(title=part[0].get("title", ""), body=body))
    return out


def corpus_rows() -> list[dict[str, Any]] | None:
    """Rows of the shared corpora (id, title, text), or ``None`` without them."""
    from newscheck_lab.datasets import dataset_path, shared_dir

    if shared_dir() is None:
        return None
    rows: list[dict[str, Any]] = []
    for name in CORPORA:
        with lzma.open(dataset_path(name) / f"{name}.jsonl.xz", "rt") as fh:
            pool = [json.loads(line) for line in fh]
        pool = [r for r in pool if (r.get("text") or "").strip()]
        step = max(1, len(pool) // PER_CORPUS)
        for r in pool[::step][:PER_CORPUS]:
            rows.append(
                {
                    "id": f"{name}:{r['id']}",
                    "title": r.get("title") or "",
                    "text": r["text"],
                }
            )
    return rows


COLS = Columns(text="text", title="title", id="id", url=None)


def corpus_articles(rows: list[dict[str, Any]]) -> list[Article]:
    return [
        article_from_row(r, COLS, index=i, max_bytes=MAX_BYTES)
        for i, r in enumerate(rows)
    ]


def _digest(value: Any) -> str:
    text = json.dumps(value, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def outputs(
    pipeline: Pipeline, articles: list[Article], *, digests: bool = False
) -> list[dict[str, Any]]:
    """What the fixture keeps of each report: the findings, the evidence of
    each finding kind and the sections (as digests where *digests*: the
    corpus articles' sections quote their text, which is not committed)."""
    out = []
    for a in articles:
        dumped = pipeline.run(a).model_dump(mode="json")
        sections = _round(dumped["sections"])
        evidence: dict[str, list[Any]] = {}
        for f in dumped["findings"]:
            evidence.setdefault(f["kind"], []).append(_round(f["evidence"]))
        out.append(
            {
                "hash": a.content_hash(),
                "findings": [_finding(f) for f in dumped["findings"]],
                "evidence": {k: _digest(v) for k, v in evidence.items()},
                "sections": (
                    {k: _digest(v) for k, v in sections.items()}
                    if digests
                    else sections
                ),
                "warnings": dumped["warnings"],
                "row": _row_values(sections),
            }
        )
    return out


def _row_values(sections: dict[str, Any]) -> dict[str, Any]:
    """The batch row's scalar columns, as the report's sections give them."""
    scored = sections.get("claims", {}).get("scored") or []
    rel = sections.get("reliability") or {}
    return {
        "reliability.score": rel.get("score"),
        "reliability.out_of_domain": (rel.get("domain") or {}).get("out_of_domain"),
        "verdict.score": (sections.get("verdict") or {}).get("score"),
        "claims.max_score": max((float(x[2]) for x in scored), default=None),
    }


def generate() -> dict[str, Any]:
    pipeline = Pipeline()
    rows = corpus_rows()
    if rows is None:
        raise SystemExit("the shared corpora are needed to write the fixture")
    return {
        "analyzers": pipeline.versions,
        "local": outputs(pipeline, local_articles()),
        "corpus_ids": [r["id"] for r in rows],
        "corpus": outputs(pipeline, corpus_articles(rows), digests=True),
    }


@pytest.fixture(scope="module")
def expected() -> dict[str, Any]:
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline()


def _compare(got: list[dict], want: list[dict]) -> None:
    assert len(got) == len(want)
    for i, (g, w) in enumerate(zip(got, want, strict=True)):
        assert g["hash"] == w["hash"], f"article {i}: different content"
        assert g["findings"] == w["findings"], f"article {i}: findings differ"
        assert g["evidence"] == w["evidence"], f"article {i}: evidence differs"
        assert g["sections"] == w["sections"], f"article {i}: sections differ"
        assert g["warnings"] == w["warnings"], f"article {i}: warnings differ"
        assert g["row"] == w["row"], f"article {i}: row values differ"


def _versions_match(pipeline: Pipeline, expected: dict[str, Any]) -> None:
    # same outputs, same versions (a store's cache key holds them)
    assert pipeline.versions == expected["analyzers"]


def test_local_sample_reports_unchanged(
    pipeline: Pipeline, expected: dict[str, Any]
) -> None:
    _versions_match(pipeline, expected)
    _compare(outputs(pipeline, local_articles()), expected["local"])


def test_corpus_sample_reports_unchanged(
    pipeline: Pipeline, expected: dict[str, Any]
) -> None:
    rows = corpus_rows()
    if rows is None:
        pytest.skip("../shared datasets not present")
    assert [r["id"] for r in rows] == expected["corpus_ids"]
    got = outputs(pipeline, corpus_articles(rows), digests=True)
    _compare(got, expected["corpus"])


def test_batch_rows_carry_the_same_findings(
    pipeline: Pipeline, expected: dict[str, Any]
) -> None:
    """The batch path (chunked, with its own pipeline) finds what the reports
    do: for the corpus sample, what the fixture holds; for the committed
    sample, what :class:`Pipeline` finds on the article each row makes."""
    cols = Columns(text="text", title="title", id="id", url="url")
    items = [
        {"id": str(i), "title": a.title, "text": a.body, "url": a.url}
        for i, a in enumerate(local_articles())
        if a.body.strip()
    ]
    want = outputs(
        pipeline,
        [
            article_from_row(r, cols, index=i, max_bytes=MAX_BYTES)
            for i, r in enumerate(items)
        ],
    )
    rows = corpus_rows()
    if rows is not None:
        items += [{**r, "url": None} for r in rows]
        want += expected["corpus"]
    got = []
    pipe = row_pipeline(None, Settings())
    # chunks of uneven size, the last one shorter
    for base in range(0, len(items), 17):
        got += analyze_rows(
            pipe, items[base : base + 17], cols, base=base, max_bytes=MAX_BYTES
        )
    assert len(got) == len(want)
    for i, (g, w) in enumerate(zip(got, want, strict=True)):
        assert g["error"] is None
        findings = [_finding(f) for f in g["findings"]]
        assert findings == w["findings"], f"row {i}: findings differ"
        for column, value in w["row"].items():
            assert _round(g[column]) == value, f"row {i}: {column} differs"


if __name__ == "__main__":
    data = generate()
    FIXTURE.parent.mkdir(parents=True, exist_ok=True)
    FIXTURE.write_text(json.dumps(data, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {FIXTURE}", file=sys.stderr)
