"""Uploads that cannot exhaust the service, through a real uvicorn server on SQLite and PostgreSQL:
a secretary uploads a zip bomb, a sheet claiming too many rows, a file that is no zip, and a large
valid sheet whose parse runs out of time; each is refused in one Chinese line and nothing is
written, and another request is answered promptly while the upload is handled."""

from __future__ import annotations

import statistics
import threading
import time
from contextlib import contextmanager
from typing import Iterator

import httpx
import pytest

from commands.files import sheet_process
from commands.service.ledger import open_ledger
from tests.builders import event_count
from tests.files.crafted import study_rows, workbook, zip_bomb
from tests.web.conftest import PASSWORD

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PROMPT = 1.0  # seconds: a read answered within this is not held up (alone it takes a few ms)


@pytest.fixture(scope="module")
def bomb(tmp_path_factory):
    return zip_bomb(tmp_path_factory.mktemp("bomb") / "bomb.xlsx").read_bytes()


@contextmanager
def secretary(site: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=site, timeout=60, follow_redirects=False) as client:
        assert client.post("/login", data={"username": "wangfang", "password": PASSWORD}).status_code == 303
        yield client


def upload(client: httpx.Client, name: str, content: bytes) -> httpx.Response:
    token = client.get("/api/me").json()["csrf_token"]
    return client.post("/sheets", data={"csrf_token": token, "sheet": "entries"},
                       files={"file": (name, content, XLSX)})


def events(site_db: str) -> int:
    with open_ledger(site_db) as ledger:
        return event_count(ledger)


def latencies_while(site: str, busy: threading.Thread) -> list[float]:
    """GET /login over and over while `busy` runs (at least once): each answer's seconds."""
    seen = []
    with httpx.Client(base_url=site, timeout=60) as reader:
        while busy.is_alive() or not seen:
            start = time.perf_counter()
            assert reader.get("/login").status_code == 200
            seen.append(time.perf_counter() - start)
            time.sleep(0.02)
    return seen


def upload_beside_reads(site: str, name: str, content: bytes) -> tuple[httpx.Response, list[float], list[float]]:
    """Upload as the secretary in a thread while another client reads; (the answer, the reads'
    latencies before, the reads' latencies during)."""
    with httpx.Client(base_url=site, timeout=60) as reader:
        baseline = []
        for _ in range(5):
            start = time.perf_counter()
            reader.get("/login")
            baseline.append(time.perf_counter() - start)
    answers: list[httpx.Response] = []
    with secretary(site) as client:
        busy = threading.Thread(target=lambda: answers.append(upload(client, name, content)))
        busy.start()
        during = latencies_while(site, busy)
        busy.join()
    return answers[0], baseline, during


def refusal_shown(answer: httpx.Response, said: str) -> None:
    assert answer.status_code == 400, answer.text[:3000]
    assert f'<p class="error" id="e-file" role="alert">{said}</p>' in answer.text, answer.text[:3000]
    assert "Traceback" not in answer.text


def test_a_zip_bomb_is_refused_at_once_and_a_read_beside_it_is_answered(site, site_db, bomb):
    before = events(site_db)
    answer, baseline, during = upload_beside_reads(site, "bomb.xlsx", bomb)
    refusal_shown(answer, "“bomb.xlsx”解压后为 300 MB，超过 50 MB 的上限，请分成几个文件上传，没有写入任何内容。")
    assert max(during) < max(PROMPT, 20 * statistics.median(baseline)), (baseline, during)
    assert events(site_db) == before


def test_a_large_valid_sheet_is_parsed_off_the_event_loop_and_stopped_at_its_time_limit(
        site, site_db, tmp_path, monkeypatch):
    big = workbook(tmp_path / "big.xlsx", "entries", study_rows(40_000)).read_bytes()  # about 5 s to parse
    monkeypatch.setattr(sheet_process, "MOST_SECONDS", 1.0)
    before = events(site_db)
    answer, baseline, during = upload_beside_reads(site, "大表.xlsx", big)
    refusal_shown(answer, "“大表.xlsx”读取超过 1 秒，请分成几个文件上传，没有写入任何内容。")
    assert len(during) >= 5 and max(during) < max(PROMPT, 20 * statistics.median(baseline)), (baseline, during)
    assert events(site_db) == before


def test_a_sheet_claiming_too_many_rows_or_a_file_that_is_no_zip_is_refused(site, site_db, tmp_path):
    before = events(site_db)
    claims = workbook(tmp_path / "claims.xlsx", "entries", study_rows(1), dimension="A1:L100002")
    with secretary(site) as client:
        refusal_shown(upload(client, "多行.xlsx", claims.read_bytes()),
                      "“多行.xlsx”超过 100000 行，请分成几个文件上传，没有写入任何内容。")
        refusal_shown(upload(client, "文本.xlsx", "党员编号,姓名\nM1,张三\n".encode()),
                      "“文本.xlsx”不是可以读取的 .xlsx 工作簿，没有写入任何内容。")
    assert events(site_db) == before


def test_a_large_valid_sheet_previews_and_saves(site, site_db, tmp_path):
    sheet = workbook(tmp_path / "fine.xlsx", "entries", study_rows(2000)).read_bytes()
    before = events(site_db)
    with secretary(site) as client:
        answer = upload(client, "两千行.xlsx", sheet)
        assert answer.status_code == 200, answer.text[:3000]
        assert "共 2000 行：保存后将写入 2000 行（尚未保存）。" in answer.text
        assert events(site_db) == before
        token = answer.text.split('name="token" value="')[1].split('"')[0]
        csrf = client.get("/api/me").json()["csrf_token"]
        saved = client.post("/sheets", data={"csrf_token": csrf, "sheet": "entries", "action": "save",
                                             "token": token, "name": "两千行.xlsx"})
    assert saved.status_code == 303
    assert events(site_db) > before
