"""Client-supplied file names, made safe at the edge.

A file name arrives in an `X-Filename` header or a JSON body and leaves in a download's
`Content-Disposition`. On the way in it is normalised (`clean`): the last path part only, Unicode
NFC, no control characters (CR, LF, NUL, tab, DEL, C1), no quotes or backslashes, no leading dots,
bounded length with its extension kept. On the way out `content_disposition` renders RFC 6266:
an ASCII `filename` fallback plus `filename*` in UTF-8 (RFC 8187), and cleans again first, so a
name stored before these rules (one with CR/LF, say) still downloads.
"""
from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote, unquote

MAX_NAME_CHARS = 200
_RFC8187 = re.compile(r"^utf-8''(?P<value>[A-Za-z0-9!#$&+.^_`|~%-]*)$", re.IGNORECASE)
_SEPARATORS = re.compile(r"[/\\]")
_UNSAFE = re.compile(r'["\'`<>|*?:;]')  # quotes, shell and Windows-reserved characters
_SPACES = re.compile(r"\s+")
_ASCII_SAFE = re.compile(r"[^A-Za-z0-9 !#$&+,.=@^_{}~()\[\]-]")  # no %: some clients decode it


def from_header(value: str | None) -> str | None:
    """An `X-Filename` header: plain text, or RFC 8187 `UTF-8''percent-encoded` for non-ASCII."""
    if not value:
        return None
    match = _RFC8187.match(value.strip())
    if match:
        value = unquote(match.group("value"), encoding="utf-8", errors="replace")
    return clean(value)


def _is_control(ch: str) -> bool:
    return unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn")


def clean(name: str | None) -> str | None:
    """The name to store, or None when nothing usable is left (the archive then names the
    download after the case and docket entry)."""
    if not name:
        return None
    text = unicodedata.normalize("NFC", str(name))
    text = "".join(" " if _is_control(ch) else ch for ch in text)
    text = _SEPARATORS.split(text)[-1]  # no directories: `../../etc/passwd` is `passwd`
    text = _UNSAFE.sub("_", text)
    text = _SPACES.sub(" ", text).strip().lstrip(".").strip()
    if not text or set(text) <= {"_", " ", "."}:
        return None
    return _bounded(text)


def _bounded(text: str) -> str:
    if len(text) <= MAX_NAME_CHARS:
        return text
    stem, dot, ext = text.rpartition(".")
    if dot and 0 < len(ext) <= 10:
        return stem[: MAX_NAME_CHARS - len(ext) - 1].rstrip() + "." + ext
    return text[:MAX_NAME_CHARS].rstrip()


def ascii_fallback(name: str) -> str:
    """The name in printable ASCII for the plain `filename` parameter (and S3 metadata):
    accents dropped, anything else replaced by `_`."""
    decomposed = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    text = _ASCII_SAFE.sub("_", text.encode("ascii", "replace").decode("ascii"))
    text = re.sub(r"_{2,}", "_", text).strip() or "filing.pdf"
    return text[:MAX_NAME_CHARS]


def content_disposition(name: str | None, *, fallback: str = "filing.pdf",
                        disposition: str = "attachment") -> str:
    """`attachment; filename="…"; filename*=UTF-8''…` (RFC 6266 §4.3): every client gets a
    readable name, none can be made to read a second header or parameter."""
    safe = clean(name) or clean(fallback) or "filing.pdf"
    plain = ascii_fallback(safe)
    value = f'{disposition}; filename="{plain}"'
    if plain != safe:
        value += "; filename*=UTF-8''" + quote(safe, safe="!#$&+.^_`|~-")
    return value
