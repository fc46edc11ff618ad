"""One contract for the repositories, run against the DynamoDB modules in moto and against the
in-memory fakes (`tests/support/repo_fakes.py`): what the fakes promise the service tests is what
the adapters do. Every table row runs on both."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from collections.abc import Callable

import pytest

from chalicelib.adapters import cases_repo, changes_repo, dynamo, entries_repo, filings_repo, keys
from chalicelib.domain import cases as case_rules
from chalicelib.domain.dockets import DocketCase, Entry
from chalicelib.domain.models import CaseRecord, CitationCount, ErrorInfo, FilingRecord, FilingStatus, Party
from tests.support.repo_fakes import RepoFakes
from tests.support.search_archive import fresh_table


@dataclass
class Repos:
    filings: Any
    cases: Any
    entries: Any
    changes: Any
    seed_case: Callable[[CaseRecord], None]
    seed_change: Callable[[dict[str, Any]], None]  # an item a commit's change part writes
    seed_head: Callable[[int, str], None]  # the counter as a writer left it


@pytest.fixture(scope="module")
def moto_table():
    """One moto table for the module (starting moto is most of a test's time), emptied per test."""
    with fresh_table() as name:
        yield name


def _empty(table: str) -> None:
    client = dynamo.client()
    for page in client.get_paginator("scan").paginate(TableName=table, ProjectionExpression="PK, SK"):
        for item in page["Items"]:
            client.delete_item(TableName=table, Key=item)


@pytest.fixture(params=["moto", "fake"])
def repos(request) -> Repos:
    if request.param == "moto":
        _empty(request.getfixturevalue("moto_table"))
        return Repos(filings_repo, cases_repo, entries_repo, changes_repo,
                     lambda case: dynamo.put(cases_repo.to_item(case)),
                     lambda item: dynamo.put(item, condition="attribute_not_exists(PK)"),
                     lambda seq, at: dynamo.put({**keys.change_sequence(), "seq": seq, "allocated_at": at}))
    fakes = RepoFakes()
    changes = fakes.changes_repo
    return Repos(fakes.filings_repo, fakes.cases_repo, fakes.entries_repo, changes, fakes.cases_repo.seed,
                 changes.append, lambda seq, at: setattr(changes, "sequence", (seq, at)))


def filing(n: int, **fields: Any) -> FilingRecord:
    base = {"id": f"01HREPO{n:019d}", "status": "ready", "sha256": f"{n:064x}", "size": 1000 + n,
            "created_at": "2024-01-01T00:00:00Z", "updated_at": "2024-01-01T00:00:00Z",
            "court_id": "cand", "case_id": "cand-1"}
    return FilingRecord.model_validate({**base, **fields})


# ------------------------------------------------------------------ filings: round trip, reservations

RICH = filing(
    1, filename="motion.pdf", page_count=12, court_name="N.D. Cal.", docket_number="3:19-cv-07123",
    case_name="WhatsApp Inc. v. NSO Group", parties=[Party(name="WhatsApp Inc.", role="plaintiff")],
    document_number="144", attachment_number=2, date_filed=date(2020, 4, 2), title="Motion to Dismiss",
    document_type="motion", judge="Phyllis J. Hamilton", sealed=True, warnings=["court: hint wins"],
    citations=[CitationCount(cite="17 F.4th 930", kind="case", count=2)], ocr_pages=[3, 4],
    hints={"court": "cand", "sealed": True}, sources={"court_id": "hint"}, status="failed",
    error=ErrorInfo(code="extract_failed", message="no text"), attempts=2, version=3,
)


def test_a_filing_reads_back_as_it_was_reserved(repos):
    assert repos.filings.reserve(RICH)
    assert repos.filings.get(RICH.id) == RICH
    assert repos.filings.get(RICH.id, consistent=True) == RICH
    assert repos.filings.id_for_sha(RICH.sha256.upper()) == RICH.id
    assert repos.filings.get_many([RICH.id, "01HNOTHERE", RICH.id]) == {RICH.id: RICH}


def test_absent_ids_and_digests_are_none_or_left_out(repos):
    assert repos.filings.get("01HNOTHERE") is None
    assert repos.filings.get_many(["01HNOTHERE"]) == {}
    assert repos.filings.id_for_sha("f" * 64) is None
    assert repos.filings.ids_for_shas(["f" * 64]) == {}


def test_digests_map_to_the_filings_holding_them(repos):
    one, two = filing(2), filing(3)
    assert repos.filings.reserve_many([one, two])
    asked = [one.sha256.upper(), two.sha256, "e" * 64]
    assert repos.filings.ids_for_shas(asked) == {one.sha256: one.id, two.sha256: two.id}


TAKEN = filing(10)
RESERVATIONS = [  # what is tried after TAKEN is reserved, whether it succeeds, the ids stored after
    ("the same bytes under a new id", [filing(11, sha256=TAKEN.sha256)], False, {TAKEN.id}),
    ("the same bytes in upper case", [filing(11, sha256=TAKEN.sha256.upper())], False, {TAKEN.id}),
    ("a new digest under a taken id", [filing(10, sha256="a" * 64)], False, {TAKEN.id}),
    ("a batch with one taken digest", [filing(12), filing(13, sha256=TAKEN.sha256), filing(14)], False,
     {TAKEN.id}),
    ("a batch of new filings", [filing(12), filing(13)], True, {TAKEN.id, filing(12).id, filing(13).id}),
]


@pytest.mark.parametrize(("tried", "succeeds", "stored"), [r[1:] for r in RESERVATIONS],
                         ids=[r[0] for r in RESERVATIONS])
def test_a_digest_is_reserved_once_and_batches_are_all_or_none(repos, tried, succeeds, stored):
    assert repos.filings.reserve(TAKEN)
    reserve = repos.filings.reserve if len(tried) == 1 else repos.filings.reserve_many
    assert reserve(tried[0] if len(tried) == 1 else tried) is succeeds
    ids = [TAKEN.id] + [r.id for r in tried]
    assert set(repos.filings.get_many(ids)) == stored
    assert repos.filings.get(TAKEN.id) == TAKEN  # the loser overwrote nothing
    holders = repos.filings.ids_for_shas([r.sha256 for r in tried])
    assert set(holders.values()) <= stored


def test_a_released_digest_can_be_reserved_again_and_only_its_holder_releases_it(repos):
    assert repos.filings.reserve(TAKEN)
    assert repos.filings.release(TAKEN.sha256, "01HSOMEONEELSE") is False
    assert repos.filings.id_for_sha(TAKEN.sha256) == TAKEN.id
    assert repos.filings.release(TAKEN.sha256.upper(), TAKEN.id) is True
    assert repos.filings.id_for_sha(TAKEN.sha256) is None
    assert repos.filings.get(TAKEN.id) == TAKEN  # the filing itself stays
    assert repos.filings.release(TAKEN.sha256, TAKEN.id) is False
    again = filing(11, sha256=TAKEN.sha256)
    assert repos.filings.reserve(again)
    assert repos.filings.id_for_sha(TAKEN.sha256) == again.id


# ------------------------------------------------------------------ filings: versioned saves

SAVES = [  # version the save expects (the filing is stored at 0), whether it is written
    ("current", 0, True),
    ("stale", 1, False),
    ("behind", -1, False),
]


@pytest.mark.parametrize(("expected", "written"), [r[1:] for r in SAVES], ids=[r[0] for r in SAVES])
def test_a_save_wins_only_at_the_version_it_read(repos, expected, written):
    stored = filing(20, status="processing")
    assert repos.filings.reserve(stored)
    change = stored.model_copy(update={"title": "Order", "status": FilingStatus.ready})
    if written:
        saved = repos.filings.save(change, expected)
        assert saved.version == expected + 1 and saved.title == "Order"
        assert repos.filings.get(stored.id) == saved
    else:
        with pytest.raises(dynamo.ConditionFailed):
            repos.filings.save(change, expected)
        assert repos.filings.get(stored.id) == stored


def test_a_save_of_a_filing_never_reserved_fails(repos):
    with pytest.raises(dynamo.ConditionFailed):
        repos.filings.save(filing(21), 0)
    assert repos.filings.get(filing(21).id) is None


def test_a_save_moves_the_filing_between_listings(repos):
    stored = filing(22, status="failed", document_number="7")
    assert repos.filings.reserve(stored)
    moved = repos.filings.save(stored.model_copy(update={"status": FilingStatus.ready, "case_id": "cand-9"}), 0)
    assert repos.filings.list_by_status(FilingStatus.failed, limit=10, start_key=None, include_sealed=True,
                                        filters={}) == ([], None)
    assert repos.filings.list_case("cand-1", limit=10, start_key=None, include_sealed=True) == ([], None)
    assert repos.filings.list_case("cand-9", limit=10, start_key=None, include_sealed=True)[0] == [moved]


# ------------------------------------------------------------------ filings: a case's docket, paged

# Reserved in this (arrival) order; listed in docket order: number head, attachment, arrival.
DOCKET = {
    "A": filing(31, document_number="2", document_type="motion", updated_at="2024-01-02T00:00:00Z"),
    "B": filing(32, document_number="10", document_type="order", updated_at="2024-01-06T00:00:00Z"),
    "C": filing(33, document_number="2", attachment_number=1, document_type="exhibit"),
    "D": filing(34, document_number="3", document_type="motion", sealed=True, updated_at="2024-01-07T00:00:00Z"),
    "E": filing(35, document_type="notice", updated_at="2024-01-09T00:00:00Z"),
    "F": filing(36, document_number="28.1", document_type="order"),
    "G": filing(37, document_number="1", document_type="complaint"),
    "H": filing(38, document_number="1", case_id="cand-2"),
    "I": filing(39, document_number="5", document_type="exhibit", sealed=True),
    "J": filing(40, document_number="2", document_type="brief"),
}

CASE_PAGES = [  # limit, sealed included, document type, updated since → docket order
    (3, True, None, None, "GAJCDIBFE"),
    (3, False, None, None, "GAJCBFE"),
    (9, True, None, None, "GAJCDIBFE"),
    (1, False, "exhibit", None, "C"),
    (1, True, "exhibit", None, "CI"),
    (2, True, None, "2024-01-05", "DBE"),
    (2, False, None, "2024-01-05", "BE"),
    (5, False, "judgment", None, ""),
]


@pytest.fixture
def docket(repos) -> Repos:
    assert repos.filings.reserve_many(list(DOCKET.values()))
    return repos


def _letters(records: list[FilingRecord]) -> str:
    by_id = {r.id: letter for letter, r in DOCKET.items()}
    return "".join(by_id[r.id] for r in records)


def walk(read: Callable[[dict | None], tuple[list, dict | None]], limit: int) -> list[list]:
    """Every page from the first, following each cursor: none longer than `limit`, all but the
    last full (DynamoDB may hand out a cursor whose page turns out empty)."""
    pages, start = [], None
    while True:
        page, start = read(start)
        pages.append(page)
        assert len(page) <= limit and len(pages) < 50
        if start is None:
            break
    assert all(len(p) == limit for p in pages[:-1])
    return pages


@pytest.mark.parametrize(("limit", "sealed", "document_type", "since", "order"), CASE_PAGES)
def test_a_case_lists_in_docket_order_in_full_pages(docket, limit, sealed, document_type, since, order):
    pages = walk(lambda start: docket.filings.list_case(
        "cand-1", limit=limit, start_key=start, include_sealed=sealed, document_type=document_type,
        updated_since=since), limit)
    assert [_letters(p) for p in pages if p] == [order[i:i + limit] for i in range(0, len(order), limit)]


def test_a_case_without_filings_lists_nothing(docket):
    assert docket.filings.list_case("nysd-404", limit=5, start_key=None, include_sealed=True) == ([], None)


# ------------------------------------------------------------------ filings: by status

STATUSES = {
    "P": filing(51, status="processing", updated_at="2024-02-01T00:00:00Z", date_filed=date(2020, 1, 1)),
    "Q": filing(52, status="failed", updated_at="2024-02-03T00:00:00Z", date_filed=date(2020, 6, 1),
                document_type="order"),
    "R": filing(53, status="failed", updated_at="2024-02-02T00:00:00Z", court_id="nysd", case_id="nysd-1",
                date_filed=date(2021, 1, 1)),
    "S": filing(54, status="failed", updated_at="2024-02-04T00:00:00Z", sealed=True),
    "T": filing(55, status="failed", updated_at="2024-02-02T00:00:00Z", document_type="order"),
    "U": filing(56, status="ready", updated_at="2024-02-05T00:00:00Z"),
    "V": filing(57, status="awaiting_upload", updated_at="2024-02-06T00:00:00Z"),
}

STATUS_PAGES = [  # status, limit, sealed included, filters → newest change first (ties: higher id first)
    ("failed", 2, True, {}, "SQTR"),
    ("failed", 10, False, {}, "QTR"),
    ("failed", 1, True, {"court_id": "cand"}, "SQT"),
    ("failed", 2, True, {"case_id": "nysd-1"}, "R"),
    ("failed", 2, False, {"document_type": "order"}, "QT"),
    ("failed", 1, True, {"date_filed_from": "2020-06-01"}, "QR"),
    ("failed", 3, True, {"date_filed_to": "2020-12-31", "court_id": "cand"}, "Q"),
    ("failed", 3, True, {"court_id": None, "case_id": ""}, "SQTR"),
    ("processing", 5, True, {}, "P"),
    ("awaiting_upload", 5, False, {}, "V"),
    ("ready", 5, True, {}, ""),
]


@pytest.mark.parametrize(("status", "limit", "sealed", "filters", "order"), STATUS_PAGES)
def test_filings_by_status_list_newest_change_first(repos, status, limit, sealed, filters, order):
    assert repos.filings.reserve_many(list(STATUSES.values()))
    by_id = {r.id: letter for letter, r in STATUSES.items()}
    pages = walk(lambda start: repos.filings.list_by_status(
        FilingStatus(status), limit=limit, start_key=start, include_sealed=sealed, filters=filters), limit)
    assert "".join(by_id[r.id] for p in pages for r in p) == order


# ------------------------------------------------------------------ cases

def _case(case_id: str, court: str | None, docket_number: str | None, *filings: FilingRecord) -> CaseRecord:
    founder = filing(90, case_id=case_id, court_id=court, docket_number=docket_number)
    case = case_rules.new_case(founder, "2024-03-01T00:00:00Z")
    for f in filings:
        case = case_rules.apply_contribution(case, f.model_copy(update={"case_id": case_id}), +1)
    return case


CASES = [
    _case("cand-1", "cand", "3:19-cv-07123",
          filing(91, case_name="WhatsApp Inc. v. NSO Group", docket_number="3:19-cv-07123", date_filed=date(2020, 1, 2),
                 parties=[Party(name="WhatsApp Inc.", role="plaintiff")]),
          filing(92, case_name="WhatsApp Inc. v. NSO Group", docket_number="4:19-cv-07123-PJH",
                 date_filed=date(2021, 1, 2), judge="Phyllis J. Hamilton"),
          filing(93, case_name="Sealed v. Name", sealed=True)),
    _case("nysd-7", "nysd", "1:19-cv-07123"),
    _case("unk-3", None, "19-cv-07123"),
    _case("cand-8", "cand", "3:20-cv-00001"),
]


@pytest.fixture
def cases(repos) -> Repos:
    for case in reversed(CASES):
        repos.seed_case(case)
    zeroed = CASES[3].model_copy(update={"case_id": "cand-0", "tallies": {"~type|public|order": 0}})
    repos.seed_case(zeroed)
    return repos


def test_a_case_reads_back_derived_from_its_tallies(cases):
    assert cases.cases.get("cand-1") == CASES[0]
    assert cases.cases.get("cand-1").docket_number == "4:19-cv-07123-PJH"
    assert cases.cases.get("cand-0").tallies == {}  # a counter at zero reads as absent
    assert cases.cases.get("nysd-404") is None


def test_many_cases_at_once_leave_out_the_absent(cases):
    found = cases.cases.get_many(["nysd-7", "nysd-404", "cand-1", "nysd-7"])
    assert sorted(c.case_id for c in found) == ["cand-1", "nysd-7"]
    assert cases.cases.get_many([]) == []


DOCKET_CORES = [  # core → cases in index order: court (unknown as "unk"), then case id
    ("19-07123", ["cand-1", "nysd-7", "unk-3"]),
    ("20-00001", ["cand-0", "cand-8"]),
    ("99-99999", []),
]


@pytest.mark.parametrize(("core", "found"), DOCKET_CORES)
def test_cases_by_docket_core(cases, core, found):
    assert [c.case_id for c in cases.cases.by_docket_core(core)] == found


NAMES = [("cand-1", "WhatsApp Inc. v. NSO Group"), ("nysd-7", "Acme Turbine Corp. v. Acmeco"),
         ("unk-3", "In re Acme"), ("cand-8", None), ("nysd-7", "Acme Turbine Corp. v. Acmeco")]

NAME_PREFIXES = [  # prefix, limit → ids in (word, case id) order, one per matching word
    ("acme", 200, ["nysd-7", "unk-3", "nysd-7"]),
    ("acmec", 200, ["nysd-7"]),
    ("ac", 2, ["nysd-7", "unk-3"]),
    ("whatsapp", 200, ["cand-1"]),
    ("nso", 200, ["cand-1"]),
    ("a", 200, []),
    ("acmex", 200, []),
    ("Acme", 200, []),
    ("inc", 200, []),  # a stop word is not indexed
]


@pytest.mark.parametrize(("prefix", "limit", "found"), NAME_PREFIXES)
def test_case_ids_by_a_prefix_of_a_name_word(cases, prefix, limit, found):
    for case_id, name in NAMES:
        cases.cases.index_name(case_id, name)
    assert cases.cases.ids_by_name_token(prefix, limit=limit) == found


# ------------------------------------------------------------------ a case's docket report and entries

def test_a_docket_case_is_written_once_then_only_at_its_version(repos):
    docket = DocketCase(court_id="cand", docket_number="3:19-cv-07123", case_name="WhatsApp v. NSO",
                        date_filed=date(2019, 10, 29), parties=[{"name": "WhatsApp Inc.", "type": "Plaintiff"}])
    assert repos.entries.get_docket_case("cand-1") is None
    first = repos.entries.put_docket_case("cand-1", docket, None)
    assert first.version == 1 and repos.entries.get_docket_case("cand-1") == first
    for stale in (None, 0, 2):
        with pytest.raises(dynamo.ConditionFailed):
            repos.entries.put_docket_case("cand-1", docket, stale)
    second = repos.entries.put_docket_case("cand-1", first.model_copy(update={"cause": "18:1030"}), 1)
    assert second.version == 2 and repos.entries.get_docket_case("cand-1") == second
    with pytest.raises(dynamo.ConditionFailed):
        repos.entries.put_docket_case("cand-2", docket, 1)


ENTRIES = [Entry(order=o, sub=s, number=str(o) if not s else None, date_filed=date(2020, 1, o % 28 + 1),
                 description=f"entry {o}.{s}") for o, s in ((12, 0), (1, 0), (2, 1), (2, 0), (3, 0), (100, 0))]

ENTRY_PAGES = [  # after, limit → places, more follow
    (None, 2, [(1, 0), (2, 0)], True),
    ((2, 0), 2, [(2, 1), (3, 0)], True),
    ((3, 0), 2, [(12, 0), (100, 0)], False),
    ((100, 0), 2, [], False),
    (None, 10, [(1, 0), (2, 0), (2, 1), (3, 0), (12, 0), (100, 0)], False),
]


@pytest.mark.parametrize(("after", "limit", "places", "more"), ENTRY_PAGES)
def test_entries_page_in_docket_order(repos, after, limit, places, more):
    for entry in ENTRIES:
        repos.entries.put_entry("cand-1", entry, None)
    page, follows = repos.entries.entries_page("cand-1", after, limit)
    assert [e.place for e in page] == places and follows is more
    assert [e.place for e in repos.entries.all_entries("cand-1")] == sorted(e.place for e in ENTRIES)


def test_an_entry_is_saved_only_at_the_version_it_read(repos):
    entry = ENTRIES[0]
    repos.entries.put_entry("cand-1", entry, None)
    with pytest.raises(dynamo.ConditionFailed):
        repos.entries.put_entry("cand-1", entry, None)
    stored = repos.entries.get_entry("cand-1", 12, 0)
    assert stored == entry.model_copy(update={"version": 1})
    repos.entries.put_entry("cand-1", stored.model_copy(update={"description": "amended"}), 1)
    with pytest.raises(dynamo.ConditionFailed):
        repos.entries.put_entry("cand-1", stored, 1)
    assert repos.entries.get_entry("cand-1", 12, 0).description == "amended"
    assert repos.entries.get_entry("cand-1", 13, 0) is None
    assert repos.entries.all_entries("nysd-404") == []


# ------------------------------------------------------------------ the change feed

NOW = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
OLD, YOUNG = (NOW - timedelta(seconds=changes_repo.GAP_TIMEOUT_SECONDS + 60)).isoformat(), \
    (NOW - timedelta(seconds=5)).isoformat()
B = keys.CHANGE_BUCKET_SIZE
FEEDS = [  # written (seq, kind, at), head (seq, at), since, limit → seqs read, last consumed
    ("in order", [(1, "created", OLD), (2, "updated", OLD), (3, "sealed", YOUNG)], (3, YOUNG), 0, 10, [1, 2, 3], 3),
    ("a page", [(n, "created", OLD) for n in range(1, 6)], (5, OLD), 0, 2, [1, 2], 2),
    ("from a position", [(n, "created", OLD) for n in range(1, 6)], (5, OLD), 3, 10, [4, 5], 5),
    ("caught up", [(1, "created", OLD)], (1, OLD), 1, 10, [], 1),
    ("voids are consumed", [(1, "void", OLD), (2, "void", OLD), (3, "created", OLD), (4, "created", OLD)],
     (4, OLD), 0, 1, [3], 3),
    ("a young gap stops", [(1, "created", OLD), (3, "created", YOUNG)], (3, YOUNG), 0, 10, [1], 1),
    ("an old gap is passed", [(1, "created", OLD), (3, "created", OLD)], (3, OLD), 0, 10, [1, 3], 3),
    ("numbers handed out lately wait", [(1, "created", OLD)], (3, YOUNG), 0, 10, [1], 1),
    ("numbers handed out long ago are passed", [(1, "created", OLD)], (3, OLD), 0, 10, [1], 3),
    ("across buckets", [(B - 2, "created", OLD), (B - 1, "created", OLD), (B, "created", OLD),
                        (B + 1, "created", YOUNG)], (B + 1, YOUNG), B - 3, 10, [B - 2, B - 1, B, B + 1], B + 1),
    ("an old gap at a bucket's end", [(B - 2, "created", OLD), (B, "created", OLD), (B + 1, "created", OLD)],
     (B + 1, OLD), B - 3, 10, [B - 2, B, B + 1], B + 1),
    ("a young gap at a bucket's end", [(B - 2, "created", OLD), (B, "created", YOUNG)], (B, YOUNG), B - 3, 10,
     [B - 2], B - 2),
]


@pytest.mark.parametrize(("written", "head", "since", "limit", "seqs", "last"), [r[1:] for r in FEEDS],
                         ids=[r[0] for r in FEEDS])
def test_the_feed_reads_in_order_and_never_passes_a_young_gap(repos, written, head, since, limit, seqs, last):
    items = {}
    for seq, kind, at in written:
        if kind == "void":
            repos.changes.void(seq, at)
        else:
            items[seq] = changes_repo.item_for(seq, f"01HFEED{seq:019d}", kind, at)
            repos.seed_change(items[seq])
    repos.seed_head(*head)
    assert repos.changes.read_after(since, limit, now=NOW) == ([items[s] for s in seqs], last)


def test_numbers_are_handed_out_in_order_and_a_void_never_erases_a_change(repos):
    assert [repos.changes.allocate(at) for at in (OLD, OLD, YOUNG)] == [1, 2, 3]
    assert repos.changes.head() == (3, datetime.fromisoformat(YOUNG))
    change = changes_repo.item_for(1, "01HFEED1", "created", OLD)
    repos.seed_change(change)
    repos.changes.void(1, YOUNG)
    repos.changes.void(2, YOUNG)
    repos.changes.void(2, OLD)
    assert repos.changes.read_after(0, 10, now=NOW) == ([change], 2)  # 3 was handed out lately
    docket = changes_repo.case_change_op(3, "cand-1", "docket", YOUNG, {"report_id": "r1"}, sealed=True)[0]
    repos.seed_change(docket)
    assert repos.changes.read_after(2, 10, now=NOW) == ([docket], 3)


# ------------------------------------------------------------------ cursors mean the same on both

def test_a_page_cursor_from_either_side_resumes_the_other(moto_table):
    _empty(moto_table)
    fake = RepoFakes().filings_repo
    for side in (filings_repo, fake):
        assert side.reserve_many(list(DOCKET.values()) + list(STATUSES.values()))
    reads = [lambda repo, start: repo.list_case("cand-1", limit=4, start_key=start, include_sealed=True),
             lambda repo, start: repo.list_by_status(FilingStatus.failed, limit=2, start_key=start,
                                                     include_sealed=True, filters={})]
    for read in reads:
        on_moto, on_fake = read(filings_repo, None), read(fake, None)
        assert on_moto == on_fake and on_moto[1] is not None
        assert read(fake, on_moto[1]) == read(filings_repo, on_fake[1])
