"""moto's server in its own process, tuned like the tests' (tools/moto_tuning.py).

`make serve` runs AWS's stand-in apart from the API and the worker, as in AWS, so the three
use separate interpreters (and cores) instead of sharing one GIL.

    python -m tools.moto_server --port 5000
"""
from __future__ import annotations

import argparse
import logging
import signal
import threading


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=5000)
    args = ap.parse_args()
    from moto.server import ThreadedMotoServer

    from tools import moto_tuning

    moto_tuning.install()
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = ThreadedMotoServer(ip_address=args.host, port=args.port, verbose=False)
    server.start()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()
    server.stop()


if __name__ == "__main__":
    main()
