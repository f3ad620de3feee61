"""Whole-page caching of the public portal, invalidated by a version number that every change bumps.

Residents' pages are the same for everyone who reads in the same language, and most readers open the same
few pages (their commune's, the latest notices), so a rendered page is kept in each worker's memory and
served again until something public changes. Reading the version costs one indexed row; a change anywhere
bumps it (in the same transaction as the change), so no page is ever served stale after a commit.
"""

from functools import wraps

from django.core.cache import caches
from django.db import connection
from django.db.models import F
from django.http import HttpResponse
from django.utils.cache import patch_cache_control

from disclosures.models import PortalState

TTL_SECONDS = 600


def bump() -> None:
    if not PortalState.objects.filter(pk=1).update(version=F("version") + 1):
        PortalState.objects.create(pk=1, version=2)


def current_version() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT version FROM disclosures_portalstate WHERE id = 1")
        row = cursor.fetchone()
    return row[0] if row else 0


def remember(key: str, compute):
    """A value computed from public data (`compute()`), kept in this worker until the portal's version moves on."""
    cache = caches["portal"]
    versioned = f"{current_version()}:value:{key}"
    value = cache.get(versioned)
    if value is None:
        value = compute()
        cache.set(versioned, value, TTL_SECONDS)
    return value


def cached_page(view):
    """Serve a GET from the portal cache when nothing public changed since it was rendered."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        # A flash message (after asking a question) belongs to one reader: render, and do not keep it.
        if request.method != "GET" or "messages" in request.COOKIES:
            return view(request, *args, **kwargs)
        cache = caches["portal"]
        key = f"{current_version()}:{request.LANGUAGE_CODE}:{request.get_full_path()}"
        hit = cache.get(key)
        if hit is not None:
            status, content_type, content = hit
            response = HttpResponse(content, status=status, content_type=content_type)
        else:
            response = view(request, *args, **kwargs)
            if response.status_code in (200, 404) and not response.streaming and not response.cookies:
                cache.set(key, (response.status_code, response["Content-Type"], response.content), TTL_SECONDS)
        patch_cache_control(response, public=True, max_age=60)
        return response

    return wrapper
