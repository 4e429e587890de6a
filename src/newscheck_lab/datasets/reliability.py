"""Labelled corpora from ``../shared/datasets``, cleaned of label leaks and deduped.

Used only at training and benchmark time. Each loader reads one corpus as its
PROVENANCE.md describes it and returns :class:`Doc` records with
``label`` 1 = unreliable, 0 = reliable, and ``group`` = the unit a split must keep
together (``pair_id`` for the Pérez-Rosas pairs, the publisher where the data
names it, else the record itself).

Leak stripping happens in three layers:

1. :func:`newscheck.reliability.text.strip_boilerplate` (also applied at run time):
   wire datelines, photo credits, share/newsletter lines, links;
2. per corpus, sentences repeated in 3+ documents are dropped (publisher
   furniture no regex names);
3. :data:`newscheck.reliability.text.LEAK_TOKENS` never become features.

Titles are stripped of surrounding spaces (ISOT fake titles start with one) and
FakeNewsAMT's missing titles are not a feature (the title is simply empty).
"""

from __future__ import annotations

import csv
import hashlib
import json
import lzma
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace

from newscheck.reliability.text import strip_boilerplate
from newscheck_lab.datasets import dataset_path

__all__ = [
    "ARTICLE_CORPORA",
    "EVAL_CORPORA",
    "POSITIVE_ONLY",
    "WIDE_CORPORA",
    "Doc",
    "dedupe",
    "load_all",
    "load_corpus",
    "load_liar",
    "load_liar_metadata",
]

#: Two-class article corpora (the leave-one-corpus-out matrix runs over these).
ARTICLE_CORPORA: tuple[str, ...] = (
    "buzzfeed_webis_2016",
    "perezrosas_fakenewsamt",
    "perezrosas_celebrity",
    "recovery_covid19",
    "isot_partial",
)
#: Fact-checked articles from many outlets, read as evaluation cells (each
#: article labelled by the fact-checkers' verdict on the claim it carries):
#: MisInfoText's Snopes part (rows whose annotators mostly say the article
#: states the claim: stance "right"), CheckThat! 2021 task 3a (text only: a
#: quarter of its titles belong to another page) and CoAID's news (lower-cased
#: text without punctuation: casing and punctuation cues do not apply).
EVAL_CORPORA: tuple[str, ...] = (
    "misinfotext_snopes312",
    "checkthat2021_t3a",
    "coaid",
)
#: The wider training set: the two-class article corpora and the fact-checked
#: ones, each a leave-one-corpus-out cell trained on all the others.
WIDE_CORPORA: tuple[str, ...] = ARTICLE_CORPORA + EVAL_CORPORA
#: Corpora with only unreliable articles: extra training positives, recall only.
POSITIVE_ONLY: tuple[str, ...] = ("golbeck_fake_vs_satire",)

LIAR_LABELS: tuple[str, ...] = (
    "pants-fire",
    "false",
    "barely-true",
    "half-true",
    "mostly-true",
    "true",
)
MIN_WORDS = 20


@dataclass(frozen=True, slots=True)
class Doc:
    """One labelled article."""

    corpus: str
    id: str
    title: str
    text: str
    label: int
    group: str
    source: str | None = None


def _jsonl(name: str) -> list[dict]:
    path = dataset_path(name) / f"{name}.jsonl.xz"
    with lzma.open(path, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _jsonl_file(name: str, stem: str) -> list[dict]:
    path = dataset_path(name) / f"{stem}.jsonl.xz"
    with lzma.open(path, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _states_claim(rec: dict) -> bool:
    """Most of the annotators judged that the article states the checked claim."""
    stances = rec.get("stance_annotations") or []
    return sum(s == "right" for s in stances) * 2 > len(stances)


def _group(name: str, rec: dict) -> tuple[str, str | None]:
    source = rec.get("source")
    if rec.get("pair_id") is not None:
        return f"{name}:pair:{rec['pair_id']}", source
    if source:
        return f"{name}:src:{source}", source
    return f"{name}:id:{rec['id']}", None


def load_corpus(name: str) -> list[Doc]:
    """Raw (boilerplate-stripped, not deduped) records of corpus *name*."""
    if name == "isot_partial":
        return _load_isot()
    docs = []
    records = _jsonl(name) if name != "coaid" else _jsonl_file(name, "coaid_news")
    for rec in records:
        if rec.get("label") not in ("reliable", "unreliable"):
            continue  # BuzzFeed "no factual content": no veracity label
        if name == "misinfotext_snopes312" and not _states_claim(rec):
            continue  # the verdict is on the claim: keep articles stating it
        group, source = _group(name, rec)
        if name in ("coaid", "checkthat2021_t3a"):  # rows sharing an opening
            group = f"{name}:open:{_key(rec.get('text') or '')[:120]}"
        docs.append(
            Doc(
                corpus=name,
                id=str(rec["id"]),
                title=""
                if name == "checkthat2021_t3a"
                else (rec.get("title") or "").strip(),
                text=strip_boilerplate(rec.get("text") or ""),
                label=int(rec["label"] == "unreliable"),
                group=group,
                source=source,
            )
        )
    if name == "coaid":  # rows sharing an opening: one copy of each
        seen: set[str] = set()
        docs = [d for d in docs if not (d.group in seen or seen.add(d.group))]
    return docs


def _load_isot() -> list[Doc]:
    root = dataset_path("isot_partial")
    docs = []
    for fname, label in (("Fake.csv.xz", 1), ("True.csv.xz", 0)):
        with lzma.open(root / fname, "rt", encoding="utf-8", newline="") as fh:
            for i, row in enumerate(csv.DictReader(fh)):
                # `subject` and `date` differ by class: never features. The
                # month of `date` is the group (ISOT names no publisher, so
                # the held-out split is by time: later months unseen).
                month = " ".join((row.get("date") or "").split()[::2][:2])
                docs.append(
                    Doc(
                        corpus="isot_partial",
                        id=f"isot-{fname[:4].lower()}-{i}",
                        title=(row["title"] or "").strip(),
                        text=strip_boilerplate(row["text"] or ""),
                        label=label,
                        group=f"isot_partial:month:{month or i}",
                        source="reuters" if label == 0 else None,
                    )
                )
    return docs


_SENT = re.compile(r"(?<=[.!?])\s+|\n+")
_KEY = re.compile(r"[\W_]+")


def _key(text: str) -> str:
    return _KEY.sub(" ", text.lower()).strip()


def drop_repeated_sentences(docs: list[Doc], *, min_docs: int = 3) -> list[Doc]:
    """Remove sentences that occur in *min_docs* or more documents of the corpus
    (publisher furniture: sign-offs, disclaimers, related-story boxes)."""
    df: Counter[str] = Counter()
    split = []
    for d in docs:
        sents = [s for s in _SENT.split(d.text) if s.strip()]
        split.append(sents)
        df.update({_key(s) for s in sents if len(s) > 20})
    out = []
    for d, sents in zip(docs, split, strict=True):
        keep = [s for s in sents if len(s) <= 20 or df[_key(s)] < min_docs]
        out.append(replace(d, text=" ".join(keep)))
    return out


def _fingerprint(d: Doc) -> str:
    body = _key(d.text)
    return hashlib.sha1(body[:2000].encode()).hexdigest()


def dedupe(docs: Iterable[Doc]) -> tuple[list[Doc], dict[str, int]]:
    """Drop exact (normalised-text) duplicates across and within corpora: one copy
    is kept; groups with conflicting labels are dropped entirely."""
    groups: dict[str, list[Doc]] = defaultdict(list)
    for d in docs:
        groups[_fingerprint(d)].append(d)
    kept, stats = [], {"duplicates": 0, "conflicts": 0}
    for members in groups.values():
        if len({m.label for m in members}) > 1:
            stats["conflicts"] += len(members)
            continue
        stats["duplicates"] += len(members) - 1
        kept.append(members[0])
    return kept, stats


def load_all(
    names: Iterable[str] = ARTICLE_CORPORA + POSITIVE_ONLY,
) -> tuple[list[Doc], dict[str, object]]:
    """All article corpora: boilerplate stripped, repeated sentences dropped,
    texts under :data:`MIN_WORDS` words dropped, deduped across corpora.
    Returns the docs and a statistics dict for the model card."""
    docs: list[Doc] = []
    stats: dict[str, object] = {}
    for name in names:
        raw = load_corpus(name)
        clean = drop_repeated_sentences(raw)
        clean = [d for d in clean if len(d.text.split()) >= MIN_WORDS]
        stats[f"{name}.raw"] = len(raw)
        stats[f"{name}.after_cleaning"] = len(clean)
        docs.extend(clean)
    docs, dstats = dedupe(docs)
    stats.update({f"dedupe.{k}": v for k, v in dstats.items()})
    counts = Counter((d.corpus, d.label) for d in docs)
    for (name, label), n in sorted(counts.items()):
        stats[f"{name}.{'unreliable' if label else 'reliable'}"] = n
    return docs, stats


def load_liar() -> dict[str, tuple[list[str], list[int]]]:
    """LIAR splits as (statements, 6-way label index 0=pants-fire … 5=true).

    Only column 3 (the statement) is read; the credit-history columns 9–13 count
    the statement's own verdict and are never touched."""
    root = dataset_path("liar")
    out = {}
    for split in ("train", "valid", "test"):
        texts, labels = [], []
        with lzma.open(root / f"{split}.tsv.xz", "rt", encoding="utf-8") as fh:
            for row in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
                if len(row) < 3 or row[1] not in LIAR_LABELS:
                    continue
                texts.append(row[2])
                labels.append(LIAR_LABELS.index(row[1]))
        out[split] = (texts, labels)
    return out


def load_liar_metadata() -> dict[str, list[str]]:
    """Per LIAR split, one string of metadata tokens per statement (same order
    as :func:`load_liar`): ``subj=…`` per subject, ``spk=`` speaker, ``job=``,
    ``state=``, ``party=`` and ``ctx=`` per word of the context (venue).

    Columns 4–8 and 14 only; the credit-history counts (9–13, which include the
    statement's own verdict) are never read."""
    root = dataset_path("liar")
    out = {}
    for split in ("train", "valid", "test"):
        rows = []
        with lzma.open(root / f"{split}.tsv.xz", "rt", encoding="utf-8") as fh:
            for row in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
                if len(row) < 3 or row[1] not in LIAR_LABELS:
                    continue
                subj, spk, job, state, party = row[3:8]
                context = row[13] if len(row) > 13 else ""
                toks = [f"subj={x.strip()}" for x in subj.split(",") if x.strip()]
                toks += [
                    f"spk={spk.strip()}",
                    f"job={job.strip().lower()}",
                    f"state={state.strip().lower()}",
                    f"party={party.strip()}",
                ]
                toks += [f"ctx={w}" for w in context.lower().split()]
                rows.append(" ".join(t.replace(" ", "_") for t in toks))
        out[split] = rows
    return out
