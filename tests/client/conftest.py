"""The real archive for the client's integration tests: moto + API + worker on free local ports.

One stack per test module (``live``). ``tools.localstack`` sets process-wide AWS environment
variables (endpoint URL, table names); they are restored afterwards so the other test modules
that share this pytest process keep running against in-process moto.
"""
from __future__ import annotations

import logging
import os
from collections.abc import Iterator

import pytest


@pytest.fixture(scope="module")
def live(request: pytest.FixtureRequest) -> Iterator[object]:
    """A running archive: ``.api_url``, ``.admin_key``, ``.read_key``.

    A module that sets ``LIVE_WORKER = False`` gets no ingest worker: uploads are accepted and
    stay queued. Upload tests do not need processing, and on a small machine the worker's CPU
    would only slow the API down.
    """
    pytest.importorskip("tools.localstack")
    from tools.localstack import LocalStack, free_port

    import app as app_module

    saved = dict(os.environ)
    # chalice's create_local_server swaps the app's class for CustomLocalChalice and cannot do it
    # twice (inheritance cycle); put the class back afterwards for the next stack and other tests.
    app_class = type(app_module.app)
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # moto's per-request access log
    stack = LocalStack(moto_port=free_port(), api_port=free_port(), moto="thread",
                       worker="thread" if getattr(request.module, "LIVE_WORKER", True) else "none")
    try:
        stack.start()
        yield stack
    finally:
        stack.stop()
        app_module.app.__class__ = app_class
        os.environ.clear()
        os.environ.update(saved)
        from chalicelib import config
        from chalicelib.adapters import aws as aws_clients

        config.reset()
        aws_clients.reset()
