"""Changes to the Vietnamese working-day calendar that no library knows in advance: a Saturday worked to make up
for a bridged holiday, an extra day off the Government announces (decided each year by the Prime Minister or the
Ministry of Home Affairs). The law's deadlines in working days count them (grassroots.working_days)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class CalendarChange(models.Model):
    day = models.DateField(_("day"), unique=True)
    working = models.BooleanField(_("a working day"))
    reason = models.CharField(_("why"), max_length=300)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("change to the working-day calendar")
        verbose_name_plural = _("changes to the working-day calendar")
        ordering = ["-day"]

    def __str__(self):
        return f"{self.day:%d/%m/%Y}"
