"""Layout of the web page and the HTML report in a real browser: asserted on
geometry and computed styles, never on pixels."""

from __future__ import annotations

import os
import re

import pytest
from _live import LiveServer

from newscheck.analyzers.base import Analysis, Analyzer
from newscheck.api import ServiceSettings, create_app
from newscheck.article import Article
from newscheck.pipeline import Pipeline
from newscheck.renderers import render
from newscheck.settings import Settings

TITLE = "Shocking truth: city hides the real cost of the new bridge"
BODY = (
    "Everyone knows the mayor has been lying to you. The new bridge was supposed "
    "to cost $40 million, but documents show the city has already spent $95 "
    "million, an increase of 300%. Only a fool would believe the official story.\n\n"
    "According to the transport department, traffic on the old crossing fell by 12% "
    "last year. Critics say the project is a disaster that will destroy our "
    "community forever. The council will vote on more funding on Tuesday."
)
MATCH = {
    "claim": "Traffic on the old crossing fell by 12% in 2023",
    "verdict": "Mostly true",
    "normalised_verdict": "true",
    "publisher": "Demo Check",
    "date": "2024-02-01",
    "url": "https://factcheck.example/traffic",
    "similarity": 0.88,
    "relation": "same",
}
RELATED = {
    **MATCH,
    "claim": "Bridge costs rose 30% in 2022",
    "relation": "related",
    "differences": ["number: 30% vs 300%", "year"],
}


class EveryRole(Analyzer):
    """Findings of every highlight role, overlapping, plus routine ones and a
    low-score propaganda span that must stay out of the page."""

    name = "every_role"
    version = "1"

    def analyze(self, article: Article) -> Analysis:
        body = article.body
        out = []

        def add(phrase: str, kind: str, label: str, score: float | None, **ev):  # type: ignore[no-untyped-def]
            i = body.index(phrase)
            out.append(
                article.finding(
                    "body",
                    i,
                    i + len(phrase),
                    kind=kind,
                    label=label,
                    score=score,
                    evidence=ev,
                )
            )

        add("Everyone knows", "propaganda", "Bandwagon,Reductio_ad_hitlerum", 0.8)
        add("Only a fool", "propaganda", "Name_Calling,Labeling", 0.9)
        add("a disaster", "propaganda", "Loaded_Language", 0.7)
        add("the official story", "propaganda", "Repetition", 0.04)
        add("an increase of 300%", "consistency", "inconsistent", None)
        add("$40 million", "quantity", "money", None)
        add("300%", "quantity", "percent", None)
        for s, e in article.sentences:
            text = body[s:e]
            ev: dict[str, object] = {"threshold": 0.3}
            if text.startswith("According"):
                ev["matches"] = [MATCH]
            elif text.startswith("The new bridge"):
                ev["matches"] = [RELATED]
            out.append(
                article.finding(
                    "body",
                    s,
                    e,
                    kind="claim",
                    label="check_worthy",
                    score=0.8,
                    evidence=ev,
                )
            )
            if text.startswith("Critics"):
                out.append(
                    article.finding(
                        "body",
                        s,
                        e,
                        kind="reliability",
                        label="unreliable_sentence",
                        score=0.4,
                        evidence={"contribution": 0.4},
                    )
                )
        return Analysis(findings=tuple(out), summary={"count": len(out)})


def _app(tmp_path):  # type: ignore[no-untyped-def]
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'layout.db'}")
    pipeline = Pipeline([EveryRole()])
    return create_app(settings, service=ServiceSettings(), pipeline=pipeline)


def _analyze(page, url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(url + "/")
    page.fill("#title", TITLE)
    page.fill("#text", BODY)
    page.click("#analyze")
    page.wait_for_selector("body[data-state=done]", timeout=60_000)


_OVERFLOW = (
    "document.documentElement.scrollWidth - document.documentElement.clientWidth"
)

# Every table cell at least as wide as its longest word (measured in the
# cell's own font): no letter-by-letter wrapping.
_NARROW_CELLS = """
() => {
  const ctx = document.createElement("canvas").getContext("2d");
  const bad = [];
  for (const cell of document.querySelectorAll("th, td")) {
    if (!cell.offsetParent) continue;
    const cs = getComputedStyle(cell);
    ctx.font = cs.font;
    const inner = cell.getBoundingClientRect().width - parseFloat(cs.paddingLeft)
      - parseFloat(cs.paddingRight) - parseFloat(cs.borderLeftWidth)
      - parseFloat(cs.borderRightWidth);
    if (cell.scrollWidth > cell.clientWidth + 1) bad.push([cell.textContent]);
    for (const el of [cell, ...cell.querySelectorAll("*")]) {
      const ecs = getComputedStyle(el);
      ctx.font = ecs.font;
      const own = [...el.childNodes].filter((n) => n.nodeType === 3)
        .map((n) => n.textContent).join(" ");
      for (const w of own.split(/\\s+/)) {
        if (w.length > 40) continue;  // a long URL-like token may wrap anywhere
        // digits are drawn tabular (the canvas cannot measure that): they are
        // checked by overflow below
        if (/^[\d.,%]+$/.test(w)) continue;
        const need = ctx.measureText(w).width;
        if (need > inner + 1) bad.push([w, need, inner]);
      }
    }
  }
  return bad;
}
"""

_LEGEND = """
() => [...document.querySelectorAll(SEL)].map((li) => [
  li.textContent,
  getComputedStyle(li).getPropertyValue("--sw").trim().toLowerCase(),
])
"""


@pytest.mark.parametrize("width", [390, 1400])
def test_page_layout_fits_and_says_what_matters(page, tmp_path, repo, width) -> None:  # type: ignore[no-untyped-def]
    with LiveServer(_app(tmp_path)) as url:
        page.set_viewport_size({"width": width, "height": 900})
        _analyze(page, url)
        assert page.evaluate(_OVERFLOW) <= 1
        assert page.evaluate(_NARROW_CELLS) == []
        # legend: one entry per role present, distinct colours, sentence case
        legend = page.evaluate(_LEGEND.replace("SEL", "'#legend li'"))
        labels = [t for t, _ in legend]
        assert labels == [
            "Possible propaganda",
            "Figures disagree",
            "Fact-checked claim",
            "Unreliable-sounding sentence",
            "Check-worthy claim",
        ]
        colours = [c for _, c in legend]
        assert all(colours) and len(set(colours)) == len(colours)
        # human labels, never raw ones; the 0.04 span stays in JSON only
        shown = page.text_content("#result") or ""
        assert "check_worthy" not in shown and "Name_Calling" not in shown
        assert "Name calling or labeling" in shown
        assert "Repetition" not in shown
        assert "1 low-confidence finding not shown" in shown
        # fact-checks: a same match as a verdict, a related one never as one
        claims = page.text_content("#claims") or ""
        assert "Fact-checked: Mostly true by Demo Check, 2024-02-01" in claims
        assert "Related fact-check (differs: number: 30% vs 300%, year)" in claims
        assert (page.text_content("#no-factcheck") or "") == ""
        # overlaps: a fact-checked, unreliable-sounding claim containing
        # propaganda keeps every layer
        both = page.locator("#article-body mark.r-propaganda.r-unreliable")
        assert both.count() >= 1
        # no sentence-final period highlighted on its own
        assert (
            page.locator("#article-body mark.hl", has_text=re.compile(r"^\.$")).count()
            == 0
        )
        # the explanation panel stays small
        box = page.locator("#explain").bounding_box()
        assert box is not None and box["height"] <= 0.2 * 900 + 1
        if os.environ.get("NEWSCHECK_UPDATE_SCREENSHOT"):
            name = "screenshot.png" if width > 600 else "screenshot-phone.png"
            page.screenshot(path=str(repo / "docs" / name), full_page=True)


def test_page_clears_a_stale_report_on_error(page, tmp_path) -> None:  # type: ignore[no-untyped-def]
    with LiveServer(_app(tmp_path)) as url:
        _analyze(page, url)
        assert page.locator("#article-body mark").count() > 0
        page.fill("#text", "")
        page.fill("#url", "http://127.0.0.1:9/article")  # refused: a private address
        page.click("#analyze")
        page.wait_for_selector("body[data-state=error]", timeout=30_000)
        assert page.is_hidden("#result")
        assert page.locator("#article-body mark").count() == 0
        assert page.text_content("#article-body") == ""
        status = page.text_content("#status") or ""
        assert status.startswith("Error") and "--allow-private" not in status


def test_favicon_and_footer_links_resolve(page, tmp_path) -> None:  # type: ignore[no-untyped-def]
    with LiveServer(_app(tmp_path)) as url:
        page.goto(url + "/")
        assert page.request.get(url + "/favicon.ico").status == 200
        hrefs = page.eval_on_selector_all("footer a", "as => as.map(a => a.href)")
        assert hrefs
        for href in hrefs:
            assert page.request.get(href).status == 200, href
        display = page.request.get(url + "/display.json").json()
        assert display["labels"]["check_worthy"] == "Check-worthy claim"


@pytest.mark.parametrize("width", [390, 1400])
def test_html_report_layout(page, tmp_path, width) -> None:  # type: ignore[no-untyped-def]
    report = Pipeline([EveryRole()]).run(Article(body=BODY, title=TITLE))
    path = tmp_path / "report.html"
    path.write_text(render(report, "html"), encoding="utf-8")
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(path.as_uri())
    assert page.evaluate(_OVERFLOW) <= 1
    assert page.evaluate(_NARROW_CELLS) == []
    legend = page.evaluate(_LEGEND.replace("SEL", "'.legend li'"))
    colours = [c for _, c in legend]
    assert len(colours) == 5 and len(set(colours)) == len(colours)
    # footnote markers never overflow the text column
    right = page.evaluate(
        "Math.max(...[...document.querySelectorAll('sup.ref')]"
        ".map(s => s.getBoundingClientRect().right))"
    )
    body_right = page.evaluate(
        "document.getElementById('nc-body').getBoundingClientRect().right"
    )
    assert right <= body_right + 1
