"""OpenAPI 3.1, generated from the app's routes and the pydantic models — never written by hand.

`OPERATIONS` says, for each route, which models describe its query, body and responses; the
schemas themselves come from pydantic. A test checks every Chalice route appears here.
"""
from __future__ import annotations

from http import HTTPStatus
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from chalicelib.api import batch_models, docket_models
from chalicelib.api.admin_models import AuditPage, AuditParams, HealthOut, KeyList, KeyOut, KeyRequest
from chalicelib.api.case_models import CaseFilingsParams, CaseList, CasesParams, DocketPage
from chalicelib.api.change_models import ChangePage, ChangesParams
from chalicelib.api.docket_models import CaseWithDocketOut
from chalicelib.api.filing_list import FilingList, FilingsParams
from chalicelib.api.models import (
    AcceptedOut,
    FilingOut,
    FilingPatch,
    Problem,
    TextOut,
    UploadOut,
    UploadRequest,
)
from chalicelib.api.search_models import SearchParams, SearchResponse
from chalicelib.api.selection import ReadParams
from chalicelib.domain.base import Root
from chalicelib.domain.models import Hints


class FilingsOrOne(Root[FilingList | FilingOut]):
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
                         "public": True, "responses": {200: HealthOut, 503: HealthOut}},
    ("/openapi.json", "GET"): {"summary": "This document", "public": True, "responses": {200: None}},
    ("/filings", "POST"): {
        "summary": "Upload a PDF (≤ 4 MB) as the raw body; hints as query parameters",
        "query": Hints, "body": "application/pdf", "headers": ["Idempotency-Key", "X-Filename"],
        "responses": {202: AcceptedOut, 200: AcceptedOut, 400: Problem, 409: Problem,
                      413: Problem, 415: Problem, 422: Problem},
    },
    ("/filings", "GET"): {"summary": "Filings by the search filters and status, newest first (paged); "
                                     "with ?sha256= the one filing with these bytes",
                          "query": FilingsParams,
                          "responses": {200: FilingsOrOne, 400: Problem, 403: Problem, 404: Problem,
                                        422: Problem}},
    ("/uploads", "POST"): {"summary": "Reserve a presigned S3 upload (≤ 500 MB)", "body": UploadRequest,
                           "responses": {202: UploadOut, 200: UploadOut, 413: Problem,
                                         415: Problem, 422: Problem}},
    ("/filings/{filing_id}", "GET"): {"summary": "A filing's metadata (ETag / If-None-Match)", "query": ReadParams,
                                      "responses": {200: FilingOut, 304: None, 404: Problem}},
    ("/filings/{filing_id}", "PATCH"): {"summary": "Correct a filing's metadata (write scope) and/or seal or "
                                                   "unseal it (admin)", "body": FilingPatch,
                                        "responses": {200: FilingOut, 404: Problem}},
    ("/filings/{filing_id}/content", "GET"): {"summary": "Redirect to the original PDF (presigned, 5 min)",
                                              "responses": {302: None, 404: Problem}},
    ("/filings/{filing_id}/text", "GET"): {"summary": "Text per page (JSON) or text/plain by Accept",
                                           "query": ReadParams,
                                           "responses": {200: TextOut, 404: Problem}},
    ("/filings/{filing_id}/reprocess", "POST"): {"summary": "Run extraction again, with new hints if given "
                                                            "(as an upload takes them; corrections still win)",
                                                 "query": Hints,
                                                 "responses": {202: FilingOut, 404: Problem, 409: Problem}},
    ("/cases", "GET"): {"summary": "Cases by any printed docket number, or by name",
                        "query": CasesParams, "responses": {200: CaseList, 422: Problem}},
    ("/cases/{case_id}", "GET"): {"summary": "A case with parties, dates and counts", "query": ReadParams,
                                  "responses": {200: CaseWithDocketOut, 304: None, 404: Problem}},
    ("/cases/{case_id}/filings", "GET"): {"summary": "A case's filings in docket order",
                                          "query": CaseFilingsParams,
                                          "responses": {200: DocketPage, 400: Problem, 404: Problem,
                                                        422: Problem}},
    ("/search", "GET"): {"summary": "Full-text and filtered search with facets", "query": SearchParams,
                         "responses": {200: SearchResponse, 400: Problem, 422: Problem}},
    ("/changes", "GET"): {"summary": "Every filing change, in order, from a cursor",
                          "query": ChangesParams, "responses": {200: ChangePage, 400: Problem}},
    ("/admin/keys", "POST"): {"summary": "Mint an API key (admin); the secret is shown once",
                              "body": KeyRequest, "responses": {201: KeyOut, 422: Problem}},
    ("/admin/keys", "GET"): {"summary": "List API keys (admin)", "query": ReadParams,
                             "responses": {200: KeyList}},
    ("/admin/keys/{key_id}", "DELETE"): {"summary": "Revoke an API key (admin)",
                                         "responses": {200: KeyOut, 404: Problem}},
    ("/audit", "GET"): {"summary": "Audit trail by filing or day (admin)", "query": AuditParams,
                        "responses": {200: AuditPage, 400: Problem}},
}

OPERATIONS.update(docket_models.OPERATIONS)  # docket sheets and bulk uploads describe their own routes
OPERATIONS.update(batch_models.OPERATIONS)


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


def document(app: Any = None) -> dict[str, Any]:
    schemas = _model_schemas()
    paths: dict[str, Any] = {}
    for (path, method), op in OPERATIONS.items():
        paths.setdefault(path, {})[method.lower()] = _operation(path, method, op, schemas)
    return {
        "openapi": "3.1.0",
        "info": {"title": "Court-filing archive API", "version": "1.0.0",
                 "description": CONVENTIONS},
        "paths": paths,
        "components": {"schemas": schemas,
                       "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer",
                                                      "description": "An archive API key (ca_…)"}}},
    }


def _model_schemas() -> dict[str, Any]:
    """The schemas of every response and JSON body (query models add theirs as paths are built)."""
    models = {Problem}
    for op in OPERATIONS.values():
        models.update(v for v in op["responses"].values() if v)
        if isinstance(op.get("body"), type):
            models.add(op["body"])
    _, top = models_json_schema([(model, "serialization") for model in models],
                                ref_template="#/components/schemas/{model}")
    return dict(top.get("$defs", {}))


def _operation(path: str, method: str, op: dict[str, Any], schemas: dict[str, Any]) -> dict[str, Any]:
    entry: dict[str, Any] = {"summary": op["summary"], "operationId": f"{method.lower()}{path}",
                             "responses": {}}
    parameters = _parameters(path, op, schemas)
    if parameters:
        entry["parameters"] = parameters
    if op.get("body"):
        entry["requestBody"] = _request_body(op["body"])
    entry["responses"] = _responses(path, op)
    if not op.get("public"):
        entry["security"] = [{"bearer": []}]
        for status in (401, 403):
            entry["responses"].setdefault(str(status), _response(status, Problem))
    return entry


def _parameters(path: str, op: dict[str, Any], schemas: dict[str, Any]) -> list[dict[str, Any]]:
    parameters = [{"name": n, "in": "path", "required": True, "schema": {"type": "string"}}
                  for n in _path_names(path)]
    if op.get("query"):
        parameters += _query_parameters(op["query"], schemas)
    for header in op.get("headers", []):
        parameters.append({"name": header, "in": "header", "required": False, "schema": {"type": "string"},
                           **({"description": HEADER_DOCS[header]} if header in HEADER_DOCS else {})})
    return parameters


def _request_body(body: str | type[BaseModel]) -> dict[str, Any]:
    """A media type (str) is raw bytes; a model is a JSON body."""
    if isinstance(body, str):
        return {"required": True, "content": {body: {"schema": {"type": "string", "format": "binary"}}}}
    return {"required": True, "content": {J: {"schema": _ref(body)}}}


def _responses(path: str, op: dict[str, Any]) -> dict[str, Any]:
    """The route's own answers plus the problems every route of its kind can give."""
    responses = dict(op["responses"])
    body = op.get("body")
    if body and not isinstance(body, str):
        responses.setdefault(400, Problem)  # malformed JSON
        responses.setdefault(422, Problem)  # a field that makes no sense
    responses.setdefault(422, Problem)  # an unknown query parameter, on every route
    if body:
        responses.setdefault(415, Problem)  # a body in a media type the route does not take
    if "{" in path:
        responses.setdefault(404, Problem)  # an id that names nothing (or cannot: too long, bad characters)
    return {str(status): _response(status, model) for status, model in sorted(responses.items())}


def _response(status: int, model: type[BaseModel] | None) -> dict[str, Any]:
    resp: dict[str, Any] = {"description": _reason(status)}
    if model:
        resp["content"] = {P if model is Problem else J: {"schema": _ref(model)}}
    return resp


def _ref(model: type[BaseModel]) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{model.__name__}"}


def _path_names(path: str) -> list[str]:
    return [part[1:-1] for part in path.split("/") if part.startswith("{")]


def _reason(status: int) -> str:
    return HTTPStatus(status).phrase
