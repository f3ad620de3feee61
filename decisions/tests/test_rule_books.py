"""The rule books as users meet them: the public page of the rules in force, and matters decided under the
platform's first reading keeping it."""

import re

import pytest
from django.db import connection

from decisions import ballots, ledger, services
from decisions.models import Matter
from decisions.tests.conftest import roll, yes_no_matter

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def test_the_rules_page_lists_each_rule_with_its_article_and_period(client):
    page = text(client.get("/quy-dinh/"))
    assert "Quy định đang áp dụng" in page and "Áp dụng từ 01/07/2023" in page
    assert "từ hai phần ba trở lên tổng số hộ gia đình trong danh sách tán thành" in page
    assert "trên 50% tổng số hộ gia đình trong danh sách tán thành" in page
    assert "Luật 10/2022/QH15 Điều 21 khoản 1" in page and "Nghị định 61/2023/NĐ-CP Điều 10" in page
    # Online voting is a lawful form of other self-managed work alone (Law 10/2022 Art. 17 §2).
    assert page.count("trực tuyến, khi trên 50% tổng số hộ gia đình đã chọn") == 1
    assert "Cách hiểu được áp dụng khi văn bản chưa quy định rõ" in page and "một lần lấy ý kiến mới" in page
    assert "[check" not in page and "more than half" not in page


def test_the_rules_page_is_in_english_when_asked(client):
    client.cookies["django_language"] = "en"
    page = text(client.get("/quy-dinh/", headers={"accept-language": "en"}))
    assert "The rules in force" in page and "at least two thirds of all households on the roll agree" in page


def _first_reading_matter(place):
    """A matter as the migration left one opened before the rules were read: the first book, ledger format 3."""
    matter = yes_no_matter(place, matter_type="contribution_policy")
    Matter.objects.filter(pk=matter.pk).update(rule_version="platform-1", ledger_format=3, online_voting=True)
    return services.open_voting(by=place.officer, matter=Matter.objects.get(pk=matter.pk))


def test_a_matter_decided_under_the_first_reading_keeps_its_rule_and_says_so(client, place):
    matter = _first_reading_matter(place)
    for entry in roll(matter)[:6]:
        ballots.cast_online(code=services.code_of(entry), choices=["yes"], address="203.0.113.9")
    matter = services.close_voting(by=place.officer, matter=matter)
    # 6 of 10 was "more than half" under the first reading; the law asks two thirds of a contribution. The stored
    # result stays as it was decided, and it still verifies.
    assert matter.result["outcome"] == "valid" and "rules" not in matter.result
    assert ledger.verify(matter).ok
    client.force_login(place.officer)
    page = text(client.get(f"/decisions/{matter.pk}/"))
    assert "cách hiểu quy định ban đầu của hệ thống" in page
    assert "[check" not in page
    bulletin = text(client.get(f"/bieu-quyet/{matter.pk}/"))
    assert "cách hiểu quy định ban đầu của hệ thống" in bulletin and "[check" not in bulletin


def test_a_first_reading_matter_moved_to_the_law_in_the_database_is_reported(place):
    matter = _first_reading_matter(place)
    for entry in roll(matter)[:6]:
        ballots.cast_online(code=services.code_of(entry), choices=["yes"], address="203.0.113.9")
    matter = services.close_voting(by=place.officer, matter=matter)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE decisions_matter SET rule_version = '2023-07-01' WHERE id = %s", [matter.pk])
    check = ledger.verify(Matter.objects.get(pk=matter.pk))
    assert any("recount" in p.english for p in check.problems)


def test_a_draft_asking_for_online_voting_where_the_law_forbids_it_does_not_open(place):
    """A draft made before the rules were read (moved to the law by the migration) may still ask for online voting on
    a contribution: opening refuses it, citing the article."""
    from django.core.exceptions import ValidationError

    matter = yes_no_matter(place, matter_type="contribution_policy")
    Matter.objects.filter(pk=matter.pk).update(online_voting=True)
    with pytest.raises(ValidationError) as refused:
        services.open_voting(by=place.officer, matter=Matter.objects.get(pk=matter.pk))
    assert "Điều 17 khoản 2" in str(refused.value)
    assert Matter.objects.get(pk=matter.pk).status == "draft"
