"""The official measures of SemEval-2020 Task 11, from the task definitions.

Span identification (SI), Da San Martino et al. (2020), Sec. 4: with ``S`` the
predicted and ``T`` the gold spans (as sets of character offsets; spans of one
article are compared only with spans of the same article)::

    P(S, T) = 1/|S| * sum_{s in S} sum_{t in T} |s ∩ t| / |s|
    R(S, T) = 1/|T| * sum_{s in S} sum_{t in T} |s ∩ t| / |t|
    F1      = 2 P R / (P + R)

Numerators and denominators are summed over all articles. SI ignores the
technique, so overlapping spans of one article are first merged into one span
(on both sides), as the task's SI scorer does.

Technique classification (TC): each gold span gets one predicted technique;
a prediction is correct when a gold span with the same article, start and end
carries that technique (a span annotated with two techniques counts twice, as a
multiset). Micro P/R/F1 are over all spans; per-technique P/R/F1 as usual.

Examples
--------
>>> round(si_scores({"1": [(0, 10)]}, {"1": [(5, 15)]}).f1, 3)
0.5
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from newscheck.propaganda.labels import Label

__all__ = [
    "SIScore",
    "TCScore",
    "majority_tc_scores",
    "merge_spans",
    "si_scores",
    "si_scores_labels",
    "tc_scores",
]

Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class SIScore:
    """SI precision, recall and F1, with the number of (merged) spans."""

    precision: float
    recall: float
    f1: float
    n_pred: int
    n_gold: int


@dataclass(frozen=True, slots=True)
class TCScore:
    """TC micro P/R/F1 and per-technique ``(precision, recall, f1, support)``."""

    precision: float
    recall: float
    f1: float
    per_technique: dict[str, tuple[float, float, float, int]] = field(
        default_factory=dict
    )


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r > 0 else 0.0


def merge_spans(spans: Iterable[Span]) -> list[Span]:
    """Merge spans that share at least one character; drop empty spans.

    >>> merge_spans([(5, 9), (0, 3), (2, 6), (9, 12)])
    [(0, 9), (9, 12)]
    """
    out: list[list[int]] = []
    for s, e in sorted(sp for sp in spans if sp[1] > sp[0]):
        if out and s < out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return [(s, e) for s, e in out]


def si_scores(
    pred: Mapping[str, Sequence[Span]], gold: Mapping[str, Sequence[Span]]
) -> SIScore:
    """SI precision/recall/F1 of *pred* against *gold* (``{article_id: spans}``)."""
    p_num = r_num = 0.0
    n_pred = n_gold = 0
    for aid in set(pred) | set(gold):
        ps = merge_spans(pred.get(aid, ()))
        gs = merge_spans(gold.get(aid, ()))
        n_pred += len(ps)
        n_gold += len(gs)
        for s0, s1 in ps:
            for t0, t1 in gs:
                inter = min(s1, t1) - max(s0, t0)
                if inter > 0:
                    p_num += inter / (s1 - s0)
                    r_num += inter / (t1 - t0)
    p = p_num / n_pred if n_pred else 0.0
    r = r_num / n_gold if n_gold else 0.0
    return SIScore(p, r, _f1(p, r), n_pred, n_gold)


def si_scores_labels(pred: Iterable[Label], gold: Iterable[Label]) -> SIScore:
    """:func:`si_scores` on label rows (techniques ignored)."""
    return si_scores(_spans_by_article(pred), _spans_by_article(gold))


def _spans_by_article(rows: Iterable[Label]) -> dict[str, list[Span]]:
    out: dict[str, list[Span]] = defaultdict(list)
    for r in rows:
        out[r.article_id].append((r.start, r.end))
    return out


def tc_scores(
    pred: Iterable[Label], gold: Iterable[Label], techniques: Sequence[str] = ()
) -> TCScore:
    """TC micro P/R/F1 and per-technique scores of *pred* against *gold*."""
    gold_by: dict[tuple[str, int, int], Counter[str]] = defaultdict(Counter)
    pred_by: dict[tuple[str, int, int], Counter[str]] = defaultdict(Counter)
    for g in gold:
        gold_by[g.article_id, g.start, g.end][g.technique or ""] += 1
    for q in pred:
        pred_by[q.article_id, q.start, q.end][q.technique or ""] += 1
    tp: Counter[str] = Counter()
    n_pred: Counter[str] = Counter()
    n_gold: Counter[str] = Counter()
    for key, c in gold_by.items():
        n_gold.update(c)
        tp.update(c & pred_by.get(key, Counter()))
    for c in pred_by.values():
        n_pred.update(c)
    total_tp, total_p, total_g = (
        sum(tp.values()),
        sum(n_pred.values()),
        sum(n_gold.values()),
    )
    p = total_tp / total_p if total_p else 0.0
    r = total_tp / total_g if total_g else 0.0
    per: dict[str, tuple[float, float, float, int]] = {}
    for t in sorted(set(techniques) | set(n_gold) | set(n_pred)):
        pt = tp[t] / n_pred[t] if n_pred[t] else 0.0
        rt = tp[t] / n_gold[t] if n_gold[t] else 0.0
        per[t] = (pt, rt, _f1(pt, rt), n_gold[t])
    return TCScore(p, r, _f1(p, r), per)


def majority_tc_scores(
    train: Iterable[Label], gold: Sequence[Label]
) -> tuple[str, TCScore]:
    """The most frequent technique of *train*, and the TC scores of giving it to
    every *gold* span (the majority-class baseline)."""
    majority = Counter(r.technique for r in train).most_common(1)[0][0]
    pred = [Label(r.article_id, majority, r.start, r.end) for r in gold]
    return majority, tc_scores(pred, gold)
