"""The login throttle through a real uvicorn: failures lock a name for the address they came from
only (a second loopback address, 127.0.0.2, is another client), one address is capped across
all names, a refusal says when to try again, and Argon2 runs off the event loop."""

from __future__ import annotations

import re
import statistics
import threading
import time
from datetime import timedelta

from commands.service.accounts.credentials import now as real_now
from commands.service.accounts.login_throttle import Limits
from tests.api.conftest import PASSWORD, Served

LOCKED = re.compile(r"too many failed logins from this address; try again in (\d+) seconds")


def log_in(client, name="secretary", password=PASSWORD):
    return client.post("/api/login", json={"name": name, "password": password})


def assert_locked(answer, longest: int) -> None:
    assert answer.status_code == 429
    waited = LOCKED.fullmatch(answer.json()["detail"])
    assert waited, answer.json()
    assert answer.headers["Retry-After"] == waited[1]
    assert 0 < int(waited[1]) <= longest


def test_failures_lock_a_name_for_their_address_only(served):
    with served.client() as attacker, served.client(address="127.0.0.2") as owner:
        assert [log_in(attacker, password=f"wrong {n}").status_code for n in range(5)] == [401] * 5
        assert_locked(log_in(attacker), 60)  # even the right password, from that address
        assert_locked(log_in(attacker, password="wrong again"), 120)  # a failure while locked is not counted
        answer = log_in(owner)  # the owner, elsewhere, is not locked out
        assert answer.status_code == 200
        assert owner.get("/api/me").json()["name"] == "secretary"
        assert log_in(attacker, name="admin").status_code == 200  # another name from the same address


def test_the_lock_doubles_with_each_failure_after_it_runs_out(served):
    served.ledger.login_limits = Limits(per_name=2)
    with served.client() as client:
        assert [log_in(client, password="wrong").status_code for _ in range(2)] == [401, 401]
        assert_locked(log_in(client), 60)
        served.ledger.now = lambda: real_now() + timedelta(seconds=61)  # the first lock has run out
        assert log_in(client, password="wrong").status_code == 401
        answer = log_in(client)
        assert_locked(answer, 120)
        assert int(answer.headers["Retry-After"]) > 60


def test_one_address_is_capped_across_every_name(served):
    """Password spraying: 30 failures from one address, each for another name, lock the address
    for every name; another address is untouched."""
    with served.client() as sprayer, served.client(address="127.0.0.2") as other:
        statuses = [log_in(sprayer, name=f"someone{n}", password="Spring2026!").status_code for n in range(30)]
        assert statuses == [401] * 30
        assert_locked(log_in(sprayer, name="admin"), 60)
        assert log_in(other, name="admin").status_code == 200


def test_the_login_page_says_in_chinese_when_to_try_again(api_db):
    url, tokens = api_db
    with Served(url, tokens, pages=True) as server, server.client() as client:
        form = {"username": "secretary", "password": "wrong password"}
        assert [client.post("/login", data=form).status_code for _ in range(5)] == [400] * 5
        page = client.post("/login", data={"username": "secretary", "password": PASSWORD})
        assert page.status_code == 429
        said = re.search(r"此地址登录失败次数过多，请 (\d+) 秒后再试", page.text)
        assert said and page.headers["Retry-After"] == said[1]
        assert "set-cookie" not in page.headers


def test_the_login_page_refuses_a_post_from_another_site(api_db):
    url, tokens = api_db
    with Served(url, tokens, pages=True) as server, server.client() as client:
        form = {"username": "secretary", "password": PASSWORD}
        refused = client.post("/login", data=form, headers={"Origin": "http://evil.example"})
        assert refused.status_code == 403 and "登录请求须来自本站页面" in refused.text
        assert "set-cookie" not in refused.headers
        assert client.post("/login", data=form, headers={"Origin": server.base}).status_code == 303


def test_me_stays_fast_while_eight_threads_send_bad_logins(served):
    served.ledger.login_limits = Limits(per_name=10**6, per_address=10**6)  # keep every login hashing
    stop = threading.Event()

    def bad_logins(n: int) -> None:
        with served.client() as client:
            while not stop.is_set():
                log_in(client, password=f"wrong {n}")

    threads = [threading.Thread(target=bad_logins, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    try:
        time.sleep(0.5)  # the logins are under way
        with served.client("auditor") as reader:
            took = []
            for _ in range(20):
                started = time.perf_counter()
                assert reader.get("/api/me").status_code == 200
                took.append(time.perf_counter() - started)
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    assert statistics.median(took) < 0.2, took
