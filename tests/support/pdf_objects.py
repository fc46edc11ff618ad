"""Hand-assembled PDFs for tests that need exact objects (bombs, odd content streams)."""
from __future__ import annotations


def assemble(objs: list[bytes], header: bytes = b"%PDF-1.7\n") -> bytes:
    """A PDF of `objs` (object 1 is the catalog), with a correct xref table and trailer."""
    out = bytearray(header)
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)
