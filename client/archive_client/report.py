"""What an upload run came to: one :class:`FileResult` per file, summed up in an :class:`UploadReport`."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

#: Outcomes of one file. "failed" is the only one that makes the run fail, together with a
#: processing status of "failed" when waiting.
UPLOADED = "uploaded"        # sent, the archive accepted new bytes
EXISTS = "exists"            # the archive already held these bytes: nothing sent
DUPLICATE = "duplicate"      # sent (or asked to), and the archive said it had them; or twice in one run
SKIPPED = "skipped"          # the journal says a previous run archived them in this archive: nothing asked
DRY_RUN = "would-upload"     # --dry-run: would have been sent
FAILED = "failed"            # could not be archived (error in `error`)
OUTCOMES = (UPLOADED, DUPLICATE, EXISTS, SKIPPED, DRY_RUN, FAILED)


@dataclass
class FileResult:
    path: str
    size: int
    outcome: str
    sha256: str | None = None
    filing_id: str | None = None
    status: str | None = None  # the filing's processing status, when known
    case_id: str | None = None  # the case the filing joined, once the archive has read it
    case_name: str | None = None
    method: str | None = None  # batch | direct | presigned
    error: str | None = None
    note: str | None = None  # e.g. why waiting ended without a final status
    seconds: float = 0.0
    bytes_sent: int = 0  # bytes that really went over the wire (0 for skipped/existing files)
    hints: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.outcome != FAILED and self.status != "failed"

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class UploadReport:
    results: list[FileResult] = field(default_factory=list)
    started_at: str = ""
    seconds: float = 0.0
    interrupted: bool = False
    dry_run: bool = False
    aborted: str | None = None  # a fatal error stopped the run (401/403, no archive)
    not_attempted: int = 0
    archive_id: str | None = None
    reverified: int = 0  # files the journal had for another archive, checked again by SHA-256
    api_calls: int = 0   # requests to the archive's API (not counting S3)

    @property
    def failed(self) -> list[FileResult]:
        return [r for r in self.results if not r.ok]

    @property
    def ok(self) -> bool:
        return not self.failed and not self.interrupted and not self.aborted

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for r in self.results:
            out[r.outcome] = out.get(r.outcome, 0) + 1
        return out

    def status_counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for r in self.results:
            if r.status:
                out[r.status] = out.get(r.status, 0) + 1
        return out

    def case_counts(self) -> dict[str, int]:
        """Files per case they joined (``""``: not known yet, the archive has not read them)."""
        out: dict[str, int] = {}
        for r in self.results:
            if r.outcome != FAILED and r.filing_id:
                out[r.case_id or ""] = out.get(r.case_id or "", 0) + 1
        return out

    @property
    def bytes_sent(self) -> int:
        return sum(r.bytes_sent for r in self.results)

    def to_json(self) -> dict[str, Any]:
        return {
            "started_at": self.started_at, "seconds": round(self.seconds, 3), "interrupted": self.interrupted,
            "dry_run": self.dry_run, "aborted": self.aborted, "not_attempted": self.not_attempted,
            "archive_id": self.archive_id, "ok": self.ok, "counts": self.counts(),
            "statuses": self.status_counts(), "cases": self.case_counts(), "files": len(self.results),
            "failed": len(self.failed), "bytes_sent": self.bytes_sent, "reverified": self.reverified,
            "api_calls": self.api_calls, "results": [r.to_json() for r in self.results],
        }
