from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.utils import translation
from django.utils.translation import get_supported_language_variant
from django.utils.translation import gettext as _


class LanguageMiddleware:
    """Vietnamese unless the user chose another language with the switch (kept in the language cookie).

    Django's LocaleMiddleware would follow the browser's Accept-Language; many phones here are set to English
    while their owners read Vietnamese, so only an explicit choice changes the language.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        try:
            language = get_supported_language_variant(chosen) if chosen else settings.LANGUAGE_CODE
        except LookupError:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        response.headers.setdefault("Vary", "Cookie")
        return response


class RequestSizeLimitMiddleware:
    """Refuse a request whose declared body is larger than REQUEST_MAX_MB with 413, before it is read.

    Checking a file's size in a form comes too late: by then the whole body has been received and spooled to
    disk. The declared Content-Length is enough, because Django never reads past it (its LimitedStream stops
    there), so a body that lies about its length is cut at the length it declared.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit_mb = settings.REQUEST_MAX_MB
        if length > limit_mb * 1024 * 1024:
            translation.activate(settings.LANGUAGE_CODE)
            detail = _("The request is too large: at most %(mb)d MB can be sent at once.") % {"mb": limit_mb}
            if request.path.startswith("/api/"):
                response = JsonResponse({"reason": "too_large", "detail": detail}, status=413)
            else:
                response = HttpResponse(detail, status=413, content_type="text/plain; charset=utf-8")
            return response
        return self.get_response(request)
