"""Dân tham gia ý kiến indicators for the steering committee's scorecards."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from consultations.models import Answer, Consultation, Opinion, Status
from grassroots.indicators import commune_of, communes_of, indicator, share


def _published(province, year):
    return Consultation.objects.filter(unit_path__startswith=province.path, published_at__year=year).exclude(
        status=Status.DRAFT
    )


@indicator("consultations_opened", label=_("Consultations opened"), source=_("Consultations"), percent=False, order=30)
def opened(province, year):
    communes = communes_of(province)
    values = {pk: 0 for pk in communes.values()}
    for path in _published(province, year).values_list("unit_path", flat=True):
        if (pk := communes.get(commune_of(path))) is not None:
            values[pk] += 1
    return values


@indicator("opinions_answered", label=_("Opinions answered (%)"), source=_("Consultations"), percent=True, order=31)
def answered(province, year):
    communes = communes_of(province)
    answered_count, total = {}, {}
    rows = (
        Opinion.objects.filter(consultation__in=_published(province, year), is_hidden=False)
        .values("consultation__unit_path")
        .annotate(n=Count("id"), done=Count("id", filter=Q(group__isnull=False) & ~Q(group__answer=Answer.PENDING)))
    )
    for row in rows:
        pk = communes.get(commune_of(row["consultation__unit_path"]))
        if pk is not None:
            total[pk] = total.get(pk, 0) + row["n"]
            answered_count[pk] = answered_count.get(pk, 0) + row["done"]
    return {pk: share(answered_count.get(pk, 0), total.get(pk, 0)) for pk in communes.values()}
