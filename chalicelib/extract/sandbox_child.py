"""The sandboxed extraction process (see ``chalicelib.extract.sandbox``, which starts it).

    python -m chalicelib.extract.sandbox_child MEMORY_BYTES [preload|bare]

It limits itself before it imports anything heavy (address space; no core files: a bomb's would
be gigabytes), asks Linux to kill it when its parent dies, keeps the inherited stdin/stdout as
its private protocol pipes (library output goes to stderr, where the worker's logs go), loads
the extraction libraries once, says ``ready`` and then serves one document at a time:

    parent → child   frame: pickle (target "module:function", kwargs, cpu_seconds)
                     frame: the PDF's bytes
    child  → parent  frame: pickle ("ok", result) | ("error", code, detail)
                     | ("crash", exception type, message)

Each task gets ``cpu_seconds`` more of ``RLIMIT_CPU`` (``SIGXCPU`` ends the process past it).
"""
from __future__ import annotations

import ctypes
import importlib
import os
import pickle
import resource
import signal
import sys
from typing import Any

from chalicelib.extract.errors import ExtractionError, TooComplex
from chalicelib.extract.sandbox import READY, ChildDied, read_frame, write_frame


def _limit_memory(memory_bytes: int) -> None:
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        memory_bytes = min(memory_bytes, hard)
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))


def _limit_cpu(seconds: int) -> None:
    """This task may use `seconds` more CPU than the process has used so far."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    soft = int(usage.ru_utime + usage.ru_stime) + seconds + 1
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))


def _die_with_parent() -> None:
    """PR_SET_PDEATHSIG: a worker that is killed takes its extraction process with it."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL, 0, 0, 0)
    except Exception:  # noqa: BLE001 - not Linux: the closed pipe still ends the loop
        pass


def _preload() -> None:
    """Import what every filing needs now, so no filing's deadline pays for it."""
    try:
        importlib.import_module("chalicelib.extract.pipeline")
        importlib.import_module("chalicelib.extract.citations").find_citations("See 42 U.S.C. § 1983; Roe v. Wade, 410 U.S. 113 (1973).")
        if os.environ.get("OCR_ENGINE") == "local":  # its models load in ~1 s: not per filing
            ocr = importlib.import_module("chalicelib.extract.ocr")
            ocr.engine_for(ocr.OcrConfig(engine="local"))
    except Exception as exc:  # noqa: BLE001 - the first task will raise it with its context
        print(f"sandbox preload failed: {type(exc).__name__}: {exc}", file=sys.stderr)


def _run(target: str, data: bytes, kwargs: dict[str, Any], memory_mb: int) -> tuple:

    module, _, name = target.partition(":")
    try:
        return ("ok", getattr(importlib.import_module(module), name)(data, **kwargs))
    except ExtractionError as exc:
        return ("error", exc.code, exc.detail)
    except MemoryError:
        return ("error", TooComplex.code, f"extraction exceeded its memory limit ({memory_mb} MB)")
    except Exception as exc:  # noqa: BLE001 - reported to the parent, which raises it
        return ("crash", type(exc).__name__, str(exc)[:500])


def main(argv: list[str]) -> int:
    memory_bytes = int(argv[1])
    _limit_memory(memory_bytes)
    _die_with_parent()
    requests, answers = os.dup(0), os.dup(1)
    quiet = os.open(os.devnull, os.O_RDONLY)
    os.dup2(quiet, 0)
    os.dup2(2, 1)  # print() in a library must not corrupt the protocol
    if argv[2:3] != ["bare"]:
        _preload()
    write_frame(answers, READY)
    while True:
        try:
            target, kwargs, cpu_seconds = pickle.loads(read_frame(requests))
            data = read_frame(requests)
        except ChildDied:
            return 0  # the parent closed the pipe: retired
        _limit_cpu(cpu_seconds)
        answer = _run(target, data, kwargs, memory_bytes >> 20)
        del data
        try:
            payload = pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL)
        except MemoryError:
            payload = pickle.dumps(("error", "too_complex", "the result exceeded the memory limit"))
        except Exception as exc:  # noqa: BLE001 - an unpicklable result is a bug to report
            payload = pickle.dumps(("crash", type(exc).__name__, str(exc)[:500]))
        del answer
        write_frame(answers, payload)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
