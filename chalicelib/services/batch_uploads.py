"""Bulk uploads: many files asked about in one request, each answered on its own.

For each ``{sha256, size, filename, hints}``: "already archived as …" (the filing, or only its
id when the caller may not see it — a sealed filing, as ``POST /uploads`` answers a duplicate),
or a presigned, checksum-bound PUT exactly like ``POST /uploads`` gives, or why this one file
cannot be archived. One consistent BatchGet finds the reservations of the whole batch; only
the files the archive does not hold go through the per-file reservation of `ingest`.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from chalicelib.adapters import blobs, filings_repo
from chalicelib.domain.access import Viewer
from chalicelib.domain.models import FilingRecord, FilingStatus, Hints
from chalicelib.errors import ArchiveError
from chalicelib.services import ingest

MAX_FILES = 100  # a batch's answer (presigned URLs, filings) stays well under Lambda's 6 MB
RESERVE_CHUNK = 50  # TransactWriteItems takes 100 actions: a filing and its SHA-256 lock each

ARCHIVED = "archived"
UPLOAD = "upload"
REJECTED = "rejected"


@dataclass(frozen=True)
class Wanted:
    """One file a bulk client wants archived."""

    sha256: str
    size: int
    filename: str | None = None
    content_type: str = "application/pdf"
    hints: Hints = field(default_factory=Hints)


@dataclass(frozen=True)
class Answer:
    sha256: str
    outcome: str
    accepted: ingest.Accepted | None = None  # archived / upload
    problem: ArchiveError | None = None       # rejected


def _settled(record: FilingRecord | None) -> bool:
    """The bytes are in the archive: nothing to upload, nothing to release."""
    if record is None or record.status == FilingStatus.awaiting_upload:
        return False
    mismatched = (record.status == FilingStatus.failed and record.error is not None
                  and record.error.code == ingest.CHECKSUM_MISMATCH)
    return not mismatched  # those bytes were others: `ingest` releases the claim


def accept_batch(files: list[Wanted], viewer: Viewer) -> list[Answer]:
    """Answers in the order of ``files``. A file's own problem (too large, not a PDF type) is its
    answer; the batch goes on.

    Bytes nobody has claimed (the consistent BatchGet found no reservation) are reserved
    together, one transaction per 50 files; anything else — a reservation awaiting its bytes,
    bytes that turned out to be others, a transaction that lost a race — goes through
    `ingest.accept_presigned`, which decides each case as `POST /uploads` does.
    """
    shas = [f.sha256.lower() for f in files]
    held = filings_repo.ids_for_shas(sorted(set(shas)))
    records = filings_repo.get_many(sorted(set(held.values())), consistent=True) if held else {}
    answers: list[Answer | None] = [None] * len(files)
    fresh: dict[str, tuple[int, FilingRecord]] = {}  # sha → (first index, the record to reserve)
    for i, (wanted, sha) in enumerate(zip(files, shas)):
        record = records.get(held.get(sha, ""))
        if _settled(record):
            assert record is not None
            answers[i] = Answer(sha, ARCHIVED, ingest.Accepted(record, duplicate=True, viewer=viewer))
        elif sha not in held and sha not in fresh:
            try:
                ingest.check_presigned(wanted.content_type, wanted.size)
            except ArchiveError as exc:
                answers[i] = Answer(sha, REJECTED, problem=exc)
                continue
            fresh[sha] = (i, ingest.new_presigned_record(sha, wanted.size, wanted.filename, wanted.hints))
    pending = list(fresh.values())
    for start in range(0, len(pending), RESERVE_CHUNK):
        chunk = pending[start:start + RESERVE_CHUNK]
        if filings_repo.reserve_many([record for _, record in chunk]):
            for i, record in chunk:
                upload = blobs.presign_upload(record.id, record.sha256, record.size)
                answers[i] = Answer(record.sha256, UPLOAD, ingest.Accepted(record, duplicate=False, upload=upload))
    for i, (wanted, sha) in enumerate(zip(files, shas)):
        if answers[i] is None:
            answers[i] = _one(wanted, sha, viewer)
    return [a for a in answers if a is not None]


def _one(wanted: Wanted, sha: str, viewer: Viewer) -> Answer:
    try:
        accepted = ingest.accept_presigned(filename=wanted.filename, size=wanted.size, sha256=sha,
                                           content_type=wanted.content_type, hints=wanted.hints,
                                           viewer=viewer)
    except ArchiveError as exc:
        if exc.status >= 500:
            raise  # the archive's trouble, not this file's: the whole batch is retried
        return Answer(sha, REJECTED, problem=exc)
    return Answer(sha, UPLOAD if accepted.upload else ARCHIVED, accepted)
