"""`starledger serve --workers N`: N processes, each listening on the port with a socket of its own
(commands/http/workers.py); a taken port is one plain line; stopping the server stops them all."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from commands.service.ledger import open_ledger
from tests.api.conftest import free_port

STARLEDGER = str(Path(sys.executable).with_name("starledger"))
pytestmark = pytest.mark.sqlite_only  # how the server's processes start and stop, not a database


@pytest.fixture
def db(tmp_path) -> str:
    url = f"sqlite:///{tmp_path}/ledger.db"
    with open_ledger(url) as ledger:
        ledger.init("admin")
    return url


def children_of(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process ended while we looked
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            found.append(int(stat.parent.name))
    return found


def test_each_worker_serves_and_stopping_the_server_stops_them_all(db, tmp_path):
    port = free_port()
    server = subprocess.Popen([STARLEDGER, "serve", "--db", db, "--port", str(port), "--workers", "2"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while not (len(children_of(server.pid)) >= 2 and answers(port)):
            assert server.poll() is None and time.monotonic() < deadline
            time.sleep(0.2)
        workers = [pid for pid in children_of(server.pid) if listens(pid, port)]
        assert len(workers) == 2
        assert [httpx.get(f"http://127.0.0.1:{port}/api/me").status_code for _ in range(8)] == [401] * 8
    finally:
        server.terminate()
        assert server.wait(timeout=30) == 0
    assert children_of(server.pid) == []
    assert not answers(port)


def test_a_taken_port_is_refused_in_one_line(db):
    port = free_port()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", port))
        taken.listen()
        done = subprocess.run([STARLEDGER, "serve", "--db", db, "--port", str(port), "--workers", "2"],
                              capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert done.stderr == f"cannot listen on 127.0.0.1:{port}: Address already in use\n"


def answers(port: int) -> bool:
    try:
        return httpx.get(f"http://127.0.0.1:{port}/api/me", timeout=2).status_code == 401
    except httpx.TransportError:
        return False


def listens(pid: int, port: int) -> bool:
    """Whether the process holds a socket listening on the port (its inodes against /proc/net/tcp)."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = fd.readlink().name
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if fields[3] == "0A" and int(fields[1].rsplit(":", 1)[1], 16) == port and fields[9] in inodes:
            return True
    return False
