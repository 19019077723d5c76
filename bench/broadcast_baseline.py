"""The bare broadcast baseline for ws_fanout.py: a plain ASGI app (no Django, no Channels) that
relays one Redis pub/sub channel to every socket connected to it. What our stack costs is the
difference between this and Sharik's consumer, measured in the same run."""

import asyncio
import os

import redis.asyncio as redis

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
CHANNEL = "bench-baseline"

clients = set()
relay_task = None


async def relay():
    connection = redis.from_url(REDIS_URL)
    pubsub = connection.pubsub()
    await pubsub.subscribe(CHANNEL)
    async for message in pubsub.listen():
        if message["type"] != "message":
            continue
        text = message["data"].decode()
        for send in list(clients):
            try:
                await send({"type": "websocket.send", "text": text})
            except Exception:  # noqa: S112 - a closed socket is dropped on disconnect
                continue


async def app(scope, receive, send):
    global relay_task
    if scope["type"] != "websocket":
        return
    if relay_task is None:
        relay_task = asyncio.get_running_loop().create_task(relay())
    await send({"type": "websocket.accept"})
    clients.add(send)
    try:
        while True:
            event = await receive()
            if event["type"] == "websocket.disconnect":
                break
    finally:
        clients.discard(send)
