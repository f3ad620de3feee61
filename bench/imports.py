"""Run inside a Django environment (the benchmark's, or a fault test's throwaway database).

imports.py prepare ROWS   a household import of ROWS rows (three residents a household, new households in a
                          commune of its own), queued for the task workers; prints {"job", "task", "households"}
imports.py status JOB     the import's state and the worker's record of it, and what is in the registry (JSON)
"""

import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "grassroots.settings")

import django  # noqa: E402

django.setup()

from accounts.models import Role, RoleAssignment, User  # noqa: E402
from households.importing import COLUMNS  # noqa: E402
from households.models import Household, HouseholdImport, Resident  # noqa: E402
from localities.models import AdministrativeUnit, Level  # noqa: E402

PER_HOUSEHOLD = 3


def _commune() -> AdministrativeUnit:
    """A commune of its own with one village, under the database's first province (or a new one)."""
    province = AdministrativeUnit.objects.filter(level=Level.PROVINCE).order_by("path").first()
    if province is None:
        province = AdministrativeUnit.objects.create(
            code="97", name="Tỉnh Nhập", division_type="tỉnh", level=Level.PROVINCE
        )
    n = time.time_ns() % 90000 + 10000
    commune = AdministrativeUnit.objects.create(
        code=f"{n}", name=f"Xã Nhập {n}", division_type="xã", level=Level.COMMUNE, parent=province
    )
    AdministrativeUnit.objects.create(
        code=f"{n}.001", name="Thôn Nhập", division_type="thôn", level=Level.VILLAGE, parent=commune
    )
    return commune


def _csv(commune: AdministrativeUnit, rows: int) -> bytes:
    header = [labels[0] for labels in COLUMNS.values()]
    lines = [",".join(header)]
    for i in range(rows):
        household, member = divmod(i, PER_HOUSEHOLD)
        head = member == 0
        lines.append(
            ",".join(
                [
                    f"{commune.code}-N{household:06d}",
                    f"{commune.code}.001",
                    f"Số {household} đường Nhập",
                    f"Nguyễn Văn {household} {member}",
                    f"01/01/{1950 + (i % 50)}",
                    "Nam" if member % 2 == 0 else "Nữ",
                    "",
                    "Chủ hộ" if head else "Con",
                    "x" if head else "",
                ]
            )
        )
    return ("\n".join(lines) + "\n").encode("utf-8")


def prepare(rows: int) -> dict:
    from households.tasks import import_households

    commune = _commune()
    user = User.objects.create_user(username=f"nhap{commune.code}", password=os.urandom(8).hex())
    RoleAssignment.objects.create(user=user, role=Role.COMMUNE_OFFICIAL, unit=commune)
    job = HouseholdImport.objects.create(
        created_by=user, unit=commune, file_name="nhap.csv", content=_csv(commune, rows)
    )
    result = import_households.enqueue(job.pk)
    return {"job": job.pk, "task": str(result.id), "households": -(-rows // PER_HOUSEHOLD)}


def status(job_id: int) -> dict:
    from django_tasks_db.models import DBTaskResult

    job = HouseholdImport.objects.get(pk=job_id)
    tasks = DBTaskResult.objects.filter(task_path="households.tasks.import_households", args_kwargs__args=[job_id])
    task = tasks.first()
    prefix = f"{job.unit.code}-N"
    return {
        "status": job.status,
        "errors": job.errors[:3],
        "task_status": task.status if task else None,
        "attempts": len(task.worker_ids) if task else 0,
        "households_created": job.households_created,
        "published": Household.objects.filter(code__startswith=prefix).count(),
        "staged": Household.all_objects.filter(pending_import=job).count(),
        "residents": Resident.all_objects.filter(household__code__startswith=prefix).count(),
    }


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "prepare":
        print(json.dumps(prepare(int(sys.argv[2]))))
    elif command == "status":
        print(json.dumps(status(int(sys.argv[2]))))
    else:
        raise SystemExit(__doc__)
