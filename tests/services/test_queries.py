"""The read-side use cases (`services/queries.py`) on the repository fakes: a filing, a case, its
docket page by page, the resolver, names and the status lists, for each kind of viewer. No moto:
`tests/adapters/test_repo_contract.py` proves the fakes answer as the DynamoDB repositories do."""
from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from chalicelib.domain import cases as case_rules
from chalicelib.domain.access import PUBLIC, SYSTEM, Viewer
from chalicelib.domain.dockets import DocketCase
from chalicelib.domain.models import FilingRecord, FilingStatus, Party
from chalicelib.errors import InvalidCursor, NotFound
from chalicelib.services import queries
from tests.support.repo_fakes import RepoFakes, install

CLERK = Viewer(key_id="clerk", scopes=frozenset({"read", "sealed:read"}))
WRITER = Viewer(key_id="writer", scopes=frozenset({"read", "write"}))
VIEWERS = {"public": PUBLIC, "writer": WRITER, "clerk": CLERK, "admin": SYSTEM}
SEES_SEALED = {"clerk", "admin"}
WHATSAPP = "WhatsApp Inc. v. NSO Group Technologies Ltd."


def filing(n: int, number: str | None, dt: str, *, case: str = "cand-1", sealed: bool = False,
           status: str = "ready", **fields: Any) -> FilingRecord:
    base = {"id": f"01HQUERY{n:018d}", "status": status, "sha256": f"{n:064x}", "size": 100,
            "created_at": "2024-01-01T00:00:00Z", "updated_at": f"2024-01-{n:02d}T00:00:00Z",
            "court_id": case.split("-")[0], "case_id": case, "document_number": number, "document_type": dt,
            "sealed": sealed, "date_filed": date(2020, 1, n % 28 + 1)}
    return FilingRecord.model_validate({**base, **fields})


CAND = {"docket_number": "3:19-cv-07123", "case_name": WHATSAPP,
        "parties": [Party(name="WhatsApp Inc.", role="plaintiff")]}
FILINGS = {
    "complaint": filing(1, "1", "complaint", **CAND),
    "motion": filing(2, "2", "motion", **CAND),
    "exhibit": filing(3, "2", "exhibit", attachment_number=1, **CAND),
    "sealed order": filing(4, "3", "order", sealed=True, **CAND),
    "order": filing(5, "4", "order", **CAND),
    "late notice": filing(6, None, "notice", **CAND),
    "sealed only": filing(7, "1", "motion", case="cand-9", sealed=True, docket_number="3:21-cv-00009",
                          case_name="Doe v. Roe"),
    "acme": filing(8, "1", "complaint", case="nysd-2", docket_number="1:19-cv-07123", case_name="Acme Turbine v. Bolt"),
    "failed": filing(9, None, "other", status="failed", case="nysd-2"),
    "failed sealed": filing(10, None, "other", status="failed", sealed=True, case="nysd-2"),
    "processing": filing(11, None, "other", status="processing", case="cand-5"),
}


@pytest.fixture
def fakes(monkeypatch) -> RepoFakes:
    """The fakes in place of the repositories `queries` reads, holding FILINGS and their cases."""
    fakes = install(monkeypatch, queries)
    assert fakes.filings_repo.reserve_many(list(FILINGS.values()))
    founded: dict[str, Any] = {}
    for record in FILINGS.values():
        if record.status == FilingStatus.ready:
            case = founded.get(record.case_id) or case_rules.new_case(record, "2024-01-01T00:00:00Z")
            founded[record.case_id] = case_rules.apply_contribution(case, record, +1)
    for case in founded.values():
        fakes.cases_repo.seed(case)
        fakes.cases_repo.index_name(case.case_id, case.case_name)
    return fakes


def _visible(name: str, viewer: str) -> bool:
    return not FILINGS[name].sealed or viewer in SEES_SEALED


@pytest.mark.parametrize("viewer", VIEWERS)
@pytest.mark.parametrize("name", ["complaint", "sealed order", "sealed only", "failed sealed"])
def test_a_filing_is_seen_unless_sealed_from_the_viewer(fakes, name, viewer):
    record = FILINGS[name]
    if _visible(name, viewer):
        assert queries.filing(record.id, VIEWERS[viewer]) == record
        assert queries.filing_by_sha(record.sha256.upper(), VIEWERS[viewer]) == record
    else:
        with pytest.raises(NotFound):
            queries.filing(record.id, VIEWERS[viewer])
        assert queries.filing_by_sha(record.sha256, VIEWERS[viewer]) is None


def test_an_unknown_filing_is_not_found(fakes):
    with pytest.raises(NotFound):
        queries.filing("01HNOSUCHFILING", SYSTEM)
    assert queries.filing_by_sha("e" * 64, SYSTEM) is None


CASES = [  # case, viewer → filings counted (None: not found)
    ("cand-1", "public", 5), ("cand-1", "clerk", 6),
    ("cand-9", "public", None), ("cand-9", "writer", None), ("cand-9", "admin", 1),
    ("nysd-2", "public", 1), ("nysd-404", "admin", None),
]


@pytest.mark.parametrize(("case_id", "viewer", "count"), CASES)
def test_a_case_known_only_from_sealed_filings_is_not_found_without_the_scope(fakes, case_id, viewer, count):
    if count is None:
        with pytest.raises(NotFound):
            queries.case(case_id, VIEWERS[viewer])
        return
    record, view = queries.case(case_id, VIEWERS[viewer])
    assert record.case_id == case_id and view["filing_count"] == count


@pytest.mark.parametrize(("sealed", "viewer", "found"), [
    (False, "public", True), (True, "public", False), (True, "clerk", True),
])
def test_a_docket_report_confirms_a_case_for_those_who_may_see_it(fakes, sealed, viewer, found):
    report = DocketCase(court_id="cand", docket_number="3:21-cv-00009", case_name="Doe v. Roe", sealed=sealed)
    fakes.entries_repo.put_docket_case("cand-9", report, None)
    if not found:
        with pytest.raises(NotFound):
            queries.case("cand-9", VIEWERS[viewer])
        return
    _, view = queries.case("cand-9", VIEWERS[viewer])
    assert view["case_name"] == "Doe v. Roe" and view["provisional"] is False


DOCKET_PAGES = [  # viewer, limit, document type, updated since → docket (by FILINGS name), count
    ("public", 2, None, None, ["complaint", "motion", "exhibit", "order", "late notice"], 5),
    ("clerk", 4, None, None, ["complaint", "motion", "exhibit", "sealed order", "order", "late notice"], 6),
    ("public", 1, "order", None, ["order"], 1),
    ("clerk", 1, "order", None, ["sealed order", "order"], 2),
    ("public", 10, "brief", None, [], 0),
    ("clerk", 2, None, "2024-01-03T12:00:00Z", ["sealed order", "order", "late notice"], None),
]


@pytest.mark.parametrize(("viewer", "limit", "document_type", "since", "names", "count"), DOCKET_PAGES)
def test_a_docket_pages_in_order_with_its_visible_count(fakes, viewer, limit, document_type, since, names, count):
    pages, cursor, counts = [], None, set()
    while True:
        items, cursor, total = queries.case_filings("cand-1", VIEWERS[viewer], limit=limit, cursor=cursor,
                                                    document_type=document_type, updated_since=since)
        pages.append(items)
        counts.add(total)
        if cursor is None:
            break
    by_id = {r.id: name for name, r in FILINGS.items()}
    assert [by_id[r.id] for page in pages for r in page] == names
    assert all(len(page) == limit for page in pages[:-1]) and counts == {count}


def test_a_docket_cursor_only_resumes_its_own_query(fakes):
    _, cursor, _ = queries.case_filings("cand-1", CLERK, limit=2, cursor=None, document_type=None, updated_since=None)
    for viewer, document_type in ((PUBLIC, None), (CLERK, "order")):
        with pytest.raises(InvalidCursor):
            queries.case_filings("cand-1", viewer, limit=2, cursor=cursor, document_type=document_type,
                                 updated_since=None)
    with pytest.raises(NotFound):
        queries.case_filings("nysd-404", CLERK, limit=2, cursor=None, document_type=None, updated_since=None)


RESOLVED = [  # printed docket number, court → cases it may name
    ("3:19-cv-07123", None, {"cand-1", "nysd-2"}),  # an office number does not tell cases apart
    ("3:19-cv-07123", "cand", {"cand-1"}),
    ("19-cv-7123", "nysd", {"nysd-2"}),
    ("3:19-cr-07123", None, set()),  # another case type conflicts
    ("3:21-cv-00009", None, set()),  # known only from a sealed filing
    ("not a docket", None, set()),
]


@pytest.mark.parametrize(("printed", "court", "found"), RESOLVED)
def test_the_resolver_names_the_visible_cases_a_number_can_mean(fakes, printed, court, found):
    assert {hit["case"].case_id for hit in queries.resolve(printed, court, PUBLIC)} == found


NAMED = [  # words, court, viewer → cases
    ("whatsapp", None, "public", ["cand-1"]),
    ("whats nso", None, "public", ["cand-1"]),
    ("acme turb", None, "public", ["nysd-2"]),
    ("acme", "cand", "public", []),
    ("doe roe", None, "admin", []),  # a case's name index comes from its public name
    ("v", None, "public", []),
]


@pytest.mark.parametrize(("words", "court", "viewer", "found"), NAMED)
def test_cases_by_the_words_of_their_name(fakes, words, court, viewer, found):
    assert [r.case_id for r, _ in queries.cases_by_name(words, VIEWERS[viewer], court=court)] == found


STATUS_LISTS = [  # status, viewer, filters → filings, newest change first
    (FilingStatus.failed, "public", {}, ["failed"]),
    (FilingStatus.failed, "clerk", {}, ["failed sealed", "failed"]),
    (FilingStatus.failed, "clerk", {"case_id": "cand-1"}, []),
    (FilingStatus.processing, "public", {"court_id": "cand"}, ["processing"]),
    (FilingStatus.ready, "admin", {}, []),
]


@pytest.mark.parametrize(("status", "viewer", "filters", "names"), STATUS_LISTS)
def test_filings_by_status_page_by_page(fakes, status, viewer, filters, names):
    found, cursor = [], None
    while True:
        items, cursor = queries.filings_by_status(status, VIEWERS[viewer], limit=1, cursor=cursor, filters=filters)
        found += items
        if cursor is None:
            break
    by_id = {r.id: name for name, r in FILINGS.items()}
    assert [by_id[r.id] for r in found] == names
    if len(names) > 1:
        _, cursor = queries.filings_by_status(status, VIEWERS[viewer], limit=1, cursor=None, filters=filters)
        with pytest.raises(InvalidCursor):
            queries.filings_by_status(status, PUBLIC, limit=1, cursor=cursor, filters=filters)
