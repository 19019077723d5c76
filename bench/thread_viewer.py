"""A resident reading a thread while it is written to, for bench/writes.py: one socket on the
thread's live group, a process of its own.

    python bench/thread_viewer.py ws://127.0.0.1:8080/ws/threads/<key>/ar/ http://127.0.0.1:8080

Prints "ready" once the socket is open, then, when nothing has arrived for ``IDLE_SECONDS``
after the first event (or after ``LIMIT_SECONDS`` in all), the number of comment events
received: the comments the page would have shown live.
"""

import asyncio
import json
import sys
import time

IDLE_SECONDS = 5
LIMIT_SECONDS = 600


async def view(url, origin):
    from websockets.asyncio.client import connect

    comments = set()
    started = time.monotonic()
    async with connect(url, origin=origin, max_queue=None) as socket:
        print("ready", flush=True)
        while time.monotonic() - started < LIMIT_SECONDS:
            timeout = IDLE_SECONDS if comments else LIMIT_SECONDS
            try:
                event = json.loads(await asyncio.wait_for(socket.recv(), timeout))
            except TimeoutError:
                break
            if event.get("type") == "created" and event.get("html"):
                comments.add(event["comment_id"])
    print(len(comments), flush=True)


if __name__ == "__main__":
    asyncio.run(view(sys.argv[1], sys.argv[2]))
