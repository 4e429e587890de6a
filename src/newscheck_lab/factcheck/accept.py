"""Fit the acceptance model ("the same claim, or nothing") on training data only.

``newscheck train factcheck-acceptance`` runs :func:`train`:

1. an index over the shipped claims with the shipped matcher;
2. pairs: for every CheckThat! 2020 Task 2 **train and dev** tweet, its top
   :data:`DEPTH` matches (any similarity): the relevant vclaim is a positive,
   the others hard negatives. Tweets restate claims loosely, news sentences
   closely, so the relevant vclaims of those tweets are also restated in news
   style (:func:`restatements`: a framing, one word dropped) as positives, and
   with a figure changed as negatives. Plus mined negatives:
   check-worthy-looking sentences of the ISOT *True* (Reuters) news articles
   and their top matches (a news sentence is assumed not to repeat a
   fact-checked claim);
3. features by :func:`newscheck.factcheck.accept.compare`; a logistic
   regression (scikit-learn), its regularisation chosen by 5-fold
   cross-validation over queries (log loss);
4. the threshold: on the cross-validated probabilities, the lowest cut whose
   precision of the first accepted match per query reaches
   :data:`TARGET_PRECISION` (with the hard-difference rule applied);
5. writes ``acceptance.json`` next to the matcher.

The CheckThat! test split and the corpora of the precision benchmark
(BuzzFeed-Webis, ReCOVery) are never read here.
"""

from __future__ import annotations

import csv
import io
import logging
import lzma
import random
import re
from pathlib import Path
from typing import Any

import numpy as np

from newscheck.factcheck.accept import (
    ACCEPT_FEATURES,
    HARD_DIFFERENCES,
    Acceptor,
    compare,
)
from newscheck.factcheck.index import MODEL_DIR, FactCheckIndex
from newscheck.factcheck.loaders import ClaimRecord, read_json
from newscheck.factcheck.store import DEFAULT_CLAIMS
from newscheck_lab.datasets import dataset_path
from newscheck_lab.datasets.checkthat import load_split

__all__ = ["DEPTH", "checkworthy_sentences", "pairs", "train"]

LOGGER = logging.getLogger(__name__)

#: Matches per query turned into pairs.
DEPTH = 5
#: Precision of the first accepted match per query the threshold must reach.
TARGET_PRECISION = 0.95
#: Weight of the tweet pairs (loose restatements; the analyzer reads news).
TWEET_WEIGHT = 0.3
#: Mined news sentences (ISOT True) and the seed that picks them.
N_NEWS = 1500
SEED = 0

_CHECKABLE = re.compile(
    r"\d|\b(said|says|claimed|will|would|has|have|had|is|are|was|were)\b"
)


def checkworthy_sentences(texts: list[str], limit: int, seed: int = 0) -> list[str]:
    """Up to *limit* sentences of *texts* that look check-worthy.

    A cheap stand-in for the check-worthiness model (so this does not depend
    on its version): 10–40 words, a figure or a statement verb, a capitalised
    name after the first word, no question, no quotation mark at either end.
    """
    from newscheck.article import Article

    pool = []
    for text in texts:
        body = " ".join(text.split())
        for s, e in Article(body=body).sentences:
            sent = body[s:e].strip()
            n = len(sent.split())
            if not 10 <= n <= 40 or sent.endswith("?") or sent[:1] in "\"“'‘":
                continue
            if not _CHECKABLE.search(sent) or not re.search(r"\s[A-Z][a-z]", sent):
                continue
            pool.append(sent)
    pool = sorted(set(pool))
    random.Random(seed).shuffle(pool)
    return pool[:limit]


def isot_true_texts() -> list[str]:
    """Article texts of the ISOT *True* (Reuters) file."""
    with lzma.open(dataset_path("isot_partial") / "True.csv.xz") as fh:
        raw = fh.read()
    rows = csv.DictReader(io.StringIO(raw.decode("utf-8")))
    return [r["text"] for r in rows if r.get("text")]


def default_index() -> FactCheckIndex:
    """An index over the shipped claims with the shipped (static) matcher."""
    records = [r for _, r in read_json(DEFAULT_CLAIMS) if isinstance(r, ClaimRecord)]
    index = FactCheckIndex.from_records(records, contextual=False)
    index.acceptor = Acceptor()  # never the model being refitted
    return index


#: Framings of the news-style restatements of training claims (the precision
#: benchmark rewords with other framings and word swaps).
TRAIN_FRAMES = (
    "Officials said on Monday that {}",
    "In a statement, the group said {}",
    "The report found that {}",
    "The campaign repeated its claim that {}",
    "Speaking to reporters, he said {}",
    "{}",
)


def restatements(
    claims: dict[str, str], rng: random.Random
) -> list[tuple[str, set[str] | None]]:
    """News-style restatements of training vclaims (positives) and the same
    with a figure changed (negatives: ``None``).

    Restatements with a name swapped were tried as negatives too: near-copies
    labelled negative taught the model that close wording means another claim
    (negative weight on the claim's coverage; cross-validated precision 0.85
    at recall 0.53 against 0.97 at 0.60 without them), so they are left out.
    """
    out: list[tuple[str, set[str] | None]] = []
    for vid, claim in sorted(claims.items()):
        words = claim.rstrip(".").split()
        if len(words) > 8:  # drop one word, as a reporter's wording would
            del words[rng.randrange(1, len(words))]
        body = " ".join(words) + "."
        body = body[0].lower() + body[1:] if body[:2].istitle() else body
        text = rng.choice(TRAIN_FRAMES).format(body)
        out.append((text, {vid}))
        # the same restatement with one figure changed
        fig = re.search(r"(?<![\w.])(\d+)(?![\w.]*\d)", text)
        if fig and not (len(fig.group(1)) == 4 and fig.group(1)[:2] in ("19", "20")):
            new = str(int(fig.group(1)) * 2 + 1)
            out.append((text[: fig.start(1)] + new + text[fig.end(1) :], None))
    return out


def pairs(
    index: FactCheckIndex,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[bool], np.ndarray]:
    """``(X, y, group, hard, weight)``: features, labels, query id,
    hard-difference flag and weight of every training pair (``group`` numbers
    the queries)."""
    queries: list[tuple[str, set[str] | None]] = []
    rel_claims: dict[str, str] = {}
    text_of = {r.source_id: r.claim for r in index.rows if r.source == "checkthat2020"}
    for split in ("train", "dev"):
        texts, qrels = load_split(split)
        queries += [(t, qrels.get(q, set())) for q, t in texts.items() if q in qrels]
        n_tweets = len(queries)
        for ids in qrels.values():
            rel_claims.update({i: text_of[i] for i in ids if i in text_of})
    queries += restatements(rel_claims, random.Random(SEED))
    queries += [
        (s, None) for s in checkworthy_sentences(isot_true_texts(), N_NEWS, SEED)
    ]
    X, y, group, hard, weight = [], [], [], [], []
    found = index.search_many([q for q, _ in queries], DEPTH, threshold=0.0)
    for g, ((text, relevant), matches) in enumerate(zip(queries, found, strict=True)):
        for m in matches:
            cmp = compare(text, m.claim, m.similarity, index.idf, m.claimant)
            X.append([cmp.features[f] for f in ACCEPT_FEATURES])
            pos = (
                relevant is not None
                and m.source == "checkthat2020"
                and m.source_id in relevant
            )
            y.append(int(pos))
            group.append(g)
            weight.append(TWEET_WEIGHT if g < n_tweets else 1.0)
            hard.append(any(d.startswith(HARD_DIFFERENCES) for d in cmp.differences))
    return (
        np.asarray(X, dtype=np.float64),
        np.asarray(y, dtype=np.int64),
        np.asarray(group),
        hard,
        np.asarray(weight, dtype=np.float64),
    )


def _first_accepted_precision(
    p: np.ndarray, y: np.ndarray, group: np.ndarray, hard: np.ndarray, cut: float
) -> tuple[float, int, int]:
    """Precision of each query's best accepted pair at *cut*, and counts."""
    ok = (p >= cut) & ~hard
    shown = correct = 0
    for g in np.unique(group):
        idx = np.flatnonzero((group == g) & ok)
        if idx.size:
            shown += 1
            correct += int(y[idx[np.argmax(p[idx])]])
    return (correct / shown if shown else 1.0), shown, correct


def train(out_dir: str | Path = MODEL_DIR) -> dict[str, Any]:
    """Fit and write ``acceptance.json``; returns what was measured."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import log_loss
    from sklearn.model_selection import GroupKFold

    index = default_index()
    X, y, group, hard_list, weight = pairs(index)
    hard = np.asarray(hard_list, dtype=bool)
    folds = list(GroupKFold(5).split(X, y, group))
    best: tuple[float, float, np.ndarray] | None = None
    for c in (0.1, 0.3, 1.0, 3.0, 10.0):
        oof = np.zeros(len(y))
        for tr, te in folds:
            model = LogisticRegression(C=c, max_iter=5000).fit(
                X[tr], y[tr], sample_weight=weight[tr]
            )
            oof[te] = model.predict_proba(X[te])[:, 1]
        loss = float(log_loss(y, oof, sample_weight=weight))
        LOGGER.info("C=%s: cross-validated log loss %.4f", c, loss)
        if best is None or loss < best[0]:
            best = (loss, c, oof)
    assert best is not None
    loss, c, oof = best
    cut = 0.5
    for cand in np.round(np.arange(0.3, 0.96, 0.01), 2):
        prec, _, _ = _first_accepted_precision(oof, y, group, hard, float(cand))
        if prec >= TARGET_PRECISION:
            cut = float(cand)
            break
    prec, shown, correct = _first_accepted_precision(oof, y, group, hard, cut)
    n_queries = int(np.unique(group).size)
    n_pos_q = int(np.unique(group[y == 1]).size)
    model = LogisticRegression(C=c, max_iter=5000).fit(X, y, sample_weight=weight)
    info = {
        "trained_on": "CheckThat! 2020 Task 2 train+dev tweets (top "
        f"{DEPTH} matches each, weight {TWEET_WEIGHT}), news-style restatements "
        "of their relevant vclaims (and with a figure changed), "
        f"{N_NEWS} ISOT True news sentences",
        "pairs": len(y),
        "positives": int(y.sum()),
        "queries": n_queries,
        "queries_with_a_positive": n_pos_q,
        "C": c,
        "cv_log_loss": round(loss, 4),
        "cv_first_accepted_precision": round(prec, 4),
        "cv_shown": shown,
        "cv_recall_of_queries_with_a_positive": round(correct / max(n_pos_q, 1), 4),
        "target_precision": TARGET_PRECISION,
    }
    acceptor = Acceptor(
        weights=tuple(float(w) for w in model.coef_[0]),
        bias=float(model.intercept_[0]),
        threshold=cut,
        info=info,
        fitted=True,
    )
    acceptor.save(Path(out_dir) / "acceptance.json")
    write_card_section(Path(out_dir) / "MODEL_CARD.md", acceptor)
    LOGGER.info("acceptance model: threshold %.2f, %s", cut, info)
    return {"threshold": cut, **info}


_BEGIN, _END = "<!-- begin:acceptance -->", "<!-- end:acceptance -->"


def write_card_section(card: Path, acceptor: Acceptor) -> None:
    """Write (or replace) the acceptance model's section of the model card."""
    info = acceptor.info
    weights = ", ".join(
        f"{f} {w:+.2f}" for f, w in zip(ACCEPT_FEATURES, acceptor.weights, strict=True)
    )
    body = f"""{_BEGIN}
## Acceptance model (`acceptance.json`): the same claim, or related

Decides whether a match checks the same claim as the sentence (`relation`
`"same"`, its verdict applies) or a related one (listed with its
`differences`). Written by `newscheck train factcheck --only-acceptance`
(`newscheck_lab.factcheck.accept`).

- **Model:** logistic regression (scikit-learn to fit, numpy to run) over the
  matcher's similarity and agreement features
  (`newscheck.factcheck.accept.compare`): IDF-weighted share of the claim's
  terms in the sentence, figures (shared / conflicting / only in the claim),
  years, names (capitalised words; the fact-check's claimant counts as
  present), negation. Weights: {weights}; bias {acceptor.bias:+.2f}.
- **Rule:** a different figure, a different year or the opposite polarity makes a
  match related whatever its probability.
- **Training data (training splits only):** {info.get("trained_on")}:
  {info.get("pairs")} pairs, {info.get("positives")} positive; C = {info.get("C")}
  chosen by 5-fold cross-validated log loss ({info.get("cv_log_loss")}) over
  queries.
- **Threshold {acceptor.threshold}:** the lowest cut at which the first accepted
  match per query is right for ≥ {info.get("target_precision")} of queries in
  cross-validation ({info.get("cv_first_accepted_precision")}, recall
  {info.get("cv_recall_of_queries_with_a_positive")} of queries with a right
  answer among their matches: tweets restate claims loosely).
- **Evaluation:** `benchmarks/factcheck_precision.md` (news-style paraphrases of
  held-out claims, changed figures, other topics); CheckThat! test is not used.
- **Limits:** names are found by capitalisation and negation by a word list;
  paraphrases in the benchmark are rule-based, so real reporters' rewordings
  may be accepted less often.
{_END}
"""
    text = card.read_text(encoding="utf-8") if card.exists() else ""
    if _BEGIN in text and _END in text:
        head, rest = text.split(_BEGIN, 1)
        tail = rest.split(_END, 1)[1].lstrip("\n")
        text = head + body + ("\n" + tail if tail else "")
    else:
        text = text.rstrip("\n") + "\n\n" + body
    card.write_text(text, encoding="utf-8")
