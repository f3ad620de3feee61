"""Years of activity for a generated province, for the steering committee's benchmarks (dashboard, report).

For each of the last `years` years and each commune: household decisions (closed, most recognised) with rolls
drawn from a village's households, a consultation with opinions grouped and mostly answered, and inspections of
some communes; the province committee's programme of 200 tasks and another committee's of 2,000. Bulk-loaded
seed data, without history rows, like the other generators; the services are what officials use.
"""

import random
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from consultations.generate import generate_opinions
from consultations.models import Answer, Consultation, DraftVersion, Opinion, OpinionGroup, Section
from consultations.models import Status as ConsultationStatus
from decisions.models import Matter, MatterStatus, Recognition, RollEntry, Way
from grassroots.text import fold
from households.models import Household
from localities.models import AdministrativeUnit, Level
from steering.generate import generate_tasks
from steering.models import (
    Committee,
    CommitteeKind,
    CriteriaSet,
    Criterion,
    Inspection,
    InspectionStatus,
    Programme,
    ProgrammeStatus,
    Recommendation,
    Task,
    TaskStatus,
)

MATTERS_PER_COMMUNE_YEAR = 2
OPINIONS_PER_CONSULTATION = 30


def _moment(rng, year: int) -> datetime:
    day = date(year, 1, 1) + timedelta(days=rng.randrange(330))
    return timezone.make_aware(datetime.combine(day, time(9)))


def _matters(rng, commune, year: int) -> int:
    villages = list(commune.children.filter(level=Level.VILLAGE).values_list("id", "path")[:50])
    made = 0
    for _ in range(MATTERS_PER_COMMUNE_YEAR):
        if not villages:
            break
        village_id, path = rng.choice(villages)
        closed = _moment(rng, year)
        recognised = rng.random() < 0.85
        matter = Matter.objects.create(
            village_id=village_id,
            unit_path=path,
            matter_type="contribution_policy",
            title=f"Đóng góp xây dựng công trình năm {year}",
            question="Mỗi hộ đóng góp 500.000 đồng?",
            ballot_kind="yes_no",
            electorate="households",
            status=MatterStatus.RECOGNISED if recognised else MatterStatus.CLOSED,
            opened_at=closed - timedelta(days=7),
            closed_at=closed,
        )
        households = list(Household.objects.filter(village_id=village_id).values_list("id", "code")[:400])
        turnout = rng.uniform(0.45, 0.9)
        entries = [
            RollEntry(
                matter=matter,
                household_id=household_id,
                household_code=code,
                name=code,
                position=position,
                voted_via=rng.choice([Way.ONLINE, Way.MEETING, Way.SHEET]) if rng.random() < turnout else "",
            )
            for position, (household_id, code) in enumerate(households, 1)
        ]
        RollEntry.objects.bulk_create(entries)
        # What decisions.services.close_voting freezes at closing and the indicators read.
        participants = sum(1 for e in entries if e.voted_via)
        Matter.objects.filter(pk=matter.pk).update(
            roll_size=len(entries), result={"roll": len(entries), "participants": participants}
        )
        if recognised:
            Recognition.objects.create(
                matter=matter,
                sent_on=closed.date(),
                due_on=closed.date() + timedelta(days=7),
                recognised_on=closed.date() + timedelta(days=3),
                decision_number=f"{rng.randrange(1, 99)}/QĐ-UBND",
            )
        made += 1
    return made


def _consultation(rng, commune, year: int) -> None:
    published = _moment(rng, year)
    consultation = Consultation.objects.create(
        unit=commune,
        title=f"Dự thảo kế hoạch phát triển kinh tế - xã hội năm {year + 1}",
        subject="socio_economic_plan",
        audience="residents",
        opens_on=published.date(),
        closes_on=published.date() + timedelta(days=30),
        status=ConsultationStatus.CLOSED,
        published_at=published,
        closed_at=published + timedelta(days=45),
    )
    version = DraftVersion.objects.create(consultation=consultation, number=1)
    Section.objects.create(version=version, key="s1", position=1, heading="Điều 1. Mục tiêu", text="Tăng thu nhập.")
    opinions = generate_opinions(OPINIONS_PER_CONSULTATION, seed=rng.randrange(10**6))
    groups = {}
    for _text, point in opinions:
        if point not in groups:
            answered = rng.random() < 0.9
            groups[point] = OpinionGroup(
                consultation=consultation,
                answer=rng.choice([Answer.EXPLAINED, Answer.NOT_ABSORBED]) if answered else Answer.PENDING,
                answer_text="Đã giải trình" if answered else "",
            )
    OpinionGroup.objects.bulk_create(groups.values())
    Opinion.objects.bulk_create(
        Opinion(
            consultation=consultation,
            channel="online",
            author="Người dân",
            text=text,
            group=groups[point],
            search_text=fold(text),
        )
        for text, point in opinions
    )


@transaction.atomic
def generate(province: AdministrativeUnit, years: int = 5, seed: int = 2026, report=print) -> dict:
    rng = random.Random(seed)
    this_year = timezone.localdate().year
    communes = list(province.children.filter(level=Level.COMMUNE, is_active=True, children__isnull=False).distinct())
    committee, _ = Committee.objects.get_or_create(
        unit=province,
        kind=CommitteeKind.GRASSROOTS_DEMOCRACY,
        defaults={"name": "Ban Chỉ đạo thực hiện QCDC ở cơ sở tỉnh", "unit_path": province.path},
    )
    other, _ = Committee.objects.get_or_create(
        unit=province, kind=CommitteeKind.OTHER, defaults={"name": "Ban Chỉ đạo khác", "unit_path": province.path}
    )
    criteria, _ = CriteriaSet.objects.get_or_create(committee=committee, name="Tiêu chí kiểm tra QCDC cấp xã")
    if not criteria.criteria.exists():
        Criterion.objects.bulk_create(
            Criterion(criteria_set=criteria, position=i, text=t)
            for i, t in enumerate(["Công khai ngân sách", "Hội nghị thôn", "Tiếp công dân"], 1)
        )
    counts = {"matters": 0, "consultations": 0, "tasks": 0, "inspections": 0}
    for year in range(this_year - years + 1, this_year + 1):
        for commune in communes:
            counts["matters"] += _matters(rng, commune, year)
            _consultation(rng, commune, year)
            counts["consultations"] += 1
        for target, count, subjects in ((committee, 200, range(0, 12)), (other, 2000, range(8, 24))):
            programme = Programme.objects.create(
                committee=target, year=year, title=f"Chương trình công tác năm {year}", status=ProgrammeStatus.ADOPTED
            )
            Task.objects.bulk_create(
                Task(
                    programme=programme,
                    number=n,
                    content=content,
                    lead_agency=agency,
                    deadline=date(year, 1 + n % 12, 15),
                    status=TaskStatus.DONE if rng.random() < 0.8 else TaskStatus.IN_PROGRESS,
                )
                for n, (content, agency, _subject) in enumerate(
                    generate_tasks(count, seed=rng.randrange(10**6), subjects=subjects), 1
                )
            )
            counts["tasks"] += count
        for commune in rng.sample(communes, min(10, len(communes))):
            inspection = Inspection.objects.create(
                committee=committee,
                commune=commune,
                plan=f"Kế hoạch kiểm tra năm {year}",
                scheduled_on=date(year, 6, 1),
                team="Đoàn kiểm tra",
                criteria_set=criteria,
                status=InspectionStatus.DONE,
                findings="Cơ bản thực hiện tốt.",
                concluded_on=date(year, 6, 5),
            )
            Recommendation.objects.create(
                inspection=inspection,
                text="Bổ sung biên bản hội nghị thôn",
                due_on=date(year, 7, 5),
                closed_on=date(year, 7, 1) if rng.random() < 0.7 else None,
            )
            counts["inspections"] += 1
        report(f"{year}: activity generated")
    return counts
