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


class NulCharacterMiddleware:
    """Refuse a path or query parameter holding a NUL character (%00) before any view uses it.

    No text of ours holds one, and PostgreSQL cannot store or even compare one: a search or a code lookup with
    it would end in a server error. Pages' forms refuse it on their own (Django's CharField), the API's form
    fields are checked here, and JSON bodies by the API's parser (grassroots.api.TextParser).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        values = [request.path, *request.GET.keys(), *(v for _key, vs in request.GET.lists() for v in vs)]
        if request.path.startswith("/api/") and request.method == "POST" and request.content_type != "application/json":
            # The API's form endpoints (disclosures with files) take their fields from here, not from a form.
            values += [*request.POST.keys(), *(v for _key, vs in request.POST.lists() for v in vs)]
        if any("\x00" in value for value in values):
            translation.activate(settings.LANGUAGE_CODE)
            detail = _("A parameter holds a NUL character (%00), which no parameter may contain.")
            if request.path.startswith("/api/"):
                return JsonResponse({"reason": "nul_character", "detail": detail}, status=422)
            return HttpResponse(detail, status=400, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
