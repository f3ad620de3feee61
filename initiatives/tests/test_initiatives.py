"""A citizens' initiative (Law 10/2022 Art. 16 §3): households consent online with their code or on signed paper,
once each; at 10% of all households, counting consents of the last three months, it goes on the village head's
agenda and the village head hears of it; the Front's village committee may take up one that fell short."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from accounts.models import Role
from initiatives import rules, services
from initiatives.models import InitiativeStatus, Supporter
from notifications.models import Notification
from tests.factories import household_with, official


def _register(place, **overrides):
    data = dict(
        village=place.village,
        title="Lắp đèn đường ngõ 3",
        proposal="Đề nghị thôn lắp 12 bóng đèn năng lượng mặt trời dọc ngõ 3.",
        proposers="Nguyễn Văn An, Trần Thị Bình",
    )
    data.update(overrides)
    return services.register(by=place.village_head, **data)


def _codes(initiative):
    return [services.code_of(s, initiative) for s in initiative.supporters.order_by("position")]


@given(st.integers(min_value=1, max_value=5000))
def test_ten_percent_is_the_fewest_households_at_least_a_tenth(households):
    needed = rules.needed(households)
    assert needed * 10 >= households and (needed - 1) * 10 < households


@pytest.mark.parametrize(
    ("given_on", "last_day"),
    [((2026, 1, 10), (2026, 4, 10)), ((2026, 11, 30), (2027, 2, 28)), ((2027, 11, 30), (2028, 2, 29))],
)
def test_a_consent_counts_for_three_months(given_on, last_day):
    assert rules.consent_lasts_until(date(*given_on)) == date(*last_day)


def test_one_household_in_ten_puts_it_on_the_agenda_and_the_village_head_hears(place):
    initiative = _register(place)
    assert initiative.households == 10 and initiative.supporters.count() == 10
    code = _codes(initiative)[0]
    services.consent_online(code=code.lower(), address="203.0.113.5")
    initiative.refresh_from_db()
    # 1 of 10 is 10%: "ít nhất là 10%".
    assert initiative.status == InitiativeStatus.REACHED and initiative.on_agenda_on == timezone.localdate()
    assert Notification.objects.filter(user=place.village_head, url=f"/initiatives/{initiative.pk}/").exists()
    with pytest.raises(services.Refused, match="already"):
        services.consent_online(code=code, address="203.0.113.5")
    assert Supporter.objects.exclude(consented_on=None).count() == 1


def test_consents_older_than_three_months_no_longer_count(place):
    for i in range(11, 21):
        household_with(place.village, f"Chủ hộ số {i}", code=f"91001-{i:06d}")  # 20 households: 2 are needed
    initiative = _register(place)
    first, second = initiative.supporters.order_by("position")[:2]
    old = timezone.localdate() - timedelta(days=100)
    initiative.opened_on = old
    initiative.save()
    services.record_paper(by=place.village_head, supporter=first, consented_on=old)
    services.record_paper(by=place.village_head, supporter=second, consented_on=timezone.localdate())
    initiative.refresh_from_db()
    assert services.in_force(initiative) == 1 and initiative.status == InitiativeStatus.COLLECTING
    third = initiative.supporters.order_by("position")[2]
    services.consent_online(code=services.code_of(third, initiative), address="203.0.113.5")
    initiative.refresh_from_db()
    assert initiative.status == InitiativeStatus.REACHED


def test_a_paper_is_dated_when_signed_and_counted_once(place):
    initiative = _register(place)
    supporter = initiative.supporters.first()
    with pytest.raises(ValidationError):
        services.record_paper(
            by=place.village_head, supporter=supporter, consented_on=timezone.localdate() + timedelta(days=1)
        )
    with pytest.raises(ValidationError):
        services.record_paper(
            by=place.village_head, supporter=supporter, consented_on=timezone.localdate() - timedelta(days=1)
        )
    services.record_paper(by=place.village_head, supporter=supporter, consented_on=timezone.localdate())
    with pytest.raises(ValidationError):
        services.record_paper(by=place.village_head, supporter=supporter, consented_on=timezone.localdate())
    with pytest.raises(services.Refused, match="already"):  # the same household online after its paper
        services.consent_online(code=services.code_of(supporter, initiative), address="203.0.113.5")
    supporter.refresh_from_db()
    assert supporter.recorded_by == place.village_head and supporter.history.first().history_user == place.village_head


def test_the_front_takes_up_one_that_fell_short(place):
    for i in range(11, 21):
        household_with(place.village, f"Chủ hộ số {i}", code=f"91001-{i:06d}")
    initiative = _register(place)
    front = official("mttq", Role.FATHERLAND_FRONT, place.commune)
    with pytest.raises(ValidationError):
        services.take_up(by=front, initiative=initiative, note="")
    services.take_up(by=front, initiative=initiative, note="Ban công tác Mặt trận thống nhất đưa vào chương trình")
    initiative.refresh_from_db()
    assert initiative.status == InitiativeStatus.TAKEN_UP
    assert Notification.objects.filter(user=place.village_head).exists()


def test_wrong_codes_are_braked_like_a_votes(place, settings):
    settings.VOTE_CODE_FAILURES = 3
    initiative = _register(place)
    for guess in ("AAAAA-AAAAA", "BBBBB-BBBBB", "CCCCC-CCCCC"):
        with pytest.raises(services.Refused, match="unknown_code"):
            services.find(guess, "203.0.113.9")
    with pytest.raises(services.Refused, match="rate_limited"):  # right code or not: a guesser learns nothing
        services.find(_codes(initiative)[0], "203.0.113.9")
    assert services.find(_codes(initiative)[0], "198.51.100.7").initiative == initiative  # another sender is not held


def test_the_resident_consents_from_a_phone(client, place):
    initiative = _register(place)
    code = _codes(initiative)[3]
    page = client.get("/bieu-quyet/sang-kien/")
    assert page.status_code == 200 and "Mã hộ" in page.content.decode()
    wrong = client.post("/bieu-quyet/sang-kien/", {"code": "ZZZZZ-ZZZZZ"})
    assert wrong.status_code == 400 and 'value="ZZZZZ-ZZZZZ"' in wrong.content.decode()
    shown = client.post("/bieu-quyet/sang-kien/", {"code": code})
    assert shown.status_code == 200 and "12 bóng đèn" in shown.content.decode()
    assert Supporter.objects.exclude(consented_on=None).count() == 0  # reading it consents to nothing
    done = client.post("/bieu-quyet/sang-kien/", {"code": code, "consent": "yes"})
    assert done.status_code == 200 and "chương trình" in done.content.decode()
    again = client.post("/bieu-quyet/sang-kien/", {"code": code, "consent": "yes"})
    assert again.status_code == 409


def test_officials_pages_follow_the_scope(client, place):
    initiative = _register(place)
    client.force_login(place.outsider)
    assert client.get(f"/initiatives/{initiative.pk}/").status_code == 404
    assert client.get(f"/initiatives/{initiative.pk}/slips/").status_code == 404
    client.force_login(place.village_head)
    slips = client.get(f"/initiatives/{initiative.pk}/slips/")
    assert slips.status_code == 200 and "<svg" in slips.content.decode()
    assert slips["Cache-Control"].startswith("max-age=0")
    supporter = initiative.supporters.first()
    paper = client.post(
        f"/initiatives/{initiative.pk}/paper/{supporter.pk}/", {"consented_on": timezone.localdate().isoformat()}
    )
    assert paper.status_code == 302
    front = official("mttq", Role.FATHERLAND_FRONT, place.commune)
    client.force_login(front)
    assert client.post(f"/initiatives/{initiative.pk}/paper/{supporter.pk}/", {}).status_code == 403
    page = client.get(f"/initiatives/{initiative.pk}/").content.decode()
    assert "Hôm nay có 1 hộ đồng thuận còn giá trị; cần 1 trên 10 hộ" in page


def test_a_lapsed_consent_is_given_again_and_a_reversed_title_is_refused(client, place):
    with pytest.raises(ValidationError):
        _register(place, title="Đèn \u202eđường")
    for i in range(11, 21):
        household_with(place.village, f"Chủ hộ số {i}", code=f"91001-{i:06d}")  # 20 households: 2 are needed
    initiative = _register(place)
    supporter = initiative.supporters.first()
    code = services.code_of(supporter, initiative)
    Supporter.objects.filter(pk=supporter.pk).update(consented_on=timezone.localdate() - timedelta(days=100))
    assert services.in_force(initiative) == 0
    shown = client.post("/bieu-quyet/sang-kien/", {"code": code}).content.decode()
    assert "không còn giá trị" in shown and "Hộ tôi đồng thuận" in shown
    services.consent_online(code=code, address="203.0.113.5")
    supporter.refresh_from_db()
    assert supporter.consented_on == timezone.localdate() and services.in_force(initiative) == 1
    with pytest.raises(services.Refused, match="already"):
        services.consent_online(code=code, address="203.0.113.5")


def test_withdrawing_needs_the_proposers_reason_and_the_front_hears(place):
    initiative = _register(place)
    front = official("mttq", Role.FATHERLAND_FRONT, place.commune)
    with pytest.raises(ValidationError):
        services.withdraw(by=place.village_head, initiative=initiative, reason="")
    services.withdraw(by=place.village_head, initiative=initiative, reason="Người đề xuất có đơn rút lại")
    assert Notification.objects.filter(user=front, url=f"/initiatives/{initiative.pk}/").exists()
