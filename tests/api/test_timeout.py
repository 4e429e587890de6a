"""A timed-out analysis stops: the worker thread checks its deadline."""

from __future__ import annotations

import threading
import time

from newscheck import deadline
from newscheck.analyzers.base import Analysis, Analyzer
from newscheck.article import Article
from newscheck.pipeline import Pipeline


class _Endless(Analyzer):
    """Works until its deadline stops it (or for about 20 s without one)."""

    name = "endless_test"
    version = "1"

    def __init__(self) -> None:
        self.rounds = 0
        self.exited = threading.Event()

    def analyze(self, article: Article) -> Analysis:
        try:
            for _ in range(20_000):
                self.rounds += 1
                deadline.check()
                time.sleep(0.001)
            return Analysis(summary={"rounds": self.rounds})
        finally:
            self.exited.set()


def test_timed_out_request_stops_its_worker_and_stores_nothing(make_client) -> None:
    client = make_client(analyze_timeout=0.2)
    service = client.app.state.service
    endless = _Endless()
    service.pipeline = Pipeline([endless], settings=service.settings)

    resp = client.post("/v1/analyze", json={"text": "It rained. Roads shut."})

    assert resp.status_code == 504
    assert resp.json()["error"] == "ServiceTimeoutError"
    assert endless.exited.wait(5), "the abandoned analysis is still running"
    rounds = endless.rounds
    time.sleep(0.1)
    assert endless.rounds == rounds  # no more work after it stopped
    assert service.reports.count() == 0


def test_request_within_its_time_is_unaffected(make_client) -> None:
    client = make_client(analyze_timeout=30)
    resp = client.post("/v1/analyze", json={"text": "It rained. Roads shut."})
    assert resp.status_code == 200
    assert client.app.state.service.reports.count() == 1
