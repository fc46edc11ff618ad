"""`fields=` / `omit=`: every read route can trim its response, as CourtListener's can.

`fields=id,title` keeps only those properties; `omit=text,citations` drops those. On a list
route they apply to each item of `results` (the envelope — `count`, `next`, `cursor` — always
stays); on a single object, to the object. Names are checked against the response model: an
unknown name is a 422 naming it, never silently ignored. Nested properties are not addressed
(`fields=links` keeps the whole `links` object).
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from chalicelib.domain.base import Model
from chalicelib.errors import ValidationFailed, from_pydantic

_FIELDS_HELP = ("Comma-separated properties to keep (of each result, on a list route); "
                "an unknown name is a 422.")
_OMIT_HELP = "Comma-separated properties to leave out (of each result, on a list route)."


def _names(value: str | None) -> str | None:
    if value is None:
        return None
    names = [n.strip() for n in value.split(",") if n.strip()]
    if not names:
        raise ValueError("name at least one property")
    return ",".join(names)


class Selection(Model):
    """The `fields` / `omit` query parameters; mixed into every read route's parameters."""

    model_config = ConfigDict(extra="forbid")

    fields: str | None = Field(None, max_length=1000, description=_FIELDS_HELP, examples=["id,title,date_filed"])
    omit: str | None = Field(None, max_length=1000, description=_OMIT_HELP, examples=["citations,parties"])

    _check_fields = field_validator("fields", "omit")(classmethod(lambda cls, v: _names(v)))

    def selection(self) -> tuple[list[str] | None, list[str] | None]:
        split = (lambda v: v.split(",") if v else None)
        return split(self.fields), split(self.omit)


class ReadParams(Selection):
    """A read route with no parameters of its own: only `fields` / `omit`."""


def _check(names: list[str] | None, allowed: set[str], param: str) -> None:
    unknown = [n for n in names or [] if n not in allowed]
    if unknown:
        raise ValidationFailed.field(
            param, f"unknown field(s) {', '.join(unknown)}; choose from {', '.join(sorted(allowed))}")


def _trim(obj: dict[str, Any], keep: list[str] | None, drop: list[str] | None) -> dict[str, Any]:
    if keep is not None:
        obj = {k: v for k, v in obj.items() if k in keep}
    if drop:
        obj = {k: v for k, v in obj.items() if k not in drop}
    return obj


@dataclass(frozen=True)
class Spec:
    """A validated trimming: what to keep or drop, of each `list_key` item or of the body."""

    keep: list[str] | None
    drop: list[str] | None
    list_key: str | None

    @classmethod
    def of(cls, fields: str | None, omit: str | None, model: type[BaseModel], list_key: str | None) -> Spec:
        try:
            params = Selection.model_validate({"fields": fields, "omit": omit})
        except ValidationError as exc:
            raise from_pydantic(exc) from None
        keep, drop = params.selection()
        allowed = set(model.model_fields)
        _check(keep, allowed, "fields")
        _check(drop, allowed, "omit")
        return cls(keep, drop, list_key)

    def trim(self, body: Any) -> Any:
        if not isinstance(body, dict):
            return body
        if self.list_key is None:
            return _trim(body, self.keep, self.drop)
        return {**body, self.list_key: [_trim(i, self.keep, self.drop) if isinstance(i, dict) else i
                                        for i in body.get(self.list_key) or []]}


_current: ContextVar[Spec | None] = ContextVar("archive_selection", default=None)


@contextmanager
def bound(spec: Spec | None) -> Iterator[None]:
    token = _current.set(spec)
    try:
        yield
    finally:
        _current.reset(token)


def trim(body: Any) -> Any:
    """`body` (JSON-ready) as this request's `fields` / `omit` want it."""
    spec = _current.get()
    return spec.trim(body) if spec else body
