"""Reading django-simple-history records as a readable change log for an object's page."""

import datetime
from dataclasses import dataclass, field
from itertools import islice

from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

KINDS = {"+": _("created"), "~": _("changed"), "-": _("deleted")}
# Values never shown in a change log, only that they changed.
SECRET_FIELDS = {"citizen_id", "password", "key_hash"}


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class Entry:
    when: object
    who: object
    kind: str
    subject: str
    reason: str
    changes: list[Change] = field(default_factory=list)


def _display(record, field_name, value) -> str:
    if field_name in SECRET_FIELDS:
        return "••••" if value else ""
    if value is None or value == "":
        return "—"
    model_field = record.instance_type._meta.get_field(field_name)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if model_field.many_to_many:
        # django-simple-history gives the through rows: {"<model>": id, "<target model>": id}.
        key = model_field.related_model._meta.model_name
        ids = [row.get(key) for row in value if isinstance(row, dict)]
        targets = model_field.related_model._default_manager.filter(pk__in=ids)
        return ", ".join(sorted(str(t) for t in targets)) or "—"
    if model_field.is_relation:
        target = model_field.related_model._default_manager.filter(pk=value).first()
        return str(target) if target else f"#{value}"
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    # Dates as the pages write them, lists (a team's names) as a list of names, not Python's notation.
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%d/%m/%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value) or "—"
    return str(value)


def _entries(history_qs, subject):
    records = list(history_qs.select_related("history_user").order_by("history_date", "history_id"))
    previous_by_object = {}
    entries = []
    for record in records:
        object_id = record.id
        previous = previous_by_object.get(object_id)
        changes = []
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous)
            for change in delta.changes:
                verbose = record.instance_type._meta.get_field(change.field).verbose_name
                changes.append(
                    Change(
                        str(verbose),
                        _display(record, change.field, change.old),
                        _display(record, change.field, change.new),
                    )
                )
        previous_by_object[object_id] = record
        entries.append(
            Entry(
                record.history_date,
                record.history_user,
                str(KINDS[record.history_type]),
                subject(record),
                # A reason the code gives is stored untranslated (gettext_noop) and said in the reader's language.
                gettext(record.history_change_reason) if record.history_change_reason else "",
                changes,
            )
        )
    return entries


def save_as(instance, by, reason: str = ""):
    """Save `instance` recording `by` (and why, when given) in its history; returns it."""
    instance._history_user = by
    if reason:
        instance._change_reason = reason
    instance.save()
    return instance


def history_of(instance, *, extra=None, limit: int = 100) -> list[Entry]:
    """Newest first: who changed what and when on `instance` (and on related rows in `extra`, a history
    queryset or a list of them)."""
    entries = _entries(instance.history.all(), lambda r: str(r.instance_type._meta.verbose_name).capitalize())
    extras = [] if extra is None else extra if isinstance(extra, list | tuple) else [extra]
    for history_qs in extras:
        entries += _entries(
            history_qs, lambda r: f"{str(r.instance_type._meta.verbose_name).capitalize()}: {r.instance}"
        )
    entries.sort(key=lambda e: e.when, reverse=True)
    return list(islice((e for e in entries if e.kind != KINDS["~"] or e.changes or e.reason), limit))
