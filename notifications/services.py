"""Telling officials something: a row they see in the app, and an email when they have an address."""

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.utils import timezone

from notifications.models import Notification

log = logging.getLogger(__name__)


def notify(users: Iterable, *, title: str, body: str = "", url: str = "") -> int:
    """Notify each user once; returns how many were notified. Email failures are logged, never raised."""
    users = [u for u in {u.pk: u for u in users}.values() if u.is_active]
    Notification.objects.bulk_create(Notification(user=u, title=title, body=body, url=url) for u in users)
    mails = [(title, f"{body}\n\n{settings.SITE_URL}{url}".strip(), None, [u.email]) for u in users if u.email]
    if mails:
        transaction.on_commit(lambda: _send(mails))
    return len(users)


def _send(mails) -> None:
    try:
        send_mass_mail(mails, fail_silently=False)
    except Exception:
        log.exception("Sending %d notification emails failed", len(mails))


def mark_read(*, user, notification_ids: Iterable[int] | None = None) -> int:
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=list(notification_ids))
    return unread.update(read_at=timezone.now())
