"""8 clients write for the same branch and members through `starledger serve --workers 4` on
PostgreSQL for 20 seconds: every acknowledged entry is stored exactly once, nothing else is,
and no client sees an error (conflicts are retried inside the service)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, text

from tests.api.conftest import free_port

SECONDS = float(os.environ.get("STARLEDGER_CONCURRENCY_SECONDS", "20"))
CLIENTS = 8
STARLEDGER = str(Path(sys.executable).with_name("starledger"))


@pytest.fixture
def pg_server(postgresql_api_template, tmp_path):
    template, tokens = postgresql_api_template
    with template.copy(tmp_path) as url:
        port = free_port()
        log = open(tmp_path / "serve.log", "w")
        server = subprocess.Popen([STARLEDGER, "serve", "--db", url, "--port", str(port), "--workers", "4"],
                                  stdout=log, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    if httpx.get(f"{base}/api/me", timeout=2).status_code == 401:
                        break
                except httpx.TransportError:
                    pass
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError((tmp_path / "serve.log").read_text())
                time.sleep(0.2)
            yield base, url, tokens["secretary"]
        finally:
            server.terminate()
            server.wait(timeout=30)
            log.close()


@pytest.mark.slow
def test_eight_clients_for_twenty_seconds_lose_nothing_and_double_nothing(pg_server):
    base, url, token = pg_server
    acknowledged: list[str] = []
    failures: list[str] = []
    stop = time.monotonic() + SECONDS

    def client(number: int) -> None:
        with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=60) as http:
            turn = 0
            while time.monotonic() < stop:
                turn += 1
                if turn % 4 == 0:
                    answer = http.post("/api/meetings", json={"branch": "B1", "kind": "group", "on": "2026-11-03",
                                                              "attended": ["M1", "M2"], "absent": ["M3"]})
                else:
                    answer = http.post("/api/entries/study", json={
                        "member": f"M{1 + (number + turn) % 3}", "on": "2026-11-02", "topic": f"c{number}"})
                if answer.status_code == 201:
                    acknowledged.append(answer.json()["entry_id"])
                else:
                    failures.append(f"{answer.status_code} {answer.text}")

    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            stored = [row[0] for row in conn.execute(text(
                "SELECT entry_id FROM starledger_entry_index WHERE kind IN ('study', 'meeting') "
                "AND entry_id NOT IN ('e-study-m1', 'e-study-m6', 'e-study-m9')"))]
    finally:
        engine.dispose()
    print(f"{len(acknowledged)} entries acknowledged in {SECONDS:.0f} s")
    assert len(acknowledged) > CLIENTS
    assert len(set(acknowledged)) == len(acknowledged)
    assert sorted(stored) == sorted(acknowledged)
