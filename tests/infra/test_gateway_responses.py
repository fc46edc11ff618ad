"""Issue #10 item 11: API Gateway's own answers (401, 403, unknown route, 413, 415, 429, 5xx) are
problem+json in AWS too, and none can echo the request: no template reads `$context.error.message`
(which quotes the Authorization header on an unknown route), `$input` or a request header."""
from __future__ import annotations

import json
import re

import pytest

from chalicelib.api import gateway_problems
from infra import resources

REQUIRED = {"UNAUTHORIZED", "ACCESS_DENIED", "MISSING_AUTHENTICATION_TOKEN", "INVALID_API_KEY",
            "REQUEST_TOO_LARGE", "UNSUPPORTED_MEDIA_TYPE", "THROTTLED", "AUTHORIZER_FAILURE",
            "DEFAULT_4XX", "DEFAULT_5XX", "INTEGRATION_TIMEOUT", "BAD_REQUEST_BODY"}


def declared() -> dict[str, dict]:
    res = resources.render_template()["Resources"]
    return {r["Properties"]["ResponseType"]: r["Properties"] for r in res.values()
            if r.get("Type") == "AWS::ApiGateway::GatewayResponse"}


def test_every_gateway_answer_that_matters_is_declared():
    assert set(declared()) >= REQUIRED


@pytest.mark.parametrize("response_type", sorted(gateway_problems.BY_TYPE))
def test_each_declared_answer_is_fixed_problem_json(response_type):
    props = declared()[response_type]
    assert props["RestApiId"] == {"Ref": "RestAPI"}
    assert props["ResponseParameters"]["gatewayresponse.header.Content-Type"] == "'application/problem+json'"
    (template,) = props["ResponseTemplates"].values()
    assert set(re.findall(r"\$[\w.]+", template)) == {"$context.requestId"}, template
    assert not re.search(r"\$input|\$util|method\.request|error\.message", template)
    body = json.loads(template.replace("$context.requestId", "abc-123"))
    assert body["type"].startswith("https://court-archive.dev/problems/") and body["title"] and body["detail"]
    if "StatusCode" in props:
        assert body["status"] == int(props["StatusCode"])
        assert 400 <= body["status"] < 600
    for name, value in props["ResponseParameters"].items():
        assert value.startswith("'") and value.endswith("'") and "$" not in value, (name, value)


def test_an_unknown_route_is_a_404_not_an_echo_of_the_key():
    props = declared()["MISSING_AUTHENTICATION_TOKEN"]
    assert props["StatusCode"] == "404"
    assert "Authorization" not in json.dumps(props["ResponseTemplates"])
    assert declared()["UNAUTHORIZED"]["ResponseParameters"]["gatewayresponse.header.WWW-Authenticate"]
