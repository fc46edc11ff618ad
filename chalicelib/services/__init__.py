"""The use cases, one module each. `app.py` reaches them as attributes of this package
(`services.ingest.accept_direct(...)`), and each module loads on that first use (PEP 562
`__getattr__` below), with the adapters and domain rules behind it.

Why: app.py is both the API's and the worker's Lambda handler, and Chalice needs every route at
import, so importing all use cases at its top put every service, adapter and the worker's OCR
path on each API cold start (P3: ~90 modules, 2.4x `import chalice, boto3`). A cold start now
imports the routes, their request/response models and the domain types; the first request loads
the use case it calls, the first SQS message the worker.

This is the only place chalicelib modules load lazily (tests/support/import_rules.py,
LAZY_PACKAGES). Inside `services` and everywhere else imports stay at module top: a use case
imports the others it needs as usual.
"""
from __future__ import annotations

import importlib
from types import ModuleType


def __getattr__(name: str) -> ModuleType:
    if name.startswith("_"):
        raise AttributeError(name)
    try:
        return importlib.import_module(f"{__name__}.{name}")
    except ModuleNotFoundError as exc:
        if exc.name != f"{__name__}.{name}":
            raise
        raise AttributeError(f"module {__name__!r} has no use case {name!r}") from None
