"""Style signals on small texts whose values are worked out by hand."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newscheck.analyzers import create, style
from newscheck.analyzers.style import (
    PERCENTILES_PATH,
    SIGNALS,
    StyleAnalyzer,
    load_percentiles,
    style_signals,
)
from newscheck.article import Article
from newscheck.errors import ModelError


def _values(body: str, title: str = "") -> dict[str, float | None]:
    return style_signals(Article(body=body, title=title))[0]


def _texts(body: str, label: str, title: str = "") -> list[str]:
    art = Article(body=body, title=title)
    return [art.text_of(field)[s:e] for field, s, e, _ in style_signals(art)[1][label]]


def test_readability_by_hand() -> None:
    # 6 one-syllable words in 2 sentences: W/S = 3, Y/W = 1
    v = _values("The cat sat. The dog ran.")
    assert v["flesch_reading_ease"] == pytest.approx(206.835 - 1.015 * 3 - 84.6)
    assert v["flesch_kincaid_grade"] == pytest.approx(0.39 * 3 + 11.8 - 15.59)


def test_sentiment_and_subjectivity_by_hand() -> None:
    # VADER lexicon: good = 1.9; negation scales by -0.74; "very" adds 0.293
    def compound(s: float) -> float:
        return s / math.sqrt(s * s + 15)

    v = _values("It is good.")
    assert v["sentiment"] == pytest.approx(compound(1.9))
    assert v["subjectivity"] == pytest.approx(1 / 3)
    v = _values("It is not good. It is very good.")
    expected = (compound(1.9 * -0.74) + compound(1.9 + 0.293)) / 2
    assert v["sentiment"] == pytest.approx(expected)
    assert v["subjectivity"] == pytest.approx(2 / 8)
    assert _values("The table is in the room.")["sentiment"] == 0


def test_all_caps_share() -> None:
    body = "This is TOTALLY FAKE and the FBI knows NASA."
    assert _values(body)["all_caps"] == pytest.approx(2 / 9)
    assert _texts(body, "all_caps") == ["TOTALLY", "FAKE"]


def test_exclamation_per_100_words() -> None:
    body = "Wow!! Really! Fine."
    assert _values(body)["exclamation"] == pytest.approx(100 * 3 / 3)
    assert _texts(body, "exclamation") == ["!!", "!"]


def test_hedges_intensifiers_attributions() -> None:
    body = (
        "Officials said it may rain. It could be very bad, according to "
        "experts. In May, it was extremely hot."
    )  # 19 words
    v = _values(body)
    assert v["hedges"] == pytest.approx(200 / 19)
    assert v["intensifiers"] == pytest.approx(200 / 19)
    assert v["attributions"] == pytest.approx(200 / 19)
    assert _texts(body, "hedge") == ["may", "could"]  # not the month "May"
    assert _texts(body, "intensifier") == ["very", "extremely"]
    assert _texts(body, "attribution") == ["said", "according to"]


def test_quotes_and_person_outside_quotes() -> None:
    body = "She said: “We will win.” You know our team."  # 9 words
    v = _values(body)
    assert v["quotes"] == pytest.approx(100 / 9)
    assert v["first_person"] == pytest.approx(100 / 9)  # "We" is quoted
    assert v["second_person"] == pytest.approx(100 / 9)
    assert _texts(body, "quote") == ["“We will win.”"]
    assert _texts(body, "first_person") == ["our"]
    assert _texts("The US told us that I won.", "first_person") == ["us", "I"]


@pytest.mark.parametrize(
    ("body", "quoted"),
    [
        # curly single quotes count, apostrophes inside them do not end them
        ("‘I don’t know,’ he said. We left.", ["‘I don’t know,’"]),
        ("He called it ‘a disgrace’. Our team won.", ["‘a disgrace’"]),
        # apostrophes alone are not quotes
        ("The players’ union met in the ‘90s. It’s over.", []),
    ],
)
def test_quotes_curly_single(body: str, quoted: list[str]) -> None:
    assert _texts(body, "quote") == quoted
    if quoted:  # words inside the quote are not the writer's first person
        assert _texts("‘We will win,’ she said.", "first_person") == []


@pytest.mark.parametrize(
    ("title", "score"),
    [
        ("You Won't Believe These 7 Photos!", 0.35 + 0.2 + 0.2),
        ("10 Reasons Why This Is SHOCKING?", 1.0),  # .35+.35+.15+.2, capped
        ("Is the budget late?", 0.15),
        ("Senate passes budget bill", 0.0),
        ("", None),
    ],
)
def test_clickbait_title_score(title: str, score: float | None) -> None:
    value = _values("Body text here.", title=title)["clickbait"]
    assert value == (None if score is None else pytest.approx(score))


def test_empty_body_gives_no_values() -> None:
    values = _values("", title="Headline")
    assert values["flesch_reading_ease"] is None and values["hedges"] is None
    assert values["clickbait"] == 0.0


def test_analyzer_summary_and_offsets() -> None:
    art = Article(
        title="SHOCKING: You Won't Believe It!",
        body="İSTANBUL — You said “we will” win!! ALLEGEDLY it could be TRUE. "
        "Really, according to sources say.",
    )
    result = create("style").analyze(art)
    assert set(result.summary["signals"]) == set(SIGNALS)
    for sig in result.summary["signals"].values():
        assert set(sig) == {"value", "typical", "position", "unit"}
    assert result.findings
    for f in result.findings:
        assert f.kind == "style"
        assert art.text_of(f.field)[f.start : f.end] == f.text
    labels = {f.label for f in result.findings}
    assert {"all_caps", "exclamation", "hedge", "quote", "clickbait"} <= labels


def test_positions_against_percentiles(tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    signals = {name: {"p10": 0.0, "p50": 1.0, "p90": 2.0} for name in SIGNALS}
    path.write_text(json.dumps({"signals": signals}), encoding="utf-8")
    analyzer = StyleAnalyzer.load(path)
    out = analyzer.analyze(Article(body="Wow! It is. Fine."))
    sig = out.summary["signals"]
    assert sig["exclamation"]["position"] == "above"  # 25 per 100 words
    assert sig["hedges"]["position"] == "within"
    assert sig["sentiment"]["typical"] == {"p10": 0.0, "p50": 1.0, "p90": 2.0}
    assert "exclamation" in out.summary["outside_typical"]


def test_max_findings_caps_each_label() -> None:
    art = Article(body=" ".join(["He said so."] * 30))
    findings = StyleAnalyzer(max_findings=5).analyze(art).findings
    assert sum(f.label == "attribution" for f in findings) == 5


def test_shipped_percentiles_are_ordered() -> None:
    typical = load_percentiles()
    assert set(typical) == set(SIGNALS)
    for ref in typical.values():
        assert ref["p10"] <= ref["p50"] <= ref["p90"]
    data = json.loads(PERCENTILES_PATH.read_text(encoding="utf-8"))
    assert sum(c["reliable"] for c in data["corpora"].values()) > 1000


def test_corrupt_percentiles_raise(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    with pytest.raises(ModelError, match=r"newscheck_lab\.style"):
        load_percentiles(bad)


# The fast paths of style_signals against the plain definitions: _WORD over the
# whole lower-cased text, phrases read word by word with _NEXT_WORD.
_PIECES = st.sampled_from(
    "i I us US we You y'all y’all it's is said to are according in a statement "
    "of all time may May some say sources café naïve x² rock''n boys' ' ’ "
    "Said. SAID! said, very so much way too 1you _said".split()
) | st.text(alphabet="aé'’ \n.!-_1²İ", max_size=4)
_TEXTS = st.lists(
    st.tuples(_PIECES, st.sampled_from([" ", "  ", "\n", "", ", ", ". ", "'", "-"])),
    max_size=30,
).map(lambda parts: "".join(p + sep for p, sep in parts))


def _plain_phrase_spans(low: str, words: tuple[str, ...]) -> list[tuple[int, int]]:
    found = []
    for m in style._WORD.finditer(low):
        if m.group() != words[0]:
            continue
        stop = m.end()
        for nxt in words[1:]:
            n = style._NEXT_WORD.match(low, stop)
            if n is None or n.group(1) != nxt:
                break
            stop = n.end()
        else:
            found.append((m.start(), stop))
    return found


@given(_TEXTS)
@settings(max_examples=300, deadline=None)
def test_fast_tokens_match_plain_tokens(text: str) -> None:
    low = style._lowered(text)
    if "''" not in low and not style._WIDE_LETTER.search(low):
        assert style._ASCII_WORD.findall(low) == style._WORD.findall(low)
    for words in [("i",), ("y'all",), ("it's", "possible"), ("is", "said", "to")]:
        got = [m.span() for m in style._phrase_pattern(words).finditer(low)]
        assert got == _plain_phrase_spans(low, words)


_WORDS = st.text(
    alphabet=st.sampled_from("abcdefghijklmnopqrstuvwxyzAEIOUYİß'’é"),
    min_size=0,
    max_size=30,
)


def test_hyphenation_patterns_equal_pyphen() -> None:
    import pyphen

    assert style._hyphenation_patterns() == pyphen.Pyphen(lang="en_US").hd.patterns


@given(st.lists(_WORDS, max_size=40))
@settings(max_examples=200, deadline=None)
def test_syllables_equal_pyphen(words: list[str]) -> None:
    import pyphen

    dic = pyphen.Pyphen(lang="en_US")
    count = style._Syllables(dic.hd.patterns).count
    words += ["information", "government", "the", "a", "", "supercalifragilistic"]
    assert [count(w) for w in words] == [len(dic.positions(w)) + 1 for w in words]


def test_syllables_walk_stops_at_the_longest_pattern() -> None:
    import pyphen

    dic = pyphen.Pyphen(lang="en_US")
    counter = style._Syllables(dic.hd.patterns)
    assert counter.depth == max(map(len, dic.hd.patterns))
    for word in ("a" * 300, "hyphenation" * 40, "ab" * 97):
        assert counter.count(word) == len(dic.positions(word)) + 1


@pytest.mark.slow
def test_one_very_long_word_is_counted_in_linear_time() -> None:
    # 5 million letters in one "word": seconds when each position reads at most
    # the longest pattern, many minutes when it copies the rest of the word
    code = (
        "from newscheck.analyzers.style import _Syllables, _hyphenation_patterns\n"
        "print(_Syllables(_hyphenation_patterns()).count('a' * 5_000_000))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "1"


def _plain_special_spans(article: Article) -> dict[str, list[tuple[int, int]]]:
    """Phrase-list and pronoun spans, reading every word of the body in turn."""
    body, low = article.body, style._lowered(article.body)
    quotes = [m.span() for m in style._QUOTE.finditer(body)]
    labels = ("hedge", "intensifier", "attribution", "first_person", "second_person")
    out: dict[str, list[tuple[int, int]]] = {label: [] for label in labels}
    for m in style._WORD.finditer(low):
        w, (start, end) = m.group(), m.span()
        if w in style._FIRST or w in style._SECOND:
            quoted = any(s <= start < e for s, e in quotes)
            if (w == "i" and body[start] != "I") or (
                w == "us" and body[start:end] == "US"
            ):
                pass
            elif not quoted:
                out["first_person" if w in style._FIRST else "second_person"].append(
                    (start, end)
                )
        for label, rest in style._PHRASES.get(w, ()):
            if w == "may" and body[start] != "m":
                continue
            spans = _plain_phrase_spans(low, (w, *rest))
            hit = [sp for sp in spans if sp[0] == start]
            if hit:
                out[label].append(hit[0])
                break
    return out


@given(_TEXTS, _TEXTS)
@settings(max_examples=200, deadline=None)
def test_special_spans_match_plain_reading(a: str, b: str) -> None:
    art = Article(body=a + ' "' + b + '" ' + a)
    spans = style_signals(art)[1]
    for label, expected in _plain_special_spans(art).items():
        assert [(s, e) for _, s, e, _ in spans[label]] == expected, label


def test_words_beyond_ascii_and_double_apostrophes() -> None:
    # 5 words: café, naïve, x², rock, n (not rock''n)
    v = _values("Café naïve x². Rock''n.")
    assert v["flesch_kincaid_grade"] is not None
    art = Article(body="Café naïve x². Rock''n.")
    low = style._lowered(art.body)
    assert style._WORD.findall(low) == ["café", "naïve", "x²", "rock", "n"]
    assert v["all_caps"] == 0.0
    assert _values("Rock''n roll, boys' toys.")["exclamation"] == 0.0
    assert _texts("You said it. “You didn’t,” y'all said.", "second_person") == [
        "You",
        "y'all",
    ]


# Frozen outputs: hand-written articles (data/cheap_analyzer_texts.json) and the
# analyzer's output on each, written by an earlier implementation. Speed work
# must leave them unchanged; regenerate only on a deliberate output change
# (with a version bump) by running this file as a script.
FROZEN_TEXTS = Path(__file__).parent / "data" / "cheap_analyzer_texts.json"
FROZEN = Path(__file__).parent / "data" / "style_frozen.json"


def _frozen_outputs() -> list[dict]:
    analyzer = StyleAnalyzer.load()
    out = []
    for item in json.loads(FROZEN_TEXTS.read_text(encoding="utf-8")):
        art = Article(**item)
        result = analyzer.analyze(art)
        typical = load_percentiles()
        for name, signal in result.summary["signals"].items():
            # the shipped percentiles, the same for every article: not frozen
            assert signal["typical"] == typical.get(name)
        out.append(
            {
                "values": style_signals(art)[0],
                "findings": [f.to_dict() for f in result.findings],
                "summary": result.summary,
            }
        )
    out = json.loads(json.dumps(out))
    for item in out:
        for signal in item["summary"]["signals"].values():
            del signal["typical"]
    return out


def test_outputs_match_frozen() -> None:
    expected = json.loads(FROZEN.read_text(encoding="utf-8"))
    got = _frozen_outputs()
    assert len(got) == len(expected)
    for i, (g, e) in enumerate(zip(got, expected, strict=True)):
        assert g == e, f"article {i} differs"


if __name__ == "__main__":
    rows = (json.dumps(o, ensure_ascii=False) for o in _frozen_outputs())
    FROZEN.write_text("[\n" + ",\n".join(rows) + "\n]\n", encoding="utf-8")
