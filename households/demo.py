"""Generating plausible demo and benchmark populations: real communes, generated villages and people.

Names follow the frequency of Vietnamese surnames (Nguyễn about 38%, Trần 11%, Lê 9.5%…). Rows are written
with explicit primary keys in large batches, which is what lets 2,000,000 residents load in minutes.
"""

import random
import time
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import connection, transaction
from django.db.models import Max

from grassroots.text import fold
from households.models import Gender, Household, Resident, search_text_for
from localities.models import AdministrativeUnit, Level, VillageKind

# Bump when generated data or its indexes change shape, so cached benchmark databases are made again.
GENERATOR_VERSION = 3

SURNAMES = [
    ("Nguyễn", 38),
    ("Trần", 11),
    ("Lê", 9.5),
    ("Phạm", 7),
    ("Hoàng", 5.1),
    ("Huỳnh", 2),
    ("Phan", 4.5),
    ("Vũ", 3.9),
    ("Võ", 2),
    ("Đặng", 2.1),
    ("Bùi", 2),
    ("Đỗ", 1.4),
    ("Hồ", 1.3),
    ("Ngô", 1.3),
    ("Dương", 1),
    ("Lý", 0.5),
    ("Đinh", 0.8),
    ("Ma", 0.4),
    ("Nông", 0.5),
    ("Lò", 0.3),
    ("Triệu", 0.4),
    ("Hà", 0.6),
    ("Lương", 0.5),
    ("Đào", 0.6),
    ("Trịnh", 0.5),
    ("Lục", 0.2),
    ("Vương", 0.3),
]
MIDDLE_MALE = ["Văn", "Văn", "Văn", "Đức", "Minh", "Quang", "Hữu", "Công", "Thành", "Xuân", "Đình", "Ngọc"]
MIDDLE_FEMALE = ["Thị", "Thị", "Thị", "Ngọc", "Thu", "Minh", "Thanh", "Kim", "Hồng", "Bích", "Phương"]
GIVEN_MALE = [
    "Đức",
    "Hùng",
    "Dũng",
    "Nam",
    "Tuấn",
    "Minh",
    "Long",
    "Quân",
    "Sơn",
    "Hải",
    "Cường",
    "Thắng",
    "Phúc",
    "Khoa",
    "Bình",
    "Trung",
    "Hiếu",
    "Thành",
    "Lâm",
    "Tùng",
    "Việt",
    "Huy",
    "Khánh",
    "Đạt",
]
GIVEN_FEMALE = [
    "Hoa",
    "Lan",
    "Hương",
    "Mai",
    "Linh",
    "Trang",
    "Thảo",
    "Hằng",
    "Nga",
    "Yến",
    "Hạnh",
    "Huyền",
    "Nhung",
    "Vân",
    "Phương",
    "Ngọc",
    "Anh",
    "Thủy",
    "Hà",
    "Loan",
    "Dung",
    "Oanh",
    "Châu",
    "Giang",
]
VILLAGE_NAMES = [
    "Đông",
    "Tây",
    "Nam",
    "Bắc",
    "Trung",
    "Thượng",
    "Hạ",
    "Tân Lập",
    "Tân Tiến",
    "Đồng Tâm",
    "Hòa Bình",
    "Quyết Thắng",
    "Thống Nhất",
    "Làng Mới",
    "Bản Phố",
    "Nà Lầu",
    "Khuổi Kẹn",
    "Nặm Đăm",
    "Pác Vầy",
    "Lũng Cú",
    "Cốc Pài",
    "Bản Vàng",
    "Tiến Thành",
    "Đoàn Kết",
]
STREETS = ["Trần Phú", "Lê Lợi", "Nguyễn Trãi", "Quang Trung", "Hai Bà Trưng", "Lý Thường Kiệt", "Hùng Vương"]


@dataclass
class Plan:
    province_code: str
    communes: int | None  # None: all of the province
    villages_per_commune: int
    households: int
    residents_per_household: float
    seed: int = 2023


def _pick_surname(rng, names=[n for n, _ in SURNAMES], weights=[w for _, w in SURNAMES]):  # noqa: B006
    return rng.choices(names, weights)[0]


def person_name(rng, gender: str, surname: str | None = None) -> str:
    surname = surname or _pick_surname(rng)
    if gender == Gender.MALE:
        return f"{surname} {rng.choice(MIDDLE_MALE)} {rng.choice(GIVEN_MALE)}"
    return f"{surname} {rng.choice(MIDDLE_FEMALE)} {rng.choice(GIVEN_FEMALE)}"


def citizen_id_for(province_code: str, gender: str, born: date, serial: int) -> str:
    """A 12-digit căn cước number: province (3), century and gender (1), year (2), serial (6)."""
    century_gender = (born.year // 100 - 19) * 2 + int(gender == Gender.FEMALE)
    return f"{int(province_code):03d}{century_gender}{born.year % 100:02d}{serial % 10**6:06d}"


def create_villages(commune: AdministrativeUnit, count: int, rng) -> list[AdministrativeUnit]:
    urban = commune.division_type == "phường"
    existing = list(commune.children.filter(level=Level.VILLAGE, is_active=True))
    villages = []
    for number in range(len(existing) + 1, count + 1):
        if urban:
            name, kind = str(number), VillageKind.TO_DAN_PHO
        else:
            base = VILLAGE_NAMES[(number - 1) % len(VILLAGE_NAMES)]
            name = base if number <= len(VILLAGE_NAMES) else f"{base} {number // len(VILLAGE_NAMES) + 1}"
            kind = VillageKind.THON
        village = AdministrativeUnit(
            code=f"{commune.code}.{number:03d}", name=name, division_type=kind, level=Level.VILLAGE, parent=commune
        )
        village.path = village.build_path()
        village.search_name = fold(name)
        villages.append(village)
    AdministrativeUnit.objects.bulk_create(villages, batch_size=2000)
    return existing + villages


def _household_members(rng, size: int, today: date):
    """(name, gender, date_of_birth, relationship) of one plausible family."""
    surname = _pick_surname(rng)
    head_gender = Gender.MALE if rng.random() < 0.8 else Gender.FEMALE
    head_age = rng.randint(25, 80)
    members = [(person_name(rng, head_gender, surname), head_gender, head_age, "Chủ hộ")]
    if size > 1:
        spouse_gender = Gender.FEMALE if head_gender == Gender.MALE else Gender.MALE
        members.append(
            (
                person_name(rng, spouse_gender),
                spouse_gender,
                max(18, head_age + rng.randint(-6, 4)),
                "Vợ" if spouse_gender == Gender.FEMALE else "Chồng",
            )
        )
    for _ in range(size - len(members)):
        gender = rng.choice([Gender.MALE, Gender.FEMALE])
        age = rng.randint(0, max(1, head_age - 20))
        members.append(
            (
                person_name(rng, gender, surname if gender == Gender.MALE or rng.random() < 0.7 else None),
                gender,
                age,
                "Con",
            )
        )
    return [
        (name, gender, today - timedelta(days=age * 365 + rng.randint(0, 364)), rel)
        for name, gender, age, rel in members
    ]


def generate(plan: Plan, *, report=print, batch: int = 10000) -> dict:
    """Villages, households and residents for a province's communes. Returns counts and seconds taken."""
    rng = random.Random(plan.seed)
    started = time.monotonic()
    today = date.today()
    province = AdministrativeUnit.objects.get(code=plan.province_code, level=Level.PROVINCE)
    communes = list(province.children.filter(level=Level.COMMUNE).order_by("code"))
    if plan.communes:
        communes = communes[: plan.communes]
    with transaction.atomic():
        villages = [v for c in communes for v in create_villages(c, plan.villages_per_commune, rng)]
    report(f"villages: {len(villages)} in {len(communes)} communes")

    next_household = (Household.objects.aggregate(m=Max("id"))["m"] or 0) + 1
    next_resident = (Resident.objects.aggregate(m=Max("id"))["m"] or 0) + 1
    households, residents = [], []
    total_residents = 0
    citizen_serial = rng.randint(0, 10**5)
    now = time.monotonic()

    def flush():
        nonlocal households, residents
        with transaction.atomic():
            # Residents point at households and households at residents: defer the check to commit.
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            Household.objects.bulk_create(households, batch_size=2000)
            Resident.objects.bulk_create(residents, batch_size=2000)
        households, residents = [], []

    mean = plan.residents_per_household
    for index in range(plan.households):
        village = villages[index % len(villages)]
        size = max(1, min(9, round(rng.gauss(mean, 1.3))))
        members = _household_members(rng, size, today)
        household_id = next_household + index
        code = f"{village.parent.code}-{index + 1:06d}"
        address = (
            f"Số {rng.randint(1, 300)}, đường {rng.choice(STREETS)}"
            if village.division_type == VillageKind.TO_DAN_PHO
            else f"Xóm {rng.randint(1, 12)}, {village}"
        )
        head_id = next_resident
        for name, gender, born, relationship in members:
            citizen_id = None
            if today.year - born.year >= 14:
                citizen_serial += 1
                citizen_id = citizen_id_for(province.code, gender, born, citizen_serial)
            residents.append(
                Resident(
                    id=next_resident,
                    household_id=household_id,
                    full_name=name,
                    search_name=fold(name),
                    date_of_birth=born,
                    gender=gender,
                    citizen_id=citizen_id if citizen_serial < 10**6 else None,
                    relationship=relationship,
                )
            )
            next_resident += 1
        total_residents += len(members)
        households.append(
            Household(
                id=household_id,
                code=code,
                village=village,
                address=address,
                head_id=head_id,
                representative_id=head_id,
                search_text=search_text_for(code, address, [m[0] for m in members]),
            )
        )
        if len(households) >= batch:
            flush()
            if time.monotonic() - now > 5:
                now = time.monotonic()
                report(
                    f"households: {index + 1}/{plan.households}, residents: {total_residents}, "
                    f"{time.monotonic() - started:.0f}s"
                )
    flush()
    _reset_sequences()
    _refresh_statistics()
    seconds = time.monotonic() - started
    report(f"done: {plan.households} households, {total_residents} residents in {seconds:.0f}s")
    return {"villages": len(villages), "households": plan.households, "residents": total_residents, "seconds": seconds}


def _reset_sequences():
    from django.core.management.color import no_style

    sql = connection.ops.sequence_reset_sql(no_style(), [Household, Resident])
    if sql:
        with connection.cursor() as cursor:
            for statement in sql:
                cursor.execute(statement)


def _refresh_statistics():
    """Fresh planner statistics after a bulk load, so searches choose their index well from the first query."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE households_household, households_resident, localities_administrativeunit")
        else:
            cursor.execute("PRAGMA optimize")
