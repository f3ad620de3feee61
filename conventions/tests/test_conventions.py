"""A village convention end to end (Decree 61/2023): started by a citizens' initiative, a drafting team, the draft
with residents for at least 30 days, adopted by more than half of all households at a meeting, the dossier and the
commune's recognition within 5 working days of its being complete, the text residents read, the yearly review,
suspension and repeal, and the province's yearly figures and report."""

import io
from datetime import timedelta

import docx
import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from consultations import services as consultations
from consultations.models import Consultation
from conventions import documents, rules, selectors, services
from conventions.models import Initiator
from decisions import services as decisions
from decisions.models import Source
from decisions.tests.conftest import roll
from grassroots.working_days import add_working_days
from initiatives import services as initiatives

TEXT = (
    "Chương I. Quy định chung\nHương ước này quy định nếp sống văn minh.\n"
    "Chương II. Việc cưới\nTổ chức cưới gọn nhẹ, tiết kiệm."
)


def today():
    return timezone.localdate()


def _initiative(place):
    initiative = initiatives.register(
        by=place.village_head,
        village=place.village,
        title="Sửa hương ước",
        proposal="Sửa hương ước thôn",
        proposers="An",
    )
    first = initiative.supporters.first()
    initiatives.consent_online(code=initiatives.code_of(first, initiative), address="203.0.113.5")
    initiative.refresh_from_db()
    return initiative


def _started(place, **overrides):
    data = dict(
        village=place.village,
        kind="huong_uoc",
        title="Hương ước thôn Đông",
        initiated_by=Initiator.HOUSEHOLDS,
        initiative=_initiative(place),
    )
    data.update(overrides)
    return services.start(by=place.village_head, **data)


def _answered(convention):
    """As if the 30 days had run and every opinion was answered: the consultation is closed."""
    Consultation.objects.filter(pk=convention.consultation_id).update(
        opens_on=today() - timedelta(days=31), closes_on=today() - timedelta(days=1)
    )
    convention.consultation.refresh_from_db()
    consultations.close_consultation(by=convention.created_by, consultation=convention.consultation)
    convention.consultation.refresh_from_db()


def _adopted(place, yes=6, no=1):
    convention = _started(place)
    services.set_team(by=place.village_head, convention=convention, names=["Lò Văn A", "Quàng Thị B"])
    services.put_draft(
        by=place.village_head,
        convention=convention,
        text=TEXT,
        opens_on=today(),
        closes_on=today() + timedelta(days=30),
    )
    _answered(convention)
    services.prepare_vote(
        by=place.village_head,
        convention=convention,
        meeting_at=timezone.now(),
        meeting_place="Nhà văn hoá",
        notice_given_on=today() - timedelta(days=3),
    )
    matter = decisions.open_voting(by=place.officer, matter=convention.matter)
    for entry in roll(matter)[: yes + no]:
        decisions.check_in(by=place.village_head, entry=entry)
    decisions.enter_count(
        by=place.officer, matter=matter, count=decisions.EnteredCount(Source.MEETING, {"yes": yes, "no": no})
    )
    convention.matter = decisions.close_voting(by=place.officer, matter=matter)
    return convention


def test_households_start_one_only_through_an_initiative_on_the_agenda(place):
    pending = initiatives.register(
        by=place.village_head, village=place.village, title="Chưa đủ", proposal="Chưa đủ", proposers="An"
    )
    with pytest.raises(ValidationError):
        _started(place, initiative=pending)
    assert _started(place).initiative.status == "reached"


def test_a_team_in_an_ethnic_minority_area_has_the_elder_and_a_speaker(place):
    convention = _started(place, initiated_by=Initiator.VILLAGE_HEAD, initiative=None, minority_area=True)
    with pytest.raises(ValidationError, match="Điều 8"):
        services.set_team(by=place.village_head, convention=convention, names=["Lò Văn A"], elder="Lò Văn Già")
    services.set_team(
        by=place.village_head,
        convention=convention,
        names=["Lò Văn A"],
        elder="Lò Văn Già",
        language_speaker="Vì Thị Nói",
    )


def test_the_draft_stays_with_residents_at_least_30_days(place):
    convention = _started(place)
    services.set_team(by=place.village_head, convention=convention, names=["Lò Văn A"])
    with pytest.raises(ValidationError, match="Điều 9 khoản 1"):
        services.put_draft(
            by=place.village_head,
            convention=convention,
            text=TEXT,
            opens_on=today(),
            closes_on=today() + timedelta(days=29),
        )
    services.put_draft(
        by=place.village_head,
        convention=convention,
        text=TEXT,
        opens_on=today(),
        closes_on=today() + timedelta(days=30),
    )
    with pytest.raises(ValidationError):  # nobody ends it early
        consultations.close_consultation(by=place.village_head, consultation=convention.consultation)
    with pytest.raises(ValidationError):  # nor is it voted before every opinion is answered
        services.prepare_vote(
            by=place.village_head,
            convention=convention,
            meeting_at=timezone.now(),
            meeting_place="Nhà văn hoá",
            notice_given_on=today() - timedelta(days=3),
        )
    assert selectors.stage(convention) == "consulting"


def test_from_adoption_to_recognition_the_text_residents_read_and_the_provinces_figures(client, place):
    convention = _adopted(place)
    assert selectors.stage(convention) == "adopted"
    assert services.dossier_due(convention) == add_working_days(today(), 5)
    assert client.get(f"/huong-uoc/{convention.pk}/").status_code == 404  # not before it is recognised
    services.send_dossier(by=place.village_head, convention=convention, sent_on=today())
    services.dossier_complete(by=place.officer, convention=convention, on=today())
    convention.matter.refresh_from_db()
    assert convention.matter.recognition.due_on == add_working_days(today(), rules.DECREE_2023.recognition_working_days)
    decisions.recognise(by=place.officer, matter=convention.matter, decision_number="7/QĐ-UBND", recognised_on=today())
    convention.matter.refresh_from_db()
    assert selectors.stage(convention) == "in_force" and services.is_in_force(convention)
    page = client.get(f"/huong-uoc/{convention.pk}/").content.decode()
    assert "Tổ chức cưới gọn nhẹ" in page and "7/QĐ-UBND" in page
    assert convention in selectors.in_force(place.commune)
    services.dispatch(by=place.officer, convention=convention, on=today())
    services.review(by=place.village_head, convention=convention, year=today().year, reviewed_on=today(), summary="Tốt")
    with pytest.raises(ValidationError):
        services.review(
            by=place.village_head, convention=convention, year=today().year, reviewed_on=today(), summary="Lại"
        )
    services.suspend(
        by=place.officer,
        convention=convention,
        reported_on=today(),
        suspended_on=today(),
        number="9/QĐ",
        reasons="Trái luật",
    )
    assert selectors.stage(convention) == "suspended"
    services.repeal(by=place.officer, convention=convention, repealed_on=today(), number="10/QĐ", reasons="Trái luật")
    assert selectors.stage(convention) == "repealed" and not services.is_in_force(convention)
    figures = {f.unit: f for f in selectors.yearly_figures(place.province, today().year)}[place.commune]
    assert (figures.recognised, figures.suspended, figures.repealed, figures.in_force, figures.reviewed) == (
        1,
        1,
        1,
        0,
        1,
    )
    report = docx.Document(io.BytesIO(documents.province_report_docx(place.province, today().year)))
    cells = [c.text for t in report.tables for r in t.rows for c in r.cells]
    assert "Xã Tân Lập" in cells and "Bộ Văn hóa, Thể thao và Du lịch" in "\n".join(p.text for p in report.paragraphs)


def test_not_adopted_with_half_of_all_households(place):
    convention = _adopted(place, yes=5, no=2)
    assert selectors.stage(convention) == "not_adopted"
    with pytest.raises(ValidationError):
        services.send_dossier(by=place.village_head, convention=convention, sent_on=today())


def test_an_amendment_replaces_it_once_recognised(place):
    convention = _adopted(place)
    services.send_dossier(by=place.village_head, convention=convention, sent_on=today())
    decisions.recognise(by=place.officer, matter=convention.matter, decision_number="7/QĐ", recognised_on=today())
    convention.matter.refresh_from_db()
    amendment = services.start(
        by=place.village_head,
        village=place.village,
        kind="huong_uoc",
        title="Hương ước thôn Đông (sửa đổi)",
        initiated_by=Initiator.VILLAGE_HEAD,
        amends=convention,
    )
    assert amendment.amends == convention and selectors.stage(convention) == "in_force"


def test_the_report_is_due_before_30_november():
    assert rules.report_due(2026).isoformat() == "2026-11-29" and rules.review_day(2026).isoformat() == "2026-11-18"


def test_the_pages_follow_the_scope(client, place):
    convention = _started(place)
    client.force_login(place.outsider)
    assert client.get(f"/conventions/{convention.pk}/").status_code == 404
    client.force_login(place.village_head)
    assert client.get(f"/conventions/{convention.pk}/").status_code == 200
    team = {"step": "team", "team-team": "Lò Văn A"}
    assert client.post(f"/conventions/{convention.pk}/", team).status_code == 302
    suspend = {"step": "suspend", "suspend-reported_on": today(), "suspend-suspended_on": today()}
    assert client.post(f"/conventions/{convention.pk}/", suspend).status_code == 403  # the commune's, not the village's
    assert client.get("/conventions/report/").status_code == 404  # a village head sees no province
