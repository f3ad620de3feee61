"""What the commune does with a village's decision (Law 10/2022 Art. 20 §3, Art. 21 §2, Art. 22): items 1, 2 and 6 take
effect on the vote day and are published when sent; items 3 and 4 are recognised by the commune People's Committee,
item 5 by the commune Front committee, within 5 working days, or refused in writing with reasons; the People's
Committee annuls a decision contrary to the law."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from accounts.models import Role
from decisions import ballots, ledger, services
from decisions.models import Matter, MatterStatus, Source
from decisions.reminders import send_recognition_reminders
from decisions.tests.conftest import convention_decided, held, roll, yes_no_matter
from disclosures.models import Disclosure
from notifications.models import Notification
from tests.factories import official


def _in_effect(place):
    matter = services.open_voting(by=place.officer, matter=yes_no_matter(place))
    for entry in roll(matter)[:6]:
        ballots.cast_online(code=services.code_of(entry), choices=["yes"], address="203.0.113.9")
    return services.close_voting(by=place.officer, matter=matter)


def test_other_self_managed_work_is_in_effect_from_the_vote_day_and_published_when_sent(place):
    matter = _in_effect(place)
    today = timezone.localdate()
    services.send_for_recognition(by=place.village_head, matter=matter, sent_on=today)
    matter.refresh_from_db()
    assert matter.status == MatterStatus.IN_EFFECT
    published = Disclosure.objects.get(unit=place.village)
    assert matter.title in published.title and matter.final_hash in published.body
    with pytest.raises(ValidationError, match="ngày biểu quyết"):
        services.recognise(by=place.officer, matter=matter, decision_number="1/QĐ-UBND", recognised_on=today)
    assert not Notification.objects.exists()  # nothing awaits the commune
    assert send_recognition_reminders(today.replace(year=today.year + 1)) == 0
    assert ledger.verify(matter).ok
    # One history row for the sending, with who sent it.
    assert [h.history_user for h in matter.recognition.history.all()] == [place.village_head]


def _board_elected(place):
    from decisions.tests.conftest import secret_vote

    matter = services.open_voting(
        by=place.officer,
        matter=secret_vote(
            place,
            team=False,
            matter_type="board_election",
            online_voting=False,
            options=["Nguyễn Văn A", "Trần Thị B"],
            **held(),
        ),
    )
    for entry in roll(matter)[:8]:
        services.check_in(by=place.village_head, entry=entry)
    services.enter_count(
        by=place.officer, matter=matter, count=services.EnteredCount(Source.MEETING, {"c1": 6, "c2": 2})
    )
    return services.close_voting(by=place.officer, matter=matter)


def test_a_board_election_is_recognised_by_the_commune_front_not_the_peoples_committee(client, place):
    matter = _board_elected(place)
    assert matter.result["winners"] == ["c1"]
    services.send_for_recognition(by=place.village_head, matter=matter, sent_on=timezone.localdate())
    form = {"decision_number": "3/QĐ-MTTQ", "recognised_on": timezone.localdate().isoformat()}
    client.force_login(place.officer)  # the commune People's Committee's official
    assert client.post(f"/decisions/{matter.pk}/recognition/", form).status_code == 403
    front = official("mttq-xa", Role.FATHERLAND_FRONT, place.commune)
    client.force_login(front)
    page = client.get(f"/decisions/{matter.pk}/").content.decode()
    assert "Ủy ban Mặt trận Tổ quốc" in page and f'action="/decisions/{matter.pk}/recognition/"' in page
    assert client.post(f"/decisions/{matter.pk}/recognition/", form).status_code == 302
    assert Matter.objects.get(pk=matter.pk).status == MatterStatus.RECOGNISED


def test_a_refusal_is_answered_in_writing_with_its_reasons_and_sealed(client, place):
    matter = convention_decided(place, yes=7)
    today = timezone.localdate()
    services.send_for_recognition(by=place.village_head, matter=matter, sent_on=today)
    with pytest.raises(ValidationError, match="lý do"):
        services.refuse_recognition(by=place.officer, matter=matter, refused_on=today, reasons="  ")
    reasons = "Điều 5 của quy ước trái với Luật Đất đai: đề nghị thôn sửa đổi."
    services.refuse_recognition(by=place.officer, matter=matter, refused_on=today, reasons=reasons)
    matter.refresh_from_db()
    assert matter.status == MatterStatus.REFUSED and ledger.verify(matter).ok
    with pytest.raises(ValidationError):
        services.recognise(by=place.officer, matter=matter, decision_number="2/QĐ-UBND", recognised_on=today)
    assert send_recognition_reminders(today.replace(year=today.year + 1)) == 0
    client.force_login(place.officer)
    assert reasons in client.get(f"/decisions/{matter.pk}/").content.decode()
    assert reasons in client.get(f"/bieu-quyet/{matter.pk}/").content.decode()  # residents see why
    # The reasons rewritten in the database are reported.
    with connection.cursor() as cursor:
        cursor.execute("UPDATE decisions_recognition SET reasons = %s WHERE matter_id = %s", ["Không rõ", matter.pk])
    assert "the recognition was changed after it was recorded" in [p.message for p in ledger.verify(matter).problems]


def test_the_peoples_committee_annuls_a_decision_against_the_law_and_says_so(client, place):
    matter = _in_effect(place)
    services.send_for_recognition(by=place.village_head, matter=matter, sent_on=timezone.localdate())
    front = official("mttq-xa", Role.FATHERLAND_FRONT, place.commune)
    form = {
        "decision_number": "7/QĐ-UBND",
        "annulled_on": timezone.localdate().isoformat(),
        "reasons": "Mức thu trái với quy định về phí, lệ phí.",
    }
    client.force_login(front)
    assert client.post(f"/decisions/{matter.pk}/annul/", form).status_code == 403
    client.force_login(place.officer)
    assert client.post(f"/decisions/{matter.pk}/annul/", form).status_code == 302
    matter.refresh_from_db()
    assert matter.status == MatterStatus.ANNULLED and ledger.verify(matter).ok
    assert Disclosure.objects.filter(unit=place.village, document_number="7/QĐ-UBND").exists()
    told = Notification.objects.filter(user__in=[place.village_head, front])
    assert told.count() == 2 and all("hủy bỏ" in n.title.lower() for n in told)
    with pytest.raises(ValidationError):
        services.annul(
            by=place.officer, matter=matter, annulled_on=timezone.localdate(), decision_number="8", reasons="x" * 20
        )


def test_the_minutes_say_who_recognises_the_decision(place):
    import io

    import docx

    from decisions.documents import minutes_docx

    def text(matter):
        return "\n".join(p.text for p in docx.Document(io.BytesIO(minutes_docx(matter))).paragraphs)

    assert "có hiệu lực từ ngày biểu quyết" in text(_in_effect(place))
    assert "gửi Ủy ban Mặt trận Tổ quốc Việt Nam xã để công nhận" in text(_board_elected(place))
    assert "gửi Ủy ban nhân dân xã để công nhận" in text(convention_decided(place, yes=7))


def test_a_decision_number_too_long_is_a_422_on_either_database(client, place):
    matter = convention_decided(place, yes=7)
    services.send_for_recognition(by=place.village_head, matter=matter, sent_on=timezone.localdate())
    from decisions.tests.test_api import bearer

    response = client.post(
        f"/api/decisions/{matter.pk}/recognition",
        {"decision_number": "1" * 61, "recognised_on": str(timezone.localdate())},
        content_type="application/json",
        **bearer(place.officer),
    )
    assert response.status_code == 422
