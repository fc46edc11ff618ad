"""The answers API Gateway gives before the app runs, as problem+json: one table for AWS and local.

In AWS these become `AWS::ApiGateway::GatewayResponse` resources (infra/resources.py); the local
gateway (tools/local_gateway.py) answers the same way. Every detail is a fixed string: API
Gateway's own messages can quote the request (an unknown route with a Bearer key used to come
back as "... Authorization=Bearer <the whole key>"), so nothing from the request is ever put in
a body, only `$context.requestId`.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from chalicelib.errors import PROBLEM_BASE

PROBLEM_JSON = "application/problem+json"


@dataclass(frozen=True)
class GatewayProblem:
    response_type: str  # API Gateway's GatewayResponse type
    status: int | None  # None: keep the status API Gateway chose (the DEFAULT_* types)
    slug: str
    title: str
    detail: str

    def body(self, request_id: str = "$context.requestId") -> dict[str, Any]:
        out: dict[str, Any] = {"type": PROBLEM_BASE + self.slug, "title": self.title}
        if self.status is not None:
            out["status"] = self.status
        out["detail"] = self.detail
        out["request_id"] = request_id
        return out

    def headers(self) -> dict[str, str]:
        out = {"Content-Type": PROBLEM_JSON, "Cache-Control": "no-store"}
        if self.status == 401:
            out["WWW-Authenticate"] = 'Bearer realm="court-archive"'
        return out


_KEY = "send a valid API key: Authorization: Bearer <key>"
PROBLEMS: tuple[GatewayProblem, ...] = (
    GatewayProblem("UNAUTHORIZED", 401, "unauthorized", "Missing or invalid API key", _KEY),
    GatewayProblem("ACCESS_DENIED", 403, "forbidden", "Access denied", "this key may not call this route"),
    GatewayProblem("INVALID_API_KEY", 403, "forbidden", "Access denied", _KEY),
    GatewayProblem("EXPIRED_TOKEN", 403, "forbidden", "Access denied", _KEY),
    GatewayProblem("INVALID_SIGNATURE", 403, "forbidden", "Access denied", _KEY),
    GatewayProblem("WAF_FILTERED", 403, "forbidden", "Access denied", "the request was refused"),
    # an unknown path, or a method a path does not have: API Gateway calls both a missing token
    GatewayProblem("MISSING_AUTHENTICATION_TOKEN", 404, "not-found", "Not found",
                   "no such route; GET /openapi.json lists every route and method"),
    GatewayProblem("RESOURCE_NOT_FOUND", 404, "not-found", "Not found",
                   "no such route; GET /openapi.json lists every route and method"),
    GatewayProblem("BAD_REQUEST_BODY", 400, "bad-request", "Bad request", "the request body is malformed"),
    GatewayProblem("BAD_REQUEST_PARAMETERS", 400, "bad-request", "Bad request", "a request parameter is malformed"),
    GatewayProblem("REQUEST_TOO_LARGE", 413, "payload-too-large", "Request too large",
                   "direct uploads are limited to 4 MB; use POST /uploads for a presigned upload"),
    GatewayProblem("UNSUPPORTED_MEDIA_TYPE", 415, "unsupported-media-type", "Unsupported media type",
                   "send the Content-Type this route documents in GET /openapi.json"),
    GatewayProblem("THROTTLED", 429, "too-many-requests", "Too many requests", "slow down and retry"),
    GatewayProblem("QUOTA_EXCEEDED", 429, "too-many-requests", "Too many requests", "the quota is used up"),
    GatewayProblem("AUTHORIZER_FAILURE", 503, "service-unavailable", "Authorization unavailable",
                   "the key could not be checked; retry"),
    GatewayProblem("AUTHORIZER_CONFIGURATION_ERROR", 503, "service-unavailable", "Authorization unavailable",
                   "the key could not be checked; retry"),
    GatewayProblem("INTEGRATION_FAILURE", 502, "bad-gateway", "Bad gateway", "the archive did not answer; retry"),
    GatewayProblem("INTEGRATION_TIMEOUT", 504, "gateway-timeout", "Gateway timeout",
                   "the archive took too long to answer; retry"),
    GatewayProblem("DEFAULT_4XX", None, "bad-request", "Request refused by the gateway",
                   "the request was refused before it reached the archive"),
    GatewayProblem("DEFAULT_5XX", None, "gateway-error", "Gateway error", "the gateway failed; retry"),
)
BY_TYPE = {p.response_type: p for p in PROBLEMS}


def template(problem: GatewayProblem) -> str:
    """The mapping template API Gateway renders: fixed JSON, the request id its only variable."""
    return json.dumps(problem.body(), separators=(",", ":"))


def local_response(response_type: str, request_id: str,
                   status: int | None = None) -> tuple[int, dict[str, str], bytes]:
    """What the local gateway sends for `response_type`: status, headers, body. `status` is the
    code a DEFAULT_* answer stands for (AWS keeps the one it chose)."""
    problem = BY_TYPE[response_type]
    code = problem.status or status or (500 if response_type == "DEFAULT_5XX" else 400)
    body = problem.body(request_id)
    if problem.status is None:
        body = {**body, "status": code}
    return code, problem.headers(), json.dumps(body).encode()
