"""The administrative unit tree: province → commune → village or residential group.

Provinces and communes are the official post-July-2025 units (codes from `vietnam-provinces`); villages and
residential groups (thôn, tổ dân phố) are created by officials under a commune. Every unit stores its
materialised `path` ("/08/02236/02236.001/") so "everything under this unit" is one indexed range query.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from grassroots.text import fold


class Level(models.IntegerChoices):
    PROVINCE = 1, _("Province")
    COMMUNE = 2, _("Commune")
    VILLAGE = 3, _("Village")


class VillageKind(models.TextChoices):
    # Names the law and custom use for the units under a commune (Law 10/2022 Art. 2).
    THON = "thôn", _("village (thôn)")
    TO_DAN_PHO = "tổ dân phố", _("residential group (tổ dân phố)")
    AP = "ấp", _("hamlet (ấp)")
    BAN = "bản", _("village (bản)")
    BUON = "buôn", _("village (buôn)")
    LANG = "làng", _("village (làng)")
    KHU_PHO = "khu phố", _("quarter (khu phố)")


# One past the largest character a path uses: paths are digits, letters, "." and "/".
PATH_END = "~"


class UnitQuerySet(models.QuerySet):
    def under(self, path: str, *, include_self: bool = True):
        """Units at or below the unit with this path: a single indexed range scan at any depth."""
        qs = self.filter(path__gte=path, path__lt=path + PATH_END)
        return qs if include_self else qs.exclude(path=path)

    def villages(self):
        return self.filter(level=Level.VILLAGE)

    def active(self):
        return self.filter(is_active=True)


class AdministrativeUnit(models.Model):
    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=200)
    division_type = models.CharField(_("type"), max_length=40)
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("parent")
    )
    path = models.CharField(max_length=255, unique=True, editable=False)
    search_name = models.CharField(max_length=200, editable=False, db_index=True)
    is_active = models.BooleanField(_("active"), default=True)
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("merged into")
    )
    history = HistoricalRecords()

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        ordering = ["path"]
        indexes = [models.Index(fields=["parent", "name"])]

    def __str__(self) -> str:
        return self.label(self.name, self.division_type, self.level, self.search_name)

    def save(self, *args, **kwargs):
        self.path = self.build_path()
        self.search_name = fold(self.name)
        super().save(*args, **kwargs)

    def build_path(self) -> str:
        return (self.parent.path if self.parent_id else "/") + self.code + "/"

    @staticmethod
    def label(name: str, division_type: str, level: int, search_name: str) -> str:
        """How a unit is named to people, from its columns (lists read them without building objects)."""
        if level == Level.VILLAGE and not search_name.startswith(fold(division_type)):
            # Villages are often named by number ("2" -> "Tổ dân phố 2"); some names already carry the type.
            return f"{division_type.capitalize()} {name}"
        return name

    @property
    def is_village(self) -> bool:
        return self.level == Level.VILLAGE

    def descendants(self, *, include_self: bool = True):
        return AdministrativeUnit.objects.under(self.path, include_self=include_self)

    def ancestors(self):
        """The units above this one, from the province down (parsed from the path: no extra queries per level)."""
        codes = self.path.strip("/").split("/")[:-1]
        by_code = {u.code: u for u in AdministrativeUnit.objects.filter(code__in=codes)}
        return [by_code[c] for c in codes if c in by_code]


class LegacyLevel(models.IntegerChoices):
    PROVINCE = 1, _("Province (before 2025)")
    DISTRICT = 2, _("District (before 2025)")
    WARD = 3, _("Commune (before 2025)")


class LegacyUnit(models.Model):
    """A pre-July-2025 unit (province, district, commune), kept to map old records to today's units."""

    code = models.PositiveIntegerField(_("code"))
    level = models.PositiveSmallIntegerField(_("level"), choices=LegacyLevel.choices)
    name = models.CharField(_("name"), max_length=200)
    division_type = models.CharField(_("type"), max_length=40)
    parent = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="children")
    successors = models.ManyToManyField(AdministrativeUnit, through="LegacySuccession", related_name="legacy_sources")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("legacy unit")
        verbose_name_plural = _("legacy units")
        constraints = [models.UniqueConstraint(fields=["level", "code"], name="legacy_unit_level_code")]

    def __str__(self) -> str:
        return self.name


class LegacySuccession(models.Model):
    """Which of today's units a legacy unit went into (wholly, or partly when it was split)."""

    legacy_unit = models.ForeignKey(LegacyUnit, on_delete=models.CASCADE)
    unit = models.ForeignKey(AdministrativeUnit, on_delete=models.CASCADE)
    is_partly_merged = models.BooleanField(default=False)
    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["legacy_unit", "unit"], name="legacy_succession_unique")]

    def __str__(self) -> str:
        return f"{self.legacy_unit} → {self.unit}"
