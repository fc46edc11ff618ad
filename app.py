"""The court-filing archive's HTTP API and ingest worker: routes, handlers, middleware, errors.

Logic lives in `chalicelib/`; this module only parses requests, checks scopes, calls one
service function and renders the result. Nothing heavy is imported here: PDF, citation and
court libraries load only inside the worker.
"""
from __future__ import annotations

import json
from typing import Any

from chalice import AuthResponse, Chalice, Response
from pydantic import BaseModel, ValidationError

from chalicelib import config, errors, observability
from chalicelib.api import models as api
from chalicelib.domain import filenames
from chalicelib.domain.access import ADMIN, READ, WRITE, Viewer
from chalicelib.domain.models import Hints

APP_NAME = "court-archive"
INGEST_QUEUE = "court-archive-ingest"  # infra/template.json names the queue; the trigger needs it
AUTH_TTL_SECONDS = 60  # API Gateway caches a key's verdict this long: the revocation delay
PROBLEM_JSON = "application/problem+json"

config.check_startup()  # outside the local stage: no cursor secret, no app (a clear init error)
app = Chalice(app_name=APP_NAME)
PDF_TYPES = ["application/pdf", "application/x-pdf", "application/octet-stream", "binary/octet-stream"]
app.api.binary_types.extend(t for t in PDF_TYPES if t not in app.api.binary_types)
observability.register(app)
log = observability.logger


# ---------------------------------------------------------------------------------- plumbing
def problem(exc: errors.ArchiveError) -> Response:
    instance = None
    try:
        instance = app.current_request.context.get("path") if app.current_request else None
    except Exception:
        instance = None
    headers = {"Content-Type": PROBLEM_JSON, **exc.headers}
    return Response(body=json.dumps(exc.problem(instance)), status_code=exc.status, headers=headers)


def route(path: str, **options: Any) -> Any:
    """`app.route` whose view answers every error as RFC 9457 problem+json.

    Chalice turns an exception raised in a view into its own 500 before middleware sees it, so
    the mapping wraps the view itself; a client's mistake is never a 5xx.
    """
    import functools

    def register(view: Any) -> Any:
        @functools.wraps(view)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            try:
                return view(*args, **kwargs)
            except errors.ArchiveError as exc:
                if exc.status >= 500:
                    log.exception("request failed")
                return problem(exc)
            except Exception:
                log.exception("unhandled error")
                return problem(errors.ArchiveError("an unexpected error occurred; it has been logged"))

        return app.route(path, **options)(guarded)

    return register


def ok(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    if isinstance(body, BaseModel):
        body = body.model_dump(mode="json")
    return Response(body=json.dumps(body), status_code=status,
                    headers={"Content-Type": "application/json", **(headers or {})})


def etagged(body: BaseModel) -> Response:
    """200 with an ETag, or 304 when the client already has this representation."""
    import hashlib

    payload = json.dumps(body.model_dump(mode="json"), sort_keys=True)
    etag = '"' + hashlib.sha256(payload.encode()).hexdigest()[:32] + '"'
    if etag in _header("if-none-match").replace(" ", "").split(","):
        return Response(body="", status_code=304, headers={"ETag": etag})
    return Response(body=payload, status_code=200,
                    headers={"Content-Type": "application/json", "ETag": etag})


def _header(name: str) -> str:
    return (app.current_request.headers or {}).get(name, "") or ""


def params(model: type[BaseModel], prefix: str = "") -> Any:
    raw = dict(app.current_request.query_params or {})
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        raise errors.from_pydantic(exc, prefix) from None


def json_body(model: type[BaseModel]) -> Any:
    try:
        data = app.current_request.json_body
    except Exception:
        raise errors.BadRequest("the body is not valid JSON") from None
    if data is None:
        raise errors.BadRequest("a JSON body is required")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise errors.from_pydantic(exc) from None


def viewer(scope: str = READ) -> Viewer:
    """The caller, as the authorizer vouched for it; 401 without a valid key, 403 without scope."""
    ctx = (app.current_request.context or {}).get("authorizer") or {}
    if ctx.get("valid") != "true":
        raise errors.Unauthorized("send a valid API key: Authorization: Bearer <key>")
    who = Viewer(key_id=ctx.get("key_id"), scopes=frozenset(ctx.get("scopes", "").split()))
    if not who.has(scope):
        raise errors.Forbidden(f"this key lacks the '{scope}' scope", required_scope=scope)
    log.append_keys(key_id=who.key_id)
    return who


@app.authorizer(ttl_seconds=AUTH_TTL_SECONDS)
def api_key(auth_request: Any) -> AuthResponse:
    """Checks the key once per TTL; the verdict travels to the routes, which enforce scopes.

    The policy allows every route so a cached verdict works everywhere (API Gateway caches by
    token); an unknown key is let through as `valid=false` so the app answers 401 problem+json.
    """
    from chalicelib.services import access

    who = access.authenticate(auth_request.token)
    context = {
        "valid": "true" if who else "false",
        "key_id": (who.key_id if who else "") or "",
        "scopes": " ".join(sorted(who.scopes)) if who else "",
    }
    return AuthResponse(routes=["*"], principal_id=context["key_id"] or "anonymous", context=context)


# ---------------------------------------------------------------------------------- health & docs
@route("/health", methods=["GET"])
def health() -> Response:
    from chalicelib.services import health as health_service

    report = health_service.check()
    return ok(report, status=200 if report.status == "ok" else 503)


@route("/openapi.json", methods=["GET"])
def openapi() -> Response:
    from chalicelib.api.openapi import document

    return ok(document(app))


# ---------------------------------------------------------------------------------- uploads
def _hints_from_query() -> Hints:
    return params(Hints)


@route("/filings", methods=["POST"], authorizer=api_key, content_types=PDF_TYPES)
def upload_filing() -> Response:
    from chalicelib.services import access, ingest

    who = viewer(WRITE)
    hints = _hints_from_query()
    filename = filenames.from_header(_header("x-filename"))
    accepted = ingest.accept_direct(
        app.current_request.raw_body, filename=filename, hints=hints,
        idempotency_key=_header("idempotency-key") or None, viewer=who,
    )
    access.audit(who, "upload", accepted.filing_id, path="direct", duplicate=accepted.duplicate)
    observability.count("UploadsDuplicate" if accepted.duplicate else "UploadsAccepted")
    body = _accepted_body(accepted)
    if accepted.duplicate:
        return ok(body, 200, {"Location": f"/filings/{accepted.filing_id}"})
    return ok(body, 202, {"Location": f"/filings/{accepted.filing_id}"})


def _accepted_body(accepted: Any) -> BaseModel:
    if accepted.hidden:  # a filing the caller may not see: only that the bytes are archived
        return api.ArchivedOut(id=accepted.filing_id, duplicate=accepted.duplicate)
    return api.FilingOut.of(accepted.filing, duplicate=accepted.duplicate)


@route("/uploads", methods=["POST"], authorizer=api_key)
def request_upload() -> Response:
    from chalicelib.services import access, ingest

    who = viewer(WRITE)
    req = json_body(api.UploadRequest)
    accepted = ingest.accept_presigned(
        filename=req.filename, size=req.size, sha256=req.sha256, content_type=req.content_type,
        hints=req.hints, idempotency_key=_header("idempotency-key") or None, viewer=who,
    )
    access.audit(who, "upload", accepted.filing_id, path="presigned", duplicate=accepted.duplicate)
    observability.count("UploadsDuplicate" if accepted.duplicate else "UploadsPresigned")
    body = api.UploadOut(
        filing=_accepted_body(accepted),
        duplicate=accepted.duplicate,
        upload=api.PresignedUpload(**accepted.upload) if accepted.upload else None,
    )
    return ok(body, 200 if accepted.duplicate else 202, {"Location": f"/filings/{accepted.filing_id}"})


# ---------------------------------------------------------------------------------- filings
def _audit_sealed_read(who: Viewer, record: Any, action: str) -> None:
    if record.sealed:
        from chalicelib.services import access

        access.audit(who, action, record.id)


@route("/filings", methods=["GET"], authorizer=api_key)
def find_filing_by_sha() -> Response:
    from chalicelib.services import queries

    who = viewer(READ)
    sha = (app.current_request.query_params or {}).get("sha256", "")
    if len(sha) != 64 or any(c not in "0123456789abcdefABCDEF" for c in sha):
        raise errors.ValidationFailed.field("sha256", "must be 64 hex characters")
    record = queries.filing_by_sha(sha, who)
    if record is None:
        raise errors.NotFound("no archived filing has these bytes")
    _audit_sealed_read(who, record, "read")
    return ok(api.FilingOut.of(record))


@route("/filings/{filing_id}", methods=["GET"], authorizer=api_key)
def get_filing(filing_id: str) -> Response:
    from chalicelib.services import queries

    who = viewer(READ)
    record = queries.filing(filing_id, who)
    _audit_sealed_read(who, record, "read")
    return etagged(api.FilingOut.of(record))


@route("/filings/{filing_id}", methods=["PATCH"], authorizer=api_key,
           content_types=["application/json", "application/merge-patch+json"])
def patch_filing(filing_id: str) -> Response:
    from chalicelib.services import access, sealing

    who = viewer(ADMIN)
    patch = json_body(api.SealPatch)
    record = sealing.set_sealed(filing_id, patch.sealed)
    access.audit(who, "seal" if patch.sealed else "unseal", filing_id)
    return ok(api.FilingOut.of(record))


@route("/filings/{filing_id}/content", methods=["GET"], authorizer=api_key)
def get_content(filing_id: str) -> Response:
    from chalicelib.services import queries

    who = viewer(READ)
    record = queries.filing(filing_id, who)
    _audit_sealed_read(who, record, "download")
    url = queries.content_url(filing_id, who)
    return Response(body="", status_code=302, headers={"Location": url, "Cache-Control": "no-store"})


@route("/filings/{filing_id}/text", methods=["GET"], authorizer=api_key)
def get_text(filing_id: str) -> Response:
    from chalicelib.services import queries

    who = viewer(READ)
    record, pages = queries.text(filing_id, who)
    _audit_sealed_read(who, record, "read_text")
    if "text/plain" in _header("accept") and "application/json" not in _header("accept"):
        body = "\f".join(pages)  # form feed between pages, as pdftotext does
        return Response(body=body, status_code=200, headers={"Content-Type": "text/plain; charset=utf-8"})
    return ok(api.TextOut(
        filing_id=record.id, page_count=len(pages), needs_ocr=record.needs_ocr,
        pages=[api.PageText(page=n, text=t) for n, t in enumerate(pages, start=1)],
    ))


@route("/filings/{filing_id}/reprocess", methods=["POST"], authorizer=api_key)
def reprocess(filing_id: str) -> Response:
    from chalicelib.services import access, filing_commit, queries

    who = viewer(WRITE)
    record = filing_commit.reprocess(queries.filing(filing_id, who))
    access.audit(who, "reprocess", filing_id)
    return ok(api.FilingOut.of(record), 202, {"Location": f"/filings/{filing_id}"})


# ---------------------------------------------------------------------------------- cases
@route("/cases", methods=["GET"], authorizer=api_key)
def find_cases() -> Response:
    from chalicelib.services import queries

    who = viewer(READ)
    q = params(api.CasesParams)
    if q.docket_number:
        found = queries.resolve(q.docket_number, q.court, who)
        results = [api.CaseMatch(case=api.CaseOut.of(m["case"], m["view"]), match=m["match"]) for m in found]
    elif q.name:
        results = [api.CaseMatch(case=api.CaseOut.of(rec, view), match="name")
                   for rec, view in queries.cases_by_name(q.name, who, court=q.court)]
    else:
        raise errors.ValidationFailed.field("docket_number", "give docket_number or name")
    return ok(api.CaseList(results=results))


@route("/cases/{case_id}", methods=["GET"], authorizer=api_key)
def get_case(case_id: str) -> Response:
    from chalicelib.api.docket_models import CaseDocketOut, CaseWithDocketOut
    from chalicelib.services import entries, queries

    who = viewer(READ)
    record, view = queries.case(case_id, who)
    docket = entries.docket(case_id, who)
    body = CaseWithDocketOut(**api.CaseOut.of(record, view).model_dump(),
                             docket=CaseDocketOut.of(docket) if docket else None)
    body.links["entries"] = f"/cases/{case_id}/entries"
    return etagged(body)


@route("/cases/{case_id}/entries", methods=["GET"], authorizer=api_key)
def case_entries(case_id: str) -> Response:
    from chalicelib.api.docket_models import EntriesPage, EntriesParams
    from chalicelib.services import entries

    who = viewer(READ)
    q = params(EntriesParams)
    results, next_cursor = entries.entries_page(case_id, who, limit=q.limit, cursor=q.cursor,
                                                updated_since=q.updated_since, links=q.links)
    page = EntriesPage.model_validate({"case_id": case_id, "results": results, "next": next_cursor})
    return ok(page.model_dump(mode="json", by_alias=True, exclude_none=False))


# ---------------------------------------------------------------------------------- docket reports
@route("/dockets", methods=["POST"], authorizer=api_key,
       content_types=["text/html", "application/xhtml+xml", "application/octet-stream", "text/plain"])
def upload_docket() -> Response:
    from chalicelib.api.docket_models import DocketReportOut, DocketUploadParams
    from chalicelib.services import access, dockets

    who = viewer(WRITE)
    q = params(DocketUploadParams)
    record, duplicate = dockets.accept(app.current_request.raw_body, court=q.court, sealed=q.sealed)
    access.audit(who, "docket_upload", None, report_id=record["id"], duplicate=duplicate)
    body = DocketReportOut.of(record, duplicate=duplicate)
    return ok(body, 200 if duplicate else 202, {"Location": f"/dockets/{record['id']}"})


@route("/dockets/{report_id}", methods=["GET"], authorizer=api_key)
def get_docket_report(report_id: str) -> Response:
    from chalicelib.api.docket_models import DocketReportOut
    from chalicelib.services import dockets, entries

    who = viewer(READ)
    record = entries.require_report(dockets.report(report_id), report_id)
    if record.get("sealed") and not who.sees_sealed:
        raise errors.NotFound(f"no docket report {report_id}")
    return ok(DocketReportOut.of(record))


@route("/filings/{filing_id}/links", methods=["GET"], authorizer=api_key)
def filing_links(filing_id: str) -> Response:
    from chalicelib.api.docket_models import FilingLinksOut
    from chalicelib.services import entries

    who = viewer(READ)
    return ok(FilingLinksOut.model_validate(entries.filing_links(filing_id, who)))


@route("/cases/{case_id}/filings", methods=["GET"], authorizer=api_key)
def case_filings(case_id: str) -> Response:
    from chalicelib.services import queries

    who = viewer(READ)
    q = params(api.CaseFilingsParams)
    items, next_cursor = queries.case_filings(
        case_id, who, limit=q.limit, cursor=q.cursor, document_type=q.document_type,
        updated_since=q.updated_since,
    )
    return ok(api.DocketPage(case_id=case_id, results=[api.DocketItem.of(i) for i in items], next=next_cursor))


# ---------------------------------------------------------------------------------- search & feed
@route("/search", methods=["GET"], authorizer=api_key)
def search() -> Response:
    from chalicelib.api.search_models import SearchParams, to_request, to_response
    from chalicelib.services import search as search_service

    who = viewer(READ)
    q = params(SearchParams)
    return ok(to_response(search_service.search(to_request(q, who), who), q, who))


@route("/changes", methods=["GET"], authorizer=api_key)
def changes() -> Response:
    from chalicelib.services import changes as change_service

    who = viewer(READ)
    q = params(api.ChangesParams)
    return ok(change_service.page(q.since, q.limit, who))


# ---------------------------------------------------------------------------------- admin
@route("/admin/keys", methods=["POST"], authorizer=api_key)
def mint_key() -> Response:
    from chalicelib.services import access

    who = viewer(ADMIN)
    req = json_body(api.KeyRequest)
    record, key = access.mint(req.name, req.scopes, created_by=who.key_id)
    access.audit(who, "key_mint", None, target_key=record["key_id"])
    return ok({**record, "key": key}, 201, {"Location": f"/admin/keys/{record['key_id']}"})


@route("/admin/keys", methods=["GET"], authorizer=api_key)
def list_keys() -> Response:
    from chalicelib.services import access

    viewer(ADMIN)
    return ok({"keys": access.list_keys()})


@route("/admin/keys/{key_id}", methods=["DELETE"], authorizer=api_key)
def revoke_key(key_id: str) -> Response:
    from chalicelib.services import access

    who = viewer(ADMIN)
    record = access.revoke(key_id)
    access.audit(who, "key_revoke", None, target_key=key_id)
    return ok(record)


@route("/audit", methods=["GET"], authorizer=api_key)
def audit_log() -> Response:
    from chalicelib.services import access

    viewer(ADMIN)
    q = params(api.AuditParams)
    return ok({"events": access.audit_events(q.filing_id, q.day, q.limit)})


# ---------------------------------------------------------------------------------- worker
@app.on_sqs_message(queue=INGEST_QUEUE, batch_size=1)
def ingest_worker(event: Any) -> None:
    """S3 ObjectCreated → SQS → here: extract, store, index. Raising makes SQS redeliver."""
    from chalicelib.adapters import queue
    from chalicelib.services import process

    remaining = getattr(event.context, "get_remaining_time_in_millis", None)
    for record in event:
        received = int(record.to_dict().get("attributes", {}).get("ApproximateReceiveCount") or 1)
        seconds_left = remaining() / 1000 if remaining else None
        for key in queue.object_keys_in(record.body):
            if _is_docket_report(key):  # docket sheets: their own import, never the PDF path
                from chalicelib.services import dockets

                log.info("processed docket report", extra={"key": key, "outcome": dockets.handle_object(key)})
        if all(_is_docket_report(k) for k in queue.object_keys_in(record.body)):
            continue
        for key, outcome in process.handle_message(record.body, seconds_left, received=received):
            if _is_docket_report(key):
                continue
            _after_filing(key, outcome)
            log.info("processed object", extra={"key": key, "outcome": outcome})
            observability.count("FilingsFailed" if outcome.startswith("failed") else
                                "FilingsProcessed" if outcome in ("created", "updated", "reclassified")
                                else "DeliveriesSkipped")


def _is_docket_report(key: str) -> bool:
    from chalicelib.adapters import blobs

    return blobs.docket_report_id_from_key(key) is not None


def _after_filing(key: str, outcome: str) -> None:
    """The filing graph and its docket entry, once the filing is committed (docket sheets)."""
    if outcome not in ("created", "updated", "reclassified"):
        return
    from chalicelib.adapters import blobs
    from chalicelib.services import dockets

    filing_id = blobs.filing_id_from_key(key)
    if filing_id:
        dockets.after_filing(filing_id)
