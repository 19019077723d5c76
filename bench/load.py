"""The load generator of the write benchmarks, a process of its own: HTTP/1.1 keep-alive
connections from asyncio, no third-party client.

    python bench/load.py plan.json  →  prints one JSON line of results

``plan.json``: ``{"host": "127.0.0.1", "port": 8080, "connections": 64, "seconds": 20,
"requests": [{"path": …, "cookie": …, "body": …, "double": false}, …]}``. Each connection takes
the next request from the list until the list or the time runs out; a request marked ``double``
is sent a second time as soon as its first answer arrives (a double submit). Printed: requests
answered, seconds, requests/s, latency percentiles, and answers by HTTP status.
"""

import asyncio
import json
import sys
import time


async def exchange(reader, writer, head, body):
    writer.write(head + body)
    await writer.drain()
    status_line = await reader.readline()
    if not status_line:
        raise ConnectionError("closed")
    status = int(status_line.split()[1])
    length, chunked, closing = 0, False, False
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b"\n", b""):
            break
        name, _, value = line.decode("latin-1").partition(":")
        name, value = name.strip().lower(), value.strip()
        if name == "content-length":
            length = int(value)
        elif name == "transfer-encoding" and "chunked" in value.lower():
            chunked = True
        elif name == "connection" and value.lower() == "close":
            closing = True
    if chunked:
        while True:
            size = int((await reader.readline()).strip(), 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    elif length:
        await reader.readexactly(length)
    return status, closing


def request_bytes(host, port, item):
    body = item.get("body", "").encode()
    method = "POST" if item.get("body") is not None else "GET"
    lines = [
        f"{method} {item['path']} HTTP/1.1",
        f"Host: {host}:{port}",
        "Connection: keep-alive",
    ]
    if item.get("cookie"):
        lines.append(f"Cookie: {item['cookie']}")
    if method == "POST":
        lines.append("Content-Type: application/x-www-form-urlencoded")
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode(), body


async def connection_loop(plan, queue, deadline, latencies, statuses):
    host, port = plan["host"], plan["port"]
    reader = writer = None
    while time.monotonic() < deadline:
        try:
            item = queue.get_nowait()
        except asyncio.QueueEmpty:
            break
        head, body = request_bytes(host, port, item)
        for _ in range(2 if item.get("double") else 1):
            if writer is None:
                reader, writer = await asyncio.open_connection(host, port)
            started = time.perf_counter()
            try:
                status, closing = await exchange(reader, writer, head, body)
            except (ConnectionError, asyncio.IncompleteReadError, OSError):
                statuses["error"] = statuses.get("error", 0) + 1
                writer.close()
                reader = writer = None
                continue
            latencies.append(time.perf_counter() - started)
            statuses[str(status)] = statuses.get(str(status), 0) + 1
            if closing:
                writer.close()
                reader = writer = None
    if writer is not None:
        writer.close()


async def run(plan):
    queue = asyncio.Queue()
    for item in plan["requests"]:
        queue.put_nowait(item)
    latencies, statuses = [], {}
    started = time.monotonic()
    deadline = started + plan["seconds"]
    await asyncio.gather(
        *(
            connection_loop(plan, queue, deadline, latencies, statuses)
            for _ in range(plan["connections"])
        )
    )
    elapsed = time.monotonic() - started
    latencies.sort()

    def percentile(share):
        return 1000 * latencies[min(len(latencies) - 1, int(share * len(latencies)))]

    return {
        "requests": len(latencies),
        "seconds": elapsed,
        "rate": len(latencies) / elapsed,
        "p50": percentile(0.50) if latencies else 0,
        "p99": percentile(0.99) if latencies else 0,
        "statuses": statuses,
        "left": queue.qsize(),
    }


if __name__ == "__main__":
    with open(sys.argv[1]) as file:
        print(json.dumps(asyncio.run(run(json.load(file)))))
