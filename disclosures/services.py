"""Writes for public disclosure. Each service is one transaction; views, the API, commands and tasks call them.

Permission checks belong to the caller (views and API ask the scoping layer first); services check the data.
"""

import secrets
from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from disclosures import portal_cache, rules
from disclosures.files import CheckedFile, check_upload, extract_text
from disclosures.models import (
    Attachment,
    CatalogueItem,
    Channel,
    ChannelRecord,
    Disclosure,
    Question,
    QuestionKind,
    QuestionStatus,
    Status,
)
from grassroots.ratelimit import client_key, sender_over_limits
from grassroots.text import fold
from grassroots.validators import normalise_phone, reject_html
from localities.models import AdministrativeUnit, Level


@dataclass
class ChannelInput:
    channel: str
    started_on: date
    ended_on: date | None = None
    photo: object = None  # an uploaded image, or None
    note: str = ""


@dataclass
class DisclosureInput:
    title: str
    topic: str
    issued_on: date
    effective_from: date
    body: str = ""
    document_number: str = ""
    effective_until: date | None = None
    catalogue_item: CatalogueItem | None = None
    files: list = field(default_factory=list)
    channels: list[ChannelInput] = field(default_factory=list)


def facets(unit_path: str, topic: str, published_at: datetime) -> str:
    """Words the search index holds beside the text so that unit, topic and period are index terms too.

    "/08/00691/00691.001/", "budget", March 2026 -> "u08 u00691 u00691v001 tbudget y2026 m202603".
    """
    codes = [code.replace(".", "v") for code in unit_path.strip("/").split("/")]
    local = timezone.localtime(published_at)
    return " ".join([*(f"u{c}" for c in codes), f"t{topic.replace('_', '')}", f"y{local.year}", f"m{local:%Y%m}"])


def _search_text(disclosure: Disclosure, extracted: list[str]) -> str:
    return fold(" ".join([disclosure.title, disclosure.document_number, disclosure.body, *extracted]))


def _place(disclosure: Disclosure, unit: AdministrativeUnit) -> None:
    if unit.level not in (Level.COMMUNE, Level.VILLAGE) or not unit.is_active:
        raise ValidationError(_("Disclosures are published by a commune or a village."))
    by_level = {u.level: u for u in unit.ancestors()}
    by_level[unit.level] = unit
    disclosure.unit = unit
    disclosure.unit_path = unit.path
    disclosure.province = by_level[Level.PROVINCE]
    disclosure.commune = by_level[Level.COMMUNE]
    disclosure.village = by_level.get(Level.VILLAGE)


def _check_text(data: DisclosureInput, today: date) -> None:
    errors = {}
    for name in ("title", "body", "document_number"):
        try:
            reject_html(getattr(data, name))
        except ValidationError as exc:
            errors[name] = exc.messages
    if not data.title.strip():
        errors.setdefault("title", []).append(_("Give the disclosure a title."))
    if data.issued_on > today:
        errors.setdefault("issued_on", []).append(_("The document cannot be issued in the future."))
    if data.effective_until and data.effective_until < data.effective_from:
        errors.setdefault("effective_until", []).append(_("The end of the effective period is before its start."))
    if data.catalogue_item is not None and not data.catalogue_item.is_active:
        errors.setdefault("catalogue_item", []).append(_("This mandated item is no longer in force."))
    if errors:
        raise ValidationError(errors)


def _check_channel(entry: ChannelInput, issued_on: date, today: date) -> None:
    if entry.channel not in Channel.values:
        raise ValidationError(_("Choose a channel from the list."))
    reject_html(entry.note)
    if entry.started_on < issued_on:
        raise ValidationError(_("A channel cannot start before the document was issued."))
    if entry.started_on > today:
        raise ValidationError(_("Record a channel once it has started, not in advance."))
    if entry.ended_on is not None:
        if entry.ended_on < entry.started_on:
            raise ValidationError(_("The take-down date is before the posting date."))
        if entry.ended_on > today:
            raise ValidationError(_("The take-down date cannot be in the future."))


def _check_all(data: DisclosureInput, today: date, *, channels: bool) -> list[CheckedFile]:
    """Check the text, every file and the channels, and report all that is wrong at once."""
    errors: dict[str, list] = {}
    checked = []
    try:
        _check_text(data, today)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    for uploaded in data.files:
        try:
            checked.append(check_upload(uploaded))
        except ValidationError as exc:
            errors.setdefault("files", []).extend(exc.messages)
    for entry in data.channels if channels else []:
        try:
            _check_channel(entry, data.issued_on, today)
        except ValidationError as exc:
            errors.setdefault("channels", []).extend(exc.messages)
    if errors:
        raise ValidationError(errors)
    return checked


def _due_on(data: DisclosureInput) -> date:
    item = data.catalogue_item
    if item is None:
        return rules.due_date(data.issued_on)
    due = rules.due_date(data.issued_on, item.deadline_working_days)
    yearly = rules.yearly_due(data.issued_on.year, item.due_month, item.due_day) if item.due_month else None
    # A yearly date brings the deadline forward only when the document came out before it: a document issued after
    # the yearly date still has the law's working days (Art. 12 §3).
    return min(due, yearly) if yearly and yearly >= data.issued_on else due


def _refresh_duties(disclosure: Disclosure) -> None:
    """Notice-board postings (and withdrawals) shorter than the item's minimum period, or of a permanent item at
    all, count against the commune; so does an item the law puts on the radio that was not on it long enough.
    Timeliness is judged on the first day it was made public by any channel: a notice posted on the board before
    the portal had it was disclosed on the day it was posted."""
    withdrawn = None
    if disclosure.status == Status.WITHDRAWN and disclosure.withdrawn_at:
        withdrawn = (timezone.localdate(disclosure.first_published_at), timezone.localdate(disclosure.withdrawn_at))
    records = list(disclosure.channels.values_list("channel", "started_on", "ended_on"))
    first_day = min([timezone.localdate(disclosure.first_published_at), *(started for _c, started, _e in records)])
    late = rules.is_late(first_day, disclosure.due_on)
    early, short = rules.duties_unmet(
        records,
        min_posting_days=disclosure.min_posting_days,
        permanent=disclosure.posted_permanently,
        radio_min_days=disclosure.radio_min_days,
        withdrawn=withdrawn,
    )
    if (late, early, short) != (disclosure.is_late, disclosure.taken_down_early, disclosure.radio_short):
        disclosure.is_late, disclosure.taken_down_early, disclosure.radio_short = late, early, short
        Disclosure.objects.filter(pk=disclosure.pk).update(is_late=late, taken_down_early=early, radio_short=short)


def _store_attachment(disclosure: Disclosure, checked: CheckedFile) -> Attachment:
    attachment = Attachment(
        disclosure=disclosure,
        name=checked.name,
        kind=checked.kind,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
    )
    # A random stored name: the original is only ever shown, never used as a path.
    suffix = checked.name.rsplit(".", 1)[-1]
    attachment.file.save(f"{secrets.token_hex(16)}.{suffix}", ContentFile(checked.content), save=False)
    attachment.save()
    return attachment


def _store_channel(disclosure: Disclosure, entry: ChannelInput, by) -> ChannelRecord:
    record = ChannelRecord(
        disclosure=disclosure,
        channel=entry.channel,
        started_on=entry.started_on,
        ended_on=entry.ended_on,
        note=entry.note.strip(),
    )
    if entry.photo is not None:
        checked = check_upload(entry.photo, images_only=True)
        record.photo.save(
            f"{secrets.token_hex(16)}.{checked.name.rsplit('.', 1)[-1]}", ContentFile(checked.content), save=False
        )
    record._history_user = by
    record.save()
    return record


def _schedule_extraction(disclosure: Disclosure) -> None:
    from disclosures.tasks import index_attachments

    transaction.on_commit(lambda: index_attachments.enqueue(disclosure.pk))


def _save_new_version(
    disclosure: Disclosure, data: DisclosureInput, *, by, now: datetime, due_on: date | None = None
) -> None:
    """`due_on`: a correction's, which is its series' (a corrected document date does not move the deadline)."""
    disclosure.catalogue_item = data.catalogue_item
    disclosure.catalogue_version = data.catalogue_item.version if data.catalogue_item else None
    if not getattr(disclosure, "_keeps_duties", False):
        item = data.catalogue_item
        disclosure.min_posting_days = item.min_posting_days if item else rules.MIN_POSTING_DAYS
        disclosure.posted_permanently = bool(item and item.permanent)
        disclosure.radio_min_days = item.radio_min_days if item else 0
    disclosure.topic = data.topic
    disclosure.title = data.title.strip()
    disclosure.body = data.body.strip()
    disclosure.document_number = data.document_number.strip()
    disclosure.issued_on = data.issued_on
    disclosure.effective_from = data.effective_from
    disclosure.effective_until = data.effective_until
    disclosure.published_at = now
    disclosure.due_on = due_on or _due_on(data)
    disclosure.is_late = rules.is_late(timezone.localdate(disclosure.first_published_at), disclosure.due_on)
    disclosure.facets = facets(disclosure.unit_path, disclosure.topic, now)
    disclosure.search_text = _search_text(disclosure, [])
    disclosure.created_by = by
    disclosure._history_user = by
    disclosure.save()


@transaction.atomic
def publish_disclosure(
    *, by, unit: AdministrativeUnit, data: DisclosureInput, now: datetime | None = None
) -> Disclosure:
    now = now or timezone.now()
    today = timezone.localdate(now)
    checked = _check_all(data, today, channels=True)
    disclosure = Disclosure(first_published_at=now)
    _place(disclosure, unit)
    _save_new_version(disclosure, data, by=by, now=now)
    Disclosure.objects.filter(pk=disclosure.pk).update(series=disclosure)
    disclosure.series_id = disclosure.pk
    for item in checked:
        _store_attachment(disclosure, item)
    for entry in data.channels:
        _store_channel(disclosure, entry, by)
    _refresh_duties(disclosure)
    portal_cache.bump()
    if checked:
        _schedule_extraction(disclosure)
    return disclosure


@transaction.atomic
def correct_disclosure(
    *,
    by,
    disclosure: Disclosure,
    data: DisclosureInput,
    note: str,
    keep_attachments: list[int] | None = None,
    now: datetime | None = None,
) -> Disclosure:
    """Publish a corrected version; the old one stays readable, marked superseded, with a link forward."""
    now = now or timezone.now()
    old = Disclosure.objects.select_for_update().get(pk=disclosure.pk)
    if old.status != Status.PUBLISHED:
        raise ValidationError(_("Only the current version of a disclosure can be corrected."))
    if not note.strip():
        raise ValidationError({"correction_note": [_("Say what was corrected.")]})
    reject_html(note)
    checked = _check_all(data, timezone.localdate(now), channels=False)
    new = Disclosure(
        series_id=old.series_id,
        version=old.version + 1,
        first_published_at=old.first_published_at,
        correction_note=note.strip(),
    )
    if data.catalogue_item == old.catalogue_item:
        # The same item: the correction keeps the duties its series was first published under.
        new.min_posting_days, new.posted_permanently = old.min_posting_days, old.posted_permanently
        new.radio_min_days = old.radio_min_days
        new._keeps_duties = True
    _place(new, old.unit)
    # Timeliness is the series': a corrected document date cannot move the deadline of what was already late.
    _save_new_version(new, data, by=by, now=now, due_on=old.due_on)
    keep = set(old.attachments.values_list("pk", flat=True) if keep_attachments is None else keep_attachments)
    for attachment in old.attachments.filter(pk__in=keep):
        Attachment.objects.create(
            disclosure=new,
            file=attachment.file.name,
            name=attachment.name,
            kind=attachment.kind,
            content_type=attachment.content_type,
            size=attachment.size,
            sha256=attachment.sha256,
            extracted_text=attachment.extracted_text,
        )
    for item in checked:
        _store_attachment(new, item)
    for record in old.channels.all():
        copy = ChannelRecord(
            disclosure=new,
            channel=record.channel,
            started_on=record.started_on,
            ended_on=record.ended_on,
            photo=record.photo.name or None,
            note=record.note,
        )
        copy._history_user = by
        copy.save()
    _refresh_duties(new)
    new.search_text = _search_text(new, list(new.attachments.values_list("extracted_text", flat=True)))
    Disclosure.objects.filter(pk=new.pk).update(search_text=new.search_text)
    old.status = Status.SUPERSEDED
    old.superseded_at = now
    old._history_user = by
    old._change_reason = note.strip()
    old.save(update_fields=["status", "superseded_at"])
    portal_cache.bump()
    if checked:
        _schedule_extraction(new)
    return new


@transaction.atomic
def withdraw_disclosure(*, by, disclosure: Disclosure, reason: str, now: datetime | None = None) -> Disclosure:
    disclosure = Disclosure.objects.select_for_update().get(pk=disclosure.pk)
    if disclosure.status != Status.PUBLISHED:
        raise ValidationError(_("This version is no longer current; it cannot be withdrawn."))
    reason = reason.strip()
    if len(reason) < 5:
        raise ValidationError({"reason": [_("Give the reason for withdrawing it (at least a few words).")]})
    reject_html(reason)
    disclosure.status = Status.WITHDRAWN
    disclosure.withdrawn_at = now or timezone.now()
    disclosure.withdrawal_reason = reason
    disclosure._history_user = by
    disclosure._change_reason = reason
    disclosure.save(update_fields=["status", "withdrawn_at", "withdrawal_reason"])
    _refresh_duties(disclosure)
    portal_cache.bump()
    return disclosure


def _require_current(disclosure: Disclosure) -> None:
    if disclosure.status != Status.PUBLISHED:
        raise ValidationError(_("Channels are recorded on the current version of a disclosure."))


@transaction.atomic
def record_channel(*, by, disclosure: Disclosure, entry: ChannelInput, now: datetime | None = None) -> ChannelRecord:
    _require_current(disclosure)
    _check_channel(entry, disclosure.issued_on, timezone.localdate(now or timezone.now()))
    record = _store_channel(disclosure, entry, by)
    _refresh_duties(disclosure)
    portal_cache.bump()
    return record


@transaction.atomic
def end_channel(*, by, record: ChannelRecord, ended_on: date, photo=None, now: datetime | None = None) -> ChannelRecord:
    """Record that a notice was taken down (with a photo of the empty board if there is one)."""
    disclosure = record.disclosure
    _require_current(disclosure)
    if record.ended_on is not None:
        # The take-down on record is what compliance judged: a later date cannot undo a posting cut short.
        raise ValidationError(
            _("This channel already ended on %(day)s.") % {"day": record.ended_on.strftime("%d/%m/%Y")}
        )
    entry = ChannelInput(record.channel, record.started_on, ended_on, photo, record.note)
    _check_channel(entry, disclosure.issued_on, timezone.localdate(now or timezone.now()))
    record.ended_on = ended_on
    if photo is not None:
        checked = check_upload(photo, images_only=True)
        record.photo.save(
            f"{secrets.token_hex(16)}.{checked.name.rsplit('.', 1)[-1]}", ContentFile(checked.content), save=False
        )
    record._history_user = by
    record.save()
    _refresh_duties(disclosure)
    portal_cache.bump()
    return record


def index_attachment_text(disclosure_id: int) -> None:
    """Extract the words of a version's files and put them in its search text (run in the background)."""
    disclosure = Disclosure.objects.get(pk=disclosure_id)
    texts = []
    for attachment in disclosure.attachments.all():
        if not attachment.extracted_text and attachment.kind != "image":
            with attachment.file.open("rb") as handle:
                attachment.extracted_text = extract_text(attachment.kind, handle.read())
            Attachment.objects.filter(pk=attachment.pk).update(extracted_text=attachment.extracted_text)
        texts.append(attachment.extracted_text)
    Disclosure.objects.filter(pk=disclosure.pk).update(search_text=_search_text(disclosure, texts))
    portal_cache.bump()


# Residents' questions ---------------------------------------------------------------------------------------


@transaction.atomic
def ask_question(
    *, disclosure: Disclosure, kind: str, name: str, phone: str, text: str, address: str, now: datetime | None = None
) -> Question:
    now = now or timezone.now()
    errors = {}
    for key, value in (("name", name), ("text", text)):
        try:
            reject_html(value)
        except ValidationError as exc:
            errors[key] = exc.messages
    if len(name.strip()) < 2:
        errors.setdefault("name", []).append(_("Enter your name."))
    if len(text.strip()) < 10:
        errors.setdefault("text", []).append(_("Write your question in a sentence or two (at least 10 characters)."))
    if text.count("http") > 2:
        errors.setdefault("text", []).append(_("Please do not paste more than two links."))
    try:
        phone = normalise_phone(phone)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    if kind not in QuestionKind.values:
        kind = QuestionKind.QUESTION
    key = client_key(address)
    if sender_over_limits(
        Question.objects.all(),
        key=key,
        phone=phone,
        now=now,
        per_sender_hour=settings.QUESTIONS_PER_HOUR,
        per_address_hour=settings.QUESTIONS_PER_ADDRESS_HOUR,
        per_phone_day=settings.QUESTIONS_PER_DAY,
    ):
        raise ValidationError(_("You have sent many questions recently. Please wait an hour and try again."))
    series = Disclosure.objects.filter(series_id=disclosure.series_id)
    if Question.objects.filter(disclosure__in=series, phone=phone, text=text.strip()).exists():
        raise ValidationError(_("You have already sent this question; the commune will answer it here."))
    question = Question.objects.create(
        disclosure=disclosure, kind=kind, name=name.strip(), phone=phone, text=text.strip(), client_key=key
    )
    from disclosures.tasks import notify_question

    transaction.on_commit(lambda: notify_question.enqueue(question.pk))
    return question


@transaction.atomic
def answer_question(*, by, question: Question, answer: str, now: datetime | None = None) -> Question:
    answer = answer.strip()
    if len(answer) < 2:
        raise ValidationError({"answer": [_("Write the answer.")]})
    reject_html(answer)
    question.answer = answer
    question.status = QuestionStatus.ANSWERED
    question.answered_by = by
    question.answered_at = now or timezone.now()
    question._history_user = by
    question.save()
    portal_cache.bump()
    return question


@transaction.atomic
def hide_question(*, by, question: Question, reason: str) -> Question:
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": [_("Say why the question is hidden (for example: advertising).")]})
    reject_html(reason)
    question.status = QuestionStatus.HIDDEN
    question.hidden_reason = reason
    question._history_user = by
    question._change_reason = reason
    question.save()
    portal_cache.bump()
    return question


# The catalogue ----------------------------------------------------------------------------------------------

CATALOGUE_FIELDS = (
    "title",
    "article",
    "item_number",
    "permanent",
    "radio_min_days",
    "topic",
    "level",
    "required_channels",
    "min_posting_days",
    "deadline_working_days",
    "recurrence",
    "due_month",
    "due_day",
    "is_active",
)


def _check_catalogue(values: dict) -> None:
    for name in ("title", "article"):
        reject_html(values.get(name, ""))
    if values.get("recurrence") == "annual":
        month, day = values.get("due_month"), values.get("due_day")
        if not month or not day:
            raise ValidationError(_("A yearly item needs the day and month it falls due."))
        try:
            date(2024, month, day)  # a leap year: 29 February is a date, 31 February is not
        except (TypeError, ValueError):
            raise ValidationError(_("That day does not exist in that month.")) from None
    if values.get("deadline_working_days") is not None and not 1 <= values["deadline_working_days"] <= 90:
        # 90 is no law's number: a bound on what can be typed, far above any deadline a law sets for disclosure.
        raise ValidationError(_("The deadline is from 1 to 90 working days after the document."))
    if not values.get("permanent") and values.get("min_posting_days") is not None and values["min_posting_days"] < 1:
        raise ValidationError(_("A notice is posted for at least one day, or permanently."))
    if values.get("recurrence") == "on_event":  # a date is for yearly items only
        values["due_month"] = values["due_day"] = None
    if values.get("radio_min_days") is not None and values["radio_min_days"] > 30:
        raise ValidationError(_("The radio duty is counted in consecutive days, at most 30."))
    number = values.get("item_number")
    if number is not None and not 1 <= number <= 14:
        raise ValidationError(_("Article 11 has items 1 to 14."))
    unknown = set(values.get("required_channels") or []) - set(Channel.values)
    if unknown:
        raise ValidationError(_("Unknown channel: %(names)s") % {"names": ", ".join(sorted(unknown))})


@transaction.atomic
def update_catalogue_item(*, by, item: CatalogueItem, reason: str, **values) -> CatalogueItem:
    """Change a rule; the item's version goes up and the old version stays in its history."""
    _check_catalogue(values)
    if not reason.strip():
        raise ValidationError({"reason": [_("Say why the rule changed (for example, the new legal text).")]})
    # Compare with the stored row, not the object passed in (a model form may already have changed it).
    item = CatalogueItem.objects.select_for_update().get(pk=item.pk)
    if not item.history.exists():  # seeded by a migration, which keeps no history: record version 1 first
        CatalogueItem.history.bulk_history_create([item], default_change_reason=item.article)
    changed = False
    for name in CATALOGUE_FIELDS:
        if name in values and getattr(item, name) != values[name]:
            setattr(item, name, values[name])
            changed = True
    if not changed:
        return item
    item.version += 1
    item._history_user = by
    item._change_reason = reason.strip()
    item.save()
    portal_cache.bump()
    return item


@transaction.atomic
def create_catalogue_item(*, by, code: str, **values) -> CatalogueItem:
    _check_catalogue(values)
    if CatalogueItem.objects.filter(code=code).exists():
        raise ValidationError({"code": [_("This code is already used.")]})
    item = CatalogueItem(code=code, **{k: v for k, v in values.items() if k in CATALOGUE_FIELDS})
    item._history_user = by
    item.save()
    portal_cache.bump()  # a new mandated item changes every commune's compliance
    return item


def seed_catalogue(model=CatalogueItem) -> int:
    """Create the law's items that are missing (never overwrites an edited item). Returns how many were added.

    `model` is the migration's historical model when a migration seeds it: an early migration's model lacks the
    later fields, which a later migration fills (disclosures 0005).
    """
    fields = {f.name for f in model._meta.get_fields()}
    added = 0
    for code, number, title, topic, recurrence, due in rules.CATALOGUE:
        values = {
            "title": title,
            "item_number": number,
            "topic": topic,
            "level": Level.COMMUNE,
            "recurrence": recurrence,
            "due_month": due[0] if due else None,
            "due_day": due[1] if due else None,
            **rules.item_duties(number),
        }
        _, created = model.objects.get_or_create(
            code=code, defaults={name: value for name, value in values.items() if name in fields}
        )
        added += created
    return added
