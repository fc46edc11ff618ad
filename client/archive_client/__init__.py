"""Python client for the court-filing archive: a typed API (:class:`ArchiveClient`), a bulk
uploader, a case mirror and the `filings` CLI. See ``client/README.md`` for examples."""
from .api import ArchiveClient, ArchiveError
from .journal import Journal
from .manifest import ManifestError, UploadItem, discover
from .models import BatchAnswer, Case, DocketItem, Filing, SearchHit, SearchPage
from .report import FileResult, UploadReport
from .sync import CaseSync, SyncReport, sync_case
from .uploader import Uploader

__all__ = [
    "ArchiveClient", "ArchiveError", "BatchAnswer", "Case", "CaseSync", "DocketItem", "FileResult", "Filing",
    "Journal", "ManifestError", "SearchHit", "SearchPage", "SyncReport", "UploadItem", "UploadReport",
    "Uploader", "discover", "sync_case",
]
__version__ = "0.1.0"
