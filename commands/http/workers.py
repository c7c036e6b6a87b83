"""Several uvicorn workers, each listening on a socket of its own on the same port (SO_REUSEPORT),
so that the kernel spreads new connections over them.

With uvicorn's own `--workers` every worker waits on one shared socket, and the first one free
accepts every connection waiting: 32 keep-alive clients were split 30/2 and 24/8 between two
workers (counted with `ss`), and those of the fuller worker queued behind it while the other
idled. One worker runs as uvicorn runs it.
"""

from __future__ import annotations

import multiprocessing
import signal
import socket
import sys
from typing import Any

LOG_LEVEL = "info"


def run(app_factory: str, host: str, port: int, workers: int) -> None:
    import uvicorn

    if workers == 1 or not hasattr(socket, "SO_REUSEPORT"):
        uvicorn.run(app_factory, factory=True, host=host, port=port, workers=workers, log_level=LOG_LEVEL)
        return
    refuse_if_taken(host, port)
    # Every socket listens before any worker starts: a connection that comes while a worker is
    # still building its application waits in that worker's queue instead of going to the first
    # worker up.
    sockets = [listening(host, port) for _ in range(workers)]
    spawn = multiprocessing.get_context("spawn")  # each worker imports and builds its own application
    children = [spawn.Process(target=_worker, args=(app_factory, sock)) for sock in sockets]
    for child in children:
        child.start()

    def stop(signum: int, frame: Any) -> None:
        for child in children:
            if child.is_alive():
                child.terminate()  # SIGTERM: uvicorn finishes the requests in hand, then stops

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    for child in children:
        child.join()
    if any(child.exitcode not in (0, -signal.SIGTERM) for child in children):
        sys.exit(1)


def refuse_if_taken(host: str, port: int) -> None:
    """Another server on the port (even another starledger, whose sockets would take ours beside
    them) is named here, before any worker starts."""
    probe = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        probe.bind((host, port))
    except OSError as error:
        raise SystemExit(f"cannot listen on {host}:{port}: {error.strerror}") from None
    finally:
        probe.close()


def listening(host: str, port: int) -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    sock.listen(2048)
    return sock


def _worker(app_factory: str, sock: socket.socket) -> None:
    import uvicorn

    uvicorn.Server(uvicorn.Config(app_factory, factory=True, log_level=LOG_LEVEL)).run(sockets=[sock])
