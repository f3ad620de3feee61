import time

from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache


@never_cache
def healthz(request):
    """Liveness and database status for load balancers and monitors."""
    started = time.perf_counter()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        database = {"status": "ok", "vendor": connection.vendor}
        status = 200
    except Exception as exc:  # any failure means "not healthy"; the detail helps the operator
        database = {"status": "error", "error": exc.__class__.__name__}
        status = 503
    database["latency_ms"] = round((time.perf_counter() - started) * 1000, 2)
    return JsonResponse({"status": "ok" if status == 200 else "error", "database": database}, status=status)


def ping(request):
    """Touches no database: the benchmark's ceiling for what the stack can serve."""
    return JsonResponse({"pong": True})
