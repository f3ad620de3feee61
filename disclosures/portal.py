"""The public portal: no login. What a commune disclosed, searchable, as pages, an Atom feed and open data.

These pages are what residents open on their phones, so they read few rows, render small templates and are
safe to cache briefly in front (Cache-Control). Attachments are never served as HTML.
"""

import csv

from django.contrib import messages
from django.contrib.syndication.views import Feed
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from disclosures import services
from disclosures.forms import PortalFilterForm, QuestionForm
from disclosures.models import Attachment, Disclosure, Status, Topic
from disclosures.portal_cache import cached_page
from disclosures.selectors import (
    PortalFilter,
    open_data_rows,
    portal_page,
    public_disclosure,
    public_questions,
    series_versions,
)
from grassroots.forms import show_errors
from grassroots.http import client_address, page_number
from grassroots.tabular import neutralise
from localities.models import AdministrativeUnit, Level

# Residents read; a minute of staleness in a shared cache is harmless and spares the server.
PUBLIC_CACHE = cache_control(public=True, max_age=60)
FIRST_YEAR = 2023  # Law 10/2022 came into force on 1 July 2023


def _unit(code: str) -> AdministrativeUnit:
    return get_object_or_404(
        AdministrativeUnit.objects.only("id", "code", "name", "division_type", "level", "path", "parent_id"),
        code=code,
        is_active=True,
    )


def _years() -> list[int]:
    return list(range(timezone.localdate().year, FIRST_YEAR - 1, -1))


@cached_page
def portal_index(request):
    provinces = AdministrativeUnit.objects.filter(level=Level.PROVINCE, is_active=True).only("code", "name")
    return render(request, "portal/index.html", {"provinces": provinces.order_by("name")})


@cached_page
def unit_page(request, code):
    unit = _unit(code)
    form = PortalFilterForm(request.GET or None, years=_years())
    filters = PortalFilter()
    if form.is_valid():
        data = form.cleaned_data
        filters = PortalFilter(data["topic"], data["year"], data["year"] and data["month"], data["q"].strip())
    page = portal_page(unit, filters, page_number(request))
    children = []
    if unit.level != Level.VILLAGE:
        rows = AdministrativeUnit.objects.filter(parent_id=unit.pk, is_active=True).order_by("name")
        children = [
            (code, AdministrativeUnit.label(name, kind, level, folded))
            for code, name, kind, level, folded in rows.values_list(
                "code", "name", "division_type", "level", "search_name"
            )
        ]
    query = request.GET.copy()
    query.pop("page", None)
    choices = {
        "topics": Topic.choices,
        "years": _years(),
        "months": range(1, 13),
    }
    return render(
        request,
        "portal/unit.html",
        {
            "unit": unit,
            "ancestors": unit.ancestors(),
            "children": children,
            "form": form,
            "filters": filters,
            "page": page,
            "query_string": query.urlencode(),
            "choices": choices,
        },
    )


@cached_page
def disclosure_page(request, pk):
    try:
        disclosure = public_disclosure(pk)
    except Disclosure.DoesNotExist as exc:
        raise Http404 from exc
    return _disclosure_page(request, disclosure, QuestionForm())


def _disclosure_page(request, disclosure, form, status=200):
    versions = series_versions(disclosure)
    current = next((v for v in versions if v.status == Status.PUBLISHED), None)
    return render(
        request,
        "portal/disclosure.html",
        {
            "disclosure": disclosure,
            "ancestors": [*disclosure.unit.ancestors(), disclosure.unit],
            "versions": versions,
            "current": current,
            "attachments": list(disclosure.attachments.all()) if disclosure.status != Status.WITHDRAWN else [],
            "channels": list(disclosure.channels.all()),
            "questions": public_questions(disclosure),
            "form": form,
        },
        status=status,
    )


# No CSRF token: the form acts for no account (anyone may post a question), and cached pages cannot carry
# a per-reader token. Robots are held off by the honeypot, the signed time stamp and the rate limits.
@csrf_exempt
@require_POST
def ask(request, pk):
    disclosure = get_object_or_404(Disclosure.objects.select_related("unit"), pk=pk, status=Status.PUBLISHED)
    form = QuestionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.ask_question(
                disclosure=disclosure,
                kind=data["kind"],
                name=data["name"],
                phone=data["phone"],
                text=data["text"],
                address=client_address(request),
            )
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, _("Thank you. The commune has received it; its answer will appear on this page."))
            return redirect(reverse("portal:disclosure", args=[pk]) + "#hoi")
    return _disclosure_page(request, public_disclosure(pk), form, status=400)


def file_response(file_field, name: str, content_type: str) -> FileResponse:
    """Send a stored file as what it was checked to be; only photos are shown inline, nothing runs as a page."""
    inline = content_type.startswith("image/")
    response = FileResponse(file_field.open("rb"), as_attachment=not inline, filename=name, content_type=content_type)
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@PUBLIC_CACHE
def attachment(request, pk):
    item = get_object_or_404(Attachment.objects.exclude(disclosure__status=Status.WITHDRAWN), pk=pk)
    return file_response(item.file, item.name, item.content_type)


@PUBLIC_CACHE
def channel_photo(request, pk):
    from disclosures.models import ChannelRecord

    record = get_object_or_404(ChannelRecord.objects.exclude(disclosure__status=Status.WITHDRAWN), pk=pk)
    if not record.photo:
        raise Http404
    suffix = record.photo.name.rsplit(".", 1)[-1].lower()
    content_type = {"jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png", "webp": "image/webp"}.get(suffix)
    if content_type is None:
        raise Http404
    return file_response(record.photo, f"anh-{record.pk}.{suffix}", content_type)


def choose_language(request, code):
    """The portal's language switch: a plain link (cached pages carry no form token), kept in a cookie."""
    from django.conf import settings
    from django.utils.http import url_has_allowed_host_and_scheme

    next_url = request.GET.get("next", "/cong-khai/")
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, require_https=request.is_secure()):
        next_url = "/cong-khai/"
    response = redirect(next_url)
    if code in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            code,
            max_age=settings.LANGUAGE_COOKIE_AGE or 365 * 24 * 3600,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE or "Lax",
        )
    return response


# Feeds and open data ---------------------------------------------------------------------------------------


class UnitFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, code):
        return _unit(code)

    def title(self, unit):
        return _("Public disclosures: %(unit)s") % {"unit": unit.name}

    def link(self, unit):
        return reverse("portal:unit", args=[unit.code])

    def subtitle(self, unit):
        return _("What %(unit)s and the units under it made public under Law 10/2022/QH15.") % {"unit": unit.name}

    def items(self, unit):
        return open_data_rows(unit, limit=50)

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.body[:1000]

    def item_link(self, item):
        return reverse("portal:disclosure", args=[item.pk])

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.published_at

    def item_categories(self, item):
        return [item.get_topic_display()]


def _record(request, d: Disclosure) -> dict:
    return {
        "id": d.pk,
        "url": request.build_absolute_uri(reverse("portal:disclosure", args=[d.pk])),
        "title": d.title,
        "topic": d.topic,
        "unit_code": d.unit.code,
        "unit_name": str(d.unit),
        "mandated_item": d.catalogue_item.code if d.catalogue_item else None,
        "legal_basis": d.catalogue_item.article if d.catalogue_item else None,
        "document_number": d.document_number,
        "issued_on": d.issued_on.isoformat(),
        "effective_from": d.effective_from.isoformat(),
        "effective_until": d.effective_until.isoformat() if d.effective_until else None,
        "published_at": d.published_at.isoformat(),
        "version": d.version,
        "on_time": not d.is_late,
    }


@PUBLIC_CACHE
def open_data_json(request, code):
    unit = _unit(code)
    rows = open_data_rows(unit).prefetch_related("attachments")
    disclosures = []
    for d in rows:
        record = _record(request, d)
        record["attachments"] = [
            {
                "name": a.name,
                "url": request.build_absolute_uri(reverse("portal:attachment", args=[a.pk])),
                "content_type": a.content_type,
                "size": a.size,
                "sha256": a.sha256,
            }
            for a in d.attachments.all()
        ]
        disclosures.append(record)
    payload = {
        "unit": {"code": unit.code, "name": unit.name, "level": unit.level},
        "generated_at": timezone.now().isoformat(),
        "licence": "CC BY 4.0",
        "disclosures": disclosures,
    }
    response = JsonResponse(payload, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    return response


CSV_FIELDS = [
    "id",
    "url",
    "title",
    "topic",
    "unit_code",
    "unit_name",
    "mandated_item",
    "legal_basis",
    "document_number",
    "issued_on",
    "effective_from",
    "effective_until",
    "published_at",
    "version",
    "on_time",
]


@PUBLIC_CACHE
def open_data_csv(request, code):
    unit = _unit(code)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="cong-khai-{unit.code}.csv"'
    response["Access-Control-Allow-Origin"] = "*"
    response.write("\ufeff")  # Excel opens UTF-8 CSV with Vietnamese letters only with a byte-order mark
    writer = csv.DictWriter(response, fieldnames=CSV_FIELDS)
    writer.writeheader()
    for d in open_data_rows(unit):
        writer.writerow({key: neutralise(value) for key, value in _record(request, d).items()})
    return response
