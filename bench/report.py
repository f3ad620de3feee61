"""Run inside the benchmark's Django environment: the province committee's annual report for last year.

Prints one JSON object: seconds to generate the DOCX through the service (gather the figures, draw the chart,
write the document), median of 3, each a new version as an official's request makes, each with the workers'
caches emptied first (a worker that never drew the dashboard).
"""

import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "grassroots.settings")

import django  # noqa: E402

django.setup()

from django.core.cache import caches  # noqa: E402
from django.utils import timezone  # noqa: E402

from localities.models import AdministrativeUnit  # noqa: E402
from steering import services  # noqa: E402
from steering.models import Committee, CommitteeKind  # noqa: E402

if __name__ == "__main__":
    province = AdministrativeUnit.objects.get(code=sys.argv[1])
    committee = Committee.objects.get(unit=province, kind=CommitteeKind.GRASSROOTS_DEMOCRACY)
    year = timezone.localdate().year - 1
    times, report = [], None
    for _ in range(3):
        report = services.request_annual_report(by=None, committee=committee, data=services.ReportInput(year))
        for cache in caches.all():
            cache.clear()
        started = time.perf_counter()
        services.generate_annual_report(report)
        times.append(time.perf_counter() - started)
    print(
        json.dumps(
            {
                "median_s": round(statistics.median(times), 2),
                "max_s": round(max(times), 2),
                "year": year,
                "communes": len(report.figures["communes"]),
                "bytes": report.file.size,
            }
        )
    )
