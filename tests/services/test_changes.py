"""The change feed: complete, ordered, stable under concurrent writers, never skipping."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, timedelta, UTC

from chalicelib.adapters import changes_repo
from chalicelib.domain.access import PUBLIC, Viewer
from chalicelib.services import changes
from tools.synthetic_filings import add_filing


def _add(n: int, **kw):
    return add_filing(court="cand", docket="4:19-cv-07123-PJH", n=n, doc_type="motion",
                      day=date(2020, 1, 1) + timedelta(days=n), text=f"motion number {n}",
                      title=f"Motion {n}", seed=n, **kw)


def _read_all(viewer=PUBLIC, page=3):
    out, cursor = [], None
    for _ in range(1000):
        got = changes.page(cursor, page, viewer)
        out += got.changes
        if not got.changes:
            return out, got.next
        cursor = got.next
    raise AssertionError("feed did not end")


def test_feed_lists_every_change_once_in_order(aws):
    ids = [_add(n).id for n in range(1, 8)]
    feed, cursor = _read_all()
    assert [c.filing_id for c in feed] == ids
    assert [c.kind for c in feed] == ["created"] * 7
    assert [c.seq for c in feed] == sorted(c.seq for c in feed)
    # the cursor is stable: nothing new, nothing returned; a new change comes next
    assert changes.page(cursor, 10, PUBLIC).changes == []
    extra = _add(99)
    assert [c.filing_id for c in changes.page(cursor, 10, PUBLIC).changes] == [extra.id]


def test_concurrent_writers_lose_nothing(aws):
    with ThreadPoolExecutor(8) as pool:
        made = list(pool.map(_add, range(1, 41)))
    feed, _ = _read_all(page=7)
    assert sorted(c.filing_id for c in feed) == sorted(f.id for f in made)
    assert len({c.seq for c in feed}) == 40


def test_reader_waits_at_a_gap_until_the_writer_commits(aws):
    first = _add(1)
    held = changes_repo.allocate()  # a writer took a number and has not committed yet
    after = _add(2)
    feed = changes.page(None, 10, PUBLIC)
    assert [c.filing_id for c in feed.changes] == [first.id]
    # the slow writer commits: the reader resumes from where it stopped, skipping nothing
    changes_repo.void(held, datetime.now(UTC).isoformat())
    rest = changes.page(feed.next, 10, PUBLIC)
    assert [c.filing_id for c in rest.changes] == [after.id]


def test_a_gap_left_by_a_dead_writer_is_passed_after_the_timeout(aws):
    _add(1)
    changes_repo.allocate()  # never written
    later = _add(2)
    items, last = changes_repo.read_after(0, 10)
    assert len(items) == 1
    future = datetime.now(UTC) + timedelta(seconds=changes_repo.GAP_TIMEOUT_SECONDS + 5)
    items, last = changes_repo.read_after(0, 10, now=future)
    assert [i["filing_id"] for i in items][-1] == later.id


def test_sealing_is_a_removal_for_viewers_without_the_scope(aws):
    from chalicelib.services import sealing

    kept = _add(1)
    hidden = _add(2)
    sealing.set_sealed(hidden.id, True)
    public_feed, _ = _read_all(PUBLIC)
    assert [(c.filing_id, c.kind) for c in public_feed] == [(kept.id, "created"), (hidden.id, "removed")]
    assert public_feed[-1].filing is None
    scoped, _ = _read_all(Viewer(key_id="k", scopes=frozenset({"read", "sealed:read"})))
    assert [c.kind for c in scoped] == ["created", "created", "sealed"]
    sealing.set_sealed(hidden.id, False)
    public_feed, _ = _read_all(PUBLIC)
    assert [c.kind for c in public_feed][-1] == "unsealed"
