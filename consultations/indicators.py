"""Dân tham gia ý kiến indicators for the steering committee's scorecards."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from consultations.models import Answer, Consultation, Opinion, Status
from grassroots.indicators import count_per_commune, indicator, share_per_commune


def _published(province, year):
    return Consultation.objects.filter(unit_path__startswith=province.path, published_at__year=year).exclude(
        status=Status.DRAFT
    )


@indicator("consultations_opened", label=_("Consultations opened"), source=_("Consultations"), percent=False, order=30)
def opened(province, year):
    return count_per_commune(province, _published(province, year).values_list("unit_path", flat=True))


@indicator("opinions_answered", label=_("Opinions answered (%)"), source=_("Consultations"), percent=True, order=31)
def answered(province, year):
    rows = (
        Opinion.objects.filter(consultation__in=_published(province, year), is_hidden=False)
        .values("consultation__unit_path")
        .annotate(n=Count("id"), done=Count("id", filter=Q(group__isnull=False) & ~Q(group__answer=Answer.PENDING)))
    )
    return share_per_commune(province, ((r["consultation__unit_path"], r["done"], r["n"]) for r in rows))
