"""One write's cost in one process: the benchmark's requests (bench/writes.py: real sessions,
CSRF, the views, PostgreSQL and Redis of deploy/local-prod) handed to Django's WSGI handler
directly, without a server, one after another. Printed: CPU per request beside a bare view's
in the same process, queries per request, and Python's garbage collections meanwhile.

    deploy/local-prod start
    .venv/bin/python bench/in_process.py answering            # a first save of the questionnaire
    .venv/bin/python bench/in_process.py answering --again    # a save onto saved answers
    .venv/bin/python bench/in_process.py signing|commenting [--count 400]

What a server adds (threads, other processes on the same cores) is left out: this says where a
view's own time goes, and whether a change made it cheaper, on a machine too noisy to tell a
10 % change from bench/writes.py's throughput.
"""

import argparse
import gc
import io
import sys
import time
import uuid

import writes  # sets Django up with deploy/local-prod's environment (bench/common.py)
from django.conf import settings
from django.db import connection

from sharik.wsgi import application  # gunicorn's: what a page worker runs


def call(request):
    body = request["body"].encode()
    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": request["path"],
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": str(writes.PORT),
        "HTTP_HOST": f"127.0.0.1:{writes.PORT}",
        "HTTP_COOKIE": request["cookie"],
        "HTTP_ORIGIN": f"http://127.0.0.1:{writes.PORT}",
        "CONTENT_TYPE": "application/x-www-form-urlencoded",
        "CONTENT_LENGTH": str(len(body)),
        "REMOTE_ADDR": "127.0.0.1",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": sys.stderr,
    }
    status = []
    response = application(environ, lambda line, headers: status.append(line.split()[0]))
    b"".join(response)
    response.close()
    return status[0]


def requests_for(write, people, run):
    author = writes.User.objects.get(pk=people[-1][0])
    if write == "signing":
        petition = writes.collecting_petition(f"عريضة قياس في عملية واحدة {run}", author)
        return writes.posts(
            people, f"/ar/petitions/{petition.pk}/sign/", ["action=sign", "accept=on"]
        )
    if write == "commenting":
        discussion = writes.StandardPage.objects.get(
            slug="bench-discussion", locale__language_code=settings.LANGUAGE_CODE
        )
        return writes.posts(
            people,
            f"/ar/threads/{discussion.thread_key}/comment/",
            lambda n: [f"body=comment+{n}+{run}", f"submission={uuid.UUID(int=run * 10**6 + n)}"],
        )
    consultation = writes.consultation_with_responses(0, slug=f"bench-in-process-{run}")
    answers = writes.questionnaire_answers(consultation.questions)
    return writes.posts(people, consultation.url + "questionnaire/", ["action=submit", *answers])


def measure(requests):
    """CPU per request, queries per request, statuses, and the garbage collections meanwhile."""
    collections, started = [], {}

    def timed(phase, info):
        if phase == "start":
            started["at"] = time.perf_counter()
        else:
            collections.append((info["generation"], time.perf_counter() - started["at"]))

    gc.callbacks.append(timed)
    statuses, queries = {}, []

    def counted(execute, sql, params, many, context):  # cheaper than capturing the SQL
        queries.append(None)
        return execute(sql, params, many, context)

    try:
        with connection.execute_wrapper(counted):
            began = time.process_time()
            for request in requests:
                status = call(request)
                statuses[status] = statuses.get(status, 0) + 1
            cpu = (time.process_time() - began) / len(requests)
    finally:
        gc.callbacks.remove(timed)
    return cpu, len(queries) / len(requests), statuses, collections


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("write", choices=["signing", "commenting", "answering"])
    parser.add_argument("--count", type=int, default=400)
    parser.add_argument("--again", action="store_true", help="measure each request sent again")
    options = parser.parse_args()
    run = int(time.time())
    people = writes.residents(2 * options.count, run)
    bare = writes.posts(people[: options.count], "/bench/ok", [])
    chosen = requests_for(options.write, people[options.count :], run)
    for request in bare[:20] + chosen[:1]:  # warm: imports, templates, remembered lookups
        call(request)
    chosen = chosen[1:]
    if options.again:
        for request in chosen:
            call(request)
    bare_cpu, *_rest = measure(bare)
    cpu, queries, statuses, collections = measure(chosen)
    full = [seconds for generation, seconds in collections if generation == 2]
    print(
        f"{options.write}{' again' if options.again else ''}: {cpu * 1000:.2f} ms of CPU a "
        f"request, {cpu / bare_cpu:.1f}× the bare view's {bare_cpu * 1000:.2f} ms; "
        f"{queries:.1f} queries a request; {statuses}"
    )
    print(
        f"garbage collections: {len(collections)}, {sum(s for _g, s in collections) * 1000:.0f} ms "
        f"in all; full ones: {len(full)} ({', '.join(f'{s * 1000:.0f} ms' for s in full) or '-'})"
    )


if __name__ == "__main__":
    main()
