"""Grow the archive quickly with realistic unrelated filings, through the same commit and index
code the worker uses (no PDFs: extraction is not what these tests measure)."""
from __future__ import annotations

import hashlib
import random
from datetime import date, timedelta

from chalicelib.adapters import filings_repo
from chalicelib.domain.docket_numbers import case_id as make_case_id
from chalicelib.domain.docket_numbers import parse_docket_number
from chalicelib.domain.models import FilingRecord, FilingStatus, Party
from chalicelib.services import filing_commit, search
from chalicelib.services.clock import system_clock

COURTS = ["nysd", "cacd", "txsd", "ilnd", "dcd", "mad", "flsd", "waed"]
TYPES = ["motion", "order", "brief", "declaration", "exhibit", "notice", "complaint", "opinion"]
WORDS = ["court", "motion", "order", "judgment", "plaintiff", "defendant", "summary", "discovery", "contract", "damages", "injunction", "appeal", "evidence", "witness", "deposition", "privilege", "settlement", "jurisdiction", "negligence", "statute", "claim", "relief", "counsel", "hearing", "trial", "verdict"]


def add_filing(*, court: str, docket: str, n: int, doc_type: str, day: date, text: str,
               title: str, parties: list[tuple[str, str]] | None = None, sealed: bool = False,
               judge: str | None = None, seed: int = 0) -> FilingRecord:
    parsed = parse_docket_number(docket)
    stamp = system_clock()
    sha = hashlib.sha256(f"{court}{docket}{n}{seed}{title}".encode()).hexdigest()
    record = FilingRecord(
        id=f"fl_bulk{sha[:20]}", status=FilingStatus.processing, sha256=sha, size=1000 + n,
        created_at=stamp, updated_at=stamp, sealed=sealed,
    )
    assert filings_repo.reserve(record)
    ready = record.model_copy(update={
        "status": FilingStatus.ready, "court_id": court, "docket_number": docket,
        "case_id": make_case_id(court, parsed or docket), "case_name": title.split(":")[0],
        "document_number": str(n), "date_filed": day, "title": title, "document_type": doc_type,
        "page_count": 1 + n % 7, "judge": judge,
        "parties": [Party(name=a, role=b) for a, b in (parties or [])],
    })
    search.index_filing(ready, [text])
    filing_commit.commit(record.id, lambda current: ready)
    return filings_repo.get(record.id, consistent=True)


def unrelated(count: int, seed: int = 1) -> None:
    """`count` filings spread over other courts' cases, sharing the common vocabulary."""
    rng = random.Random(seed)
    for i in range(count):
        court = rng.choice(COURTS)
        docket = f"1:{rng.randint(10, 24)}-cv-{rng.randint(1, 9999):05d}"
        words = " ".join(rng.choice(WORDS) for _ in range(60))
        add_filing(court=court, docket=docket, n=rng.randint(1, 300), doc_type=rng.choice(TYPES),
                   day=date(2015, 1, 1) + timedelta(days=rng.randint(0, 3000)), text=words,
                   title=f"Acme {i} v. Widget: {rng.choice(TYPES).upper()}", seed=seed * 100000 + i)
