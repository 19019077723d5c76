"""gunicorn serves Sharik's pages (WSGI). Sockets (/ws/) are served by uvicorn, see
sharik-ws.service; nginx routes between them (nginx.conf)."""

import multiprocessing

wsgi_app = "sharik.wsgi:application"
bind = "127.0.0.1:8001"
workers = multiprocessing.cpu_count() * 2 + 1
worker_class = "gthread"
threads = 4
timeout = 30
# nginx keeps its connections to gunicorn open between requests (upstream keepalive) and closes
# one after 4 s idle. gunicorn must not close one first: a request nginx sends on a connection
# gunicorn is closing is reset, and nginx answers 502 without retrying a POST (a signature lost
# under load, bench/README.md). So gunicorn waits a little longer than nginx; both short, so
# connections are spread again among the workers often.
keepalive = 5
graceful_timeout = 30
max_requests = 50000
max_requests_jitter = 5000
forwarded_allow_ips = "127.0.0.1"
accesslog = "-"
errorlog = "-"
