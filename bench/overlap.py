"""Run inside the benchmark's Django environment: the overlap check of a 200-task programme against 2,000 tasks.

Idempotent: the two committees and their programmes are made once. Prints one JSON object: seconds per
`steering.services.check_overlaps` (median of 3, each re-reading the tasks and writing the flags), and the flags.
The check is run by a province steering official, who reads every committee of the province.
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

from accounts.models import Role, RoleAssignment, User  # noqa: E402
from bench.consultation import unit  # noqa: E402
from steering import services  # noqa: E402
from steering.generate import generate_tasks  # noqa: E402
from steering.models import CommitteeKind, Programme, Task  # noqa: E402

YEAR = 2030  # a year no demo programme uses
TITLE = "Bench: chương trình 200 nhiệm vụ"


def province_official() -> User:
    user, _created = User.objects.get_or_create(username="bench-overlap", defaults={"full_name": "Bench: BCĐ tỉnh"})
    RoleAssignment.objects.get_or_create(user=user, role=Role.PROVINCIAL_STEERING, unit=unit().parent)
    return user


def prepare() -> Programme:
    existing = Programme.objects.filter(title=TITLE).first()
    if existing is not None:
        return existing
    province = unit().parent
    ours = services.create_committee(
        by=None, unit=province, kind=CommitteeKind.GRASSROOTS_DEMOCRACY, name="Bench: Ban Chỉ đạo QCDC"
    )
    other = services.create_committee(by=None, unit=province, kind=CommitteeKind.OTHER, name="Bench: Ban Chỉ đạo khác")
    programme = services.create_programme(by=None, committee=ours, year=YEAR, title=TITLE)
    theirs = services.create_programme(by=None, committee=other, year=YEAR, title="Bench: 2.000 nhiệm vụ")
    for target, tasks in (
        (programme, generate_tasks(200, seed=1, subjects=range(0, 12))),
        (theirs, generate_tasks(2000, seed=2, subjects=range(8, 24))),
    ):
        Task.objects.bulk_create(
            Task(programme=target, number=n, content=content, lead_agency=agency)
            for n, (content, agency, _subject) in enumerate(tasks, 1)
        )
    return programme


if __name__ == "__main__":
    programme = prepare()
    official = province_official()
    times, flags = [], []
    for _ in range(3):
        started = time.perf_counter()
        flags = services.check_overlaps(by=official, programme=programme)
        times.append(time.perf_counter() - started)
    print(
        json.dumps(
            {
                "median_s": round(statistics.median(times), 3),
                "max_s": round(max(times), 3),
                "tasks": programme.tasks.count(),
                "against": Task.objects.exclude(programme=programme).filter(programme__year=YEAR).count(),
                "flags": len(flags),
                "tasks_flagged": len({f.task_id for f in flags}),
            }
        )
    )
