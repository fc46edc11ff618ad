"""Corrections: a person's word on a filing's metadata, kept above the PDF's and the hints'.

A correction names a field, its new value, who made it and when (and what it replaced). It is
stored on the filing and wins over the PDF and the upload's hints on every later run, so
reprocessing never undoes it. Each correctable value's *provenance* says where it came from:
`corrected` (a correction), `hint` (the uploader said so) or `extracted` (read from the PDF,
or lent by its case). Correcting the court or docket number can change the filing's case: the
caller re-resolves it (`services.corrections`).
"""
from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import Field

from chalicelib.domain.base import Model

CORRECTABLE = ("title", "document_type", "document_number", "attachment_number", "date_filed",
               "case_name", "judge", "court_id", "docket_number")
IDENTITY = ("court_id", "docket_number")  # a change here can move the filing to another case
PROVENANCE = ("extracted", "hint", "corrected")


class Correction(Model):
    value: Any = Field(description="The corrected value (null clears the field)")
    previous: Any = Field(None, description="The value it replaced")
    by: str | None = Field(None, description="Key id of whoever corrected it")
    at: str = Field(description="When (ISO 8601, UTC)")


def values(corrections: dict[str, Any]) -> dict[str, Any]:
    """field -> corrected value, typed as the filing stores it (dates as dates)."""
    out: dict[str, Any] = {}
    for name, raw in (corrections or {}).items():
        value = raw.get("value") if isinstance(raw, dict) else getattr(raw, "value", None)
        if name == "date_filed" and isinstance(value, str):
            value = date.fromisoformat(value)
        out[name] = value
    return out


def record(current: dict[str, Any], changes: dict[str, Any], by: str | None, at: str) -> dict[str, Any]:
    """The corrections after applying `changes` (field -> new value) to the filing whose values
    and corrections are `current` ("corrections" key) — earlier corrections of other fields stay."""
    out = dict(current.get("corrections") or {})
    for name, value in changes.items():
        out[name] = Correction(value=value, previous=current.get(name), by=by, at=at).model_dump(mode="json")
    return out


def provenance(sources: dict[str, str], corrections: dict[str, Any], present: dict[str, Any]) -> dict[str, str]:
    """For each correctable field that has a value (or a correction): where the value came from."""
    out: dict[str, str] = {}
    for name in CORRECTABLE:
        if name in (corrections or {}):
            out[name] = "corrected"
        elif present.get(name) is not None:
            out[name] = "hint" if sources.get(name) == "hint" else "extracted"
    return out
