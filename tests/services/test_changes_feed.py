"""The change feed as each viewer sees it (`services/changes.py`), on the repository fakes: what a
sealed filing, a vanished one and a docket import look like, page by page. The ordering and gap
rules are the repository's, proved on moto and the fake by `tests/adapters/test_repo_contract.py`."""
from __future__ import annotations

import pytest

from chalicelib.adapters import changes_repo
from chalicelib.domain.access import PUBLIC, SYSTEM, Viewer
from chalicelib.domain.models import FilingRecord
from chalicelib.services import changes
from tests.support.repo_fakes import RepoFakes, install

CLERK = Viewer(key_id="clerk", scopes=frozenset({"read", "sealed:read"}))
VIEWERS = {"public": PUBLIC, "clerk": CLERK, "admin": SYSTEM}
AT = "2024-01-01T00:00:00+00:00"


def filing(n: int, sealed: bool = False) -> FilingRecord:
    return FilingRecord(id=f"01HCHANGES{n:016d}", status="ready", sha256=f"{n:064x}", size=100, case_id="cand-1",
                        sealed=sealed, created_at=AT, updated_at=AT)


FILINGS = {"open": filing(1), "sealed later": filing(2, sealed=True), "sealed at upload": filing(3, sealed=True)}
GONE = filing(4)  # its changes stay in the feed; the filing itself is no longer stored
FEED = [("created", "open"), ("created", "sealed later"), ("created", "sealed at upload"), ("updated", "open"),
        ("sealed", "sealed later"), ("docket", "public report"), ("docket", "sealed report"), ("created", "gone")]


@pytest.fixture
def fakes(monkeypatch) -> RepoFakes:
    fakes = install(monkeypatch, changes)
    assert fakes.filings_repo.reserve_many(list(FILINGS.values()))
    for kind, about in FEED:
        seq = fakes.changes_repo.allocate(AT)
        if kind == "docket":
            item, _ = changes_repo.case_change_op(seq, "cand-1", kind, AT, {"report_id": about},
                                                  sealed=about.startswith("sealed"))
        else:
            item = changes_repo.item_for(seq, (FILINGS.get(about) or GONE).id, kind, AT)
        fakes.changes_repo.append(item)
    return fakes


SEEN = [  # viewer, page size → (seq, kind, what) in order
    ("public", 2, [(1, "created", "open"), (4, "updated", "open"), (5, "removed", "sealed later"),
                   (6, "docket", "public report"), (8, "removed", "gone")]),
    ("clerk", 3, [(1, "created", "open"), (2, "created", "sealed later"), (3, "created", "sealed at upload"),
                  (4, "updated", "open"), (5, "sealed", "sealed later"), (6, "docket", "public report"),
                  (7, "docket", "sealed report"), (8, "removed", "gone")]),
    ("admin", 100, [(1, "created", "open"), (2, "created", "sealed later"), (3, "created", "sealed at upload"),
                    (4, "updated", "open"), (5, "sealed", "sealed later"), (6, "docket", "public report"),
                    (7, "docket", "sealed report"), (8, "removed", "gone")]),
]


def _what(change: changes.Change) -> str:
    if change.docket is not None:
        return change.docket["report_id"]
    names = {r.id: name for name, r in FILINGS.items()} | {GONE.id: "gone"}
    assert (change.filing is None) == (change.kind == "removed")
    return names[change.filing_id]


@pytest.mark.parametrize(("viewer", "size", "seen"), SEEN)
def test_each_viewer_sees_the_feed_its_scopes_allow(fakes, viewer, size, seen):
    out, cursor = [], None
    while True:
        page = changes.page(cursor, size, VIEWERS[viewer])
        out += [(c.seq, c.kind, _what(c)) for c in page.changes]
        if page.next == cursor:  # the position did not move: caught up
            break
        cursor = page.next
    assert out == seen
    late = changes_repo.item_for(fakes.changes_repo.allocate(AT), FILINGS["open"].id, "updated", AT)
    fakes.changes_repo.append(late)
    assert [(c.seq, c.kind) for c in changes.page(cursor, size, VIEWERS[viewer]).changes] == [(9, "updated")]
