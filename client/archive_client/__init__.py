"""Python client for the court-filing archive: a typed API (:class:`ArchiveClient`) and the `filings` CLI."""
from .api import ArchiveClient, ArchiveError

__all__ = ["ArchiveClient", "ArchiveError"]
__version__ = "0.1.0"
