"""Run inside the benchmark's Django environment: make the actors and the queries a run needs.

Prints one JSON object: session cookies, an API token and search queries drawn from the generated data.
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

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402

from accounts.models import ApiToken, Role, RoleAssignment, User  # noqa: E402
from accounts.units import SESSION_KEY as UNIT_KEY  # noqa: E402
from grassroots.text import fold  # noqa: E402
from households.models import Household, Resident  # noqa: E402
from localities.models import AdministrativeUnit  # noqa: E402


def actor(username, role, unit):
    user, _ = User.objects.get_or_create(username=username, defaults={"full_name": username})
    RoleAssignment.objects.get_or_create(user=user, role=role, unit=unit)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[UNIT_KEY] = unit.pk
    session.create()
    _token, key = ApiToken.issue(user=user, name="bench")
    return {"cookie": f"sessionid={session.session_key}", "token": key, "unit": unit.code}


def queries(rng, count=400):
    top = Resident.objects.order_by("-id").values_list("id", flat=True).first() or 0
    ids = [rng.randint(1, top) for _ in range(count)]
    names = list(Resident.objects.filter(id__in=ids).values_list("full_name", flat=True))
    codes = list(Household.objects.filter(id__in=ids[: count // 10]).values_list("code", flat=True))
    result = []
    for name in names:
        roll = rng.random()
        if roll < 0.6:
            result.append(fold(name))  # typed without accents
        elif roll < 0.8:
            result.append(" ".join(fold(name).split()[-2:]))  # middle and given name
        else:
            result.append(name)  # typed with accents
    result += codes
    result += ["trieu thi loan", "nong van khoa", "ma thi chau"]  # rare or absent
    rng.shuffle(result)
    return result


PORTAL_WORDS = [
    "kenh muong",
    "ho ngheo",
    "thu hoi dat",
    "duong giao thong",
    "hoc phi",
    "cau treo",
    "nuoc sach",
    "du toan ngan sach",
    "huong uoc",
    "tuyen dung",
    "phi cho",
    "tai dinh cu",
    "nha van hoa",
    "quy phong chong",
    "bao hiem y te",
    "ke hoach su dung dat",
    "thanh tra",
    "nong thon moi",
    "chieu sang",
    "ket hon",
]


def portal(rng, province):
    """Public portal addresses: unit pages at every level (some filtered) and searches as residents type them."""
    from disclosures.models import Disclosure

    communes = list(province.children.filter(children__isnull=False).distinct().values_list("code", flat=True)[:100])
    villages = list(
        AdministrativeUnit.objects.filter(path__startswith=province.path, level=3).values_list("code", flat=True)
    )
    units = [province.code] * 5 + communes + rng.sample(villages, min(100, len(villages)))
    filters = ["", "", "", "?topic=budget", "?year=2025", "?topic=investment&year=2026", "?page=2"]
    unit_pages = [f"/cong-khai/{rng.choice(units)}/{rng.choice(filters)}" for _ in range(400)]
    searches = []
    for _ in range(400):
        unit = province.code if rng.random() < 0.4 else rng.choice(communes)
        words = rng.choice(PORTAL_WORDS)
        if rng.random() < 0.2:
            words = words[: max(3, len(words) - 2)]  # still typing
        searches.append(f"/cong-khai/{unit}/?q={words.replace(' ', '+')}")
    return {"unit_pages": unit_pages, "searches": searches, "disclosures": Disclosure.objects.count()}


def main():
    rng = random.Random(7)
    province = AdministrativeUnit.objects.get(code=sys.argv[1])
    commune = province.children.order_by("code").first()
    print(
        json.dumps(
            {
                "province": actor("bench-province", Role.PROVINCIAL_STEERING, province),
                "commune": actor("bench-commune", Role.COMMUNE_OFFICIAL, commune),
                "queries": queries(rng),
                "portal": portal(rng, province),
                "households": Household.objects.count(),
                "residents": Resident.objects.count(),
            }
        )
    )


main()
