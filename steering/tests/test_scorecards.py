"""Scorecards from every module's registered indicators: values, ranking, the accountable head, the pages."""

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone

from accounts.models import Role
from consultations import drafts
from consultations import services as consultation_services
from consultations.models import Answer
from grassroots.indicators import indicator, registered
from steering import scorecards, services
from steering.models import CommitteeKind, Position
from tests.factories import official

pytestmark = pytest.mark.django_db


def test_every_module_registers_its_indicators():
    keys = {i.key for i in registered()}
    assert {"disclosures_on_time", "decisions_held", "decisions_turnout", "decisions_recognised"} <= keys
    assert {"consultations_opened", "opinions_answered"} <= keys


def consult(officer, commune, answered: int, unanswered: int):
    today = timezone.localdate()
    consultation = consultation_services.create_consultation(
        by=officer,
        unit=commune,
        data=consultation_services.ConsultationInput(
            title="Dự thảo kế hoạch năm",
            subject="other",
            audience="residents",
            opens_on=today,
            closes_on=today + timedelta(days=20),
        ),
        sections=drafts.sections_from_text("Điều 1. Phạm vi\nToàn xã."),
    )
    consultation_services.publish(by=officer, consultation=consultation)
    for i in range(answered + unanswered):
        opinion = consultation_services.give_opinion(
            consultation=consultation,
            text=f"Ý kiến số {i} về kế hoạch năm",
            name="Người dân",
            phone=f"09120000{i:02d}",
            address=f"{commune.pk}-{i}",
        )
        if i < answered:
            group = consultation_services.group_of(by=officer, opinion=opinion)
            consultation_services.answer_group(by=officer, group=group, answer=Answer.EXPLAINED, text="Đã giải trình")


def test_communes_are_scored_ranked_and_their_heads_shown(tree):
    officer = official("xa", Role.COMMUNE_OFFICIAL, tree.commune)
    other = official("xa2", Role.COMMUNE_OFFICIAL, tree.sibling)
    consult(officer, tree.commune, answered=3, unanswered=1)
    consult(other, tree.sibling, answered=1, unanswered=3)
    committee = services.create_committee(
        by=officer, unit=tree.commune, kind=CommitteeKind.GRASSROOTS_DEMOCRACY, name="Ban Chỉ đạo xã Tân Lập"
    )
    services.appoint(
        by=officer,
        committee=committee,
        data=services.MemberInput("Bí Thư Tân Lập", Position.HEAD, "Đảng ủy xã", date(2021, 1, 1)),
    )
    card = scorecards.scorecard(tree.province, timezone.localdate().year)
    rows = {r.commune.pk: r for r in card.rows}
    first, second = rows[tree.commune.pk], rows[tree.sibling.pk]
    assert (first.values["opinions_answered"], second.values["opinions_answered"]) == (75.0, 25.0)
    assert first.values["consultations_opened"] == second.values["consultations_opened"] == 1
    assert first.rank == 1 and second.rank == 2 and first.score > second.score
    assert first.head == "Bí Thư Tân Lập (Đảng ủy xã)" and second.head == ""
    assert first.values["decisions_turnout"] is None  # no vote held: not marked down for it
    # The province's line: shares averaged over the communes, counts added up.
    province = dict(zip((i.key for i in card.indicators), card.province_figures(), strict=True))
    assert province["opinions_answered"] == 50.0 and province["consultations_opened"] == 2
    assert province["decisions_turnout"] is None


def test_a_new_module_plugs_in_through_the_registry(tree):
    @indicator("test_only", label="Test", source="Test", percent=True, order=99)
    def everyone_full(province, year):
        return {c.pk: 100.0 for c in province.children.all()}

    try:
        card = scorecards.scorecard(tree.province, timezone.localdate().year)
        assert card.indicators[-1].key == "test_only"
        assert all(r.values["test_only"] == 100.0 for r in card.rows)
    finally:
        from grassroots import indicators

        indicators._REGISTRY.pop("test_only")


def test_the_dashboard_and_a_communes_scorecard(client, tree):
    steering = official("bcd", Role.PROVINCIAL_STEERING, tree.province)
    consult(official("xa", Role.COMMUNE_OFFICIAL, tree.commune), tree.commune, answered=1, unanswered=1)
    client.force_login(steering)
    page = client.get("/steering/dashboard/").content.decode()
    assert str(tree.commune) in page and "<svg" in page
    assert re.search(r"<td>50[.,]0</td>", page)  # half the opinions answered (Vietnamese writes 50,0)
    history = client.get(f"/steering/dashboard/{tree.commune.code}/").content.decode()
    assert str(timezone.localdate().year) in history and str(timezone.localdate().year - 4) in history
    # A commune's official sees their own commune's card, not the province's dashboard or a sibling's card.
    client.force_login(official("xa2", Role.COMMUNE_OFFICIAL, tree.sibling))
    assert client.get(f"/steering/dashboard/{tree.sibling.code}/").status_code == 200
    assert client.get(f"/steering/dashboard/{tree.commune.code}/").status_code == 404
    assert client.get("/steering/dashboard/").status_code == 404
    assert 'href="/steering/dashboard/"' not in client.get("/steering/").content.decode()  # no link to a 404
    client.force_login(steering)
    assert 'href="/steering/dashboard/"' in client.get("/steering/").content.decode()


def test_generated_activity_fills_every_indicator(tree):
    from steering.activity import generate

    counts = generate(tree.province, years=2, report=lambda line: None)
    assert counts["matters"] and counts["consultations"] == 4 and counts["tasks"] == 2 * 2200
    card = scorecards.scorecard(tree.province, timezone.localdate().year - 1)
    row = next(r for r in card.rows if r.commune.pk == tree.commune.pk)
    for key in ("decisions_held", "decisions_turnout", "consultations_opened", "opinions_answered"):
        assert row.values[key] is not None, key
    assert row.rank is not None


def test_communes_with_the_same_score_share_a_rank(tree):
    officer = official("xa", Role.COMMUNE_OFFICIAL, tree.commune)
    consult(officer, tree.commune, answered=1, unanswered=1)
    consult(official("xa2", Role.COMMUNE_OFFICIAL, tree.sibling), tree.sibling, answered=1, unanswered=1)
    card = scorecards.scorecard(tree.province, timezone.localdate().year)
    rows = {r.commune.pk: r for r in card.rows}
    assert rows[tree.commune.pk].score == rows[tree.sibling.pk].score
    assert rows[tree.commune.pk].rank == rows[tree.sibling.pk].rank == 1
