"""Consultations in the API: officials' endpoints through the scoping layer, and open ones for residents."""

from datetime import date, datetime

from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status

from accounts.scoping import Action, require, visible_units
from consultations import drafts, selectors, services
from consultations.models import Consultation, Opinion, OpinionGroup
from consultations.models import Status as ConsultationStatus
from grassroots.api_params import limit_query, offset_query
from grassroots.http import client_address
from localities.models import PATH_END

router = Router(tags=["consultations"])
public_router = Router(tags=["public consultations"], auth=None)


class SectionOut(Schema):
    key: str
    heading: str
    text: str


class CountsOut(Schema):
    opinions: int
    answered: int
    hidden: int
    groups: int
    by_answer: dict[str, int]
    by_channel: dict[str, int]


class ConsultationOut(Schema):
    id: int
    unit_code: str
    title: str
    subject: str
    audience: str
    audience_note: str
    opens_on: date
    closes_on: date
    status: str
    published_at: datetime | None
    closed_at: datetime | None

    @staticmethod
    def resolve_unit_code(obj):
        return obj.unit.code


class ConsultationDetailOut(ConsultationOut):
    version: int
    sections: list[SectionOut]
    counts: CountsOut

    @staticmethod
    def resolve_version(obj):
        return services.current_version(obj).number

    @staticmethod
    def resolve_sections(obj):
        return selectors.sections_of(services.current_version(obj))

    @staticmethod
    def resolve_counts(obj):
        counts = selectors.counts(obj)
        return {**counts.__dict__, "answered": counts.answered}


class ConsultationIn(Schema):
    unit_code: str
    title: str
    subject: str
    audience: str
    opens_on: date
    closes_on: date
    summary: str = ""
    audience_note: str = ""
    draft_text: str  # sections start with lines such as "Điều 1. …", "I. …" or "# heading"


class OpinionOut(Schema):
    id: int
    section_key: str
    channel: str
    author: str
    source: str
    text: str
    group_id: int | None
    answer: str
    is_hidden: bool
    created_at: datetime

    @staticmethod
    def resolve_answer(obj):
        return obj.group.answer if obj.group_id else "pending"


class PublicOpinionOut(Schema):
    id: int
    section_key: str
    channel: str
    author: str
    text: str
    answer: str
    answer_text: str

    @staticmethod
    def resolve_answer(obj):
        return obj.group.answer if obj.group_id else "pending"

    @staticmethod
    def resolve_answer_text(obj):
        return obj.group.answer_text if obj.group_id else ""


class EnterIn(Schema):
    channel: str
    source: str
    texts: list[str]
    author: str = ""
    section_key: str = ""


class AnswerIn(Schema):
    answer: str
    text: str = ""
    section_key: str = ""
    revised_text: str = ""


class GroupOut(Schema):
    id: int
    key_phrases: list[str]
    answer: str
    answer_text: str
    section_key: str
    revised_text: str
    applied_in_version: int | None

    @staticmethod
    def resolve_applied_in_version(obj):
        return obj.applied_in.number if obj.applied_in_id else None


class GiveIn(Schema):
    name: str
    phone: str
    text: str
    section_key: str = ""


def _consultation(request, consultation_id: int, action=Action.VIEW_CONSULTATIONS) -> Consultation:
    consultation = get_object_or_404(
        selectors.consultations_for(request.user).select_related("unit"), pk=consultation_id
    )
    require(request.user, action, consultation.unit)
    return consultation


@router.get("", response=list[ConsultationOut])
def list_consultations(request, unit_code: str = "", status: ConsultationStatus | None = None):
    rows = selectors.consultations_for(request.user).select_related("unit")
    if unit_code:
        unit = get_object_or_404(visible_units(request.user, Action.VIEW_CONSULTATIONS), code=unit_code)
        rows = rows.filter(unit_path__gte=unit.path, unit_path__lt=unit.path + PATH_END)
    if status:
        rows = rows.filter(status=status)
    return rows[:200]


@router.post("", response={201: ConsultationDetailOut})
def create_consultation(request, payload: ConsultationIn):
    unit = get_object_or_404(visible_units(request.user, Action.RUN_CONSULTATIONS), code=payload.unit_code)
    require(request.user, Action.RUN_CONSULTATIONS, unit)
    data = services.ConsultationInput(**payload.dict(exclude={"unit_code", "draft_text"}))
    sections = drafts.sections_from_text(payload.draft_text)
    return Status(201, services.create_consultation(by=request.user, unit=unit, data=data, sections=sections))


@router.get("/{consultation_id}", response=ConsultationDetailOut)
def get_consultation(request, consultation_id: int):
    return _consultation(request, consultation_id)


@router.post("/{consultation_id}/publish", response=ConsultationDetailOut)
def publish(request, consultation_id: int):
    consultation = _consultation(request, consultation_id, Action.RUN_CONSULTATIONS)
    return services.publish(by=request.user, consultation=consultation)


@router.post("/{consultation_id}/close", response=ConsultationDetailOut)
def close(request, consultation_id: int):
    consultation = _consultation(request, consultation_id, Action.RUN_CONSULTATIONS)
    return services.close_consultation(by=request.user, consultation=consultation)


@router.get("/{consultation_id}/opinions", response=list[OpinionOut])
def list_opinions(request, consultation_id: int, offset: int = offset_query(), limit: int = limit_query(100, 500)):
    consultation = _consultation(request, consultation_id)
    rows = Opinion.objects.filter(consultation=consultation).select_related("group").order_by("id")
    return rows[offset : offset + limit]


@router.post("/{consultation_id}/opinions", response={201: list[OpinionOut]})
def enter_opinions(request, consultation_id: int, payload: EnterIn):
    consultation = _consultation(request, consultation_id, Action.RUN_CONSULTATIONS)
    return Status(201, services.enter_opinions(by=request.user, consultation=consultation, **payload.dict()))


@router.get("/{consultation_id}/groups", response=list[GroupOut])
def list_groups(request, consultation_id: int):
    consultation = _consultation(request, consultation_id)
    return OpinionGroup.objects.filter(consultation=consultation).select_related("applied_in").order_by("id")[:1000]


@router.post("/{consultation_id}/groups/{group_id}/answer", response=GroupOut)
def answer(request, consultation_id: int, group_id: int, payload: AnswerIn):
    consultation = _consultation(request, consultation_id, Action.RUN_CONSULTATIONS)
    group = get_object_or_404(OpinionGroup, consultation=consultation, pk=group_id)
    return services.answer_group(by=request.user, group=group, **payload.dict())


@router.post("/{consultation_id}/opinions/{opinion_id}/answer", response=GroupOut)
def answer_opinion(request, consultation_id: int, opinion_id: int, payload: AnswerIn):
    """Answer one opinion: if it is in no group yet, it gets a group of its own."""
    consultation = _consultation(request, consultation_id, Action.RUN_CONSULTATIONS)
    opinion = get_object_or_404(Opinion, consultation=consultation, pk=opinion_id)
    group = services.group_of(by=request.user, opinion=opinion)
    return services.answer_group(by=request.user, group=group, **payload.dict())


def _public(consultation_id: int) -> Consultation:
    return get_object_or_404(
        Consultation.objects.select_related("unit").exclude(status=ConsultationStatus.DRAFT), pk=consultation_id
    )


@public_router.get("/consultations/{consultation_id}", response=ConsultationDetailOut)
def public_consultation(request, consultation_id: int):
    return _public(consultation_id)


@public_router.get("/consultations/{consultation_id}/opinions", response=list[PublicOpinionOut])
def public_opinions(request, consultation_id: int, offset: int = offset_query(), limit: int = limit_query(100, 500)):
    consultation = _public(consultation_id)
    rows = Opinion.objects.filter(consultation=consultation, is_hidden=False).select_related("group").order_by("id")
    return rows[offset : offset + limit]


@public_router.post("/consultations/{consultation_id}/opinions", response={201: PublicOpinionOut})
def give_opinion(request, consultation_id: int, payload: GiveIn):
    """A resident's opinion, rate-limited by address and phone like the web form."""
    opinion = services.give_opinion(
        consultation=_public(consultation_id), address=client_address(request), **payload.dict()
    )
    return Status(201, opinion)
