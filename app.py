"""The court-filing archive's HTTP API and ingest worker: routes, handlers, middleware, errors.

Logic lives in `chalicelib/`; a route here reads its request (`chalicelib.api.http`), checks the
caller's scope, calls one service and renders the result (`chalicelib.api.responses`). Nothing
heavy is imported: PDF, citation and court libraries load only inside the worker's extraction.
"""
from __future__ import annotations

import functools
from dataclasses import asdict
from typing import Any

from chalice import AuthResponse, Chalice, Response

from chalicelib import config, errors, observability
from chalicelib.api import batch_models as bm
from chalicelib.api import conventions, responses
from chalicelib.api import docket_models as dm
from chalicelib.api import framework
from chalicelib.api.admin_models import AuditParams, HealthOut, KeyRequest
from chalicelib.api.case_models import CaseFilingsParams, CasesParams
from chalicelib.api.change_models import ChangesParams
from chalicelib.api.filing_list import FilingsParams
from chalicelib.api.http import RequestIO, accepted, auth_context, ok, require_sha256
from chalicelib.api.models import FilingOut, FilingPatch, UploadRequest
from chalicelib.api.openapi import document
from chalicelib.api.search_models import SearchParams, to_request, to_response
from chalicelib.config import INGEST_QUEUE
from chalicelib.domain import filenames
from chalicelib.domain.access import ADMIN, READ, WRITE
from chalicelib.domain.models import FilingStatus, Hints
from chalicelib import services  # each use case loads on its first call (services/__init__.py)

APP_NAME = "court-archive"
AUTH_TTL_SECONDS = 60  # API Gateway caches a key's verdict this long: the revocation delay
PDF_TYPES = ["application/pdf", "application/x-pdf", "application/octet-stream", "binary/octet-stream"]
BODYLESS = {"GET", "DELETE", "HEAD"}

config.check_startup()  # outside the local stage: no cursor secret, no app (a clear init error)
app = Chalice(app_name=APP_NAME)
app.api.binary_types.extend(t for t in PDF_TYPES if t not in app.api.binary_types)
observability.register(app)
log = observability.logger
http = RequestIO(app)
params, json_body, header, viewer, etagged = http.params, http.json_body, http.header, http.viewer, http.etagged


# ---------------------------------------------------------------------------------- plumbing
framework.register(app, http.problem)  # Chalice's own 415/405/400/500 and impossible path ids: problem+json
ROUTE_METHODS: dict[str, list[str]] = {}  # path -> methods: the CORS preflight of each path


def route(path: str, **options: Any) -> Any:
    """`app.route` whose view answers every error as RFC 9457 problem+json, and follows the
    conventions every route shares (`chalicelib.api.conventions`: unknown parameters are a 422,
    absolute links, `fields=`/`omit=`, CORS).

    Chalice turns an exception raised in a view into its own 500 before middleware sees it, so
    the mapping wraps the view itself; a client's mistake is never a 5xx.
    """
    def register(view: Any) -> Any:
        @functools.wraps(view)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            settings = config.settings()
            try:
                with conventions.around(http.request, path, settings.public_url):
                    response = view(*args, **kwargs)
            except errors.ArchiveError as exc:
                if exc.status >= 500:
                    log.exception("request failed")
                response = http.problem(exc)
            except Exception:
                log.exception("unhandled error")
                response = http.problem(errors.ArchiveError("an unexpected error occurred; it has been logged"))
            response.headers.update(conventions.cors_headers(header("origin"), settings.cors_origins))
            return response

        if set(options.get("methods", ["GET"])) <= BODYLESS:
            options.setdefault("content_types", ["*/*"])  # no body: any Content-Type header is moot
        ROUTE_METHODS.setdefault(path, []).extend(options.get("methods", ["GET"]))
        return app.route(path, **options)(guarded)

    return register


def _preflights() -> None:
    """An OPTIONS answer on every path, without a key (browsers send preflights bare)."""
    for n, (path, methods) in enumerate(sorted(ROUTE_METHODS.items())):
        def preflight(*_: Any, _methods: list[str] = methods, **__: Any) -> Response:
            headers = conventions.preflight_headers(header("origin"), config.settings().cors_origins, _methods)
            return Response(body="", status_code=204 if headers else 403, headers=headers)

        app.route(path, methods=["OPTIONS"], name=f"preflight_{n}")(preflight)


@app.authorizer(ttl_seconds=AUTH_TTL_SECONDS)
def api_key(auth_request: Any) -> AuthResponse:
    """Checks the key once per TTL; the verdict travels to the routes, which enforce scopes.

    The policy allows every route so a cached verdict works everywhere (API Gateway caches by
    token); an unknown key is let through as `valid=false` so the app answers 401 problem+json.
    """
    context = auth_context(services.access.authenticate(auth_request.token))
    return AuthResponse(routes=["*"], principal_id=context["key_id"] or "anonymous", context=context)


# ---------------------------------------------------------------------------------- health & docs
@route("/health", methods=["GET"])
def health() -> Response:
    report = services.health.check()
    return ok(HealthOut.model_validate(asdict(report)), status=200 if report.status == "ok" else 503)


@route("/openapi.json", methods=["GET"])
def openapi() -> Response:
    return ok(document(app))


# ---------------------------------------------------------------------------------- uploads
@route("/filings", methods=["POST"], authorizer=api_key, content_types=PDF_TYPES)
def upload_filing() -> Response:
    who = viewer(WRITE)
    hints = params(Hints)
    done = services.ingest.accept_direct(
        http.request.raw_body, filename=filenames.from_header(header("x-filename")), hints=hints,
        idempotency_key=header("idempotency-key") or None, viewer=who,
    )
    services.access.audit(who, "upload", done.filing_id, path="direct", duplicate=done.duplicate)
    observability.count("UploadsDuplicate" if done.duplicate else "UploadsAccepted")
    return accepted(responses.accepted_filing(done), f"/filings/{done.filing_id}", done.duplicate)


@route("/uploads", methods=["POST"], authorizer=api_key)
def request_upload() -> Response:
    who = viewer(WRITE)
    req = json_body(UploadRequest)
    done = services.ingest.accept_presigned(
        filename=req.filename, size=req.size, sha256=req.sha256, content_type=req.content_type,
        hints=req.hints, idempotency_key=header("idempotency-key") or None, viewer=who,
    )
    services.access.audit(who, "upload", done.filing_id, path="presigned", duplicate=done.duplicate)
    observability.count("UploadsDuplicate" if done.duplicate else "UploadsPresigned")
    return accepted(responses.upload_out(done), f"/filings/{done.filing_id}", done.duplicate)


@route("/uploads/batch", methods=["POST"], authorizer=api_key)
def request_uploads() -> Response:
    who = viewer(WRITE)
    req = json_body(bm.BatchUploadRequest)
    answers = services.batch_uploads.accept_batch([
        services.batch_uploads.Wanted(sha256=f.sha256, size=f.size, filename=f.filename, content_type=f.content_type,
                             hints=f.hints) for f in req.files], who)
    services.access.audit_each(who, "upload", [a.accepted.filing_id for a in answers
                                               if a.outcome == services.batch_uploads.UPLOAD
                                               and a.accepted is not None], path="batch")
    for answer in answers:
        if (answer.outcome != services.batch_uploads.UPLOAD and answer.accepted is not None
                and answer.accepted.filing is not None):
            services.access.audit_sealed_read(who, answer.accepted.filing, "read")
    observability.count("UploadsBatched", len(answers))
    return ok(bm.BatchUploadOut(results=[bm.BatchResult.of(a) for a in answers], count=len(answers)))


# ---------------------------------------------------------------------------------- filings
@route("/filings", methods=["GET"], authorizer=api_key)
def list_filings() -> Response:
    who = viewer(READ)
    q = params(FilingsParams)
    if q.sha256 is not None:
        record = services.queries.filing_by_sha(require_sha256(q.sha256), who)
        if record is None:
            raise errors.NotFound("no archived filing has these bytes")
        services.access.audit_sealed_read(who, record, "read")
        return ok(FilingOut.of(record))
    if q.status == "ready":
        search_q = q.as_search()
        return ok(responses.filing_list_from_search(
            services.search.search(to_request(search_q, who), who), search_q, who))
    if not who.has(ADMIN):
        raise errors.Forbidden("listing filings that are not ready needs the 'admin' scope", required_scope=ADMIN)
    items, next_cursor = services.queries.filings_by_status(FilingStatus(q.status), who, limit=q.limit, cursor=q.cursor,
                                                   filters=q.repo_filters())
    return ok(responses.filing_list(items, next_cursor))


@route("/filings/{filing_id}", methods=["GET"], authorizer=api_key)
def get_filing(filing_id: str) -> Response:
    who = viewer(READ)
    record = services.queries.filing(filing_id, who)
    services.access.audit_sealed_read(who, record, "read")
    return etagged(FilingOut.of(record))


@route("/filings/{filing_id}", methods=["PATCH"], authorizer=api_key,
       content_types=["application/json", "application/merge-patch+json"])
def patch_filing(filing_id: str) -> Response:
    """Corrections (write scope) and/or the seal (admin) of one filing."""
    who = viewer(WRITE)
    patch = json_body(FilingPatch)
    fixes = patch.corrections()
    if patch.sealed is not None:
        who = viewer(ADMIN)
    record = None
    if fixes:
        record, changed = services.corrections.correct(filing_id, fixes, who)
        if changed:
            services.access.audit(who, "correct", filing_id, fields=changed)
    if patch.sealed is not None:
        record = services.sealing.set_sealed(filing_id, patch.sealed)
        services.access.audit(who, "seal" if patch.sealed else "unseal", filing_id)
    return ok(FilingOut.of(record))


@route("/filings/{filing_id}/content", methods=["GET"], authorizer=api_key)
def get_content(filing_id: str) -> Response:
    who = viewer(READ)
    services.access.audit_sealed_read(who, services.queries.filing(filing_id, who), "download")
    url = services.queries.content_url(filing_id, who)
    return Response(body="", status_code=302, headers={"Location": url, "Cache-Control": "no-store"})


@route("/filings/{filing_id}/text", methods=["GET"], authorizer=api_key)
def get_text(filing_id: str) -> Response:
    who = viewer(READ)
    record, doc = services.queries.text_document(filing_id, who)
    services.access.audit_sealed_read(who, record, "read_text")
    if http.wants_plain_text():
        return Response(body=responses.plain_text(doc["pages"]), status_code=200,
                        headers={"Content-Type": "text/plain; charset=utf-8"})
    return ok(responses.text_out(record, doc["pages"], doc["sources"], doc["confidence"]))


@route("/filings/{filing_id}/reprocess", methods=["POST"], authorizer=api_key)
def reprocess(filing_id: str) -> Response:
    who = viewer(WRITE)
    hints = params(Hints)
    if hints.sealed is not None:
        raise errors.ValidationFailed.field("sealed", "seal or unseal with PATCH /filings/{id} (admin)")
    record = services.filing_commit.reprocess(services.queries.filing(filing_id, who), hints.given())
    services.access.audit(who, "reprocess", filing_id, hints=hints.given() or None)
    return ok(FilingOut.of(record), 202, {"Location": f"/filings/{filing_id}"})


@route("/filings/{filing_id}/links", methods=["GET"], authorizer=api_key)
def filing_links(filing_id: str) -> Response:
    who = viewer(READ)
    return ok(dm.FilingLinksOut.model_validate(services.entries.filing_links(filing_id, who)))


# ---------------------------------------------------------------------------------- cases
@route("/cases", methods=["GET"], authorizer=api_key)
def find_cases() -> Response:
    who = viewer(READ)
    q = params(CasesParams)
    if q.docket_number:
        return ok(responses.case_list(matches=services.queries.resolve(q.docket_number, q.court, who)))
    if q.name:
        return ok(responses.case_list(named=services.queries.cases_by_name(q.name, who, court=q.court)))
    raise errors.ValidationFailed.field("docket_number", "give docket_number or name")


@route("/cases/{case_id}", methods=["GET"], authorizer=api_key)
def get_case(case_id: str) -> Response:
    who = viewer(READ)
    record, view = services.queries.case(case_id, who)
    return etagged(responses.case_with_docket(case_id, record, view, services.entries.docket(case_id, who)))


@route("/cases/{case_id}/entries", methods=["GET"], authorizer=api_key)
def case_entries(case_id: str) -> Response:
    who = viewer(READ)
    q = params(dm.EntriesParams)
    results, next_cursor = services.entries.entries_page(case_id, who, limit=q.limit, cursor=q.cursor,
                                                updated_since=q.updated_since, links=q.links)
    return ok(responses.entries_page(case_id, results, next_cursor))


@route("/cases/{case_id}/filings", methods=["GET"], authorizer=api_key)
def case_filings(case_id: str) -> Response:
    who = viewer(READ)
    q = params(CaseFilingsParams)
    items, next_cursor, count = services.queries.case_filings(
        case_id, who, limit=q.limit, cursor=q.cursor, document_type=q.document_type,
        updated_since=q.updated_since,
    )
    return ok(responses.docket_page(case_id, items, next_cursor, count))


# ---------------------------------------------------------------------------------- docket reports
@route("/dockets", methods=["POST"], authorizer=api_key,
       content_types=["text/html", "application/xhtml+xml", "application/octet-stream", "text/plain"])
def upload_docket() -> Response:
    who = viewer(WRITE)
    q = params(dm.DocketUploadParams)
    record, duplicate = services.dockets.accept(http.request.raw_body, court=q.court, sealed=q.sealed)
    services.access.audit(who, "docket_upload", None, report_id=record["id"], duplicate=duplicate)
    return accepted(dm.DocketReportOut.of(record, duplicate=duplicate), f"/dockets/{record['id']}", duplicate)


@route("/dockets/{report_id}", methods=["GET"], authorizer=api_key)
def get_docket_report(report_id: str) -> Response:
    who = viewer(READ)
    return ok(dm.DocketReportOut.of(services.entries.visible_report(report_id, who)))


# ---------------------------------------------------------------------------------- search & feed
@route("/search", methods=["GET"], authorizer=api_key)
def search() -> Response:
    who = viewer(READ)
    q = params(SearchParams)
    return ok(to_response(services.search.search(to_request(q, who), who), q, who))


@route("/changes", methods=["GET"], authorizer=api_key)
def changes() -> Response:
    who = viewer(READ)
    q = params(ChangesParams)
    return ok(responses.change_page(services.changes.page(q.since, q.limit, who)))


# ---------------------------------------------------------------------------------- admin
@route("/admin/keys", methods=["POST"], authorizer=api_key)
def mint_key() -> Response:
    who = viewer(ADMIN)
    req = json_body(KeyRequest)
    record, key = services.access.mint(req.name, req.scopes, created_by=who.key_id)
    services.access.audit(who, "key_mint", None, target_key=record["key_id"])
    return ok({**record, "key": key}, 201, {"Location": f"/admin/keys/{record['key_id']}"})


@route("/admin/keys", methods=["GET"], authorizer=api_key)
def list_keys() -> Response:
    viewer(ADMIN)
    return ok(responses.key_list(services.access.list_keys()))


@route("/admin/keys/{key_id}", methods=["DELETE"], authorizer=api_key)
def revoke_key(key_id: str) -> Response:
    who = viewer(ADMIN)
    record = services.access.revoke(key_id)
    services.access.audit(who, "key_revoke", None, target_key=key_id)
    return ok(record)


@route("/audit", methods=["GET"], authorizer=api_key)
def audit_log() -> Response:
    viewer(ADMIN)
    q = params(AuditParams)
    return ok(responses.audit_page(*services.access.audit_events(q.filing_id, q.day, q.limit, q.cursor)))


_preflights()


# ---------------------------------------------------------------------------------- worker
@app.on_sqs_message(queue=INGEST_QUEUE, batch_size=1)
def ingest_worker(event: Any) -> None:
    """S3 ObjectCreated → SQS → here: extract, store, index. Raising makes SQS redeliver."""
    remaining = getattr(event.context, "get_remaining_time_in_millis", None)
    for record in event:
        received = int(record.to_dict().get("attributes", {}).get("ApproximateReceiveCount") or 1)
        services.worker.handle_message(record.body, remaining() / 1000 if remaining else None, received=received)
