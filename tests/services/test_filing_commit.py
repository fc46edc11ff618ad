"""The one writer of filings: consistent with case tallies and the feed, idempotent, and free of
contention between filings of one case (issue #13: bulk ingest must not queue on the case)."""
from __future__ import annotations

import hashlib
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest

from chalicelib.adapters import cases_repo, changes_repo, dynamo, filings_repo
from chalicelib.domain import cases as case_rules
from chalicelib.domain.models import ErrorInfo, FilingRecord, FilingStatus, Party
from chalicelib.services import filing_commit

CASE = "cand-19-cv-07123"
AT = "2025-01-01T00:00:00.000+00:00"


def fixed_clock() -> str:
    return AT


def reserve(n: int, **kw) -> FilingRecord:
    sha = hashlib.sha256(f"filing {n}".encode()).hexdigest()
    record = FilingRecord(id=f"fl_{n:04d}", status=FilingStatus.processing, sha256=sha, size=100 + n,
                          created_at=AT, updated_at=AT, **kw)
    assert filings_repo.reserve(record)
    return record


def result(n: int) -> dict:
    """What the worker found in filing n: one case, shared parties, its own entry number."""
    return {
        "status": FilingStatus.ready, "court_id": "cand", "docket_number": "4:19-cv-07123-PJH",
        "case_id": CASE, "document_number": str(n), "date_filed": date(2020, 1, 1 + n % 28),
        "document_type": "order" if n % 3 == 0 else "motion",
        "case_name": "WhatsApp Inc. v. NSO Group Technologies Limited",
        "parties": [Party(name="WhatsApp Inc.", role="Plaintiff"),
                    Party(name="NSO Group Technologies Limited", role="Defendant")],
    }


def worker_change(n: int, calls: list | None = None, barrier: threading.Barrier | None = None):
    def change(current: FilingRecord) -> FilingRecord | None:
        if calls is not None:
            calls.append(n)
        if barrier is not None:
            barrier.wait(timeout=120)  # every writer has read before any writes (a guard, not a timing)
        if current.status == FilingStatus.ready:
            return None
        return current.model_copy(update=result(n))
    return change


def public_view():
    return case_rules.visible_view(cases_repo.get(CASE, consistent=True), sees_sealed=False)


def test_many_filings_of_one_case_commit_side_by_side_without_a_retry(aws):
    n = 16
    for i in range(n):
        reserve(i)
    calls: list[int] = []
    barrier = threading.Barrier(n)
    with ThreadPoolExecutor(n) as pool:
        kinds = list(pool.map(
            lambda i: filing_commit.commit(f"fl_{i:04d}", worker_change(i, calls, barrier), clock=fixed_clock).kind,
            range(n)))
    assert kinds == ["created"] * n
    assert sorted(calls) == list(range(n))  # each change applied once: nobody lost a race and retried
    view = public_view()
    assert view["filing_count"] == n
    assert view["filing_counts"] == {"motion": n - len(range(0, n, 3)), "order": len(range(0, n, 3))}
    assert view["parties"] == [{"name": "NSO Group Technologies Limited", "role": "Defendant"},
                               {"name": "WhatsApp Inc.", "role": "Plaintiff"}]
    assert view["case_name"] == "WhatsApp Inc. v. NSO Group Technologies Limited"
    assert view["provisional"] is False
    items, _ = changes_repo.read_after(0, 100)
    assert sorted(i["filing_id"] for i in items) == [f"fl_{i:04d}" for i in range(n)]
    assert {i["kind"] for i in items} == {"created"} and len({i["seq"] for i in items}) == n


def test_redelivery_changes_nothing(aws):
    for i in range(3):
        reserve(i)
        filing_commit.commit(f"fl_{i:04d}", worker_change(i), clock=fixed_clock)
    before = cases_repo.get(CASE, consistent=True).tallies
    again = [filing_commit.commit(f"fl_{i:04d}", worker_change(i), clock=fixed_clock).kind for i in range(3)]
    assert again == ["already-done"] * 3
    assert cases_repo.get(CASE, consistent=True).tallies == before
    assert len(changes_repo.read_after(0, 100)[0]) == 3


def test_sealing_moves_tallies_and_a_status_write_moves_none(aws):
    for i in range(4):
        reserve(i)
        filing_commit.commit(f"fl_{i:04d}", worker_change(i), clock=fixed_clock)
    sealed = filing_commit.set_sealed("fl_0001", True, clock=fixed_clock)
    assert sealed.kind == "sealed" and sealed.record.sealed
    assert public_view()["filing_count"] == 3
    assert case_rules.visible_view(cases_repo.get(CASE, consistent=True), True)["filing_count"] == 4
    before = cases_repo.get(CASE, consistent=True).tallies
    status = filing_commit.set_status("fl_0001", FilingStatus.processing, clock=fixed_clock)
    assert status.kind == "status" and status.record.sealed is True
    assert cases_repo.get(CASE, consistent=True).tallies == before
    assert filing_commit.set_sealed("fl_0001", True, clock=fixed_clock).kind == "already-done"


def test_a_filing_moving_case_takes_its_counts_along(aws):
    reserve(1)
    filing_commit.commit("fl_0001", worker_change(1), clock=fixed_clock)
    filing_commit.set_status("fl_0001", FilingStatus.processing, clock=fixed_clock)

    def moved(current: FilingRecord) -> FilingRecord:
        return current.model_copy(update={**result(1), "case_id": "cand-19-cv-09999",
                                          "docket_number": "4:19-cv-09999"})
    assert filing_commit.commit("fl_0001", moved, clock=fixed_clock).kind == "reclassified"
    assert public_view()["filing_count"] == 0
    other = case_rules.visible_view(cases_repo.get("cand-19-cv-09999", consistent=True), False)
    assert other["filing_count"] == 1 and other["docket_number"] == "4:19-cv-09999"


def test_a_status_write_before_the_first_result_says_nothing_in_the_feed(aws):
    reserve(1)
    filing_commit.set_sealed("fl_0001", True, clock=fixed_clock)
    filing_commit.set_status("fl_0001", FilingStatus.failed, ErrorInfo(code="x", message="y"), clock=fixed_clock)
    assert changes_repo.read_after(0, 10)[0] == []
    assert cases_repo.get(CASE) is None


def test_a_conflicting_transaction_is_retried_after_a_jittered_pause(aws, monkeypatch):
    reserve(1)
    real = dynamo.transact
    conflicts = iter([True, True])

    def flaky(parts):
        if next(conflicts, False):
            raise dynamo.TransactionConflict("another transaction holds the case")
        real(parts)
    monkeypatch.setattr(dynamo, "transact", flaky)
    pauses: list[float] = []
    out = filing_commit.commit("fl_0001", worker_change(1), clock=fixed_clock, sleep=pauses.append)
    assert out.kind == "created" and len(pauses) == 2
    assert all(0 <= p <= 1.0 for p in pauses)
    items, _ = changes_repo.read_after(0, 10)
    assert [i["filing_id"] for i in items] == ["fl_0001"]  # the two abandoned numbers were voided


@pytest.mark.parametrize("attempt, bound", [(0, 0.01), (3, 0.08), (10, 1.0), (30, 1.0)])
def test_backoff_is_full_jitter_capped_at_a_second(attempt, bound):
    pauses: list[float] = []
    filing_commit.backoff(attempt, sleep=pauses.append, rng=lambda: 1.0)
    filing_commit.backoff(attempt, sleep=pauses.append, rng=lambda: 0.0)
    assert pauses == [pytest.approx(bound), 0.0]


def test_a_filing_with_very_many_parties_stays_inside_one_update_expression(aws):
    record = reserve(1).model_copy(update={
        **result(1), "parties": [Party(name=f"Claimant Number {n} " + "x" * 300, role="Plaintiffs")
                                 for n in range(400)]})
    delta = case_rules.contribution(record, +1)
    part = cases_repo.add_op(case_rules.new_case(record, AT), delta, AT)
    assert len(part["Update"]["UpdateExpression"]) <= 4096
    assert filing_commit.commit(record.id, lambda current: record, clock=fixed_clock).kind == "created"
    assert len(public_view()["parties"]) == case_rules.MAX_PARTIES
