"""The base of the archive's pydantic models: each builds its validator and serializer on first use.

pydantic compiles a model's core schema when its class is created. The API's import path defines
about 80 models (every route's request, response and domain record) while one request touches a
handful, and building them all was most of `import app` on a cold start (P3). With
`defer_build` a model is built on its first validation, serialization or JSON schema, so a cold
start pays only for the models its first request uses; nothing else about a model changes (fields,
validators, OpenAPI schema).

Every model in `chalicelib` derives from `Model`, or `Root[T]` for a root model: a bare
`RootModel[T]` would build the parametrized class (and every model in `T`) at import.
"""
from __future__ import annotations

from typing import Generic, TypeVar

from pydantic import BaseModel, ConfigDict, RootModel

DEFERRED = ConfigDict(defer_build=True)


class Model(BaseModel):
    model_config = DEFERRED


RootT = TypeVar("RootT")


class Root(RootModel[RootT], Generic[RootT]):
    model_config = DEFERRED
