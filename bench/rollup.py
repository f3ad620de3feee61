"""Run inside the benchmark's Django environment: time the province's compliance roll-up (median of 5).

The computation itself, not the per-worker cache that pages read it through."""

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

from django.utils import timezone  # noqa: E402

from disclosures.selectors import compute_province_rollup  # noqa: E402
from localities.models import AdministrativeUnit  # noqa: E402


def main():
    province = AdministrativeUnit.objects.get(code=sys.argv[1])
    timings = []
    for year in (2024, 2025, 2024, 2025, 2026):
        started = time.perf_counter()
        rows = compute_province_rollup(province, year, timezone.localdate())
        timings.append(time.perf_counter() - started)
    print(
        json.dumps(
            {
                "median_s": round(statistics.median(timings), 3),
                "max_s": round(max(timings), 3),
                "communes": len(rows),
                "runs": len(timings),
            }
        )
    )


main()
