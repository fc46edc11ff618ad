"""`POST /uploads/batch`: many files asked about at once, answered one by one."""
from __future__ import annotations

from typing import Any, Literal

from pydantic import ConfigDict, Field

from chalicelib.api.models import ArchivedOut, FilingOut, PresignedUpload, Problem
from chalicelib.domain.base import Model
from chalicelib.domain.models import Hints

MAX_BATCH_FILES = 100


class BatchFile(Model):
    model_config = ConfigDict(extra="forbid")

    sha256: str = Field(pattern=r"^[0-9a-fA-F]{64}$", description="Hex SHA-256 of the bytes")
    size: int = Field(gt=0, description="Exact size in bytes; bound into the signature")
    filename: str | None = Field(None, max_length=500)
    content_type: str = "application/pdf"
    hints: Hints = Field(default_factory=Hints)


class BatchUploadRequest(Model):
    """Up to 100 files; each gets its own answer, in the same order."""

    model_config = ConfigDict(extra="forbid")

    files: list[BatchFile] = Field(min_length=1, max_length=MAX_BATCH_FILES)


class BatchProblem(Model):
    """Why one file of the batch cannot be archived (RFC 9457 fields)."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str | None = None


class BatchResult(Model):
    sha256: str
    outcome: Literal["archived", "upload", "rejected"] = Field(
        description="`archived`: the archive holds these bytes (as `id`), send nothing; `upload`: PUT "
                    "the bytes with `upload`; `rejected`: this file cannot be archived (`problem`)")
    id: str | None = Field(None, description="The filing the bytes are (or will be) archived as")
    filing: FilingOut | ArchivedOut | None = Field(
        None, description="The filing; only its id (ArchivedOut) when the caller may not see it")
    upload: PresignedUpload | None = Field(None, description="Present when outcome is `upload`")
    problem: BatchProblem | None = None

    @classmethod
    def of(cls, answer: Any) -> BatchResult:
        """From a `services.batch_uploads.Answer`."""
        accepted, problem = answer.accepted, answer.problem
        if problem is not None:
            body = problem.problem(None)
            return cls(sha256=answer.sha256, outcome="rejected", problem=BatchProblem(
                type=body.get("type", "about:blank"), title=body.get("title", "rejected"),
                status=problem.status, detail=body.get("detail")))
        filing: FilingOut | ArchivedOut = (
            ArchivedOut(id=accepted.filing_id, duplicate=accepted.duplicate) if accepted.hidden
            else FilingOut.of(accepted.filing, duplicate=accepted.duplicate))
        return cls(sha256=answer.sha256, outcome=answer.outcome, id=accepted.filing_id, filing=filing,
                   upload=PresignedUpload(**accepted.upload) if accepted.upload else None)


class BatchUploadOut(Model):
    results: list[BatchResult] = Field(description="One per file asked, in the same order")
    count: int


OPERATIONS: dict[tuple[str, str], dict[str, Any]] = {
    ("/uploads/batch", "POST"): {
        "summary": "Bulk uploads: for up to 100 files, 'already archived as …' or a presigned PUT each",
        "body": BatchUploadRequest,
        "responses": {200: BatchUploadOut, 400: Problem, 422: Problem},
    },
}
