"""Writes for consultations. Each service is one transaction; views, the API, commands and tasks call them.

Permission checks belong to the caller (the scoping layer); services check the data and the law. Every
change records who made it (django-simple-history's `_history_user`, or the reason for the system's own).
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from simple_history.utils import bulk_update_with_history

from consultations import grouping, rules, selectors
from consultations.drafts import DraftSection
from consultations.models import (
    Answer,
    Audience,
    Channel,
    Conference,
    Consultation,
    Delegate,
    DraftVersion,
    Opinion,
    OpinionGroup,
    Section,
    Status,
    Subject,
)
from disclosures import portal_cache
from grassroots.history import save_as
from grassroots.ratelimit import client_key, sender_over_limits
from grassroots.validators import collect_html_errors, normalise_phone, reject_html
from localities.models import AdministrativeUnit, Level

MIN_OPINION = 10  # characters: "Đồng ý" alone says nothing an officer can answer
MAX_OPINION = 4000
OFFICER_CHANNELS = (Channel.MEETING, Channel.PAPER)


# Drafts -----------------------------------------------------------------------------------------------------


@dataclass
class ConsultationInput:
    title: str
    subject: str
    audience: str
    opens_on: date
    closes_on: date
    summary: str = ""
    audience_note: str = ""


def _recorded(text: str) -> str:
    """A note the system writes into the record, in the language of record (Vietnamese) whatever the language of
    the official whose request wrote it: it is read by everyone, later, on public pages too."""
    with translation.override(settings.LANGUAGE_CODE):
        return _(text)


def _too_short_message(published_on: date, subject: str = "") -> str:
    book = rules.book_on(published_on)
    days, article = rules.min_days(subject, book)
    return _(
        "Residents have at least %(days)d days from the day the draft is made public to give their opinions "
        "(%(article)s): the last day for opinions can be %(earliest)s at the earliest."
    ) % {
        "days": days,
        "article": article,
        "earliest": rules.earliest_close(published_on, book, subject).strftime("%d/%m/%Y"),
    }


def _check_consultation(data: ConsultationInput, sections: list[DraftSection]) -> None:
    errors: dict[str, list[str]] = {}
    for key in ("title", "summary", "audience_note"):
        collect_html_errors(errors, **{key: getattr(data, key)})
    if len(data.title.strip()) < 5:
        errors.setdefault("title", []).append(_("Enter the title of the draft."))
    if data.subject not in Subject.values:
        errors.setdefault("subject", []).append(_("Choose the subject from the list."))
    if data.audience not in Audience.values:
        errors.setdefault("audience", []).append(_("Choose who is asked from the list."))
    if data.closes_on < data.opens_on:
        errors.setdefault("closes_on", []).append(_("The last day for opinions cannot be before the first."))
    elif rules.too_short(data.subject, data.audience, data.opens_on, data.closes_on):
        errors.setdefault("closes_on", []).append(_too_short_message(data.opens_on, data.subject))
    if data.subject in rules.DELEGATES_ONLY and data.audience != "delegates":
        errors.setdefault("subject", []).append(
            _(
                "A draft report or work programme is put to a conference's delegates; residents are consulted on "
                "the subjects of Article 25."
            )
        )
    if not sections:
        errors.setdefault("__all__", []).append(
            _("The draft has no text. Type it, or upload a Word (DOCX) file with its headings.")
        )
    for section in sections:
        collect_html_errors(errors, __all__=section.heading + " " + section.text)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_consultation(
    *, by, unit: AdministrativeUnit, data: ConsultationInput, sections: list[DraftSection]
) -> Consultation:
    _check_consultation(data, sections)
    consultation = Consultation(
        unit=unit,
        title=data.title.strip(),
        subject=data.subject,
        summary=data.summary.strip(),
        audience=data.audience,
        audience_note=data.audience_note.strip(),
        opens_on=data.opens_on,
        closes_on=data.closes_on,
        rule_version=rules.book_on(timezone.localdate()).version,
        created_by=by,
    )
    save_as(consultation, by)
    version = save_as(
        DraftVersion(
            consultation=consultation, number=1, note=_recorded(gettext_noop("Draft put to opinions")), created_by=by
        ),
        by,
    )
    Section.objects.bulk_create(
        Section(version=version, key=f"s{i}", position=i, heading=s.heading, text=s.text)
        for i, s in enumerate(sections, 1)
    )
    return consultation


@transaction.atomic
def change_period(*, by, consultation: Consultation, opens_on: date, closes_on: date) -> Consultation:
    """A draft's period, changed before it is published (a draft whose dates have passed is not stuck)."""
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if consultation.status != Status.DRAFT:
        raise ValidationError(_("The period of a published consultation cannot be changed."))
    errors: dict[str, list[str]] = {}
    if closes_on < opens_on:
        errors.setdefault("closes_on", []).append(_("The last day for opinions cannot be before the first."))
    elif opens_on < timezone.localdate():
        errors.setdefault("opens_on", []).append(_("Opinions cannot start in the past."))
    elif rules.too_short(consultation.subject, consultation.audience, opens_on, closes_on):
        errors.setdefault("closes_on", []).append(_too_short_message(opens_on, consultation.subject))
    if errors:
        raise ValidationError(errors)
    consultation.opens_on, consultation.closes_on = opens_on, closes_on
    return save_as(consultation, by)


@transaction.atomic
def publish(*, by, consultation: Consultation, today: date | None = None) -> Consultation:
    today = today or timezone.localdate()
    if consultation.status != Status.DRAFT:
        raise ValidationError(_("This consultation has already been published."))
    if consultation.closes_on < today:
        raise ValidationError(_("The last day for opinions has passed. Change the period before publishing."))
    # Published later than planned, the period is shorter than the law's minimum from the actual publication.
    published_on = max(today, consultation.opens_on)
    if rules.too_short(consultation.subject, consultation.audience, published_on, consultation.closes_on):
        raise ValidationError(_too_short_message(published_on, consultation.subject))
    consultation.status = Status.OPEN
    consultation.published_at = timezone.now()
    consultation.plan_disclosure = _publish_plan(by, consultation)
    save_as(consultation, by)
    portal_cache.bump()
    return consultation


def _period_not_over(consultation: Consultation, today: date) -> None:
    """Residents keep their whole period (Art. 28 §2): nobody ends it early, by stopping or by closing."""
    if rules.held_to_article_28(consultation.subject, consultation.audience) and today <= consultation.closes_on:
        book = rules.book_on(consultation.created_at.date() if consultation.created_at else today)
        raise ValidationError(
            _(
                "Residents may give opinions until %(last)s (%(article)s): the period cannot be ended before. "
                "It can be closed from %(next)s."
            )
            % {
                "last": consultation.closes_on.strftime("%d/%m/%Y"),
                "article": rules.min_days(consultation.subject, book)[1],
                "next": (consultation.closes_on + timedelta(days=1)).strftime("%d/%m/%Y"),
            }
        )


@transaction.atomic
def stop_taking_opinions(*, by, consultation: Consultation, today: date | None = None) -> Consultation:
    if consultation.status != Status.OPEN:
        raise ValidationError(_("This consultation is not taking opinions."))
    _period_not_over(consultation, today or timezone.localdate())
    consultation.status = Status.ANSWERING
    save_as(consultation, by)
    portal_cache.bump()
    return consultation


def current_version(consultation: Consultation) -> DraftVersion:
    return consultation.versions.order_by("-number").first()


# Opinions ---------------------------------------------------------------------------------------------------


def _check_text(errors: dict, text: str) -> str:
    text = (text or "").strip()
    collect_html_errors(errors, text=text)
    if len(text) < MIN_OPINION:
        errors.setdefault("text", []).append(
            _("Write your opinion in a sentence or two (at least %(n)d characters).") % {"n": MIN_OPINION}
        )
    if len(text) > MAX_OPINION:
        errors.setdefault("text", []).append(_("An opinion holds at most %(n)d characters.") % {"n": MAX_OPINION})
    if text.count("http") > 2:
        errors.setdefault("text", []).append(_("Please do not paste more than two links."))
    return text


def _check_section(errors: dict, consultation: Consultation, section_key: str) -> str:
    if section_key and not Section.objects.filter(version__consultation=consultation, key=section_key).exists():
        errors.setdefault("section_key", []).append(_("Choose a section of the draft, or the whole draft."))
    return section_key or ""


def _after_new_opinions(consultation: Consultation) -> None:
    portal_cache.bump()
    if Consultation.objects.filter(pk=consultation.pk, grouping_queued=False).update(grouping_queued=True):
        from consultations.tasks import group_consultation

        transaction.on_commit(lambda: group_consultation.enqueue(consultation.pk))


@transaction.atomic
def give_opinion(
    *,
    consultation: Consultation,
    text: str,
    name: str,
    phone: str,
    address: str,
    section_key: str = "",
    user=None,
    now: datetime | None = None,
) -> Opinion:
    """A resident's opinion, online: by name and phone, or by their account."""
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    if consultation.status != Status.OPEN or not (consultation.opens_on <= today <= consultation.closes_on):
        raise ValidationError(_("This draft is not taking opinions now."))
    errors: dict[str, list[str]] = {}
    text = _check_text(errors, text)
    section_key = _check_section(errors, consultation, section_key)
    if user is not None and user.is_authenticated:
        name = name.strip() or user.get_full_name() or user.get_username()
    collect_html_errors(errors, name=name)
    if len(name.strip()) < 2:
        errors.setdefault("name", []).append(_("Enter your name."))
    if user is None or not user.is_authenticated:
        user = None
        try:
            phone = normalise_phone(phone)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    key = client_key(address)
    if sender_over_limits(
        Opinion.objects.all(),
        key=key,
        phone=phone if user is None else "",
        now=now,
        per_sender_hour=settings.OPINIONS_PER_HOUR,
        per_address_hour=settings.OPINIONS_PER_ADDRESS_HOUR,
        per_phone_day=settings.OPINIONS_PER_DAY,
    ):
        raise ValidationError(_("You have sent many opinions recently. Please wait an hour and try again."))
    same_sender = Q(user=user) if user is not None else Q(phone=phone)
    if Opinion.objects.filter(same_sender, consultation=consultation, text=text).exists():
        raise ValidationError(_("You have already sent this opinion; the answer will appear on this page."))
    opinion = Opinion.objects.create(
        consultation=consultation,
        section_key=section_key,
        channel=Channel.ONLINE,
        author=name.strip(),
        phone=phone if user is None else "",
        user=user,
        text=text,
        client_key=key,
    )
    _after_new_opinions(consultation)
    return opinion


def _taking_entries(consultation: Consultation) -> None:
    # Minutes and paper forms often arrive after the period: officers may enter them until the consultation closes.
    if consultation.status not in (Status.OPEN, Status.ANSWERING):
        raise ValidationError(_("Opinions can be entered only while the consultation is open or being answered."))


@transaction.atomic
def enter_opinions(
    *,
    by,
    consultation: Consultation,
    channel: str,
    source: str,
    texts: list[str],
    author: str = "",
    section_key: str = "",
) -> list[Opinion]:
    """Opinions an officer copies from a meeting's minutes or from paper forms, one per text, with their source."""
    _taking_entries(consultation)
    errors: dict[str, list[str]] = {}
    if channel not in OFFICER_CHANNELS:
        errors.setdefault("channel", []).append(_("Choose where the opinions were given."))
    collect_html_errors(errors, source=source)
    collect_html_errors(errors, author=author)
    if len(source.strip()) < 5:
        errors.setdefault("source", []).append(
            _("Say where they come from, e.g. the minutes of the meeting of Thôn Đông on 12/11/2026.")
        )
    texts = [t.strip() for t in texts if t.strip()]
    if not texts:
        errors.setdefault("text", []).append(_("Write at least one opinion."))
    cleaned = [_check_text(errors, t) for t in texts]
    section_key = _check_section(errors, consultation, section_key)
    if errors:
        raise ValidationError(errors)
    opinions = [
        save_as(
            Opinion(
                consultation=consultation,
                section_key=section_key,
                channel=channel,
                author=author.strip(),
                source=source.strip(),
                text=text,
                entered_by=by,
            ),
            by,
        )
        for text in cleaned
    ]
    _after_new_opinions(consultation)
    return opinions


@transaction.atomic
def hide_opinion(*, by, opinion: Opinion, reason: str) -> Opinion:
    reason = reason.strip()
    if len(reason) < 3:
        raise ValidationError({"reason": [_("Say why the opinion is hidden; residents see the reason.")]})
    reject_html(reason)
    opinion.is_hidden, opinion.hidden_reason = True, reason
    save_as(opinion, by, reason)
    portal_cache.bump()
    return opinion


@transaction.atomic
def show_opinion(*, by, opinion: Opinion) -> Opinion:
    opinion.is_hidden, opinion.hidden_reason = False, ""
    save_as(opinion, by)
    portal_cache.bump()
    return opinion


# Conferences ------------------------------------------------------------------------------------------------


@dataclass
class ConferenceInput:
    title: str
    held_on: date
    place: str = ""
    chair: str = ""
    agenda: str = ""
    delegates: str = ""  # one per line: "Name - position and agency"


def _delegate_lines(text: str) -> list[tuple[str, str]]:
    people = []
    for line in text.splitlines():
        name, _sep, position = line.partition(" - ")
        if name.strip():
            people.append((name.strip()[:150], position.strip()[:250]))
    return people


@transaction.atomic
def record_conference(*, by, consultation: Consultation, data: ConferenceInput) -> Conference:
    _taking_entries(consultation)
    errors: dict[str, list[str]] = {}
    for key in ("title", "place", "chair", "agenda", "delegates"):
        collect_html_errors(errors, **{key: getattr(data, key)})
    if len(data.title.strip()) < 5:
        errors.setdefault("title", []).append(_("Enter the conference's name."))
    if errors:
        raise ValidationError(errors)
    conference = save_as(
        Conference(
            consultation=consultation,
            title=data.title.strip(),
            held_on=data.held_on,
            place=data.place.strip(),
            chair=data.chair.strip(),
            agenda=data.agenda.strip(),
            created_by=by,
        ),
        by,
    )
    for name, position in _delegate_lines(data.delegates):
        save_as(Delegate(conference=conference, name=name, position=position), by)
    return conference


@transaction.atomic
def record_attendance(*, by, conference: Conference, present: set[int]) -> None:
    for delegate in conference.delegates.all():
        if delegate.attended != (delegate.pk in present):
            delegate.attended = delegate.pk in present
            save_as(delegate, by)


@transaction.atomic
def add_delegate(*, by, conference: Conference, name: str, position: str = "") -> Delegate:
    errors: dict[str, list[str]] = {}
    collect_html_errors(errors, name=name)
    collect_html_errors(errors, position=position)
    if len(name.strip()) < 2:
        errors.setdefault("name", []).append(_("Enter the delegate's name."))
    if errors:
        raise ValidationError(errors)
    return save_as(Delegate(conference=conference, name=name.strip(), position=position.strip(), attended=True), by)


@transaction.atomic
def conference_opinion(*, by, delegate: Delegate, text: str, section_key: str = "") -> Opinion:
    """An opinion a delegate raised at the conference; raising one there means they attended."""
    conference = delegate.conference
    consultation = conference.consultation
    _taking_entries(consultation)
    errors: dict[str, list[str]] = {}
    text = _check_text(errors, text)
    section_key = _check_section(errors, consultation, section_key)
    if errors:
        raise ValidationError(errors)
    if not delegate.attended:
        delegate.attended = True
        save_as(delegate, by)
    opinion = save_as(
        Opinion(
            consultation=consultation,
            section_key=section_key,
            channel=Channel.CONFERENCE,
            author=str(delegate),
            source=f"{conference.title}, {conference.held_on:%d/%m/%Y}",
            conference=conference,
            delegate=delegate,
            text=text,
            entered_by=by,
        ),
        by,
    )
    _after_new_opinions(consultation)
    return opinion


# Grouping ---------------------------------------------------------------------------------------------------


def _refresh_phrases(groups) -> None:
    for group in groups:
        texts = list(group.opinions.filter(is_hidden=False).values_list("text", flat=True))
        phrases = grouping.key_phrases(texts)
        if phrases != group.key_phrases:
            OpinionGroup.objects.filter(pk=group.pk).update(key_phrases=phrases)
            group.key_phrases = phrases


@transaction.atomic
def group_new_opinions(*, consultation: Consultation, by=None) -> int:
    """Put each opinion not yet in a group with the opinions it is like; returns how many were placed.

    Opinions already in a group never move here (an officer may have put them there). A new opinion joins the
    group most of its look-alikes are in, or starts a group with its look-alikes that have none.
    """
    visible = Opinion.objects.filter(consultation=consultation, is_hidden=False)
    if not visible.filter(group__isnull=True).exists():
        return 0
    opinions = list(visible.only("id", "text", "group_id").order_by("id"))
    result = grouping.group_opinions([o.text for o in opinions])
    placed: list[Opinion] = []
    touched: set[int] = set()
    for members, phrases in zip(result.groups, result.key_phrases, strict=True):
        fresh = [opinions[i] for i in members if opinions[i].group_id is None]
        if not fresh:
            continue
        existing = Counter(opinions[i].group_id for i in members if opinions[i].group_id is not None)
        if existing:
            target_id = min(existing, key=lambda g: (-existing[g], g))
            touched.add(target_id)
        else:
            target_id = OpinionGroup.objects.create(consultation=consultation, key_phrases=phrases).pk
        for opinion in fresh:
            opinion.group_id = target_id
            opinion._history_user = by
            placed.append(opinion)
    bulk_update_with_history(
        placed, Opinion, ["group"], default_user=by, default_change_reason=gettext_noop("grouped with similar opinions")
    )
    _refresh_phrases(OpinionGroup.objects.filter(pk__in=touched))
    portal_cache.bump()
    return len(placed)


def _same_consultation(consultation_id: int, *items) -> None:
    if any(item.consultation_id != consultation_id for item in items):
        raise ValidationError(_("These opinions belong to another consultation."))


def _not_closed(consultation: Consultation) -> None:
    if consultation.status == Status.CLOSED:
        raise ValidationError(_("This consultation is closed; its answers can no longer change."))


def _move(by, opinions, group: OpinionGroup, reason: str) -> None:
    for opinion in opinions:
        opinion.group = group
        save_as(opinion, by, reason)


@transaction.atomic
def merge_groups(*, by, target: OpinionGroup, others: list[OpinionGroup]) -> OpinionGroup:
    """Put the opinions of `others` into `target`, which keeps its answer; the emptied groups are removed."""
    _not_closed(target.consultation)
    _same_consultation(target.consultation_id, *others)
    others = [g for g in others if g.pk != target.pk]
    if any(g.applied_in_id for g in others):
        raise ValidationError(_("A group whose revision is already in a new version cannot be merged away."))
    for group in others:
        _move(by, list(group.opinions.all()), target, "merged")
        group._history_user = by
        group.delete()
    _refresh_phrases([target])
    portal_cache.bump()
    return target


@transaction.atomic
def split_off(*, by, opinions: list[Opinion]) -> OpinionGroup:
    """Take `opinions` out of their groups into a new group of their own, to be answered apart."""
    if not opinions:
        raise ValidationError(_("Choose the opinions to take out."))
    consultation = opinions[0].consultation
    _not_closed(consultation)
    _same_consultation(consultation.pk, *opinions)
    old_groups = {o.group_id for o in opinions if o.group_id}
    group = save_as(OpinionGroup(consultation=consultation), by)
    _move(by, opinions, group, "split off")
    _refresh_phrases([group, *OpinionGroup.objects.filter(pk__in=old_groups)])
    _drop_empty(by, old_groups)
    portal_cache.bump()
    return group


@transaction.atomic
def move_opinion(*, by, opinion: Opinion, group: OpinionGroup) -> Opinion:
    _not_closed(opinion.consultation)
    _same_consultation(opinion.consultation_id, group)
    old = opinion.group_id
    _move(by, [opinion], group, "moved")
    _refresh_phrases([group, *OpinionGroup.objects.filter(pk=old)])
    _drop_empty(by, {old})
    portal_cache.bump()
    return opinion


def _drop_empty(by, group_ids) -> None:
    for group in OpinionGroup.objects.filter(pk__in=group_ids, opinions__isnull=True, applied_in__isnull=True):
        group._history_user = by
        group.delete()


def group_of(*, by, opinion: Opinion) -> OpinionGroup:
    """The opinion's group, made for it alone if it has none yet (so it can be answered before grouping runs)."""
    if opinion.group_id is None:
        group = save_as(
            OpinionGroup(consultation=opinion.consultation, key_phrases=grouping.key_phrases([opinion.text])), by
        )
        _move(by, [opinion], group, "answered on its own")
    return opinion.group


# Answers and versions ---------------------------------------------------------------------------------------


def pending_text(consultation: Consultation, section_key: str) -> str:
    """The section's text as absorbed answers not yet in a version left it: where the next revision starts."""
    latest = (
        OpinionGroup.objects.filter(
            consultation=consultation, answer=Answer.ABSORBED, section_key=section_key, applied_in__isnull=True
        )
        .order_by("-answered_at", "-id")
        .values_list("revised_text", flat=True)
        .first()
    )
    if latest is not None:
        return latest
    section = Section.objects.filter(version=current_version(consultation), key=section_key).first()
    return section.text if section else ""


@transaction.atomic
def answer_group(
    *,
    by,
    group: OpinionGroup,
    answer: str,
    text: str = "",
    section_key: str = "",
    revised_text: str = "",
    now: datetime | None = None,
) -> OpinionGroup:
    consultation = group.consultation
    _not_closed(consultation)
    if consultation.status == Status.DRAFT:
        raise ValidationError(_("Publish the draft before answering opinions."))
    if group.applied_in_id:
        raise ValidationError(
            _("This answer is already in version %(n)d; it cannot change.") % {"n": group.applied_in.number}
        )
    errors: dict[str, list[str]] = {}
    text, revised_text = text.strip(), revised_text.strip()
    collect_html_errors(errors, text=text)
    collect_html_errors(errors, revised_text=revised_text)
    if answer == Answer.ABSORBED:
        section = Section.objects.filter(version=current_version(consultation), key=section_key).first()
        if section is None:
            errors.setdefault("section_key", []).append(_("Choose the section the opinion changes."))
        elif not revised_text or revised_text == section.text.strip():
            errors.setdefault("revised_text", []).append(
                _("Write the section as it reads after absorbing the opinion.")
            )
    elif answer == Answer.EXPLAINED:
        if len(text) < 5:
            errors.setdefault("text", []).append(_("Write the explanation residents will read."))
        section_key, revised_text = "", ""
    elif answer == Answer.NOT_ABSORBED:
        if len(text) < 5:
            errors.setdefault("text", []).append(_("Write the reason the opinion is not absorbed."))
        section_key, revised_text = "", ""
    else:
        errors.setdefault("answer", []).append(_("Choose an answer."))
    if errors:
        raise ValidationError(errors)
    group.answer, group.answer_text = answer, text
    group.section_key, group.revised_text = section_key, revised_text
    group.answered_by, group.answered_at = by, now or timezone.now()
    save_as(group, by)
    portal_cache.bump()
    return group


def unanswered(consultation: Consultation):
    """Visible opinions without an answer: in no group yet, or in a group not answered."""
    return Opinion.objects.filter(consultation=consultation, is_hidden=False).filter(
        Q(group__isnull=True) | Q(group__answer=Answer.PENDING)
    )


@transaction.atomic
def issue_version(*, by, consultation: Consultation, note: str = "") -> DraftVersion | None:
    """The next version of the draft: every absorbed answer's revised text not yet in a version, in the order the
    answers were given (the last revision of a section wins: each starts from the one before, see pending_text).
    Returns None if no answer changes the text."""
    _not_closed(consultation)
    pending = list(
        OpinionGroup.objects.filter(
            consultation=consultation, answer=Answer.ABSORBED, applied_in__isnull=True
        ).order_by("answered_at", "id")
    )
    if not pending:
        return None
    reject_html(note)
    previous = current_version(consultation)
    version = save_as(
        DraftVersion(
            consultation=consultation,
            number=previous.number + 1,
            note=note.strip()[:300] or _("Revised after absorbing opinions"),
            created_by=by,
        ),
        by,
    )
    revised = {group.section_key: group.revised_text for group in pending}
    Section.objects.bulk_create(
        Section(
            version=version,
            key=section.key,
            position=section.position,
            heading=section.heading,
            text=revised.get(section.key, section.text),
        )
        for section in previous.sections.all()
    )
    for group in pending:
        group.applied_in = version
        save_as(group, by, "revision issued")
    portal_cache.bump()
    return version


@transaction.atomic
def close_consultation(*, by, consultation: Consultation, today: date | None = None) -> Consultation:
    """Close once the period is over and every visible opinion has its answer; absorbed revisions still pending go
    into a final version."""
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if consultation.status not in (Status.OPEN, Status.ANSWERING):
        raise ValidationError(_("Only a published consultation can be closed."))
    _period_not_over(consultation, today or timezone.localdate())
    left = unanswered(consultation).count()
    if left:
        raise ValidationError(
            _("%(n)d opinion(s) have no answer yet. Answer every opinion before closing.") % {"n": left}
        )
    issue_version(by=by, consultation=consultation, note=_recorded(gettext_noop("Final text after absorbing opinions")))
    consultation.status = Status.CLOSED
    consultation.closed_at = timezone.now()
    consultation.synthesis_disclosure = _publish_synthesis(by, consultation)
    save_as(consultation, by)
    portal_cache.bump()
    return consultation


def _publish_synthesis(by, consultation: Consultation):
    """Law 10/2022 Art. 28 §3 and Art. 11 item 11: the synthesis of the opinions and the answers are made public,
    with the synthesis report attached."""
    from consultations.documents import synthesis_report

    counts = selectors.counts(consultation)
    return _disclose(
        by,
        consultation,
        title=f"Kết quả tổng hợp ý kiến, tiếp thu, giải trình: {consultation.title}",
        body=(
            f"Lấy ý kiến từ ngày {consultation.opens_on:%d/%m/%Y} đến ngày {consultation.closes_on:%d/%m/%Y}; "
            f"{counts.opinions} ý kiến, mỗi ý kiến đều đã được trả lời (tiếp thu hoặc giải trình)."
        ),
        attachment=(f"tong-hop-y-kien-{consultation.pk}.docx", synthesis_report(consultation)),
        now=consultation.closed_at,
    )


def _publish_plan(by, consultation: Consultation):
    """Art. 11 item 11 also covers the consultation's plan and its content: made public when it opens."""
    return _disclose(
        by,
        consultation,
        title=f"Kế hoạch lấy ý kiến Nhân dân, nội dung lấy ý kiến: {consultation.title}",
        body=(
            f"Nhân dân cho ý kiến từ ngày {consultation.opens_on:%d/%m/%Y} đến ngày "
            f"{consultation.closes_on:%d/%m/%Y}" + (f": {consultation.summary}" if consultation.summary else ".")
        ),
        attachment=None,
        now=consultation.published_at,
    )


def _disclose(by, consultation: Consultation, *, title: str, body: str, attachment, now):
    """A disclosure of item 11 of the commune's catalogue (Law 10/2022 Art. 11), on the portal at once, so that its
    posting and its days on the commune radio are tracked like every other item's. Conferences' reports and
    consultations above the commune are not Art. 25 consultations of residents: nothing is published for them."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from disclosures import services as disclosures
    from disclosures.models import CatalogueItem, Channel

    if not rules.held_to_article_28(consultation.subject, consultation.audience) or consultation.unit.level not in (
        Level.COMMUNE,
        Level.VILLAGE,
    ):
        return None
    book = rules.book_on(consultation.created_at.date() if consultation.created_at else timezone.localdate())
    item = CatalogueItem.objects.filter(code=book.disclosure_item_code, is_active=True).first()
    today = timezone.localdate(now)
    files = []
    if attachment:
        name, content = attachment
        files = [
            SimpleUploadedFile(name, content, "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        ]
    return disclosures.publish_disclosure(
        by=by,
        unit=consultation.unit,
        data=disclosures.DisclosureInput(
            title=title[:300],
            topic="consultation",
            issued_on=today,
            effective_from=today,
            body=f"{body} Căn cứ: {book.publish_article}.",
            catalogue_item=item,
            files=files,
            channels=[disclosures.ChannelInput(Channel.PORTAL, today)],
        ),
        now=now,
    )
