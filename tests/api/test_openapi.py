"""The contract: OpenAPI 3.1 generated from the models, covering every route."""
from __future__ import annotations

from openapi_spec_validator import validate

from chalicelib.api.openapi import OPERATIONS, document


def test_document_is_valid_openapi_3_1():
    doc = document()
    assert doc["openapi"].startswith("3.1")
    validate(doc)


def test_every_route_is_described_and_nothing_else():
    import app

    routes = {(path, method) for path, methods in app.app.routes.items() for method in methods
              if method != "OPTIONS"}  # CORS preflights: on every path, keyless, not operations
    assert routes == set(OPERATIONS)
    assert all("OPTIONS" in methods for methods in app.app.routes.values())


def test_served_at_openapi_json_without_a_key(archive):
    resp = archive.get("/openapi.json", key=None)
    assert resp.status_code == 200 and "/filings/{filing_id}" in resp.json["paths"]
