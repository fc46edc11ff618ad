"""Stand-ins for a PDF that hangs or eats memory inside PDFium, run in the sandboxed child:
each behaves the same way every time, so tests of the limits need no clock."""
from __future__ import annotations

import os
import time


def sleep_forever(data: bytes) -> None:
    """A call that never returns (PDFium looping inside one call)."""
    while True:
        time.sleep(3600)


def spin_forever(data: bytes) -> None:
    """Burns CPU until RLIMIT_CPU ends it."""
    n = 0
    while True:
        n += 1


def allocate(data: bytes, gib: int = 8) -> int:
    """Asks for more memory than the child may have."""
    return len(bytearray(gib << 30))


def pid(data: bytes) -> int:
    return os.getpid()


def echo_length(data: bytes) -> int:
    return len(data)
