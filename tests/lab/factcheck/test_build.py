"""Merging the shipped fact-check sources: join Snopes ratings, de-duplicate."""

from __future__ import annotations

from newscheck.factcheck.loaders import make_record
from newscheck_lab.datasets.factchecks import _iso, claim_key
from newscheck_lab.factcheck.build import merge_records, source_shares


def test_vclaims_take_the_snopes_rating_and_duplicates_are_dropped() -> None:
    vclaims = [
        make_record(source="checkthat2020", source_id="1", claim="Cats can fly."),
        make_record(
            source="checkthat2020",
            source_id="2",
            claim="Dogs talk.",
            title="Do Dogs Talk?",
        ),
        make_record(source="checkthat2020", source_id="3", claim="Fish sing."),
    ]
    snopes = [
        make_record(
            source="snopes",
            source_id="cats",
            claim="Cats  can FLY!",
            verdict="false",
            date="2019-05-01",
            url="https://www.snopes.com/fact-check/cats/",
        ),
        make_record(
            source="snopes",
            source_id="dogs",
            claim="Dogs can speak English.",
            title="Do dogs talk?",
            verdict="mixture",
            url="https://www.snopes.com/fact-check/dogs/",
        ),
        make_record(
            source="snopes", source_id="owls", claim="Owls read.", verdict="true"
        ),
    ]
    liar = [
        make_record(source="liar", source_id="9", claim="owls read", verdict="false"),
        make_record(source="liar", source_id="8", claim="Taxes rose.", verdict="true"),
    ]
    out = merge_records(vclaims, snopes, [liar])
    by = {(r.source, r.source_id): r for r in out}
    cats = by[("checkthat2020", "1")]
    assert (cats.verdict, cats.normalised_verdict) == ("false", "false")
    assert cats.url == "https://www.snopes.com/fact-check/cats/"
    assert str(cats.date) == "2019-05-01"
    assert by[("checkthat2020", "2")].normalised_verdict == "mixed"  # by headline
    assert by[("checkthat2020", "3")].verdict is None
    # joined pages are not repeated; the LIAR copy of a Snopes claim is dropped
    assert sorted(by) == [
        ("checkthat2020", "1"),
        ("checkthat2020", "2"),
        ("checkthat2020", "3"),
        ("liar", "8"),
        ("snopes", "owls"),
    ]
    shares = source_shares(out)
    assert shares["checkthat2020"]["verdict"] == round(2 / 3, 4)
    assert shares["snopes"]["link"] == 0.0


def test_claim_key_and_dates() -> None:
    assert claim_key("It’s “true”…") == claim_key("its true")
    assert _iso("2020-10-9") == "2020-10-09"
    assert _iso(None) is None


def test_a_vclaim_worded_slightly_differently_still_takes_the_rating() -> None:
    vclaims = [
        make_record(
            source="checkthat2020",
            source_id="1",
            claim="A U.S. Army soldier got a rude response from an on-line retailer "
            "after asking about military discounts.",
        )
    ]
    snopes = [
        make_record(
            source="snopes",
            source_id="army",
            claim="A U.S. Army soldier got a rude response from an online retailer "
            "after asking about military discounts.",
            verdict="false",
            url="https://www.snopes.com/fact-check/army/",
        ),
        make_record(
            source="snopes",
            source_id="navy",
            claim="A Navy sailor was praised by a retailer.",
            verdict="true",
            url="https://www.snopes.com/fact-check/navy/",
        ),
    ]
    out = merge_records(vclaims, snopes, [])
    by = {(r.source, r.source_id): r for r in out}
    assert by[("checkthat2020", "1")].url == "https://www.snopes.com/fact-check/army/"
    assert sorted(by) == [("checkthat2020", "1"), ("snopes", "navy")]
