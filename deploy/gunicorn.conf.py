"""gunicorn serves Sharik's pages (WSGI). Sockets (/ws/) are served by uvicorn, see
sharik-ws.service; nginx routes between them (nginx.conf)."""

import multiprocessing

wsgi_app = "sharik.wsgi:application"
bind = "127.0.0.1:8001"
workers = multiprocessing.cpu_count() * 2 + 1
worker_class = "gthread"
threads = 4
# One queue for all the workers: a worker takes a connection only when a thread of its own is
# free (worker_connections = threads), and nginx opens one connection per request (no upstream
# keepalive: nginx.conf), so waiting requests wait in the listening socket's queue, first come
# first served, for whichever worker frees first. With nginx's connections kept open, each was
# tied to the worker that accepted it, and the workers held them unevenly (34, 19 and 11 of 64
# under bench/writes.py): a request waited for the threads of its connection's worker while
# another worker idled. Measured (bench/README.md): the bare view's p99 333 ms → 104 ms, its
# throughput unchanged or better. Closing after each response also leaves no idle connection
# for nginx to reuse while gunicorn closes it (the 502 that keepalive timeouts once had to
# avoid).
worker_connections = threads
timeout = 30
keepalive = 0
graceful_timeout = 30
max_requests = 50000
max_requests_jitter = 5000
forwarded_allow_ips = "127.0.0.1"
accesslog = "-"
errorlog = "-"
