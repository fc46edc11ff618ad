"""Reading a Chalice request and writing a response: the plumbing every route in `app.py` shares.

`RequestIO` is bound to the app once; routes call `params`, `json_body`, `header` and `viewer`
on the request being served, and answer with `ok`, `etagged` or `problem`. Nothing here decides
anything about filings: it parses, checks the caller's scope, and renders.
"""
from __future__ import annotations

import hashlib
import json
from typing import Any

from chalice import Chalice, Response
from pydantic import BaseModel, ValidationError

from chalicelib import errors, observability
from chalicelib.api import selection
from chalicelib.api.gateway_problems import PROBLEM_JSON
from chalicelib.domain.access import READ, Viewer

HEX = frozenset("0123456789abcdefABCDEF")


def ok(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    if isinstance(body, BaseModel):
        body = body.model_dump(mode="json")
    body = selection.trim(body)  # fields= / omit=
    return Response(body=json.dumps(body), status_code=status,
                    headers={"Content-Type": "application/json", **(headers or {})})


def accepted(body: Any, location: str, duplicate: bool) -> Response:
    """202 for new work, 200 when the archive already had it; both say where the resource is."""
    return ok(body, 200 if duplicate else 202, {"Location": location})


def auth_context(who: Viewer | None) -> dict[str, str]:
    """What the authorizer hands the routes: strings only (API Gateway's context is flat)."""
    return {
        "valid": "true" if who else "false",
        "key_id": (who.key_id if who else "") or "",
        "scopes": " ".join(sorted(who.scopes)) if who else "",
    }


def require_sha256(sha: str) -> str:
    if len(sha) != 64 or any(c not in HEX for c in sha):
        raise errors.ValidationFailed.field("sha256", "must be 64 hex characters")
    return sha


class RequestIO:
    """The request being served by `app`, read through the archive's error rules."""

    def __init__(self, app: Chalice) -> None:
        self._app = app

    @property
    def request(self) -> Any:
        return self._app.current_request

    def header(self, name: str) -> str:
        return (self.request.headers or {}).get(name, "") or ""

    def query(self, name: str) -> str:
        return (self.request.query_params or {}).get(name, "") or ""

    def params(self, model: type[BaseModel], prefix: str = "") -> Any:
        raw = dict(self.request.query_params or {})
        try:
            return model.model_validate(raw)
        except ValidationError as exc:
            raise errors.from_pydantic(exc, prefix) from None

    def json_body(self, model: type[BaseModel]) -> Any:
        try:
            data = self.request.json_body
            if data is None and self.request.raw_body and self._json_suffix():
                # Chalice parses only application/json; a JSON merge patch
                # (application/merge-patch+json, RFC 7396) is JSON all the same.
                data = json.loads(self.request.raw_body)
        except Exception:
            raise errors.BadRequest("the body is not valid JSON") from None
        if data is None:
            raise errors.BadRequest("a JSON body is required")
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            raise errors.from_pydantic(exc) from None

    def _json_suffix(self) -> bool:
        media = self.header("content-type").split(";", 1)[0].strip().lower()
        return media.endswith("+json")

    def viewer(self, scope: str = READ) -> Viewer:
        """The caller, as the authorizer vouched for it; 401 without a valid key, 403 without scope."""
        ctx = (self.request.context or {}).get("authorizer") or {}
        if ctx.get("valid") != "true":
            raise errors.Unauthorized("send a valid API key: Authorization: Bearer <key>")
        who = Viewer(key_id=ctx.get("key_id"), scopes=frozenset(ctx.get("scopes", "").split()))
        if not who.has(scope):
            raise errors.Forbidden(f"this key lacks the '{scope}' scope", required_scope=scope)
        observability.logger.append_keys(key_id=who.key_id)
        return who

    def wants_plain_text(self) -> bool:
        accept = self.header("accept")
        return "text/plain" in accept and "application/json" not in accept

    def etagged(self, body: BaseModel) -> Response:
        """200 with an ETag, or 304 when the client already has this representation."""
        payload = json.dumps(selection.trim(body.model_dump(mode="json")), sort_keys=True)
        etag = '"' + hashlib.sha256(payload.encode()).hexdigest()[:32] + '"'
        if etag in self.header("if-none-match").replace(" ", "").split(","):
            return Response(body="", status_code=304, headers={"ETag": etag})
        return Response(body=payload, status_code=200,
                        headers={"Content-Type": "application/json", "ETag": etag})

    def problem(self, exc: errors.ArchiveError) -> Response:
        try:
            instance = self.request.context.get("path") if self.request else None
        except Exception:
            instance = None
        headers = {"Content-Type": PROBLEM_JSON, **exc.headers}
        return Response(body=json.dumps(exc.problem(instance)), status_code=exc.status, headers=headers)
