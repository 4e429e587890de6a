"""The json format."""

from __future__ import annotations

import json

from newscheck.renderers import render
from newscheck.report import Report


def test_json_round_trips(rich_report: Report) -> None:
    text = render(rich_report, "json")
    assert Report.model_validate_json(text) == rich_report


def test_json_offsets_hold_in_output(pipeline_report: Report) -> None:
    data = json.loads(render(pipeline_report, "json"))
    assert data["findings"]
    for f in data["findings"]:
        assert data["article"][f["field"]][f["start"] : f["end"]] == f["text"]
