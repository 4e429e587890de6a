"""The source analyzer: document-level rating plus domain mentions in the text."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from newscheck.analyzers import create
from newscheck.analyzers.source import SourceAnalyzer
from newscheck.article import Article
from newscheck.cli import main
from newscheck.sources.ratings import SourceRatings

TABLE = SourceRatings(
    {
        "rated.com": [{"list": "baly-emnlp18", "factuality": "low", "bias": "right"}],
        "other.org": [{"list": "opensources", "types": ["fake"]}],
    }
)


def _analyzer(**params: object) -> SourceAnalyzer:
    a = SourceAnalyzer(**params)  # type: ignore[arg-type]
    a.ratings_ = TABLE
    return a


def test_source_rates_the_url() -> None:
    art = Article(body="Nothing here.", url="https://www.rated.com/story")
    s = _analyzer().analyze(art).summary
    assert s["domain"] == "www.rated.com"
    assert s["registrable_domain"] == "rated.com"
    assert s["rating"]["factuality"] == {"value": "low", "list": "baly-emnlp18"}
    assert s["lists"] == ["baly-emnlp18"]


def test_source_unrated_and_missing_domain() -> None:
    s = _analyzer().analyze(Article(body="x", domain="nobody.net")).summary
    assert s["rating"] == "unrated" and s["registrable_domain"] == "nobody.net"
    s = _analyzer().analyze(Article(body="x")).summary
    assert s["rating"] == "unrated" and s["domain"] is None


def test_source_mentions_are_findings_with_valid_offsets() -> None:
    art = Article(
        title="Seen on other.org",
        body="As RATED.com wrote (see https://bit.ly/abc), and unknown.net said.",
        url="https://rated.com/a",
    )
    result = _analyzer().analyze(art)
    labels = [(f.field, f.text, f.label) for f in result.findings]
    assert labels == [
        ("title", "other.org", "cited_domain"),
        ("body", "RATED.com", "publisher"),
        ("body", "https://bit.ly/abc", "shortener"),
    ]
    for f in result.findings:
        assert f.kind == "source"
        assert art.text_of(f.field)[f.start : f.end] == f.text
    assert {m["registrable_domain"] for m in result.summary["mentions"]} == {
        "other.org",
        "rated.com",
        "bit.ly",
    }


def test_source_user_file_param(tmp_path: Path) -> None:
    csv = tmp_path / "mine.csv"
    csv.write_text("domain,factuality\nnobody.net,high\n", encoding="utf-8")
    a = create("source", sources_file=str(csv))
    s = a.analyze(Article(body="x", url="http://nobody.net/")).summary
    assert s["rating"]["factuality"] == {"value": "high", "list": "user"}
    assert a.get_params()["sources_file"] == str(csv)


def test_cli_source_command(tmp_path: Path) -> None:
    runner = CliRunner()
    out = runner.invoke(main, ["source", "https://bit.ly/x"])
    assert out.exit_code == 0 and "unrated" in out.output and "shortener" in out.output
    csv = tmp_path / "mine.csv"
    csv.write_text("domain,bias\nnobody.net,center\n", encoding="utf-8")
    out = runner.invoke(main, ["source", "nobody.net", "--sources", str(csv), "--json"])
    assert out.exit_code == 0 and '"list": "user"' in out.output
    out = runner.invoke(
        main, ["source", "x.com", "--sources", str(tmp_path / "no.csv")]
    )
    assert out.exit_code == 2 and "cannot read sources file" in out.output


# Frozen outputs: hand-written articles (data/cheap_analyzer_texts.json) and the
# analyzer's output on each, written by an earlier implementation. Speed work
# must leave them unchanged; regenerate only on a deliberate output change
# (with a version bump) by running this file as a script.
FROZEN_TEXTS = Path(__file__).parent / "data" / "cheap_analyzer_texts.json"
FROZEN = Path(__file__).parent / "data" / "source_frozen.json"


def _frozen_outputs() -> list[dict]:
    analyzer = SourceAnalyzer.load()
    out = []
    for item in json.loads(FROZEN_TEXTS.read_text(encoding="utf-8")):
        art = Article(**item)
        result = analyzer.analyze(art)
        out.append(
            {
                "findings": [f.to_dict() for f in result.findings],
                "summary": result.summary,
            }
        )
    return json.loads(json.dumps(out))


def test_outputs_match_frozen() -> None:
    expected = json.loads(FROZEN.read_text(encoding="utf-8"))
    got = _frozen_outputs()
    assert len(got) == len(expected)
    for i, (g, e) in enumerate(zip(got, expected, strict=True)):
        assert g == e, f"article {i} differs"


if __name__ == "__main__":
    rows = (json.dumps(o, ensure_ascii=False) for o in _frozen_outputs())
    FROZEN.write_text("[\n" + ",\n".join(rows) + "\n]\n", encoding="utf-8")
