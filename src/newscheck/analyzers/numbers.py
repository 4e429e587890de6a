"""Numbers: every quantity in the article, and whether its figures add up.

Quantities (``kind="quantity"``, ``label`` = type: count, money, percent, date,
range, vague, change) carry their normalised reading as evidence. Relations
between the figures of one field (``kind="consistency"``, ``label`` =
consistent / inconsistent / unverifiable) sit on the phrase being checked and
name the other figures and the arithmetic. A headline is checked on its own
("Hawks finish 18-9 over a 30-game season"), and only decided checks are kept
there: a headline's "doubles down" or "double the damage" has no figures to
compare and would only be noise. Pure regex; no trained state.

Examples
--------
>>> from newscheck.article import Article
>>> a = Article(body="They sent 1,500 more troops, nearly doubling the force. "
...             "They join the 1,600 troops already there.")
>>> r = NumbersAnalyzer().analyze(a)
>>> r.summary["relations"]
{'consistent': 1, 'inconsistent': 0, 'unverifiable': 0}
"""

from __future__ import annotations

from typing import Any

from newscheck.analyzers import register
from newscheck.analyzers.base import Analysis, Analyzer
from newscheck.article import Article, Finding, split_sentences
from newscheck.numbers.extract import extract_all
from newscheck.numbers.relations import (
    CONSISTENT,
    INCONSISTENT,
    UNVERIFIABLE,
    Relation,
    find_relations,
)

__all__ = ["NumbersAnalyzer"]


@register("numbers")
class NumbersAnalyzer(Analyzer):
    """Extract quantities and check the article's figures against each other.

    Parameters
    ----------
    relations
        Also check consistency between figures (not just extract them).
    unverifiable
        Report checks that could not be decided (a change phrase with no figures
        to compare, a borderline sum) as ``unverifiable`` findings (body only).
    """

    version = "6"

    def __init__(self, *, relations: bool = True, unverifiable: bool = True) -> None:
        self.relations = relations
        self.unverifiable = unverifiable

    def analyze(self, article: Article) -> Analysis:
        findings: list[Finding] = []
        n_quantities = 0
        for fld in ("title", "body"):
            text = article.text_of(fld)
            qs, durations = extract_all(text)
            n_quantities += len(qs)
            for q in qs:
                findings.append(
                    article.finding(
                        fld,
                        q.start,
                        q.end,
                        kind="quantity",
                        label=q.type,
                        evidence=q.evidence(),
                    )
                )
            if not self.relations or not (qs or "(" in text):
                continue
            sentences = article.sentences if fld == "body" else split_sentences(text)
            rels = find_relations(text, qs, sentences, durations)
            for r in rels:
                undecided = r.label == UNVERIFIABLE
                if undecided and (fld == "title" or not self.unverifiable):
                    continue
                findings.append(_relation_finding(article, fld, r))
        counts = {CONSISTENT: 0, INCONSISTENT: 0, UNVERIFIABLE: 0}
        for f in findings:
            if f.kind == "consistency":
                counts[f.label] += 1
        return Analysis(
            findings=tuple(findings),
            summary={"quantities": n_quantities, "relations": counts},
        )


def _relation_finding(article: Article, fld: Any, r: Relation) -> Finding:
    evidence: dict[str, Any] = {
        "check": r.check,
        "spans": [[fld, q.start, q.end, q.text] for _, q in r.spans],
        "roles": [role for role, _ in r.spans],
        "arithmetic": r.arithmetic,
    }
    evidence.update(r.details)
    return article.finding(
        fld, r.start, r.end, kind="consistency", label=r.label, evidence=evidence
    )
