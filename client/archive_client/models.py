"""What the client reads from the archive: small, typed views over the API's JSON.

Each model keeps the full JSON it came from in ``raw`` so nothing the server adds is lost
(``--json`` output prints ``raw``), while the fields the client and CLI rely on are typed.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: A filing's processing states, as the server reports them.
AWAITING_UPLOAD = "awaiting_upload"
PROCESSING = "processing"
READY = "ready"
FAILED = "failed"
TERMINAL_STATUSES = frozenset({READY, FAILED})


@dataclass(frozen=True)
class Filing:
    """A filing as ``GET /filings/{id}`` (and the upload routes) return it."""

    id: str
    status: str
    sha256: str
    size: int | None = None
    filename: str | None = None
    page_count: int | None = None
    court_id: str | None = None
    docket_number: str | None = None
    case_id: str | None = None
    case_name: str | None = None
    document_number: str | None = None
    attachment_number: int | None = None
    date_filed: str | None = None
    title: str | None = None
    document_type: str | None = None
    sealed: bool = False
    error: dict[str, Any] | None = None
    duplicate: bool | None = None
    updated_at: str | None = None
    raw: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Filing:
        return cls(
            id=data["id"], status=data.get("status", ""), sha256=data.get("sha256", ""),
            size=data.get("size"), filename=data.get("filename"), page_count=data.get("page_count"),
            court_id=data.get("court_id"), docket_number=data.get("docket_number"),
            case_id=data.get("case_id"), case_name=data.get("case_name"),
            document_number=data.get("document_number"), attachment_number=data.get("attachment_number"),
            date_filed=data.get("date_filed"), title=data.get("title"),
            document_type=data.get("document_type"), sealed=bool(data.get("sealed")),
            error=data.get("error"), duplicate=data.get("duplicate"), updated_at=data.get("updated_at"),
            raw=data,
        )

    @property
    def terminal(self) -> bool:
        return self.status in TERMINAL_STATUSES

    @property
    def error_message(self) -> str | None:
        if not self.error:
            return None
        if isinstance(self.error, dict):
            return str(self.error.get("message") or self.error.get("detail") or self.error.get("code") or self.error)
        return str(self.error)


@dataclass(frozen=True)
class PresignedUpload:
    method: str
    url: str
    headers: dict[str, str]
    expires_in: int


@dataclass(frozen=True)
class UploadTicket:
    """``POST /uploads``: the filing, and where to PUT its bytes (None when already archived)."""

    filing: Filing
    duplicate: bool
    upload: PresignedUpload | None
    raw: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> UploadTicket:
        up = data.get("upload")
        return cls(
            filing=Filing.from_json(data["filing"]),
            duplicate=bool(data.get("duplicate")),
            upload=PresignedUpload(
                method=up.get("method", "PUT"), url=up["url"], headers=dict(up.get("headers") or {}),
                expires_in=int(up.get("expires_in") or 0),
            ) if up else None,
            raw=data,
        )


#: What ``POST /uploads/batch`` answers per file.
ARCHIVED = "archived"   # the archive holds these bytes (as ``id``); nothing to send
UPLOAD = "upload"       # send the bytes with ``upload`` (a presigned, checksum-bound PUT)
REJECTED = "rejected"   # this file cannot be archived (``problem`` says why); the others go on


@dataclass(frozen=True)
class BatchAnswer:
    """One file's answer from ``POST /uploads/batch``, in the order the files were asked.

    ``filing`` is None when the caller may not see the filing (a sealed one): the archive says
    only that the bytes are archived, and under which id.
    """

    sha256: str
    outcome: str
    id: str | None = None
    filing: Filing | None = None
    upload: PresignedUpload | None = None
    problem: dict[str, Any] | None = None
    raw: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> BatchAnswer:
        up = data.get("upload")
        filing = data.get("filing")
        return cls(
            sha256=data.get("sha256", ""), outcome=data.get("outcome", ""), id=data.get("id"),
            filing=Filing.from_json(filing) if filing and filing.get("status") else None,
            upload=PresignedUpload(
                method=up.get("method", "PUT"), url=up["url"], headers=dict(up.get("headers") or {}),
                expires_in=int(up.get("expires_in") or 0),
            ) if up else None,
            problem=data.get("problem"), raw=data,
        )

    @property
    def error_message(self) -> str:
        p = self.problem or {}
        return f"{p.get('status', '')} {p.get('title', 'rejected')}".strip() + (
            f": {p['detail']}" if p.get("detail") else "")


@dataclass(frozen=True)
class DocketItem:
    """One row of ``GET /cases/{id}/filings``: light, no text."""

    id: str
    status: str
    sha256: str
    updated_at: str
    document_number: str | None = None
    attachment_number: int | None = None
    date_filed: str | None = None
    title: str | None = None
    document_type: str | None = None
    page_count: int | None = None
    sealed: bool = False
    raw: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> DocketItem:
        return cls(
            id=data["id"], status=data.get("status", ""), sha256=data.get("sha256", ""),
            updated_at=data.get("updated_at", ""), document_number=data.get("document_number"),
            attachment_number=data.get("attachment_number"), date_filed=data.get("date_filed"),
            title=data.get("title"), document_type=data.get("document_type"),
            page_count=data.get("page_count"), sealed=bool(data.get("sealed")), raw=data,
        )


@dataclass(frozen=True)
class Case:
    case_id: str
    court_id: str | None = None
    docket_number: str | None = None
    case_name: str | None = None
    judge: str | None = None
    provisional: bool = False
    first_filed: str | None = None
    last_filed: str | None = None
    filing_count: int = 0
    filing_counts: dict[str, int] = field(default_factory=dict)
    parties: list[dict[str, Any]] = field(default_factory=list)
    raw: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Case:
        return cls(
            case_id=data["case_id"], court_id=data.get("court_id"), docket_number=data.get("docket_number"),
            case_name=data.get("case_name"), judge=data.get("judge"), provisional=bool(data.get("provisional")),
            first_filed=data.get("first_filed"), last_filed=data.get("last_filed"),
            filing_count=int(data.get("filing_count") or 0), filing_counts=dict(data.get("filing_counts") or {}),
            parties=list(data.get("parties") or []), raw=data,
        )


@dataclass(frozen=True)
class CaseMatch:
    case: Case
    match: str

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CaseMatch:
        return cls(case=Case.from_json(data["case"]), match=data.get("match", ""))


@dataclass(frozen=True)
class SearchHit:
    filing_id: str
    case_id: str | None = None
    title: str | None = None
    document_type: str | None = None
    document_number: str | None = None
    attachment_number: int | None = None
    date_filed: str | None = None
    score: float | None = None
    snippets: list[str] = field(default_factory=list)
    raw: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SearchHit:
        snippets = data.get("snippets") or []
        return cls(
            filing_id=data.get("filing_id") or data.get("id", ""), case_id=data.get("case_id"),
            title=data.get("title"), document_type=data.get("document_type"),
            document_number=data.get("document_number"), attachment_number=data.get("attachment_number"),
            date_filed=data.get("date_filed"), score=data.get("score"),
            snippets=[s if isinstance(s, str) else str(s.get("text", s)) for s in snippets],
            raw=data,
        )


def page_cursor(page: dict[str, Any]) -> str | None:
    """The bare cursor of a list page: `cursor` beside the `next` URL (older archives sent the
    cursor itself as `next`)."""
    return page["cursor"] if "cursor" in page else page.get("next")


@dataclass(frozen=True)
class SearchPage:
    results: list[SearchHit]
    total: int | None
    facets: dict[str, Any]
    next: str | None
    raw: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SearchPage:
        total = data.get("total")
        if isinstance(total, dict):  # {"value": n, "relation": "eq"} style
            total = total.get("value")
        return cls(
            results=[SearchHit.from_json(r) for r in data.get("results") or []],
            total=total, facets=dict(data.get("facets") or {}), next=page_cursor(data), raw=data,
        )


@dataclass(frozen=True)
class ChangePage:
    changes: list[dict[str, Any]]
    next: str
