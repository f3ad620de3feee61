"""Export of the household registry to XLSX; citizen IDs are masked."""

from django.utils import timezone
from django.utils.translation import gettext as _

from grassroots.tabular import write_xlsx
from households.rules import mask_citizen_id
from households.selectors import residents_for
from localities.models import PATH_END

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def households_xlsx(user, unit) -> bytes:
    today = timezone.localdate()
    residents = (
        residents_for(user)
        .filter(
            is_active=True,
            household__is_active=True,
            household__village__path__gte=unit.path,
            household__village__path__lt=unit.path + PATH_END,
        )
        .select_related("household__village", "household__representative")
        .order_by("household__village__path", "household__code", "id")
    )
    header = [
        _("Household code"),
        _("Village code"),
        _("Village"),
        _("Address"),
        _("Full name"),
        _("Date of birth"),
        _("Gender"),
        _("Citizen ID"),
        _("Relationship to head"),
        _("Representative"),
        _("Voter"),
    ]

    def rows():
        for r in residents.iterator(chunk_size=2000):
            h = r.household
            yield [
                h.code,
                h.village.code,
                str(h.village),
                h.address,
                r.full_name,
                r.date_of_birth.strftime("%d/%m/%Y") if r.date_of_birth else "",
                r.get_gender_display(),
                mask_citizen_id(r.citizen_id),
                r.relationship,
                "x" if h.representative_id == r.pk else "",
                "x" if r.is_eligible_voter(today) else "",
            ]

    return write_xlsx(_("Households"), header, rows())
