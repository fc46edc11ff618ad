"""In-memory fakes of the repositories, so a use case is tested in milliseconds without moto.

Each fake offers the read/write functions of its module under the same names, arguments and
results (`filings_repo`, `cases_repo`, the docket-case and entry part of `entries_repo`, the
change feed's numbers and reader in `changes_repo`):
the same orders (docket order, newest status change first, index key order), the same start
keys (a page's cursor from moto resumes the fake and back), the same conflicts (`save` and
`put_docket_case` raise `dynamo.ConditionFailed`, `reserve` answers False). Records go in and
out as JSON, as they do through DynamoDB, so a caller that mutates what it got changes nothing
stored. `tests/adapters/test_repo_contract.py` runs one suite against these and against moto.

Deliberately left out: the functions that only build DynamoDB transaction parts
(`filings_repo.put_op`, `cases_repo.add_op`, `name_token_items`, `entries_repo.finish_report_part`,
`changes_repo.append_op`, `case_change_op`) and item conversion (`to_item`, `from_item`): they
belong to the commit path (`services/filing_commit.py`, `services/dockets.py`), which stays tested
on moto; a test puts what a commit would have written with `seed` / `append`. So do docket report
uploads, links and PACER ids. Two differences are allowed: a fake page carries a cursor only when
something visible follows, where DynamoDB may also hand one out before an empty last page (both
satisfy the contract); and the fake feed judges a gap by the next change wherever it is, where
the real reader gives up at a bucket of 10,000 numbers none of which was written.

`install(monkeypatch, *service_modules)` puts the fakes where the services look for their
repositories and makes any AWS call left fail loudly.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import ModuleType
from typing import Any

import pytest

from chalicelib.adapters import aws, cases_repo, changes_repo, dynamo, keys
from chalicelib.domain import cases as case_rules
from chalicelib.domain.dockets import DocketCase, Entry
from chalicelib.domain.models import CaseRecord, FilingRecord, FilingStatus

Page = tuple[list[FilingRecord], dict[str, Any] | None]


class FakeFilings:
    """`filings_repo` over dicts: filings by id, SHA-256 reservations by lower-case digest."""

    def __init__(self) -> None:
        self.items: dict[str, dict[str, Any]] = {}
        self.locks: dict[str, str] = {}

    def _record(self, filing_id: str) -> FilingRecord | None:
        item = self.items.get(filing_id)
        return FilingRecord.model_validate(item) if item is not None else None

    def get(self, filing_id: str, consistent: bool = False) -> FilingRecord | None:
        return self._record(filing_id)

    def get_many(self, filing_ids: list[str], consistent: bool = False) -> dict[str, FilingRecord]:
        return {fid: self._record(fid) for fid in dict.fromkeys(filing_ids) if fid in self.items}

    def id_for_sha(self, sha256: str, consistent: bool = False) -> str | None:
        return self.locks.get(sha256.lower())

    def ids_for_shas(self, sha256s: list[str], consistent: bool = True) -> dict[str, str]:
        wanted = {s.lower() for s in sha256s}
        return {sha: fid for sha, fid in self.locks.items() if sha in wanted}

    def reserve(self, record: FilingRecord) -> bool:
        return self.reserve_many([record])

    def reserve_many(self, records: list[FilingRecord]) -> bool:
        """All or none, like the transaction: a taken id or SHA-256 writes nothing."""
        if any(r.id in self.items or r.sha256.lower() in self.locks for r in records):
            return False
        for record in records:
            self.items[record.id] = record.model_dump(mode="json")
            self.locks[record.sha256.lower()] = record.id
        return True

    def release(self, sha256: str, filing_id: str) -> bool:
        if self.locks.get(sha256.lower()) != filing_id:
            return False
        del self.locks[sha256.lower()]
        return True

    def save(self, record: FilingRecord, expected_version: int) -> FilingRecord:
        stored = self.items.get(record.id)
        if stored is None or stored["version"] != expected_version:
            raise dynamo.ConditionFailed(f"filing {record.id} is not at version {expected_version}")
        new = record.model_copy(update={"version": expected_version + 1})
        self.items[record.id] = new.model_dump(mode="json")
        return new

    def _records(self) -> list[FilingRecord]:
        return [FilingRecord.model_validate(item) for item in self.items.values()]

    def list_case(self, case_id: str, *, limit: int, start_key: dict[str, Any] | None, include_sealed: bool,
                  document_type: str | None = None, updated_since: str | None = None) -> Page:
        """A case's filings in docket order (`keys.docket_order`), resuming after `start_key`."""
        after = start_key["GSI1SK"] if start_key else ""
        rows = sorted((keys.docket_order(r.document_number, r.attachment_number, r.id), r) for r in self._records()
                      if r.case_id == case_id and (include_sealed or not r.sealed)
                      and (not document_type or r.document_type == document_type)
                      and (not updated_since or r.updated_at > updated_since))
        rows = [(sk, r) for sk, r in rows if sk > after]
        page = rows[:limit]
        if len(rows) <= limit or not page:
            return [r for _, r in page], None
        sort_key, last = page[-1]
        cursor = {**keys.filing(last.id), "GSI1PK": keys.case_filings_index(case_id), "GSI1SK": sort_key}
        return [r for _, r in page], cursor

    def list_by_status(self, status: FilingStatus, *, limit: int, start_key: dict[str, Any] | None,
                       include_sealed: bool, filters: dict[str, Any]) -> Page:
        """Filings in `status` (never `ready`: the index is sparse), most recently changed first."""
        before = start_key["GSI2SK"] if start_key else None
        rows = sorted(((keys.status_sort_key(r.updated_at, r.id), r) for r in self._records()
                       if r.status == status != FilingStatus.ready and (include_sealed or not r.sealed)
                       and _matches(r, filters)), key=lambda row: row[0], reverse=True)
        rows = [(sk, r) for sk, r in rows if before is None or sk < before]
        page = rows[:limit]
        if len(rows) <= limit or not page:
            return [r for _, r in page], None
        sort_key, last = page[-1]
        cursor = {**keys.filing(last.id), "GSI2PK": keys.status_index(status.value), "GSI2SK": sort_key}
        return [r for _, r in page], cursor


def _matches(record: FilingRecord, filters: dict[str, Any]) -> bool:
    """`list_by_status`'s filters: equal attributes, an inclusive filed-date range (ISO strings)."""
    for attr in ("court_id", "case_id", "document_type"):
        if filters.get(attr) and getattr(record, attr) != filters[attr]:
            return False
    filed = record.date_filed.isoformat() if record.date_filed else None
    if filters.get("date_filed_from") and (filed is None or filed < filters["date_filed_from"]):
        return False
    return not (filters.get("date_filed_to") and (filed is None or filed > filters["date_filed_to"]))


class FakeCases:
    """`cases_repo`'s reads and its name index. Cases enter through `seed` (the real ones are
    founded by `add_op` inside a commit transaction, which the fake does not model)."""

    name_tokens = staticmethod(cases_repo.name_tokens)

    def __init__(self) -> None:
        self.items: dict[str, dict[str, Any]] = {}
        self.tokens: set[tuple[str, str]] = set()  # (token, case id)

    def seed(self, case: CaseRecord) -> None:
        """Store `case` as it stands (what `dynamo.put(cases_repo.to_item(case))` does on moto)."""
        self.items[case.case_id] = case.model_dump(mode="json")

    def _record(self, item: dict[str, Any]) -> CaseRecord:
        tallies = {k: int(v) for k, v in item["tallies"].items() if v}  # a zero tally reads as absent
        return case_rules.derive(CaseRecord.model_validate({**item, "tallies": tallies}))

    def get(self, case_id: str, consistent: bool = False) -> CaseRecord | None:
        item = self.items.get(case_id)
        return self._record(item) if item is not None else None

    def get_many(self, case_ids: list[str]) -> list[CaseRecord]:
        return [self._record(self.items[cid]) for cid in dict.fromkeys(case_ids) if cid in self.items]

    def by_docket_core(self, core: str) -> list[CaseRecord]:
        """In the index's order (court, then case id); one page of 100, like the real query."""
        found = sorted((keys.docket_core_sort_key(i.get("court_id"), i["case_id"]), i) for i in self.items.values()
                       if i.get("docket_core") == core)
        return [self._record(item) for _, item in found[:100]]

    def index_name(self, case_id: str, name: str | None) -> None:
        self.tokens.update((token, case_id) for token in cases_repo.name_tokens(name))

    def ids_by_name_token(self, prefix: str, limit: int = 200) -> list[str]:
        """One id per matching (word, case) in word order; the index buckets words by their
        first two letters, so a one-letter prefix finds nothing."""
        found = sorted(f"{token}#{case_id}" for token, case_id in self.tokens
                       if token[:2] == prefix[:2] and f"{token}#{case_id}".startswith(prefix))
        return [sort_key.split("#", 1)[1] for sort_key in found[:limit]]


class FakeEntries:
    """`entries_repo`'s case metadata and entries (not report uploads, links or PACER ids)."""

    def __init__(self) -> None:
        self.dockets: dict[str, dict[str, Any]] = {}
        self.entries: dict[str, dict[tuple[int, int], dict[str, Any]]] = {}

    def get_docket_case(self, case_id: str, consistent: bool = False) -> DocketCase | None:
        item = self.dockets.get(case_id)
        return DocketCase.model_validate(item) if item is not None else None

    def put_docket_case(self, case_id: str, docket: DocketCase, expected_version: int | None) -> DocketCase:
        _expect(self.dockets.get(case_id), expected_version, f"docket of {case_id}")
        new = docket.model_copy(update={"version": (expected_version or 0) + 1})
        self.dockets[case_id] = new.model_dump(mode="json")
        return new

    def put_entry(self, case_id: str, entry: Entry, expected_version: int | None) -> None:
        held = self.entries.setdefault(case_id, {})
        _expect(held.get(entry.place), expected_version, f"entry {entry.place} of {case_id}")
        held[entry.place] = entry.model_copy(update={"version": (expected_version or 0) + 1}).model_dump(mode="json")

    def get_entry(self, case_id: str, order: int, sub: int, consistent: bool = False) -> Entry | None:
        item = self.entries.get(case_id, {}).get((order, sub))
        return Entry.model_validate(item) if item is not None else None

    def all_entries(self, case_id: str) -> list[Entry]:
        return [Entry.model_validate(item) for _, item in sorted(self.entries.get(case_id, {}).items())]

    def entries_page(self, case_id: str, after: tuple[int, int] | None, limit: int) -> tuple[list[Entry], bool]:
        rest = [e for e in self.all_entries(case_id) if after is None or e.place > tuple(after)]
        return rest[:limit], len(rest) > limit


def _expect(stored: dict[str, Any] | None, expected_version: int | None, what: str) -> None:
    """The conditional put: None wants nothing stored, a number wants that version stored."""
    if expected_version is None and stored is None:
        return
    if expected_version is not None and stored is not None and stored["version"] == expected_version:
        return
    raise dynamo.ConditionFailed(f"{what} is not at version {expected_version}")


class FakeChanges:
    """`changes_repo`'s numbers and reader: the counter, changes by number, voids, gaps."""

    GAP_TIMEOUT_SECONDS = changes_repo.GAP_TIMEOUT_SECONDS

    def __init__(self) -> None:
        self.items: dict[int, dict[str, Any]] = {}
        self.sequence: tuple[int, str | None] = (0, None)  # last number handed out, and when

    def allocate(self, at: str | None = None) -> int:
        self.sequence = (self.sequence[0] + 1, at or datetime.now(UTC).isoformat())
        return self.sequence[0]

    def append(self, item: dict[str, Any]) -> None:
        """What committing `append_op` / `case_change_op`'s part writes: never over a used number."""
        if item["seq"] in self.items:
            raise dynamo.ConditionFailed(f"change {item['seq']} is written already")
        self.items[item["seq"]] = dict(item)

    def void(self, seq: int, at: str) -> None:
        self.items.setdefault(seq, {"seq": seq, "kind": "void", "at": at})

    def head(self) -> tuple[int, datetime | None]:
        seq, at = self.sequence
        return seq, datetime.fromisoformat(at) if at else None

    def read_after(self, since: int, limit: int, now: datetime | None = None) -> tuple[list[dict[str, Any]], int]:
        """Changes after `since` in order, voids consumed silently; stops at a gap (a number
        handed out and not written) unless the change after it, or the hand-out when none
        follows, is older than the timeout."""
        now = now or datetime.now(UTC)
        out: list[dict[str, Any]] = []
        expected = since + 1
        last_given, allocated_at = self.head()
        while len(out) < limit:
            item = self.items.get(expected)
            if item is not None:
                if item["kind"] != "void":
                    out.append(dict(item))
                expected += 1
                continue
            later = min((seq for seq in self.items if seq > expected), default=None)
            if later is None and last_given < expected:
                break  # caught up
            judged = self.items[later]["at"] if later is not None else allocated_at.isoformat()
            if not self._old(judged, now):
                break  # a writer may still commit `expected`
            expected = later if later is not None else last_given + 1
        return out, expected - 1

    def _old(self, at: str, now: datetime) -> bool:
        return (now - datetime.fromisoformat(at)).total_seconds() > self.GAP_TIMEOUT_SECONDS


@dataclass
class RepoFakes:
    filings_repo: FakeFilings = field(default_factory=FakeFilings)
    cases_repo: FakeCases = field(default_factory=FakeCases)
    entries_repo: FakeEntries = field(default_factory=FakeEntries)
    changes_repo: FakeChanges = field(default_factory=FakeChanges)


def _no_aws(service: str) -> Any:
    raise AssertionError(f"a test on the repository fakes reached AWS ({service}): fake what it calls")


def install(monkeypatch: pytest.MonkeyPatch, *services: ModuleType) -> RepoFakes:
    """Fresh fakes in place of each repository module the given services imported."""
    fakes = RepoFakes()
    for service in services:
        for name in ("filings_repo", "cases_repo", "entries_repo", "changes_repo"):
            if hasattr(service, name):
                monkeypatch.setattr(service, name, getattr(fakes, name))
    monkeypatch.setattr(aws, "client", _no_aws)
    return fakes
