"""Secret ballots stay secret: nothing stored links a household to its ballot.

The proof compares whole databases. Households A and B vote online on a secret matter in two worlds:
in one A votes for candidate 1 and then B for candidate 2; in the other B votes for candidate 1 and then
A for candidate 2. The ballots arrive in the same order with the same contents, only cast by the other
household. If any stored value (an id, a timestamp, an order, a history row) tied a household to its ballot,
the two databases would differ somewhere. They must be identical, every table, every column, every row in
insertion order. A control shows the comparison does see ballot contents.
"""

import itertools
import random
from datetime import UTC, datetime, timedelta

import pytest
from django.apps import apps
from django.db import transaction
from django.utils import timezone

from decisions import ballots, secrecy, services
from decisions.tests.conftest import roll, secret_vote


def snapshot(before: dict[str, int]) -> dict[str, list[tuple]]:
    """Every row of every table, in insertion (primary key) order; rows new since `before` get their rank
    among the new rows instead of their id, since ids taken inside a rolled-back transaction are not reused
    on every database."""
    tables = {}
    for model in apps.get_models():
        columns = [f.attname for f in model._meta.concrete_fields]
        pk = model._meta.pk.attname
        rows = []
        new_rank = itertools.count()
        for row in model._base_manager.order_by("pk").values_list(*columns):
            values = dict(zip(columns, row, strict=True))
            if isinstance(values[pk], int) and values[pk] > before.get(model._meta.label, 0):
                values[pk] = ("new", next(new_rank))
            rows.append(tuple(sorted(values.items(), key=lambda kv: kv[0])))
        tables[model._meta.label] = rows
    return tables


def max_ids() -> dict[str, int]:
    result = {}
    for model in apps.get_models():
        last = model._base_manager.order_by("-pk").values_list("pk", flat=True).first()
        result[model._meta.label] = last if isinstance(last, int) else 0
    return result


def world(monkeypatch, before, votes):
    """Cast `votes` ([(entry, choice)…]) with the same clock and the same randomness, then roll back."""
    ticks = itertools.count()
    start = datetime(2026, 11, 20, 8, tzinfo=UTC)
    monkeypatch.setattr(timezone, "now", lambda: start + timedelta(seconds=next(ticks)))
    rng = random.Random(42)
    # The encryption's randomness too, so that the same ballots encrypt alike in both worlds.
    monkeypatch.setattr(secrecy, "_random", lambda: rng.randrange(1, secrecy.N))
    with transaction.atomic():
        for entry, choice in votes:
            ballots.cast_online(
                code=services.code_of(entry),
                choices=[choice],
                address="192.0.2.10",
                matter_id=entry.matter_id,
                randbits=rng.getrandbits,
                pick=rng.randrange,
            )
        state = snapshot(before)
        transaction.set_rollback(True)
    return state


@pytest.mark.django_db(transaction=False)
def test_the_database_cannot_tell_which_household_cast_which_secret_ballot(place, monkeypatch):
    matter = services.open_voting(by=place.officer, matter=secret_vote(place))
    a, b = roll(matter)[:2]
    before = max_ids()
    first = world(monkeypatch, before, [(a, "c1"), (b, "c2")])
    swapped = world(monkeypatch, before, [(b, "c1"), (a, "c2")])
    assert first == swapped
    # Control: the snapshot does hold the ballots' contents (and the roll says both households voted).
    same_choice = world(monkeypatch, before, [(a, "c1"), (b, "c1")])
    assert same_choice != first
    roll_rows = first["decisions.RollEntry"]
    assert [dict(r)["voted_via"] for r in roll_rows[:2]] == ["online", "online"]
