"""The claims analyzer: every sentence scored, check-worthy ones found and matched."""

from __future__ import annotations

import json

import pytest

from newscheck import analyzers as registry
from newscheck.analyzers.claims import ClaimsAnalyzer
from newscheck.article import Article
from newscheck.claims.model import ClaimModel
from newscheck.errors import ConfigError, ModelError
from newscheck.settings import Settings

ARTICLE = Article(
    title="US to keep 9,800 troops in Afghanistan after 2014",
    body=(
        "WASHINGTON - President Obama said on Tuesday that 9,800 American troops "
        "will remain in Afghanistan after combat operations end this year.\n\n"
        "The number will be cut in half by the end of 2015, and nearly all troops "
        "will leave by the end of 2016, officials said. About 32,000 US troops are "
        "in the country now, down from a peak of 100,000 in 2011.\n\n"
        "Thank you all very much. We look forward to it. What a day!"
    ),
)


@pytest.fixture(scope="module")
def analyzer(tmp_path_factory):
    db = tmp_path_factory.mktemp("db") / "absent.db"
    settings = Settings(database_url=f"sqlite:///{db}")
    return ClaimsAnalyzer.load(settings=settings)


def test_every_sentence_scored_with_valid_offsets(analyzer):
    result = analyzer.analyze(ARTICLE)
    scored = result.summary["scored"]
    assert [(s, e) for s, e, _ in scored] == list(ARTICLE.sentences)
    assert all(0.0 <= p <= 1.0 for _, _, p in scored)
    assert result.findings
    for f in result.findings:
        assert (f.field, f.kind, f.label) == ("body", "claim", "check_worthy")
        assert ARTICLE.body[f.start : f.end] == f.text
        assert f.score > result.summary["threshold"]
    json.dumps(result.summary)
    json.dumps([f.to_dict() for f in result.findings])


def test_top_claims_are_ordered_and_point_into_body(analyzer):
    s = analyzer.analyze(ARTICLE).summary
    top = s["top"]
    assert 1 <= len(top) <= 5
    assert [t["score"] for t in top] == sorted((t["score"] for t in top), reverse=True)
    for t in top:
        assert ARTICLE.body[t["start"] : t["end"]] == t["text"]
    assert top[0]["score"] == max(p for _, _, p in s["scored"])
    assert all(t["score"] > s["threshold"] for t in top)


def test_numeric_fact_outranks_courtesy(analyzer):
    fact = "Unemployment fell from 10 percent in 2009 to 4.7 percent in 2016."
    body = f"Thank you all very much. {fact} We look forward to it."
    result = analyzer.analyze(Article(body=body))
    top = result.summary["top"][0]
    assert top["text"] == fact
    scores = {body[s:e]: p for s, e, p in result.summary["scored"]}
    assert scores[fact] > scores["Thank you all very much."]
    assert scores["Thank you all very much."] < result.summary["threshold"]
    assert [f.text for f in result.findings] == [fact]


def test_without_database_says_so_and_attaches_no_matches(analyzer):
    result = analyzer.analyze(ARTICLE)
    assert result.summary["factcheck"]["status"] == "no database"
    assert all("matches" not in f.evidence for f in result.findings)
    off = ClaimsAnalyzer.load(factcheck="off").analyze(ARTICLE)
    assert off.summary["factcheck"]["status"] == "off"


def test_empty_body_gives_empty_summary(analyzer):
    s = analyzer.analyze(Article(body="")).summary
    assert (s["scored"], s["top"], s["check_worthy"]) == ([], [], 0)


def test_threshold_parameter_overrides_model(analyzer):
    none = ClaimsAnalyzer.load(threshold=0.999999, factcheck="off").analyze(ARTICLE)
    every = ClaimsAnalyzer.load(threshold=0.0, factcheck="off").analyze(ARTICLE)
    assert none.findings == ()
    assert none.summary["top"] == []
    assert len(every.findings) == len(ARTICLE.sentences)


def test_bad_mode_and_missing_model_are_errors(tmp_path):
    with pytest.raises(ConfigError, match="factcheck mode"):
        ClaimsAnalyzer.load(factcheck="sometimes")
    with pytest.raises(ModelError, match="train claims"):
        ClaimsAnalyzer.load(tmp_path)


def test_registered_and_loads_without_shared(monkeypatch):
    import newscheck_lab.datasets as corpora

    monkeypatch.setattr(corpora, "shared_dir", lambda: None)
    a = registry.create("claims", factcheck="off")
    assert isinstance(a, ClaimsAnalyzer)
    p = a.model_.predict_proba(["Crime rose 20% last year.", "Hello."])
    assert p.shape == (2,)


def test_save_load_round_trip(tmp_path):
    model = ClaimModel.load()
    model.save(tmp_path)
    again = ClaimModel.load(tmp_path)
    texts = list(ARTICLE.sentence_texts())
    assert again.threshold == model.threshold
    assert again.predict_proba(texts) == pytest.approx(
        model.predict_proba(texts), abs=1e-5
    )


def test_matches_attached_from_factcheck_index():
    fc = pytest.importorskip("newscheck.factcheck")
    from newscheck.factcheck.loaders import make_record

    index = fc.FactCheckIndex.from_records(
        [
            make_record(
                source="demo",
                source_id="1",
                claim="Obama said 9,800 American troops will remain in Afghanistan.",
                verdict="True",
                publisher="PolitiFact",
                url="https://example.org/fc/1",
                date="2014-05-28",
            ),
            make_record(
                source="demo",
                source_id="2",
                claim="Coffee cures cancer.",
                verdict="False",
            ),
        ],
        matcher=fc.Matcher(),
        embedder=None,
    )
    a = ClaimsAnalyzer.load(factcheck="off").use_index(index)
    result = a.analyze(ARTICLE)
    assert result.summary["factcheck"]["status"] == "on"
    first = next(f for f in result.findings if "9,800" in f.text)
    matches = first.evidence["matches"]
    assert matches and matches[0]["url"] == "https://example.org/fc/1"
    assert set(matches[0]) >= {
        "verdict",
        "publisher",
        "date",
        "url",
        "similarity",
        "claim",
    }
    assert all(
        "Coffee" not in m["claim"]
        for f in result.findings
        for m in f.evidence.get("matches", ())
    )


class _BrokenIndex:
    def __len__(self) -> int:
        return 1

    def search(self, text, k=5):
        raise RuntimeError("index corrupted")


def test_failing_search_keeps_scores_and_says_so():
    a = ClaimsAnalyzer.load(factcheck="off").use_index(_BrokenIndex())
    result = a.analyze(ARTICLE)
    assert result.findings
    assert len(result.summary["scored"]) == len(ARTICLE.sentences)
    assert result.summary["factcheck"]["status"] == "unavailable"
    assert "index corrupted" in result.summary["factcheck"]["detail"]
    assert all("matches" not in f.evidence for f in result.findings)


def test_analyzer_path_imports_no_training_libraries():
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from newscheck.analyzers.claims import ClaimsAnalyzer\n"
        "from newscheck.article import Article\n"
        "a = ClaimsAnalyzer.load(factcheck='off')\n"
        "a.analyze(Article(body='Taxes rose 5% in 2020. Thanks.'))\n"
        "print(sorted(m for m in ('sklearn', 'scipy', 'torch') if m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"


def test_existing_database_without_factchecks_says_so(tmp_path):
    pytest.importorskip("newscheck.factcheck")
    import sqlite3

    db = tmp_path / "reports.db"
    con = sqlite3.connect(db)
    con.execute("create table unrelated (a integer)")
    con.commit()
    con.close()
    a = ClaimsAnalyzer.load(settings=Settings(database_url=f"sqlite:///{db}"))
    result = a.analyze(ARTICLE)
    assert result.summary["factcheck"]["status"] in {"no database", "unavailable"}
    assert result.findings
    assert all("matches" not in f.evidence for f in result.findings)


def test_only_the_best_check_worthy_sentences_are_matched():
    fc = pytest.importorskip("newscheck.factcheck")
    from newscheck.factcheck.loaders import make_record

    index = fc.FactCheckIndex.from_records(
        [
            make_record(
                source="demo",
                source_id="1",
                claim="Obama said 9,800 American troops will remain in Afghanistan.",
                verdict="True",
            )
        ],
        matcher=fc.Matcher(),
        embedder=None,
    )
    a = ClaimsAnalyzer.load(factcheck="off", match_top=1).use_index(index)
    result = a.analyze(ARTICLE)
    with_matches = [f for f in result.findings if "matches" in f.evidence]
    assert len(result.findings) > 1
    assert len(with_matches) == 1
    assert with_matches[0].score == result.summary["top"][0]["score"]


def test_analyze_many_equals_analyze(analyzer):
    """The batch path scores the sentences of all articles in one pass."""
    articles = [
        ARTICLE,
        Article(body=""),
        Article(body="Wages rose 4.5% in 2019, the agency said. Really?"),
        Article(title="Title only", body="“Quoted” text — with 3 dashes."),
    ]
    many = analyzer.analyze_many(articles)
    assert many == [analyzer.analyze(a) for a in articles]
