"""A file's way through a bulk upload: checked and hashed into a :class:`Job`, asked about in a
batch, its bytes PUT (or sent by the per-file routes) — the work :mod:`.uploader` hands to its
worker threads — and how an answer fills in the job's result and its twins'.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from .api import ArchiveClient, ArchiveError, sha256_file
from .journal import Journal
from .manifest import UploadItem
from .models import UPLOAD, BatchAnswer, Filing, PresignedUpload
from .report import DUPLICATE, FAILED, FileResult
from .single import EMPTY_FILE, SingleUploader, put_file

PDF_MAGIC = b"%PDF-"
PDF_HEADER_WINDOW = 1024  # real filings carry stray bytes before the header; the archive looks this far
NOT_A_PDF = f"not a PDF: no %PDF- header in its first {PDF_HEADER_WINDOW} bytes"


@dataclass
class Job:
    """A hashed file on its way through the pipeline."""

    item: UploadItem
    result: FileResult
    sha: str
    started: float
    twins: list[Job] = field(default_factory=list)  # the same bytes under other paths in this run
    settled: bool = False   # its outcome is known
    waiting: bool = False   # …and it waits for processing


def as_twin(twin: Job, first: FileResult) -> None:
    """``twin`` has the same bytes as ``first``: the same filing, reported as a duplicate."""
    res = twin.result
    res.filing_id, res.status, res.case_id, res.case_name = first.filing_id, first.status, first.case_id, first.case_name
    res.outcome = DUPLICATE if first.outcome != FAILED else FAILED
    res.error = None if first.outcome != FAILED else f"same bytes as {first.path}: {first.error}"


def take_filing(res: FileResult, filing: Filing) -> None:
    """The filing's status and case into the result, and why processing failed if it did."""
    res.status, res.case_id, res.case_name = filing.status, filing.case_id, filing.case_name
    if filing.status == "failed":
        res.error = filing.error_message or "processing failed"


class JobSteps:
    """The steps of a job, each run on a worker thread: prepare, ask (a batch), put, or one."""

    def __init__(self, client: ArchiveClient, journal: Journal, single: SingleUploader) -> None:
        self.client = client
        self.journal = journal
        self.single = single

    def prepare(self, item: UploadItem) -> Job:
        result = FileResult(path=str(item.path), size=item.size, outcome=FAILED, hints=item.hints)
        job = Job(item, result, "", time.monotonic())
        item.size = result.size = item.path.stat().st_size
        if item.size == 0:
            raise ValueError(EMPTY_FILE)
        with item.path.open("rb") as fh:  # the archive's own rule; the worker would fail it later
            if PDF_MAGIC not in fh.read(PDF_HEADER_WINDOW + len(PDF_MAGIC)):
                raise ValueError(NOT_A_PDF)
        job.sha = result.sha256 = self.journal.sha_for(item.path) or sha256_file(item.path)
        return job

    def ask(self, jobs: list[Job]) -> list[BatchAnswer]:
        answers = self.client.batch_uploads([
            {"sha256": j.sha, "size": j.item.size, "filename": j.item.filename, "hints": j.item.hints}
            for j in jobs])
        if len(answers) != len(jobs):
            raise ArchiveError(502, "the batch answer does not match the request",
                               f"{len(jobs)} files asked, {len(answers)} answered")
        return answers

    def put(self, job: Job, upload: PresignedUpload, on_bytes: Callable[[int], None] | None) -> None:
        def counted(n: int) -> None:
            job.result.bytes_sent += n
            if on_bytes:
                on_bytes(n)

        def fresh() -> PresignedUpload | None:
            again = self.ask([job])[0]
            return again.upload if again.outcome == UPLOAD else None

        put_file(self.client, upload, job.item.path, counted, fresh)

    def one(self, job: Job, on_bytes: Callable[[int], None] | None) -> Filing | None:
        """The per-file routes (no batch route, or a dry run); None: a dry run that would send it."""
        return self.single.upload(job.item, job.sha, job.result, on_bytes)
