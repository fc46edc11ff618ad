"""Hostile PDFs built in the test, in well under a second: inflate bombs.

A deflate stream of a repeated chunk is periodic once the compressor's window holds nothing
but that chunk: compress it three times with a sync flush, check the last two outputs are the
same bytes, and repeat that block — gigabytes of inflated content without compressing them.
"""
from __future__ import annotations

import zlib

from tests.support.pdf_objects import assemble

CHUNK = 1 << 22  # 4 MiB


def deflate_repeated(chunk: bytes, times: int) -> bytes:
    """A zlib stream that inflates to `chunk * times`, built without compressing all of it."""
    c = zlib.compressobj(9)
    first, second, third = (c.compress(chunk) + c.flush(zlib.Z_SYNC_FLUSH) for _ in range(3))
    assert second == third, "the chunk does not compress periodically"
    final_empty_block = b"\x03\x00"  # BFINAL=1, fixed Huffman, end-of-block
    return first + second * (times - 1) + final_empty_block + _adler32_repeated(chunk, times).to_bytes(4, "big")


def _adler32_repeated(chunk: bytes, times: int) -> int:
    """Adler-32 of `chunk * times` in closed form (each copy adds its own sum once per byte
    of every later copy)."""
    mod, one = 65521, zlib.adler32(chunk)
    a1, b1, length = one & 0xFFFF, one >> 16, len(chunk)
    total = a1 - 1
    a = (1 + times * total) % mod
    b = (times * b1 + total * length * (times * (times - 1) // 2)) % mod
    return (b << 16) | a


def pdf_with_content(stream: bytes, filters: bytes = b"/FlateDecode", pages: int = 1) -> bytes:
    """A valid PDF whose page(s) draw `stream` (already encoded with `filters`)."""
    kids = b" ".join(b"%d 0 R" % (4 + i) for i in range(pages))
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
        b"<< /Length %d /Filter %s >>\nstream\n" % (len(stream), filters) + stream + b"\nendstream",
    ]
    objs += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R "
             b"/Resources << >> >>"] * pages
    return assemble(objs, header=b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")


def zeros_bomb(gib: int = 4) -> bytes:
    """~4 MB of FlateDecode that inflates to `gib` GiB of NULs (PDF whitespace)."""
    return pdf_with_content(deflate_repeated(b"\0" * CHUNK, gib * 256))


def double_deflate_bomb(gib: int = 4) -> bytes:
    """A few KB: the zeros bomb deflated once more, behind [/FlateDecode /FlateDecode]."""
    return pdf_with_content(zlib.compress(deflate_repeated(b"\0" * CHUNK, gib * 256), 9),
                            b"[/FlateDecode /FlateDecode]")


def path_ops_bomb(mib: int = 256) -> bytes:
    """Content that inflates to `mib` MiB of tiny path operators: PDFium builds an object per
    path, ~20 bytes of memory per byte of content, for minutes, inside one page-load call."""
    op = b"0 0 m 1 1 l S\n"
    return pdf_with_content(deflate_repeated(op * (CHUNK // len(op)), mib // 4))


def shared_stream_bomb(pages: int = 64, gib: int = 1) -> bytes:
    """Many pages drawing one small stream that inflates to `gib` GiB each time it is read."""
    return pdf_with_content(zlib.compress(deflate_repeated(b"\0" * CHUNK, gib * 256), 9),
                            b"[/FlateDecode /FlateDecode]", pages=pages)


BOMBS = {
    "zeros_4gib": zeros_bomb,
    "double_deflate_4gib": double_deflate_bomb,
    "path_ops_256mib": path_ops_bomb,
    "shared_stream_64_pages": shared_stream_bomb,
}
