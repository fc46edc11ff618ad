"""What every route does the same way, applied once around each view (`app.route` wrapper):

- Unknown query parameters are a 422 naming them, on every route: a route accepts exactly the
  parameters its OpenAPI operation declares (`openapi.OPERATIONS[...]["query"]`), so the
  document and the check cannot drift apart.
- Links are absolute: the request's base URL is bound for `chalicelib.api.links`.
- `fields=` / `omit=` on a GET trim the response (`chalicelib.api.selection`); names are checked
  against the operation's 200 model (its `results` items on a list route) before the view runs.
- CORS: a request whose `Origin` is one of the stage's allowed origins (`ARCHIVE_CORS_ORIGINS`;
  none by default in AWS) gets `Access-Control-Allow-Origin` for it; preflights are answered by
  `preflight`.
"""
from __future__ import annotations

import typing
from contextlib import ExitStack, contextmanager
from typing import Any
from collections.abc import Iterator
from urllib.parse import quote

from pydantic import BaseModel

from chalicelib import errors
from chalicelib.api import links, selection
from chalicelib.api.openapi import OPERATIONS

CORS_HEADERS = "Authorization, Content-Type, Idempotency-Key, If-None-Match, X-Filename"
CORS_EXPOSE = "ETag, Location"
CORS_MAX_AGE = "600"


def _operations() -> dict[tuple[str, str], dict[str, Any]]:
    return OPERATIONS


def check_parameters(path: str, method: str, query: dict[str, str]) -> None:
    model = _operations().get((path, method), {}).get("query")
    allowed = set(model.model_fields) if model else set()
    unknown = sorted(set(query) - allowed)
    if unknown:
        hint = f"this route takes {', '.join(sorted(allowed))}" if allowed else "this route takes no query parameters"
        raise errors.ValidationFailed(
            f"unknown query parameter(s): {', '.join(unknown)}; {hint}",
            errors=[{"field": name, "message": "unknown parameter"} for name in unknown])


def _list_item(model: type[BaseModel]) -> type[BaseModel] | None:
    field = model.model_fields.get("results")
    if field is None:
        return None
    args = typing.get_args(field.annotation)
    return args[0] if args and isinstance(args[0], type) and issubclass(args[0], BaseModel) else None


def selection_spec(path: str, method: str, query: dict[str, str]) -> selection.Spec | None:
    """The trimming a GET asks for, validated against the operation's 200 model."""
    if method != "GET" or not ({"fields", "omit"} & set(query)):
        return None
    model = _operations().get((path, method), {}).get("responses", {}).get(200)
    if not isinstance(model, type) or not issubclass(model, BaseModel):
        return None
    if "root" in model.model_fields:  # a union (GET /filings: a page, or one filing by sha256)
        options = [a for a in typing.get_args(model.model_fields["root"].annotation)
                   if isinstance(a, type) and issubclass(a, BaseModel)]
        listed = [a for a in options if "results" in a.model_fields]
        model = listed[0] if listed and "sha256" not in query else next(
            (a for a in options if "results" not in a.model_fields), model)
    item = _list_item(model)
    return selection.Spec.of(query.get("fields"), query.get("omit"), item or model, "results" if item else None)


def base_url(request: Any, public_url: str | None) -> tuple[str, str]:
    """(base URL, this request's path below it). `public_url` (ARCHIVE_PUBLIC_URL) wins; else
    the scheme and host the client used, plus API Gateway's stage prefix when the path has one."""
    headers = request.headers or {}
    context = request.context or {}
    path = _concrete_path(context.get("resourcePath") or request.path, request.uri_params or {})
    if public_url:
        return public_url.rstrip("/"), path
    proto = (headers.get("x-forwarded-proto") or "http").split(",")[0].strip()
    host = headers.get("host") or "localhost"
    full = context.get("path") or path
    prefix = full[: -len(path)] if path and full.endswith(path) and full != path else ""
    return f"{proto}://{host}{prefix}", path


def _concrete_path(template: str, params: dict[str, str]) -> str:
    for name, value in params.items():
        template = template.replace("{" + name + "}", quote(str(value), safe=""))
    return template


def cors_headers(origin: str | None, allowed: tuple[str, ...]) -> dict[str, str]:
    if not origin or not allowed or ("*" not in allowed and origin not in allowed):
        return {}
    return {"Access-Control-Allow-Origin": "*" if "*" in allowed else origin, "Vary": "Origin",
            "Access-Control-Expose-Headers": CORS_EXPOSE}


def preflight_headers(origin: str | None, allowed: tuple[str, ...], methods: list[str]) -> dict[str, str]:
    out = cors_headers(origin, allowed)
    if out:
        out.update({"Access-Control-Allow-Methods": ", ".join(sorted(set(methods) | {"OPTIONS"})),
                    "Access-Control-Allow-Headers": CORS_HEADERS, "Access-Control-Max-Age": CORS_MAX_AGE})
    return out


@contextmanager
def around(request: Any, path: str, public_url: str | None) -> Iterator[None]:
    """Checks and bindings for one request to the route registered at `path`."""
    query = dict(request.query_params or {})
    method = request.method
    with ExitStack() as stack:
        base, concrete = base_url(request, public_url)
        stack.enter_context(links.bound(base, concrete, query))
        check_parameters(path, method, query)
        stack.enter_context(selection.bound(selection_spec(path, method, query)))
        yield
