"""Who may see what: scopes and the sealed-filing rule, as pure data.

A sealed filing is invisible — 404, absent from lists, counts, search and the change feed — to
every caller without `sealed:read`. Services take a `Viewer` and ask it; nothing else decides.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, get_args

Scope = Literal["read", "write", "sealed:read", "admin"]  # the one list (API models use it too)
SCOPES: tuple[str, ...] = get_args(Scope)
READ, WRITE, SEALED_READ, ADMIN = SCOPES


@dataclass(frozen=True)
class Viewer:
    key_id: str | None = None
    scopes: frozenset[str] = field(default_factory=frozenset)

    @property
    def sees_sealed(self) -> bool:
        return SEALED_READ in self.scopes or ADMIN in self.scopes

    def may_see(self, record: object | None) -> bool:
        """The visibility rule: a filing (anything with `sealed`) is seen unless it is sealed and
        the viewer lacks `sealed:read`. Nothing is seen of what does not exist."""
        return record is not None and can_see_filing(self, bool(getattr(record, "sealed", False)))

    def has(self, scope: str) -> bool:
        if ADMIN in self.scopes:
            return True
        if scope == READ:  # every granted scope implies read
            return bool(self.scopes)
        return scope in self.scopes


SYSTEM = Viewer(key_id="system", scopes=frozenset(SCOPES))
PUBLIC = Viewer(key_id=None, scopes=frozenset({READ}))


def can_see_filing(viewer: Viewer, sealed: bool, ready: bool = True) -> bool:
    """The one visibility rule for a filing: it must exist and be ready, and a sealed filing
    only shows to a viewer who sees sealed filings."""
    return ready and (not sealed or viewer.sees_sealed)
