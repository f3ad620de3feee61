"""Accounts for officials (and, later, residents), and the roles that bind them to units."""

import hashlib
import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice
from simple_history import register
from simple_history.models import HistoricalRecords

from localities.models import AdministrativeUnit


class User(AbstractUser):
    class Kind(models.TextChoices):
        OFFICIAL = "official", _("Official")
        RESIDENT = "resident", _("Resident")

    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    kind = models.CharField(_("account kind"), max_length=10, choices=Kind.choices, default=Kind.OFFICIAL)
    history = HistoricalRecords(excluded_fields=["last_login", "password"])

    def __str__(self) -> str:
        return self.full_name or self.username


class Role(models.TextChoices):
    SYSTEM_ADMIN = "system_admin", _("System administrator")
    PROVINCIAL_STEERING = "provincial_steering", _("Provincial steering committee member")
    COMMUNE_OFFICIAL = "commune_official", _("Commune official")
    VILLAGE_HEAD = "village_head", _("Village head")
    FATHERLAND_FRONT = "fatherland_front", _("Fatherland Front (MTTQ) staff")
    INSPECTION_BOARD = "inspection_board", _("People's Inspection Board member")
    SUPERVISION_BOARD = "supervision_board", _("Community Investment Supervision Board member")


class RoleAssignment(models.Model):
    """A user holds `role` over `unit` and everything under it."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    unit = models.ForeignKey(
        AdministrativeUnit, on_delete=models.PROTECT, related_name="role_assignments", verbose_name=_("unit")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [models.UniqueConstraint(fields=["user", "role", "unit"], name="role_assignment_unique")]

    def __str__(self) -> str:
        return f"{self.get_role_display()} — {self.unit}"


class ApiToken(models.Model):
    """A bearer token for the JSON API. Only a hash is stored; the token is shown once, at creation."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=8, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["last_used_at"])

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def hash(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def issue(cls, *, user: User, name: str) -> tuple["ApiToken", str]:
        # 256 bits of randomness: not guessable, so no per-token rate limit is needed.
        key = "gr_" + secrets.token_urlsafe(32)
        token = cls.objects.create(user=user, name=name, prefix=key[3:11], key_hash=cls.hash(key))
        return token, key


# Turning two-step sign-in on or off is a security event: keep it in history like everything else.
register(
    TOTPDevice,
    app="accounts",
    excluded_fields=[
        "key",
        "last_t",
        "drift",
        "throttling_failure_timestamp",
        "throttling_failure_count",
        "last_used_at",
    ],
)
