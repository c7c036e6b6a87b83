"""A page form refuses bidirectional controls in text, in Chinese beside the field, and writes
nothing; bytes that are not UTF-8 in a form never become a surrogate nor a 500."""

from __future__ import annotations

import httpx

from commands.service.ledger import open_ledger
from tests.builders import event_count
from tests.web.conftest import PASSWORD


def _logged_in(site: str) -> tuple[httpx.Client, str]:
    client = httpx.Client(base_url=site, timeout=30, follow_redirects=False)
    assert client.post("/login", data={"username": "wangfang", "password": PASSWORD}).status_code == 303
    return client, client.get("/api/me").json()["csrf_token"]


def test_a_bidi_control_in_a_form_is_refused_in_chinese_and_nothing_is_written(site, site_db):
    with open_ledger(site_db) as ledger:
        before = event_count(ledger)
    client, csrf = _logged_in(site)
    try:
        refused = client.post("/entries/new?kind=study", data={
            "member": "M1", "on": "2026-03-13", "topic": "gnirts\u202eabc", "action": "save", "csrf_token": csrf})
        garbled = client.post("/entries/new?kind=study", content=(
            "member=M1&on=2026-03-13&topic=%ED%A0%80&action=preview&csrf_token=" + csrf).encode(),
            headers={"Content-Type": "application/x-www-form-urlencoded"})
    finally:
        client.close()
    assert refused.status_code == 400  # how every page answers a refused form (commands/web/entries.py)
    assert "不能含有文字方向控制符（U+202E），它会让文字显示得与实际内容不同" in refused.text
    assert garbled.status_code == 200  # decoded as U+FFFD, an ordinary character: a preview
    with open_ledger(site_db) as ledger:
        assert event_count(ledger) == before
