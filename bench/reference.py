"""The bare-view references every benchmark measures beside Sharik, in the same run, on the same
server: a Django view returning "ok", and one doing a single ``INSERT … ON CONFLICT DO NOTHING``
(the cost of a signature's one essential statement). Both sit behind the whole middleware stack,
so a POST to them carries the same session and CSRF checks as a real form.

Mounted only when ``SHARIK_BENCH_REFERENCE=1`` (deploy/local-prod sets it), under /bench/.
"""

from django.db import connection
from django.http import HttpResponse
from django.urls import path

TABLE = "bench_reference_insert"


def ok(request):
    return HttpResponse("ok", content_type="text/plain")


def insert(request):
    key = request.POST.get("key", "") if request.method == "POST" else request.GET.get("key", "")
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {TABLE} (key) VALUES (%s) ON CONFLICT DO NOTHING",
            [key],
        )
    return HttpResponse("ok", content_type="text/plain")


def create_table():
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE IF NOT EXISTS {TABLE} (key varchar(64) PRIMARY KEY)")
        cursor.execute(f"TRUNCATE {TABLE}")


urlpatterns = [path("ok", ok), path("insert", insert)]
