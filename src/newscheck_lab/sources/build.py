"""Build ``models/source/ratings.json`` from the lists in ../shared/datasets/sources.

Reads ``sources.tar.xz`` (OpenSources 2017; Baly et al. emnlp18 and acl2020),
normalises every outlet URL to a look-up key, writes the combined table, its
MODEL_CARD.md, and the coverage table ``benchmarks/sources.md``.

Usage: ``.venv/bin/python -m newscheck_lab.sources.build``
"""

from __future__ import annotations

import json
import tarfile
import tempfile
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from newscheck.sources.lists import read_baly, read_opensources
from newscheck.sources.ratings import SHIPPED_PATH
from newscheck_lab.datasets import dataset_path

#: The repository (src/newscheck_lab/sources/build.py -> ../../..): the coverage
#: table is a benchmark output, written only from a checkout.
REPO = Path(__file__).resolve().parents[3]
BENCH = REPO / "benchmarks" / "sources.md"

LISTS: dict[str, dict[str, Any]] = {
    "opensources": {
        "title": "OpenSources (opensources.co) v2.1.0",
        "year": 2017,
        "fields": "types (fake, satire, bias, conspiracy, ..., reliable)",
        "licence": "LGPL-3.0 repository; lists 'free for public use'",
        "member": "sources/opensources/sources.json",
    },
    "baly-emnlp18": {
        "title": "Baly et al. EMNLP 2018 (labels from Media Bias/Fact Check)",
        "year": 2018,
        "fields": "factuality (low/mixed/high), bias (7-way)",
        "licence": "research use only; ratings owned by MBFC",
        "member": "sources/baly_news_media_reliability/emnlp18/corpus.tsv",
    },
    "baly-acl2020": {
        "title": "Baly et al. ACL 2020 (labels from Media Bias/Fact Check)",
        "year": 2020,
        "fields": "factuality (low/mixed/high), bias (left/center/right)",
        "licence": "research use only; ratings owned by MBFC",
        "member": "sources/baly_news_media_reliability/acl2020/corpus.tsv",
    },
}


def build() -> dict[str, Any]:
    archive = dataset_path("sources") / "sources.tar.xz"
    entries: dict[str, list[dict[str, Any]]] = defaultdict(list)
    raw_rows: Counter[str] = Counter()
    with tempfile.TemporaryDirectory() as tmp:
        with tarfile.open(archive) as tar:
            tar.extractall(tmp, filter="data")
        for name, info in LISTS.items():
            path = Path(tmp) / info["member"]
            rows = (
                read_opensources(path)
                if name == "opensources"
                else read_baly(path, name)
            )
            seen: set[str] = set()
            for key, record in rows:
                raw_rows[name] += 1
                if key in seen:  # a list naming one key twice: keep the first
                    continue
                seen.add(key)
                entries[key].append(record)
    lists = {}
    for name, info in LISTS.items():
        keys = [
            k for k, recs in entries.items() if any(r["list"] == name for r in recs)
        ]
        lists[name] = {k: v for k, v in info.items() if k != "member"} | {
            "rows": raw_rows[name],
            "keys": len(keys),
        }
    return {
        "format": 1,
        "lists": lists,
        "entries": dict(sorted(entries.items())),
    }


def coverage(table: dict[str, Any]) -> str:
    entries = table["entries"]
    combos: Counter[str] = Counter()
    fact: Counter[str] = Counter()
    types: Counter[str] = Counter()
    sections = 0
    for key, recs in entries.items():
        combos[" + ".join(sorted({r["list"] for r in recs}))] += 1
        sections += "/" in key
        for r in recs:
            if r["list"].startswith("baly") and r.get("factuality"):
                fact[f"{r['list']}: {r['factuality']}"] += 1
            for t in r.get("types", ()):
                types[t] += 1
    lines = [
        "# Source ratings coverage",
        "",
        "Written by `python -m newscheck_lab.sources.build` from "
        "`../shared/datasets/sources`.",
        "",
        f"Rated keys: **{len(entries)}** ({len(entries) - sections} domains or "
        f"subdomains, {sections} site sections such as `theguardian.com/observer`).",
        "",
        "| list | rows read | keys rated |",
        "|---|---:|---:|",
    ]
    for name, info in table["lists"].items():
        lines.append(f"| {name} | {info['rows']} | {info['keys']} |")
    lines += ["", "Keys by the combination of lists that rate them:", ""]
    lines += ["| lists | keys |", "|---|---:|"]
    lines += [f"| {c} | {n} |" for c, n in combos.most_common()]
    lines += ["", "Factuality labels:", "", "| list: factuality | keys |", "|---|---:|"]
    lines += [f"| {c} | {n} |" for c, n in sorted(fact.items())]
    lines += ["", "OpenSources types (any of the three columns):", ""]
    lines += ["| type | keys |", "|---|---:|"]
    lines += [f"| {t} | {n} |" for t, n in types.most_common()]
    lines += [
        "",
        "Absence from these lists says nothing about an outlet: OpenSources lists",
        "almost only questionable sites, and the MBFC-derived lists cover about a",
        "thousand outlets. Unlisted domains are reported as `unrated`.",
        "",
    ]
    return "\n".join(lines)


def model_card(table: dict[str, Any]) -> str:
    lines = [
        "# Source ratings (models/source/ratings.json)",
        "",
        "Built by `python -m newscheck_lab.sources.build` from "
        "`../shared/datasets/sources` "
        "(see its PROVENANCE.md). Not a learned model: a merged look-up table.",
        "",
        "| list | title | fields | licence | keys |",
        "|---|---|---|---|---:|",
    ]
    for name, info in table["lists"].items():
        lines.append(
            f"| {name} | {info['title']} | {info['fields']} | {info['licence']} "
            f"| {info['keys']} |"
        )
    lines += [
        "",
        "Keys are the host with `www.`, `m.`, `amp.` removed, lower-case, IDNA;",
        "a path is kept when a list rates one section of a site. Every record keeps",
        "the name of its list; the analyzer shows which list gave each field.",
        "The lists date from 2017-2020 and are not maintained; ratings can be stale.",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    table = build()
    SHIPPED_PATH.parent.mkdir(parents=True, exist_ok=True)
    SHIPPED_PATH.write_text(
        json.dumps(table, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
        + "\n",
        encoding="utf-8",
    )
    (SHIPPED_PATH.parent / "MODEL_CARD.md").write_text(model_card(table), "utf-8")
    report = coverage(table)
    BENCH.parent.mkdir(parents=True, exist_ok=True)
    BENCH.write_text(report, encoding="utf-8")
    print(report)
    print(f"wrote {SHIPPED_PATH} ({SHIPPED_PATH.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
