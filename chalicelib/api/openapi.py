"""OpenAPI 3.1, generated from the app's routes and the pydantic models — never written by hand.

`OPERATIONS` says, for each route, which models describe its query, body and responses; the
schemas themselves come from pydantic. A test checks every Chalice route appears here.
"""
from __future__ import annotations

from http import HTTPStatus
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from chalicelib.api import models as m
from chalicelib.api.filing_list import FilingList, FilingsParams
from chalicelib.api.search_models import SearchParams, SearchResponse
from chalicelib.api.selection import ReadParams
from chalicelib.domain.base import Root
from chalicelib.domain.models import Hints


class FilingsOrOne(Root[FilingList | m.FilingOut]):
    """A page of filings; with `sha256=`, the one filing with those bytes."""


CONVENTIONS = """Upload court filings, read the metadata the archive extracts from the PDF itself, page whole \
dockets, search, and follow changes.

Conventions on every route:

* **Lists** answer `{"count", "next", "cursor", "results"}`: `next` is the absolute URL of the next page \
(null on the last; `/changes` always gives one), `cursor` the bare cursor inside it, `count` the exact \
size of the whole list when it is known cheaply (else null, never an estimate).
* **Links** (`next`, every `links` entry) are absolute URLs.
* **`fields=` / `omit=`** (comma-separated) trim any GET response: each item of `results` on a list \
route, the object otherwise. An unknown name is a 422.
* **Unknown query parameters** are a 422 naming them.
* **Errors** are RFC 9457 `application/problem+json`.
* **CORS**: browser origins are allowed per stage (`ARCHIVE_CORS_ORIGINS`); none by default in AWS.
* A filing's id is `id` wherever a filing is the item (search hits included)."""

P = "application/problem+json"
J = "application/json"
HEADER_DOCS = {
    "X-Filename": "The file's name: plain ASCII, or RFC 8187 `UTF-8''percent-encoded`. Stored as its last "
                  "path part without control characters or quotes; downloads use it (RFC 6266).",
    "Idempotency-Key": "Replays the first answer to a retried request with the same key and bytes.",
}

# (path, method) -> summary, query model, body (model or media type), {status: model|None}
OPERATIONS: dict[tuple[str, str], dict[str, Any]] = {
    ("/health", "GET"): {"summary": "Whether table, bucket and queue are reachable",
                         "public": True, "responses": {200: m.HealthOut, 503: m.HealthOut}},
    ("/openapi.json", "GET"): {"summary": "This document", "public": True, "responses": {200: None}},
    ("/filings", "POST"): {
        "summary": "Upload a PDF (≤ 4 MB) as the raw body; hints as query parameters",
        "query": Hints, "body": "application/pdf", "headers": ["Idempotency-Key", "X-Filename"],
        "responses": {202: m.AcceptedOut, 200: m.AcceptedOut, 400: m.Problem, 409: m.Problem,
                      413: m.Problem, 415: m.Problem, 422: m.Problem},
    },
    ("/filings", "GET"): {"summary": "Filings by the search filters and status, newest first (paged); "
                                     "with ?sha256= the one filing with these bytes",
                          "query": FilingsParams,
                          "responses": {200: FilingsOrOne, 400: m.Problem, 403: m.Problem, 404: m.Problem,
                                        422: m.Problem}},
    ("/uploads", "POST"): {"summary": "Reserve a presigned S3 upload (≤ 500 MB)", "body": m.UploadRequest,
                           "responses": {202: m.UploadOut, 200: m.UploadOut, 413: m.Problem,
                                         415: m.Problem, 422: m.Problem}},
    ("/filings/{filing_id}", "GET"): {"summary": "A filing's metadata (ETag / If-None-Match)", "query": ReadParams,
                                      "responses": {200: m.FilingOut, 304: None, 404: m.Problem}},
    ("/filings/{filing_id}", "PATCH"): {"summary": "Correct a filing's metadata (write scope) and/or seal or "
                                                   "unseal it (admin)", "body": m.FilingPatch,
                                        "responses": {200: m.FilingOut, 404: m.Problem}},
    ("/filings/{filing_id}/content", "GET"): {"summary": "Redirect to the original PDF (presigned, 5 min)",
                                              "responses": {302: None, 404: m.Problem}},
    ("/filings/{filing_id}/text", "GET"): {"summary": "Text per page (JSON) or text/plain by Accept",
                                           "query": ReadParams,
                                           "responses": {200: m.TextOut, 404: m.Problem}},
    ("/filings/{filing_id}/reprocess", "POST"): {"summary": "Run extraction again, with new hints if given "
                                                            "(as an upload takes them; corrections still win)",
                                                 "query": Hints,
                                                 "responses": {202: m.FilingOut, 404: m.Problem, 409: m.Problem}},
    ("/cases", "GET"): {"summary": "Cases by any printed docket number, or by name",
                        "query": m.CasesParams, "responses": {200: m.CaseList, 422: m.Problem}},
    ("/cases/{case_id}", "GET"): {"summary": "A case with parties, dates and counts", "query": ReadParams,
                                  "responses": {200: m.CaseOut, 304: None, 404: m.Problem}},
    ("/cases/{case_id}/filings", "GET"): {"summary": "A case's filings in docket order",
                                          "query": m.CaseFilingsParams,
                                          "responses": {200: m.DocketPage, 400: m.Problem, 404: m.Problem,
                                                        422: m.Problem}},
    ("/search", "GET"): {"summary": "Full-text and filtered search with facets", "query": SearchParams,
                         "responses": {200: SearchResponse, 400: m.Problem, 422: m.Problem}},
    ("/changes", "GET"): {"summary": "Every filing change, in order, from a cursor",
                          "query": m.ChangesParams, "responses": {200: m.ChangePage, 400: m.Problem}},
    ("/admin/keys", "POST"): {"summary": "Mint an API key (admin); the secret is shown once",
                              "body": m.KeyRequest, "responses": {201: m.KeyOut, 422: m.Problem}},
    ("/admin/keys", "GET"): {"summary": "List API keys (admin)", "query": ReadParams,
                             "responses": {200: m.KeyList}},
    ("/admin/keys/{key_id}", "DELETE"): {"summary": "Revoke an API key (admin)",
                                         "responses": {200: m.KeyOut, 404: m.Problem}},
    ("/audit", "GET"): {"summary": "Audit trail by filing or day (admin)", "query": m.AuditParams,
                        "responses": {200: m.AuditPage, 400: m.Problem}},
}

from chalicelib.api import docket_models as _dockets  # noqa: E402  (docket sheets: their own module)

OPERATIONS.update(_dockets.OPERATIONS)
from chalicelib.api import batch_models as _batch  # noqa: E402  (bulk uploads: their own module)

OPERATIONS.update(_batch.OPERATIONS)
OPERATIONS[("/cases/{case_id}", "GET")]["responses"][200] = _dockets.CaseWithDocketOut


def _query_parameters(model: type[BaseModel], defs: dict[str, Any]) -> list[dict[str, Any]]:
    schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
    defs.update(schema.get("$defs", {}))
    required = set(schema.get("required", []))
    return [
        {"name": name, "in": "query", "required": name in required,
         "schema": {k: v for k, v in prop.items() if k != "description"},
         **({"description": prop["description"]} if "description" in prop else {})}
        for name, prop in schema.get("properties", {}).items()
    ]


def document(app: Any = None) -> dict[str, Any]:  # noqa: C901  (one pass over many cases; split pending, #14)
    models = {m.Problem}
    for op in OPERATIONS.values():
        models.update(v for v in op["responses"].values() if v)
        if isinstance(op.get("body"), type):
            models.add(op["body"])
    _, top = models_json_schema([(model, "serialization") for model in models],
                                ref_template="#/components/schemas/{model}")
    schemas = dict(top.get("$defs", {}))
    paths: dict[str, Any] = {}
    for (path, method), op in OPERATIONS.items():
        entry: dict[str, Any] = {"summary": op["summary"], "operationId": f"{method.lower()}{path}",
                                 "responses": {}}
        parameters = [{"name": n, "in": "path", "required": True, "schema": {"type": "string"}}
                      for n in _path_names(path)]
        if op.get("query"):
            parameters += _query_parameters(op["query"], schemas)
        for header in op.get("headers", []):
            parameters.append({"name": header, "in": "header", "required": False, "schema": {"type": "string"},
                               **({"description": HEADER_DOCS[header]} if header in HEADER_DOCS else {})})
        if parameters:
            entry["parameters"] = parameters
        body = op.get("body")
        if isinstance(body, str):
            entry["requestBody"] = {"required": True, "content": {body: {"schema": {"type": "string", "format": "binary"}}}}
        elif body:
            entry["requestBody"] = {"required": True, "content": {J: {"schema": {"$ref": f"#/components/schemas/{body.__name__}"}}}}
        responses = dict(op["responses"])
        if body and not isinstance(body, str):
            responses.setdefault(400, m.Problem)  # malformed JSON
            responses.setdefault(422, m.Problem)  # a field that makes no sense
        responses.setdefault(422, m.Problem)  # an unknown query parameter, on every route
        if body:
            responses.setdefault(415, m.Problem)  # a body in a media type the route does not take
        if "{" in path:
            responses.setdefault(404, m.Problem)  # an id that names nothing (or cannot: too long, bad characters)
        for status, model in sorted(responses.items()):
            resp: dict[str, Any] = {"description": _reason(status)}
            if model:
                media = P if model is m.Problem else J
                resp["content"] = {media: {"schema": {"$ref": f"#/components/schemas/{model.__name__}"}}}
            entry["responses"][str(status)] = resp
        if not op.get("public"):
            entry["security"] = [{"bearer": []}]
            entry["responses"].setdefault("401", {"description": _reason(401), "content": {P: {"schema": {"$ref": "#/components/schemas/Problem"}}}})
            entry["responses"].setdefault("403", {"description": _reason(403), "content": {P: {"schema": {"$ref": "#/components/schemas/Problem"}}}})
        paths.setdefault(path, {})[method.lower()] = entry
    return {
        "openapi": "3.1.0",
        "info": {"title": "Court-filing archive API", "version": "1.0.0",
                 "description": CONVENTIONS},
        "paths": paths,
        "components": {"schemas": schemas,
                       "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer",
                                                      "description": "An archive API key (ca_…)"}}},
    }


def _path_names(path: str) -> list[str]:
    return [part[1:-1] for part in path.split("/") if part.startswith("{")]


def _reason(status: int) -> str:
    return HTTPStatus(status).phrase
