"""Every response the tests see must match the OpenAPI document the app serves."""
from __future__ import annotations

import json
import re
from functools import lru_cache, cache
from typing import Any


@lru_cache(maxsize=1)
def _document() -> dict[str, Any]:
    from chalicelib.api.openapi import document

    return json.loads(json.dumps(document()))


@cache
def _matcher(template: str) -> re.Pattern:
    return re.compile("^" + re.sub(r"\{[^/]+\}", "[^/]+", template) + "$")


def operation_for(method: str, path: str) -> tuple[str, dict[str, Any]] | None:
    bare = path.split("?", 1)[0]
    for template, ops in _document()["paths"].items():
        if _matcher(template).match(bare) and method.lower() in ops:
            return template, ops[method.lower()]
    return None


def check(method: str, path: str, status: int, content_type: str, body: Any) -> None:
    found = operation_for(method, path)
    assert found, f"{method} {path} is not in the OpenAPI document"
    template, op = found
    if content_type not in ("application/json", "application/problem+json"):
        return  # redirects, plain text, the gateway's own 401 before the app runs
    response = op["responses"].get(str(status))
    assert response is not None, f"{method} {template} answered {status}, which the document does not list"
    media = response.get("content", {}).get(content_type)
    if not media:
        return
    from jsonschema import Draft202012Validator

    components = _document()["components"]
    if _trimmed(path):  # fields= / omit= leave out properties the schema requires
        components = _without_required(components)
    schema = {**media["schema"], "components": components}
    errors = sorted(Draft202012Validator(schema).iter_errors(body), key=lambda e: list(e.path))
    assert not errors, f"{method} {template} {status}: {errors[0].message} at {list(errors[0].path)}"


def _trimmed(path: str) -> bool:
    from urllib.parse import parse_qs, urlsplit

    query = parse_qs(urlsplit(path).query)
    return "fields" in query or "omit" in query


@lru_cache(maxsize=1)
def _relaxed() -> Any:
    return _strip_required(_document()["components"])


def _without_required(_components: dict[str, Any]) -> Any:
    return _relaxed()


def _strip_required(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: _strip_required(v) for k, v in node.items() if k != "required"}
    if isinstance(node, list):
        return [_strip_required(v) for v in node]
    return node
