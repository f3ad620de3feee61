"""Run inside the benchmark's Django environment: a published consultation with 10,000 opinions.

Idempotent: reuses the consultation if the database has it. Opinions are bulk-loaded (seed data, no history
rows), then grouped and answered through the services, as officers would. Prints one JSON object: the
consultation's id, its opinion and group counts, and the public paths to measure.
"""

import json
import os
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "grassroots.settings")

import django  # noqa: E402

django.setup()

from datetime import timedelta  # noqa: E402

from django.utils import timezone  # noqa: E402

from accounts.models import User  # noqa: E402
from consultations import drafts, services  # noqa: E402
from consultations.demo import LAND_USE  # noqa: E402
from consultations.generate import generate_opinions  # noqa: E402
from consultations.models import Answer, Channel, Consultation, Opinion, OpinionGroup  # noqa: E402
from grassroots.text import fold  # noqa: E402
from localities.models import AdministrativeUnit, Level  # noqa: E402

TITLE = "Bench: dự thảo với 10.000 ý kiến"
OPINIONS = int(os.environ.get("BENCH_OPINIONS", "10000"))
PAGES = 5


def unit() -> AdministrativeUnit:
    commune = AdministrativeUnit.objects.filter(level=Level.COMMUNE).order_by("path").first()
    if commune is not None:
        return commune
    province = AdministrativeUnit.objects.create(
        code="99", name="Tỉnh Bench", division_type="tỉnh", level=Level.PROVINCE, parent=None
    )
    return AdministrativeUnit.objects.create(
        code="99001", name="Xã Bench", division_type="xã", level=Level.COMMUNE, parent=province
    )


def prepare() -> Consultation:
    existing = Consultation.objects.filter(title=TITLE).first()
    if existing is not None:
        return existing
    officer, _ = User.objects.get_or_create(username="bench-consultation", defaults={"full_name": "Bench"})
    today = timezone.localdate()
    consultation = services.create_consultation(
        by=officer,
        unit=unit(),
        data=services.ConsultationInput(
            title=TITLE,
            subject="land_use",
            audience="residents",
            opens_on=today - timedelta(days=5),
            closes_on=today + timedelta(days=25),
        ),
        sections=drafts.sections_from_text(LAND_USE),
    )
    services.publish(by=officer, consultation=consultation)
    rng = random.Random(3)
    keys = ["", "s1", "s2", "s3", "s4", "s5"]
    Opinion.objects.bulk_create(
        (
            Opinion(
                consultation=consultation,
                section_key=rng.choice(keys),
                channel=Channel.ONLINE if i % 5 else Channel.MEETING,
                author=f"Người dân {i + 1}",
                phone=f"09{i:08d}" if i % 5 else "",
                source="" if i % 5 else "Biên bản họp thôn",
                text=text,
                search_text=fold(f"Người dân {i + 1} {text}"),
            )
            for i, (text, _point) in enumerate(generate_opinions(OPINIONS, seed=17))
        ),
        batch_size=2000,
    )
    services.group_new_opinions(consultation=consultation, by=officer)
    for n, group in enumerate(OpinionGroup.objects.filter(consultation=consultation).order_by("id")):
        if n % 3 == 2:
            continue  # a third still waiting for an answer
        answer = Answer.EXPLAINED if n % 3 == 0 else Answer.NOT_ABSORBED
        services.answer_group(by=officer, group=group, answer=answer, text="Ủy ban nhân dân xã ghi nhận và giải trình.")
    return consultation


if __name__ == "__main__":
    consultation = prepare()
    pk = consultation.pk
    print(
        json.dumps(
            {
                "id": pk,
                "opinions": consultation.opinions.count(),
                "groups": consultation.groups.count(),
                "paths": [f"/y-kien/{pk}/"] + [f"/y-kien/{pk}/?page={n}" for n in range(2, PAGES + 1)],
            }
        )
    )
