#!/usr/bin/env python
"""Live-thread fan-out benchmark: N sockets on one thread, across 2 uvicorn workers, with the
Redis pub/sub channel layer; events published at a set rate. Prints delivery %, p50/p99 latency
and deliveries/s for Sharik's consumer and, in the same run, for a bare broadcast baseline (plain
ASGI app relaying Redis pub/sub, no Django), then a connect/disconnect storm.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sharik_bench REDIS_URL=redis://127.0.0.1:6379/0 \\
        .venv/bin/python bench/ws_fanout.py --clients 1000 --rate 10 --seconds 10 --storm 2000

Goal on a 2-core machine: 1,000 clients at 10 messages/s, 100% delivered, p50 <= 50 ms,
p99 <= 150 ms; a storm of 2,000 sockets with zero errors. Traffic stays on 127.0.0.1.
"""

import argparse
import asyncio
import json
import multiprocessing
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PAYLOAD_HTML = "<article class='comment'>" + "تعليق تجريبي لقياس الأداء " * 20 + "</article>"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(app, port, env, workers=2):
    process = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "uvicorn",
            app,
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--lifespan",
            "off",
            "--log-level",
            "warning",
            "--no-access-log",
            "--ws-max-queue",
            "64",
        ],
        cwd=ROOT,
        env=env,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                time.sleep(1.0)  # both workers up
                return process
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise RuntimeError(f"{app} did not start on port {port}")


def stop_server(process):
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()


# --- Clients (each batch in its own process, so the clients do not starve each other) -------


def client_process(url, origin, count, expected, deadline, ready, results):
    import uvloop

    uvloop.install()
    asyncio.run(_clients(url, origin, count, expected, deadline, ready, results))


async def _clients(url, origin, count, expected, deadline, ready, results):
    from websockets.asyncio.client import connect

    sockets, errors = [], 0
    semaphore = asyncio.Semaphore(100)

    async def open_one():
        nonlocal errors
        async with semaphore:
            try:
                sockets.append(
                    await connect(
                        url, origin=origin, open_timeout=30, max_queue=None, compression=None
                    )
                )
            except Exception:
                errors += 1

    await asyncio.gather(*(open_one() for _ in range(count)))
    ready.put(("ready", len(sockets), errors))
    received = []

    async def listen(ws):
        got = 0
        try:
            while got < expected:
                remaining = deadline - time.time()
                if remaining <= 0:
                    break
                message = await asyncio.wait_for(ws.recv(), timeout=remaining)
                received.append((json.loads(message)["comment_id"], time.time()))
                got += 1
        except (TimeoutError, Exception):
            pass

    await asyncio.gather(*(listen(ws) for ws in sockets))
    await asyncio.gather(*(ws.close() for ws in sockets), return_exceptions=True)
    results.put(received)


def run_fanout(name, url, origin, publish, clients, rate, seconds, client_processes):
    messages = rate * seconds
    deadline = time.time() + 120 + seconds
    ready, results = multiprocessing.Queue(), multiprocessing.Queue()
    shares = [
        clients // client_processes + (i < clients % client_processes)
        for i in range(client_processes)
    ]
    workers = [
        multiprocessing.Process(
            target=client_process, args=(url, origin, share, messages, deadline, ready, results)
        )
        for share in shares
    ]
    for worker in workers:
        worker.start()
    connected = connect_errors = 0
    for _ in workers:
        _tag, opened, errors = ready.get(timeout=180)
        connected += opened
        connect_errors += errors
    time.sleep(1.0)  # subscriptions settle

    sent_at = asyncio.run(publish(messages, rate))
    received = []
    for _ in workers:
        received.extend(results.get(timeout=300))
    for worker in workers:
        worker.join(timeout=30)

    latencies = sorted((recv - sent_at[seq]) * 1000 for seq, recv in received if seq in sent_at)
    expected = clients * messages
    span = (max(r for _s, r in received) - min(sent_at.values())) if received else 0
    return {
        "name": name,
        "clients": connected,
        "connect errors": connect_errors,
        "messages": messages,
        "delivered %": 100.0 * len(latencies) / expected if expected else 0,
        "p50 ms": statistics.median(latencies) if latencies else float("nan"),
        "p99 ms": latencies[int(len(latencies) * 0.99) - 1] if latencies else float("nan"),
        "deliveries/s": len(latencies) / span if span else 0,
    }


async def paced(messages, rate, send_one):
    sent_at = {}
    start = time.time()
    for seq in range(messages):
        target = start + seq / rate
        delay = target - time.time()
        if delay > 0:
            await asyncio.sleep(delay)
        sent_at[seq] = time.time()
        await send_one(seq)
    await asyncio.sleep(0.5)
    return sent_at


def sharik_publisher(thread_key):
    async def publish(messages, rate):
        from channels.layers import get_channel_layer

        from participation.live import group_name

        layer = get_channel_layer()
        group = group_name(thread_key, "ar")

        async def send_one(seq):
            # The same event shape participation.live.publish_comment_event sends.
            text = json.dumps(
                {
                    "type": "created",
                    "comment_id": seq,
                    "parent_id": None,
                    "html": PAYLOAD_HTML,
                },
                ensure_ascii=False,
            )
            await layer.group_send(group, {"type": "thread.event", "text": text})

        try:
            return await paced(messages, rate, send_one)
        finally:
            await layer.flush()

    return publish


def baseline_publisher(redis_url):
    async def publish(messages, rate):
        import redis.asyncio as redis

        from bench.broadcast_baseline import CHANNEL

        connection = redis.from_url(redis_url)

        async def send_one(seq):
            await connection.publish(
                CHANNEL,
                json.dumps(
                    {
                        "type": "created",
                        "comment_id": seq,
                        "parent_id": None,
                        "html": PAYLOAD_HTML,
                        "comment_count": seq + 1,
                    },
                    ensure_ascii=False,
                ),
            )

        try:
            return await paced(messages, rate, send_one)
        finally:
            await connection.aclose()

    return publish


async def storm(url, origin, count):
    """Open ``count`` sockets at once, then close them all; count what failed."""
    from websockets.asyncio.client import connect

    semaphore = asyncio.Semaphore(500)
    errors = 0

    async def one():
        nonlocal errors
        async with semaphore:
            try:
                ws = await connect(url, origin=origin, open_timeout=30)
            except Exception:
                errors += 1
                return None
            return ws

    started = time.time()
    sockets = await asyncio.gather(*(one() for _ in range(count)))
    opened = time.time() - started
    results = await asyncio.gather(*(ws.close() for ws in sockets if ws), return_exceptions=True)
    errors += sum(isinstance(result, Exception) for result in results)
    return {"sockets": count, "errors": errors, "seconds to open all": opened}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=1000)
    parser.add_argument("--rate", type=int, default=10, help="messages per second")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--storm", type=int, default=2000)
    parser.add_argument("--client-processes", type=int, default=2)
    args = parser.parse_args()

    os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/sharik_bench")
    os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/0")
    os.environ["DJANGO_SETTINGS_MODULE"] = "sharik.settings"
    sys.path.insert(0, str(ROOT))
    ensure_database(os.environ["DATABASE_URL"])
    env = {**os.environ}
    subprocess.run(
        [PYTHON, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )
    thread_key = (
        subprocess.run(
            [PYTHON, "manage.py", "load_bench_data"],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )

    import django

    django.setup()
    rows = []
    port = free_port()
    server = start_server("sharik.asgi:application", port, env)
    try:
        origin = f"http://127.0.0.1:{port}"
        url = f"ws://127.0.0.1:{port}/ws/threads/{thread_key}/ar/"
        rows.append(
            run_fanout(
                "Sharik (Django + Channels)",
                url,
                origin,
                sharik_publisher(thread_key),
                args.clients,
                args.rate,
                args.seconds,
                args.client_processes,
            )
        )
        storm_result = asyncio.run(storm(url, origin, args.storm))
    finally:
        stop_server(server)

    port = free_port()
    server = start_server("bench.broadcast_baseline:app", port, env)
    try:
        rows.append(
            run_fanout(
                "bare ASGI baseline",
                f"ws://127.0.0.1:{port}/",
                f"http://127.0.0.1:{port}",
                baseline_publisher(env["REDIS_URL"]),
                args.clients,
                args.rate,
                args.seconds,
                args.client_processes,
            )
        )
    finally:
        stop_server(server)

    print(
        f"\nFan-out: {args.clients} clients, {args.rate} msg/s for {args.seconds} s, "
        f"2 uvicorn workers, Redis pub/sub layer, {os.cpu_count()} cores"
    )
    header = [
        "name",
        "clients",
        "connect errors",
        "delivered %",
        "p50 ms",
        "p99 ms",
        "deliveries/s",
    ]
    print(" | ".join(f"{h:>26}" if i == 0 else f"{h:>14}" for i, h in enumerate(header)))
    for row in rows:
        cells = []
        for i, key in enumerate(header):
            value = row[key]
            text = f"{value:.1f}" if isinstance(value, float) else str(value)
            cells.append(f"{text:>26}" if i == 0 else f"{text:>14}")
        print(" | ".join(cells))
    sharik, baseline = rows
    if baseline["p50 ms"] and baseline["deliveries/s"]:
        print(
            f"Cost of the stack: p50 x{sharik['p50 ms'] / baseline['p50 ms']:.2f}, "
            f"p99 x{sharik['p99 ms'] / baseline['p99 ms']:.2f}"
        )
    print(
        f"Connect/disconnect storm: {storm_result['sockets']} sockets, "
        f"{storm_result['errors']} errors, all open in "
        f"{storm_result['seconds to open all']:.1f} s"
    )
    goal = (
        sharik["delivered %"] == 100.0
        and sharik["p50 ms"] <= 50
        and sharik["p99 ms"] <= 150
        and storm_result["errors"] == 0
    )
    print(
        "Goal (100% delivered, p50 <= 50 ms, p99 <= 150 ms, storm without error):",
        "met" if goal else "NOT met",
    )


def ensure_database(database_url):
    """Create the benchmark database if it does not exist."""
    import psycopg

    name = database_url.rsplit("/", 1)[1]
    admin_url = database_url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')


if __name__ == "__main__":
    main()
