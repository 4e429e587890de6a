"""``newscheck propaganda`` and ``newscheck evaluate propaganda``."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from newscheck.cli import main
from newscheck.propaganda.labels import read_labels
from newscheck.propaganda.techniques import TECHNIQUES

ART1 = "Traitors Destroy Our Nation!\n\nThe corrupt elite will smash and destroy us.\n"
ART2 = "Council meets\n\nThe council approved the budget on Tuesday.\n"


def _articles(tmp_path):
    d = tmp_path / "articles"
    d.mkdir()
    (d / "article1.txt").write_text(ART1, encoding="utf-8")
    (d / "article2.txt").write_text(ART2, encoding="utf-8")
    return d


def test_propaganda_writes_ptc_layout(tmp_path):
    d = _articles(tmp_path)
    out = tmp_path / "pred.txt"
    r = CliRunner().invoke(main, ["propaganda", str(d), "-o", str(out)])
    assert r.exit_code == 0, r.output
    rows = read_labels(out)
    for row in rows:
        assert row.article_id in {"1", "2"}
        assert row.technique in TECHNIQUES
        text = ART1 if row.article_id == "1" else ART2
        assert 0 <= row.start < row.end <= len(text)
    for line in out.read_text().splitlines():
        assert len(line.split("\t")) == 4


def test_propaganda_labels_template_spans_in_order(tmp_path):
    d = _articles(tmp_path)
    tpl = tmp_path / "template.out"
    s = ART1.index("corrupt")
    tpl.write_text(f"1\t0\t{s}\t{s + 7}\n1\t0\t0\t8\n1\t0\t{s}\t{s + 7}\n")
    out = tmp_path / "tc.txt"
    r = CliRunner().invoke(
        main, ["propaganda", str(d), "--spans", str(tpl), "-o", str(out)]
    )
    assert r.exit_code == 0, r.output
    rows = read_labels(out)
    assert [(x.start, x.end) for x in rows] == [(s, s + 7), (0, 8), (s, s + 7)]
    assert rows[0].technique != rows[2].technique  # a duplicate gets another label
    assert all(x.technique in TECHNIQUES for x in rows)


def test_evaluate_scores_a_prediction_file(tmp_path):
    d = _articles(tmp_path)
    gold = tmp_path / "gold.labels"
    gold.write_text("1\tLoaded_Language\t0\t8\n1\tDoubt\t30\t40\n")
    pred = tmp_path / "pred.txt"
    # SI: one exact span, one half of [30,40) -> P = (1 + 1)/2 = 1,
    # R = (1 + 5/10)/2 = 0.75.
    pred.write_text("1\tLoaded_Language\t0\t8\n1\tDoubt\t30\t35\n")
    r = CliRunner().invoke(
        main,
        [
            "evaluate",
            "propaganda",
            "--articles",
            str(d),
            "--labels",
            str(gold),
            "--predictions",
            str(pred),
        ],
    )
    assert r.exit_code == 0, r.output
    assert "| SI | 1.0000 | 0.7500 | 0.8571 |" in r.output
    pred.write_text("1\tLoaded_Language\t0\t8\n1\tSlogans\t30\t40\n")
    r = _run_evaluate(d, gold, "tc", "--predictions", str(pred))
    assert r.exit_code == 0, r.output
    assert "F1 0.5000" in r.output
    assert "| Loaded_Language | 1.0000 | 1.0000 | 1.0000 | 1 |" in r.output


def test_evaluate_runs_the_model(tmp_path):
    d = _articles(tmp_path)
    gold = tmp_path / "gold.labels"
    gold.write_text("1\tLoaded_Language\t0\t8\n")
    for task in ("si", "tc"):
        r = _run_evaluate(d, gold, task)
        assert r.exit_code == 0, r.output


# -- the propaganda_model setting ---------------------------------------------------
def _analyzer_model(choice):
    """The model the propaganda analyzer picks for *choice* (the code path
    ``analyze``/``batch``/``serve`` use)."""
    from newscheck.analyzers.propaganda import PropagandaAnalyzer
    from newscheck.settings import Settings

    return PropagandaAnalyzer.load(settings=Settings(propaganda_model=choice)).model_


def _expected_rows(model):
    arts = {"1": ART1, "2": ART2}
    return [
        (aid, p.technique, p.start, p.end)
        for aid in sorted(arts)
        for p in model.predict(arts[aid], title_lines=1)
    ]


def _run_propaganda(d, out, *extra):
    r = CliRunner().invoke(main, ["propaganda", str(d), "-o", str(out), *extra])
    rows = read_labels(out) if r.exit_code == 0 else []
    return r, [(x.article_id, x.technique, x.start, x.end) for x in rows]


@pytest.fixture
def no_transformer(monkeypatch, tmp_path):
    """The transformer artefact looked for in an empty folder."""
    from newscheck.propaganda import transformer

    monkeypatch.delenv("NEWSCHECK_CONFIG", raising=False)
    empty = tmp_path / "no-artefact"
    empty.mkdir()
    monkeypatch.setenv(transformer.ENV_VAR, str(empty))


@pytest.fixture
def ensemble_setting(monkeypatch):
    """``propaganda_model = ensemble`` with the extra and the artefact (else
    skip): the analyzer's shipped ensemble."""
    pytest.importorskip("onnxruntime")
    pytest.importorskip("tokenizers")
    from newscheck.propaganda import transformer
    from newscheck.propaganda.ensemble import shipped

    if not transformer.available():
        pytest.skip("no propaganda transformer artefact (see MODEL_CARD.md)")
    monkeypatch.delenv("NEWSCHECK_CONFIG", raising=False)
    monkeypatch.setenv("NEWSCHECK_PROPAGANDA_MODEL", "ensemble")
    model = _analyzer_model("ensemble")
    assert model is shipped()
    return model


def test_propaganda_ensemble_without_the_artefact_fails_like_analyze(
    tmp_path, monkeypatch, no_transformer
):
    from newscheck.analyzers.propaganda import PropagandaAnalyzer
    from newscheck.errors import ConfigError, exit_code
    from newscheck.settings import Settings

    monkeypatch.setenv("NEWSCHECK_PROPAGANDA_MODEL", "ensemble")
    with pytest.raises(ConfigError) as err:
        PropagandaAnalyzer.load(settings=Settings(propaganda_model="ensemble"))
    r, _ = _run_propaganda(_articles(tmp_path), tmp_path / "pred.txt")
    assert r.exit_code == exit_code(err.value) == 2
    assert r.stderr == f"newscheck: error: {err.value}\n"
    assert not (tmp_path / "pred.txt").exists()
    # `newscheck analyze` gives the same line and status
    (tmp_path / "a.txt").write_text(ART1, encoding="utf-8")
    a = CliRunner().invoke(
        main, ["analyze", "--analyzers", "propaganda", str(tmp_path / "a.txt")]
    )
    assert (a.exit_code, a.stderr) == (r.exit_code, r.stderr)


@pytest.mark.parametrize("choice", ["linear", "auto"])
def test_propaganda_linear_or_auto_without_the_artefact_is_linear(
    tmp_path, monkeypatch, no_transformer, choice
):
    from newscheck.propaganda.model import PropagandaModel

    monkeypatch.setenv("NEWSCHECK_PROPAGANDA_MODEL", choice)
    model = _analyzer_model(choice)
    assert type(model) is PropagandaModel
    r, rows = _run_propaganda(_articles(tmp_path), tmp_path / "pred.txt")
    assert r.exit_code == 0, r.output
    assert rows == _expected_rows(model)
    assert "PropagandaModel" in r.stderr


def test_propaganda_uses_the_ensemble_setting(tmp_path, ensemble_setting):
    """With the extra and the artefact: `ensemble` finds and labels spans with
    the analyzer's shipped model."""
    model = ensemble_setting
    d = _articles(tmp_path)
    r, rows = _run_propaganda(d, tmp_path / "pred.txt")
    assert r.exit_code == 0, r.output
    assert rows == _expected_rows(model)
    s = ART1.index("corrupt")
    spans = [(s, s + 7), (0, 8), (s, s + 7)]
    tpl = tmp_path / "template.out"
    tpl.write_text("".join(f"1\t0\t{a}\t{b}\n" for a, b in spans))
    r, rows = _run_propaganda(d, tmp_path / "tc.txt", "--spans", str(tpl))
    assert r.exit_code == 0, r.output
    assert [t for _, t, _, _ in rows] == model.classify(ART1, spans)


def test_propaganda_help_names_the_setting():
    r = CliRunner().invoke(main, ["propaganda", "--help"])
    assert r.exit_code == 0
    assert "NEWSCHECK_PROPAGANDA_MODEL" in r.output
    assert "propaganda_model" in r.output


# -- evaluate propaganda with the propaganda_model setting ---------------------------
def _gold(tmp_path):
    s = ART1.index("corrupt")
    gold = tmp_path / "gold.labels"
    gold.write_text(
        f"1\tName_Calling,Labeling\t{s}\t{s + 13}\n1\tLoaded_Language\t0\t8\n"
        f"1\tLoaded_Language\t{ART1.index('smash')}\t{ART1.index(' us.')}\n"
    )
    return gold


def _run_evaluate(d, gold, task, *extra):
    return CliRunner().invoke(
        main,
        [
            "evaluate",
            "propaganda",
            "--articles",
            str(d),
            "--labels",
            str(gold),
            "--task",
            task,
            *extra,
        ],
    )


def _expected_report(model, gold, task):
    """The scores of *model* on ART1/ART2 and *gold*, computed with the library
    (the model's own predict/classify and the scorer), as the CLI prints them."""
    from newscheck.propaganda.features import Doc
    from newscheck.propaganda.labels import Label
    from newscheck.propaganda.model import PropagandaModel
    from newscheck.propaganda.scorer import si_scores_labels, tc_scores

    gold_rows = read_labels(gold)
    if task == "si":
        pred = [Label(*row) for row in _expected_rows(model)]
        s = si_scores_labels(pred, gold_rows)
        return [
            f"| SI | {s.precision:.4f} | {s.recall:.4f} | {s.f1:.4f} "
            f"| {s.n_pred} | {s.n_gold} |"
        ]
    spans = [(g.start, g.end) for g in gold_rows]
    arg = Doc.from_text(ART1, title_lines=1)
    techs = model.classify(arg if isinstance(model, PropagandaModel) else ART1, spans)
    pred = [Label("1", t, a, b) for t, (a, b) in zip(techs, spans, strict=True)]
    t = tc_scores(pred, gold_rows, TECHNIQUES)
    return [f"TC micro: P {t.precision:.4f} R {t.recall:.4f} F1 {t.f1:.4f}"] + [
        f"| {name} | {p:.4f} | {r:.4f} | {f:.4f} | {n} |"
        for name, (p, r, f, n) in t.per_technique.items()
    ]


@pytest.mark.parametrize("task", ["si", "tc"])
def test_evaluate_ensemble_without_the_artefact_fails_like_analyze(
    tmp_path, monkeypatch, no_transformer, task
):
    from newscheck.analyzers.propaganda import PropagandaAnalyzer
    from newscheck.errors import ConfigError, exit_code
    from newscheck.settings import Settings

    monkeypatch.setenv("NEWSCHECK_PROPAGANDA_MODEL", "ensemble")
    with pytest.raises(ConfigError) as err:
        PropagandaAnalyzer.load(settings=Settings(propaganda_model="ensemble"))
    d, gold = _articles(tmp_path), _gold(tmp_path)
    r = _run_evaluate(d, gold, task)
    assert r.exit_code == exit_code(err.value) == 2
    assert r.stderr == f"newscheck: error: {err.value}\n"
    assert r.stdout == ""
    # scoring a prediction file runs no model, so the setting does not matter
    r = _run_evaluate(d, gold, task, "--predictions", str(gold))
    assert r.exit_code == 0, r.output
    assert r.stdout.splitlines()[0] == f"predictions: {gold}"


@pytest.mark.parametrize("task", ["si", "tc"])
@pytest.mark.parametrize("choice", ["linear", "auto"])
def test_evaluate_linear_or_auto_without_the_artefact_scores_the_linear_model(
    tmp_path, monkeypatch, no_transformer, choice, task
):
    from newscheck.propaganda.model import PropagandaModel

    monkeypatch.setenv("NEWSCHECK_PROPAGANDA_MODEL", choice)
    model = _analyzer_model(choice)
    assert type(model) is PropagandaModel
    gold = _gold(tmp_path)
    r = _run_evaluate(_articles(tmp_path), gold, task)
    assert r.exit_code == 0, r.output
    lines = r.stdout.splitlines()
    assert lines[0] == f"model: PropagandaModel (propaganda_model={choice})"
    expected = _expected_report(model, gold, task)
    assert [x for x in lines if x in expected] == expected
    if task == "si":
        assert len(_expected_rows(model)) > 0  # the fixture gives the model spans


def test_evaluate_model_dir_is_a_linear_model(tmp_path, monkeypatch, no_transformer):
    from newscheck.propaganda.model import DEFAULT_MODEL_DIR, PropagandaModel

    monkeypatch.setenv("NEWSCHECK_PROPAGANDA_MODEL", "ensemble")  # not used
    gold = _gold(tmp_path)
    r = _run_evaluate(
        _articles(tmp_path), gold, "si", "--model", str(DEFAULT_MODEL_DIR)
    )
    assert r.exit_code == 0, r.output
    lines = r.stdout.splitlines()
    assert lines[0] == f"model: PropagandaModel (--model {DEFAULT_MODEL_DIR})"
    assert _expected_report(PropagandaModel.cached(), gold, "si")[0] in lines


@pytest.mark.parametrize("task", ["si", "tc"])
def test_evaluate_uses_the_ensemble_setting(tmp_path, ensemble_setting, task):
    """With the extra and the artefact: `ensemble` evaluates the analyzer's
    shipped model."""
    model = ensemble_setting
    gold = _gold(tmp_path)
    r = _run_evaluate(_articles(tmp_path), gold, task)
    assert r.exit_code == 0, r.output
    lines = r.stdout.splitlines()
    assert lines[0] == f"model: {type(model).__name__} (propaganda_model=ensemble)"
    expected = _expected_report(model, gold, task)
    assert [x for x in lines if x in expected] == expected
