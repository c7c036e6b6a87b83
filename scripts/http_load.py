"""A light HTTP load generator for the benchmarks: N keep-alive connections on one asyncio loop,
each sending its next request as soon as the last answer is in (a closed loop, like N people).

httpx in 32 threads spent more CPU per request than the service's explain itself, on the same
2 cores, and its threads queued for the interpreter lock: both showed up as the service's latency.
Here each request is bytes made once; an answer is read by its Content-Length. Run in its own
process (`run_in_process`), so that it does not share an interpreter with whoever starts it.
"""

from __future__ import annotations

import asyncio
import json
import multiprocessing
import time

Request = bytes  # one whole HTTP/1.1 request, headers and body


def request(method: str, port: int, path: str, token: str, body: dict | None = None) -> Request:
    payload = json.dumps(body).encode() if body is not None else b""
    head = (f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAuthorization: Bearer {token}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(payload)}\r\n\r\n")
    return head.encode() + payload


async def _answer(reader: asyncio.StreamReader) -> int:
    """The status of one answer, its body read and dropped."""
    head = await reader.readuntil(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    if length:
        await reader.readexactly(length)
    return int(head.split(b" ", 2)[1])


async def _client(port: int, requests: list[Request], measure_from: float, stop: float,
                  latencies: list[float], warming: list[float], errors: list[int]) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    turn = 0
    try:
        while time.monotonic() < stop:
            begun = time.monotonic()
            started = time.perf_counter()
            writer.write(requests[turn % len(requests)])
            status = await _answer(reader)
            elapsed = time.perf_counter() - started
            turn += 1
            if status not in (200, 201):
                errors[0] += 1
            elif begun >= measure_from:
                latencies.append(elapsed)
            else:
                warming.append(elapsed)
    finally:
        writer.close()


async def _all(port: int, per_client: list[list[Request]], warmup: float,
               seconds: float) -> tuple[list[float], list[float], int]:
    latencies: list[float] = []
    warming: list[float] = []
    errors = [0]
    measure_from = time.monotonic() + warmup
    stop = measure_from + seconds
    await asyncio.gather(*(_client(port, requests, measure_from, stop, latencies, warming, errors)
                           for requests in per_client))
    return latencies, warming, errors[0]


def _child(port: int, per_client: list[list[Request]], warmup: float, seconds: float,
           out: "multiprocessing.Queue") -> None:
    started = time.process_time()
    latencies, warming, errors = asyncio.run(_all(port, per_client, warmup, seconds))
    out.put((latencies, warming, errors, time.process_time() - started))


def run_in_process(port: int, per_client: list[list[Request]], seconds: float,
                   warmup: float = 0) -> tuple[list[float], list[float], int, float]:
    """Each client sends its own requests in turn for `warmup` then `seconds`; returns the 2xx
    latencies (s) of requests sent after the warm-up, those sent during it, the count of other
    answers, and the CPU seconds the load generator itself used."""
    out: multiprocessing.Queue = multiprocessing.Queue()
    child = multiprocessing.Process(target=_child, args=(port, per_client, warmup, seconds, out))
    child.start()
    result = out.get()
    child.join()
    return result
