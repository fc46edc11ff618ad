"""`python -m archive_client` is the `filings` CLI."""
from .cli import app

app(prog_name="filings")
