"""Disclosure API: officials' endpoints through the scoping layer, and open endpoints for the portal's data."""

from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile

from accounts.scoping import Action, can, may_edit_catalogue, require, visible_units
from disclosures import services
from disclosures.models import CatalogueItem, ChannelRecord, Disclosure, QuestionStatus, Topic
from disclosures.models import Status as DisclosureStatus
from disclosures.selectors import (
    PortalFilter,
    commune_compliance,
    disclosures_for,
    portal_page,
    province_rollup,
    public_questions,
    questions_for,
    require_change,
)
from disclosures.services import ChannelInput, DisclosureInput
from grassroots.api_params import page_query, year_query
from localities.models import AdministrativeUnit, Level

router = Router(tags=["disclosures"])
public_router = Router(tags=["public portal"], auth=None)


class CatalogueItemOut(Schema):
    id: int
    code: str
    title: str
    article: str
    topic: str
    level: int
    required_channels: list[str]
    min_posting_days: int
    deadline_working_days: int
    recurrence: str
    due_month: int | None
    due_day: int | None
    is_active: bool
    version: int


class AttachmentOut(Schema):
    id: int
    name: str
    kind: str
    content_type: str
    size: int
    sha256: str


class ChannelOut(Schema):
    id: int
    channel: str
    started_on: date
    ended_on: date | None
    note: str
    has_photo: bool

    @staticmethod
    def resolve_has_photo(obj):
        return bool(obj.photo)


class DisclosureOut(Schema):
    id: int
    series_id: int
    version: int
    status: str
    unit_code: str
    title: str
    topic: str
    mandated_item: str | None
    document_number: str
    issued_on: date
    effective_from: date
    effective_until: date | None
    published_at: datetime
    due_on: date | None
    is_late: bool
    taken_down_early: bool
    radio_short: bool

    @staticmethod
    def resolve_unit_code(obj):
        return obj.unit.code

    @staticmethod
    def resolve_mandated_item(obj):
        return obj.catalogue_item.code if obj.catalogue_item_id else None


class DisclosureDetailOut(DisclosureOut):
    body: str
    correction_note: str
    withdrawal_reason: str
    attachments: list[AttachmentOut]
    channels: list[ChannelOut]

    @staticmethod
    def resolve_attachments(obj):
        return list(obj.attachments.all()) if obj.status != DisclosureStatus.WITHDRAWN else []

    @staticmethod
    def resolve_channels(obj):
        return list(obj.channels.all())


class DisclosurePage(Schema):
    page: int
    has_next: bool
    items: list[DisclosureOut]


class PublicSummaryOut(Schema):
    id: int
    version: int
    title: str
    topic: str
    unit_code: str
    unit_name: str
    published_at: datetime

    @staticmethod
    def resolve_unit_code(obj):
        return obj.unit.code

    @staticmethod
    def resolve_unit_name(obj):
        return str(obj.unit)


class PublicPage(Schema):
    page: int
    has_next: bool
    items: list[PublicSummaryOut]


class DisclosureIn(Schema):
    unit_code: str
    title: str
    topic: str = ""
    mandated_item: str | None = None
    body: str = ""
    document_number: str = ""
    issued_on: date
    effective_from: date | None = None
    effective_until: date | None = None


class CorrectionIn(DisclosureIn):
    correction_note: str
    keep_attachment_ids: list[int] | None = None


class ChannelIn(Schema):
    channel: str
    started_on: date
    ended_on: date | None = None
    note: str = ""


class ReasonIn(Schema):
    reason: str


class AnswerIn(Schema):
    answer: str


class QuestionOut(Schema):
    id: int
    disclosure_id: int
    kind: str
    name: str
    phone: str
    text: str
    status: str
    answer: str
    created_at: datetime
    answered_at: datetime | None


class PublicQuestionOut(Schema):
    kind: str
    name: str
    text: str
    answer: str
    created_at: datetime
    answered_at: datetime | None


class PublicDisclosureOut(DisclosureDetailOut):
    questions: list[PublicQuestionOut]

    @staticmethod
    def resolve_questions(obj):
        return public_questions(obj)


class ItemStandingOut(Schema):
    mandated_item: str
    title: str
    status: str
    due: date | None
    disclosure_ids: list[int]


class CommuneRollupOut(Schema):
    commune_code: str
    commune_name: str
    counts: dict[str, int]
    share_on_time: float | None


class ComplianceOut(Schema):
    unit_code: str
    year: int
    items: list[ItemStandingOut] | None = None
    communes: list[CommuneRollupOut] | None = None


def _unit(user, code: str, action: Action) -> AdministrativeUnit:
    unit = get_object_or_404(visible_units(user, Action.VIEW_DISCLOSURES), code=code)
    require(user, action, unit)
    return unit


def _input(payload: DisclosureIn, files) -> DisclosureInput:
    item = None
    if payload.mandated_item:
        item = CatalogueItem.objects.filter(code=payload.mandated_item).first()
        if item is None:
            raise ValidationError({"mandated_item": ["Unknown mandated item code."]})
    return DisclosureInput(
        title=payload.title,
        topic=payload.topic or (item.topic if item else "other"),
        issued_on=payload.issued_on,
        effective_from=payload.effective_from or payload.issued_on,
        body=payload.body,
        document_number=payload.document_number,
        effective_until=payload.effective_until,
        catalogue_item=item,
        files=list(files or []),
    )


def _editable(request, disclosure_id: int) -> Disclosure:
    disclosure = get_object_or_404(disclosures_for(request.user).select_related("unit"), pk=disclosure_id)
    require_change(request.user, disclosure)
    return disclosure


@router.get("/catalogue", response=list[CatalogueItemOut])
def catalogue(request):
    return list(CatalogueItem.objects.order_by("topic", "code"))


class CatalogueItemIn(Schema):
    title: str
    article: str
    topic: str
    level: int = 2
    required_channels: list[str]
    min_posting_days: int
    deadline_working_days: int
    recurrence: str
    due_month: int | None = None
    due_day: int | None = None
    is_active: bool = True
    reason: str


@router.put("/catalogue/{code}", response=CatalogueItemOut)
def update_catalogue_item(request, code: str, payload: CatalogueItemIn):
    """Change a mandated item (province-level system administrators); its version goes up."""
    if not may_edit_catalogue(request.user):
        raise PermissionDenied
    item = get_object_or_404(CatalogueItem, code=code)
    values = payload.dict()
    reason = values.pop("reason")
    return services.update_catalogue_item(by=request.user, item=item, reason=reason, **values)


@router.get("", response=DisclosurePage)
def list_disclosures(
    request,
    unit: str | None = None,
    status: DisclosureStatus | None = DisclosureStatus.PUBLISHED,
    page: int = page_query(),
):
    rows = disclosures_for(request.user).select_related("unit", "catalogue_item")
    if unit:
        target = _unit(request.user, unit, Action.VIEW_DISCLOSURES)
        rows = rows.filter(unit_path__startswith=target.path)
    if status:
        rows = rows.filter(status=status)
    chunk = list(rows.order_by("-published_at", "-id")[(page - 1) * 50 : page * 50 + 1])
    return {"page": page, "has_next": len(chunk) > 50, "items": chunk[:50]}


@router.post("", response={201: DisclosureDetailOut})
def create_disclosure(request, payload: Form[DisclosureIn], files: File[list[UploadedFile]] = None):
    unit = _unit(request.user, payload.unit_code, Action.PUBLISH_DISCLOSURES)
    data = _input(payload, files)
    data.channels = [ChannelInput("portal", timezone.localdate())]
    disclosure = services.publish_disclosure(by=request.user, unit=unit, data=data)
    return Status(201, disclosure)


@router.get("/{disclosure_id}", response=DisclosureDetailOut)
def get_disclosure(request, disclosure_id: int):
    return get_object_or_404(disclosures_for(request.user).select_related("unit", "catalogue_item"), pk=disclosure_id)


@router.post("/{disclosure_id}/corrections", response={201: DisclosureDetailOut})
def correct(request, disclosure_id: int, payload: Form[CorrectionIn], files: File[list[UploadedFile]] = None):
    disclosure = _editable(request, disclosure_id)
    new = services.correct_disclosure(
        by=request.user,
        disclosure=disclosure,
        data=_input(payload, files),
        note=payload.correction_note,
        keep_attachments=payload.keep_attachment_ids,
    )
    return Status(201, new)


@router.post("/{disclosure_id}/withdrawal", response=DisclosureDetailOut)
def withdraw(request, disclosure_id: int, payload: ReasonIn):
    return services.withdraw_disclosure(
        by=request.user, disclosure=_editable(request, disclosure_id), reason=payload.reason
    )


@router.post("/{disclosure_id}/channels", response={201: ChannelOut})
def add_channel(request, disclosure_id: int, payload: ChannelIn):
    disclosure = _editable(request, disclosure_id)
    entry = ChannelInput(payload.channel, payload.started_on, payload.ended_on, None, payload.note)
    return Status(201, services.record_channel(by=request.user, disclosure=disclosure, entry=entry))


class EndChannelIn(Schema):
    ended_on: date


@router.post("/channels/{channel_id}/end", response=ChannelOut)
def end_channel(request, channel_id: int, payload: EndChannelIn):
    record = get_object_or_404(ChannelRecord, pk=channel_id)
    _editable(request, record.disclosure_id)
    return services.end_channel(by=request.user, record=record, ended_on=payload.ended_on)


@router.get("/questions/", response=list[QuestionOut])
def list_questions(request, status: QuestionStatus = QuestionStatus.PENDING):
    """Questions on the caller's disclosures; the resident's phone only to those who answer them."""
    questions = list(
        questions_for(request.user)
        .filter(status=status)
        .select_related("disclosure__unit")
        .order_by("created_at")[:200]
    )
    for question in questions:
        if not can(request.user, Action.PUBLISH_DISCLOSURES, question.disclosure.unit):
            question.phone = ""
    return questions


def _question(request, question_id: int):
    question = get_object_or_404(questions_for(request.user).select_related("disclosure__unit"), pk=question_id)
    require(request.user, Action.PUBLISH_DISCLOSURES, question.disclosure.unit)
    return question


@router.post("/questions/{question_id}/answer", response=QuestionOut)
def answer(request, question_id: int, payload: AnswerIn):
    return services.answer_question(by=request.user, question=_question(request, question_id), answer=payload.answer)


@router.post("/questions/{question_id}/hide", response=QuestionOut)
def hide(request, question_id: int, payload: ReasonIn):
    return services.hide_question(by=request.user, question=_question(request, question_id), reason=payload.reason)


@router.get("/compliance/{unit_code}", response=ComplianceOut)
def compliance(request, unit_code: str, year: int | None = year_query()):
    unit = _unit(request.user, unit_code, Action.VIEW_DISCLOSURES)
    year = year or timezone.localdate().year
    if unit.level == Level.PROVINCE:
        communes = [
            {
                "commune_code": r.commune.code,
                "commune_name": r.commune.name,
                "counts": {str(k): v for k, v in r.counts.items()},
                "share_on_time": r.share_on_time,
            }
            for r in province_rollup(unit, year)
        ]
        return {"unit_code": unit.code, "year": year, "communes": communes}
    if unit.level != Level.COMMUNE:
        raise Http404
    items = [
        {
            "mandated_item": s.item.code,
            "title": s.item.title,
            "status": str(s.status),
            "due": s.due,
            "disclosure_ids": [d.pk for d in s.disclosures],
        }
        for s in commune_compliance(unit, year)
    ]
    return {"unit_code": unit.code, "year": year, "items": items}


# Public: what the portal shows, as data ----------------------------------------------------------------------


@public_router.get("/units/{unit_code}/disclosures", response=PublicPage)
def public_list(
    request,
    unit_code: str,
    q: str = "",
    topic: Topic | None = None,
    year: int | None = year_query(),
    month: int | None = Query(None, ge=1, le=12),
    page: int = page_query(),
):
    """A unit's current disclosures, newest first; `q` must contain every word (diacritics optional)."""
    unit = get_object_or_404(AdministrativeUnit, code=unit_code, is_active=True)
    result = portal_page(unit, PortalFilter(topic or "", year, month if year else None, q.strip()), page)
    return {"page": result.number, "has_next": result.has_next, "items": result.items}


@public_router.get("/disclosures/{disclosure_id}", response=PublicDisclosureOut)
def public_detail(request, disclosure_id: int):
    return get_object_or_404(Disclosure.objects.select_related("unit", "catalogue_item"), pk=disclosure_id)
