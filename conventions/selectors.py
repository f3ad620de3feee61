"""Reads for village conventions: each one's stage, the public list of those in force, the province's yearly
figures (Decree 61/2023 Art. 16 §1)."""

from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.scoping import Action, scope
from consultations.models import Status as ConsultationStatus
from conventions import services
from conventions.models import Convention
from decisions.models import MatterStatus
from localities.models import PATH_END, AdministrativeUnit, Level

STAGES = {
    "drafting": _("Being drafted"),
    "consulting": _("The draft is with the residents"),
    "draft_answered": _("Draft closed: prepare the households' vote"),
    "voting": _("Put to the households"),
    "not_adopted": _("Not adopted by the households"),
    "adopted": _("Adopted: send the dossier to the commune"),
    "with_commune": _("With the commune for recognition"),
    "refused": _("Not recognised by the commune"),
    "annulled": _("Annulled by the commune"),
    "in_force": _("Recognised, in force"),
    "suspended": _("Recognised, its carrying out suspended"),
    "amended": _("Replaced by a recognised amendment"),
    "repealed": _("Repealed"),
}


def conventions_for(user):
    return scope(user, Convention.objects.all(), Action.VIEW_DECISIONS)


def stage(convention: Convention) -> str:
    if convention.repealed_on:
        return "repealed"
    matter = convention.matter
    if services.recognised_on(convention):
        if any(services.recognised_on(a) for a in convention.amendments.all()):
            return "amended"
        return "suspended" if convention.suspended_on else "in_force"
    if matter is not None:
        if matter.status == MatterStatus.REFUSED:
            return "refused"
        if matter.status == MatterStatus.ANNULLED:
            return "annulled"
        if matter.status == MatterStatus.CLOSED:
            if hasattr(matter, "recognition"):
                return "with_commune"
            return "adopted" if services.adopted(convention) else "not_adopted"
        if matter.status != MatterStatus.CANCELLED:
            return "voting"
    consultation = convention.consultation
    if consultation is not None:
        return "draft_answered" if consultation.status == ConsultationStatus.CLOSED else "consulting"
    return "drafting"


def in_force(unit: AdministrativeUnit | None = None):
    """The conventions in force (recognised, not repealed or replaced), under `unit` if given: the public list."""
    rows = (
        Convention.objects.filter(matter__status=MatterStatus.RECOGNISED, repealed_on=None)
        .select_related("village__parent", "matter__recognition")
        .prefetch_related("amendments__matter__recognition")
    )
    if unit is not None:
        rows = rows.filter(unit_path__gte=unit.path, unit_path__lt=unit.path + PATH_END)
    return [c for c in rows.order_by("unit_path", "title") if services.is_in_force(c)]


@dataclass
class Figures:
    unit: AdministrativeUnit
    recognised: int = 0
    refused: int = 0
    amended: int = 0
    suspended: int = 0
    repealed: int = 0
    in_force: int = 0
    reviewed: int = 0
    late: list = field(default_factory=list)


def yearly_figures(province: AdministrativeUnit, year: int) -> list[Figures]:
    """Per commune of the province, what the year saw (Art. 16 §1): recognised, not recognised, amended, suspended,
    repealed; with those in force at the time of the report and those reviewed this year."""
    communes = {
        c.path: Figures(c)
        for c in AdministrativeUnit.objects.filter(
            level=Level.COMMUNE, path__gte=province.path, path__lt=province.path + PATH_END
        ).order_by("path")
    }
    conventions = (
        Convention.objects.filter(unit_path__gte=province.path, unit_path__lt=province.path + PATH_END)
        .select_related("matter__recognition", "amends")
        .prefetch_related("reviews", "amendments__matter__recognition")
    )
    for convention in conventions:
        figures = next((f for path, f in communes.items() if convention.unit_path.startswith(path)), None)
        if figures is None:
            continue
        recognition = getattr(convention.matter, "recognition", None) if convention.matter else None
        if recognition and recognition.recognised_on and recognition.recognised_on.year == year:
            figures.recognised += 1
            if convention.amends_id:
                figures.amended += 1
        if recognition and recognition.refused_on and recognition.refused_on.year == year:
            figures.refused += 1
        if convention.suspended_on and convention.suspended_on.year == year:
            figures.suspended += 1
        if convention.repealed_on and convention.repealed_on.year == year:
            figures.repealed += 1
        if services.is_in_force(convention, min(date(year, 12, 31), timezone.localdate())):
            figures.in_force += 1
        if any(r.year == year for r in convention.reviews.all()):
            figures.reviewed += 1
    return list(communes.values())
