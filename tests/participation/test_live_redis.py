"""The production layer: sockets on two separate ASGI server processes both receive a comment
posted over HTTP, through Redis pub/sub. Needs PostgreSQL and Redis (run in CI)."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import ExitStack
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]  # the project, where sharik/ is

pytestmark = [
    pytest.mark.redis,
    pytest.mark.postgres,
    pytest.mark.skipif(
        not (os.environ.get("REDIS_URL") and os.environ.get("DATABASE_URL")),
        reason="needs REDIS_URL and DATABASE_URL: two server processes must share Redis and "
        "the database",
    ),
    pytest.mark.django_db(transaction=True),
]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def two_servers():
    """Two uvicorn processes on the test database and the test Redis."""
    database = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": (
            f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:"
            f"{database['PORT'] or 5432}/{database['NAME']}"
        ),
        "DJANGO_SETTINGS_MODULE": "sharik.settings",
    }
    ports = [free_port(), free_port()]
    servers = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "sharik.asgi:application",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--lifespan",
                "off",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
        )
        for port in ports
    ]
    try:
        deadline = time.monotonic() + 30
        for port in ports:
            while True:
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.2)
        yield ports
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=10)


def test_comment_posted_over_http_reaches_sockets_on_both_processes(client, two_servers):
    from websockets.sync.client import connect

    from tests.factories import ResidentFactory, make_discussion_page

    page = make_discussion_page(slug="redis-live")
    author = ResidentFactory()

    with ExitStack() as stack:
        sockets = [
            stack.enter_context(
                connect(
                    f"ws://127.0.0.1:{port}/ws/threads/{page.thread_key}/ar/",
                    origin=f"http://127.0.0.1:{port}",
                    open_timeout=10,
                )
            )
            for port in two_servers
        ]
        time.sleep(0.5)  # the subscriptions reach Redis
        client.force_login(author)
        response = client.post(f"/ar/threads/{page.thread_key}/comment/", {"body": "عبر خادمين"})
        assert response.status_code == 302
        for ws in sockets:
            event = json.loads(ws.recv(timeout=5))
            assert event["type"] == "created"
            assert "عبر خادمين" in event["html"]
