"""The pages and API of consultations, through the real URLs, permissions and templates."""

import io
import re
from datetime import timedelta

import docx
import pytest
from django.utils import timezone

from accounts.models import Role
from consultations import drafts, services
from consultations.models import Answer, Consultation, Opinion, OpinionGroup
from consultations.tests.test_services import DRAFT, open_consultation, period_over
from decisions.tests.test_api import bearer
from tests.factories import docx_bytes, official, upload

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


@pytest.fixture
def officer(tree):
    return official("xa", Role.COMMUNE_OFFICIAL, tree.commune)


@pytest.fixture(autouse=True)
def _no_wait(settings):
    settings.QUESTION_MIN_SECONDS = 0


def started(client, pk) -> str:
    return re.search(r'name="started" value="([^"]+)"', client.get(f"/y-kien/{pk}/").content.decode()).group(1)


def test_a_draft_uploaded_as_docx_is_saved_with_its_sections(client, officer, tree):
    client.force_login(officer)
    today = timezone.localdate()
    response = client.post(
        "/consultations/new/",
        {
            "unit": tree.commune.pk,
            "title": "Dự thảo kế hoạch phát triển kinh tế - xã hội 2027",
            "subject": "socio_economic_plan",
            "audience": "residents",
            "opens_on": today.isoformat(),
            "closes_on": (today + timedelta(days=20)).isoformat(),
            "draft_file": upload(
                "du-thao.docx", docx_bytes("Điều 1. Mục tiêu", "Tăng thu nhập.", "Điều 2. Giải pháp", "Làm đường.")
            ),
        },
    )
    consultation = Consultation.objects.get()
    assert response.status_code == 302
    assert [s.heading for s in services.current_version(consultation).sections.all()] == [
        "Điều 1. Mục tiêu",
        "Điều 2. Giải pháp",
    ]
    assert consultation.history.first().history_user == officer


def test_a_draft_without_text_is_refused_with_a_message(client, officer, tree):
    client.force_login(officer)
    today = timezone.localdate()
    response = client.post(
        "/consultations/new/",
        {
            "unit": tree.commune.pk,
            "title": "Dự thảo trống",
            "subject": "other",
            "audience": "residents",
            "opens_on": today.isoformat(),
            "closes_on": (today + timedelta(days=20)).isoformat(),
        },
    )
    assert response.status_code == 200
    assert "DOCX" in text(response)
    assert not Consultation.objects.exists()


def test_an_official_of_another_commune_sees_nothing(client, officer, tree):
    consultation = open_consultation(officer, tree.commune)
    client.force_login(official("khac", Role.COMMUNE_OFFICIAL, tree.sibling))
    assert client.get(f"/consultations/{consultation.pk}/").status_code == 404
    assert consultation.title not in client.get("/consultations/").content.decode()
    assert client.post(f"/consultations/{consultation.pk}/close/").status_code == 404


def test_the_fatherland_front_reads_but_cannot_answer(client, officer, tree):
    consultation = open_consultation(officer, tree.commune)
    opinion = services.give_opinion(
        consultation=consultation, text="Đề nghị làm rõ đường", name="An", phone="0912345678", address="1"
    )
    group = services.group_of(by=officer, opinion=opinion)
    client.force_login(official("mttq", Role.FATHERLAND_FRONT, tree.commune))
    assert client.get(f"/consultations/{consultation.pk}/answers/").status_code == 200
    response = client.post(
        f"/consultations/{consultation.pk}/groups/{group.pk}/", {"answer": "explained", "text": "Vì lý do ngân sách"}
    )
    assert response.status_code == 403
    assert OpinionGroup.objects.get(pk=group.pk).answer == Answer.PENDING


def test_a_resident_gives_an_opinion_on_the_public_page(client, officer, tree):
    consultation = open_consultation(officer, tree.commune)
    page = client.get(f"/y-kien/{consultation.pk}/")
    assert "Điều 2. Đất giao thông" in text(page)
    response = client.post(
        f"/y-kien/{consultation.pk}/gui/",
        {
            "name": "Trần Thị Bình",
            "phone": "0912 345 678",
            "section_key": "s2",
            "text": "Đề nghị mở rộng đường lên 7 mét cho xe cứu hỏa",
            "started": started(client, consultation.pk),
        },
    )
    assert response.status_code == 302
    opinion = Opinion.objects.get()
    assert (opinion.author, opinion.phone, opinion.section_key, opinion.channel) == (
        "Trần Thị Bình",
        "0912345678",
        "s2",
        "online",
    )
    shown = text(client.get(f"/y-kien/{consultation.pk}/"))
    assert "Đề nghị mở rộng đường lên 7 mét" in shown
    assert "0912345678" not in shown


def test_behind_the_proxy_one_sender_s_opinions_do_not_use_up_another_s(client, officer, tree, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    settings.OPINIONS_PER_ADDRESS_HOUR = 1
    consultation = open_consultation(officer, tree.commune)

    def send(address, text, phone):
        values = {"name": "Trần Thị Bình", "phone": phone, "text": text, "started": started(client, consultation.pk)}
        meta = {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": address}
        return client.post(f"/y-kien/{consultation.pk}/gui/", values, **meta)

    assert send("203.0.113.7", "Đề nghị mở rộng đường lên 7 mét cho xe cứu hỏa", "0912000001").status_code == 302
    assert send("203.0.113.7", "Đề nghị giữ lại sân bóng của thôn Tây nhé", "0912000002").status_code == 400
    assert send("198.51.100.2", "Đề nghị thêm đèn chiếu sáng đường liên thôn", "0912000003").status_code == 302
    assert Opinion.objects.count() == 2


def test_a_robot_filling_the_trap_is_refused(client, officer, tree):
    consultation = open_consultation(officer, tree.commune)
    response = client.post(
        f"/y-kien/{consultation.pk}/gui/",
        {
            "name": "Bot",
            "phone": "0912345678",
            "text": "Mua hàng giá rẻ tại đây nhé mọi người",
            "website": "http://spam.example",
            "started": started(client, consultation.pk),
        },
    )
    assert response.status_code == 400
    assert not Opinion.objects.exists()


def test_a_draft_is_not_public_until_published(client, officer, tree):
    today = timezone.localdate()
    draft = services.create_consultation(
        by=officer,
        unit=tree.commune,
        data=services.ConsultationInput(
            title="Bản nháp nội bộ",
            subject="other",
            audience="residents",
            opens_on=today,
            closes_on=today + timedelta(days=20),
        ),
        sections=drafts.sections_from_text(DRAFT),
    )
    assert client.get(f"/y-kien/{draft.pk}/").status_code == 404
    services.publish(by=officer, consultation=draft)
    assert client.get(f"/y-kien/{draft.pk}/").status_code == 200


def test_the_synthesis_report_table_matches_the_answers(client, officer, tree):
    consultation = open_consultation(officer, tree.commune)
    road = services.give_opinion(
        consultation=consultation, text="Đề nghị mở rộng đường lên 7 mét", name="An", phone="0912000001", address="1"
    )
    park = services.enter_opinions(
        by=officer,
        consultation=consultation,
        channel="meeting",
        source="Biên bản họp thôn Đông ngày 12/11/2026",
        author="Ông Lê Văn Cường",
        texts=["Đề nghị giữ nguyên diện tích công viên 2 ha"],
    )[0]
    services.answer_group(
        by=officer,
        group=services.group_of(by=officer, opinion=road),
        answer=Answer.ABSORBED,
        section_key="s2",
        revised_text="Mở rộng đường liên thôn Đông - Tây lên 7 mét.",
    )
    services.answer_group(
        by=officer,
        group=services.group_of(by=officer, opinion=park),
        answer=Answer.NOT_ABSORBED,
        text="Quy hoạch cấp tỉnh đã cố định diện tích.",
    )
    client.force_login(officer)
    response = client.get(f"/consultations/{consultation.pk}/report.docx")
    assert response.status_code == 200
    document = docx.Document(io.BytesIO(response.content))
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "STT")
    rows = [[cell.text for cell in row.cells] for row in table.rows[1:]]
    by_text = {row[1]: row for row in rows}
    assert by_text["Đề nghị mở rộng đường lên 7 mét"][4].startswith("Tiếp thu (Điều 2. Đất giao thông")
    assert "An (Trực tuyến)" == by_text["Đề nghị mở rộng đường lên 7 mét"][3]
    park_row = by_text["Đề nghị giữ nguyên diện tích công viên 2 ha"]
    assert park_row[4] == "Không tiếp thu: Quy hoạch cấp tỉnh đã cố định diện tích."
    assert park_row[3] == "Ông Lê Văn Cường (Tại cuộc họp)"
    body = "\n".join(p.text for p in document.paragraphs)
    assert "Tổng số ý kiến: 2" in body


def test_the_public_page_shows_answers_and_the_diff(client, officer, tree):
    consultation = open_consultation(officer, tree.commune)
    opinion = services.give_opinion(
        consultation=consultation, text="Đề nghị mở rộng đường lên 7 mét", name="An", phone="0912000001", address="1"
    )
    services.answer_group(
        by=officer,
        group=services.group_of(by=officer, opinion=opinion),
        answer=Answer.ABSORBED,
        section_key="s2",
        revised_text="Mở rộng đường liên thôn Đông - Tây lên 7 mét.",
    )
    services.close_consultation(by=officer, consultation=period_over(consultation))
    page = text(client.get(f"/y-kien/{consultation.pk}/"))
    assert "Mở rộng đường liên thôn Đông - Tây lên 7 mét." in page
    assert "Absorbed" in page or "Tiếp thu" in page
    diff = client.get(f"/y-kien/{consultation.pk}/phien-ban/2/").content.decode()
    assert "<del>5</del>" in diff and "<ins>7</ins>" in diff
    assert "Đề nghị mở rộng đường lên 7 mét" in diff


def test_the_api_runs_a_consultation_and_stays_in_scope(client, officer, tree):
    auth = bearer(officer)
    today = timezone.localdate()
    created = client.post(
        "/api/consultations",
        {
            "unit_code": tree.commune.code,
            "title": "Dự thảo hương ước thôn",
            "subject": "democracy_regulation",
            "audience": "households",
            "opens_on": today.isoformat(),
            "closes_on": (today + timedelta(days=20)).isoformat(),
            "draft_text": DRAFT,
        },
        content_type="application/json",
        **auth,
    )
    assert created.status_code == 201, created.content
    cid = created.json()["id"]
    assert len(created.json()["sections"]) == 3
    assert client.post(f"/api/consultations/{cid}/publish", **auth).json()["status"] == "open"
    given = client.post(
        f"/api/public/consultations/{cid}/opinions",
        {"name": "Bình", "phone": "0912345678", "text": "Đề nghị bổ sung điều về vệ sinh môi trường"},
        content_type="application/json",
    )
    assert given.status_code == 201, given.content
    entered = client.post(
        f"/api/consultations/{cid}/opinions",
        {"channel": "paper", "source": "Phiếu lấy ý kiến số 1-2", "texts": ["Đồng ý với toàn bộ dự thảo hương ước"]},
        content_type="application/json",
        **auth,
    )
    assert entered.status_code == 201, entered.content
    refused = client.post(f"/api/consultations/{cid}/close", **auth)
    assert refused.status_code == 422
    for opinion in client.get(f"/api/consultations/{cid}/opinions", **auth).json():
        answered = client.post(
            f"/api/consultations/{cid}/opinions/{opinion['id']}/answer",
            {"answer": "explained", "text": "Ủy ban ghi nhận ý kiến."},
            content_type="application/json",
            **auth,
        )
        assert answered.status_code == 200, answered.content
    early = client.post(f"/api/consultations/{cid}/close", **auth)  # residents keep their 20 days
    assert early.status_code == 422 and "Điều 28 khoản 2" in early.json()["detail"][0]
    period_over(Consultation.objects.get(pk=cid))
    assert client.post(f"/api/consultations/{cid}/close", **auth).json()["status"] == "closed"
    outsider = bearer(official("khac", Role.COMMUNE_OFFICIAL, tree.sibling))
    assert client.get(f"/api/consultations/{cid}", **outsider).status_code == 404
    assert client.get("/api/consultations", **outsider).json() == []


def test_a_conference_is_recorded_with_attendance_and_its_opinions(client, tree):
    steering = official("bcd", Role.PROVINCIAL_STEERING, tree.province)
    consultation = open_consultation(steering, tree.province, subject="report", audience="delegates")
    client.force_login(steering)
    response = client.post(
        f"/consultations/{consultation.pk}/conferences/new/",
        {
            "title": "Hội nghị tổng kết năm 2021",
            "held_on": "2021-12-20",
            "agenda": "Báo cáo\nThảo luận",
            "delegates": "Nguyễn Văn A - Sở Nội vụ\nTrần Thị B - Ủy ban MTTQ tỉnh",
        },
    )
    conference = consultation.conferences.get()
    assert response.status_code == 302
    a, b = conference.delegates.all()
    url = f"/consultations/{consultation.pk}/conferences/{conference.pk}/"
    client.post(url, {"attendance": "1", "present": [str(a.pk)]})
    assert [d.attended for d in conference.delegates.all()] == [True, False]
    client.post(url, {"delegate": b.pk, "section_key": "s2", "text": "Đề nghị bổ sung số liệu về đất giao thông"})
    opinion = Opinion.objects.get()
    assert (opinion.channel, opinion.delegate, opinion.conference, opinion.section_key) == (
        "conference",
        b,
        conference,
        "s2",
    )
    assert conference.delegates.get(pk=b.pk).attended  # raising an opinion there means attending
    page = text(client.get(url))
    assert "Đề nghị bổ sung số liệu về đất giao thông" in page and "Thảo luận" in page


def test_an_officer_hides_abuse_with_a_reason_and_moves_an_opinion(client, officer, tree):
    consultation = open_consultation(officer, tree.commune)
    rude = services.give_opinion(
        consultation=consultation, text="Lời lẽ thô tục không liên quan", name="Xuân", phone="0912000009", address="9"
    )
    road = services.group_of(
        by=officer,
        opinion=services.give_opinion(
            consultation=consultation,
            text="Đề nghị mở rộng đường lên 7 mét",
            name="Anh",
            phone="0912000001",
            address="1",
        ),
    )
    client.force_login(officer)
    client.post(f"/consultations/{consultation.pk}/opinions/{rude.pk}/hide/", {"reason": "Lời lẽ thô tục"})
    rude.refresh_from_db()
    assert rude.is_hidden and rude.hidden_reason == "Lời lẽ thô tục"
    assert "Lời lẽ thô tục không liên quan" not in client.get(f"/y-kien/{consultation.pk}/tat-ca/").content.decode()
    client.post(f"/consultations/{consultation.pk}/opinions/{rude.pk}/move/", {"group": road.pk})
    assert Opinion.objects.get(pk=rude.pk).group_id == road.pk
    history = text(client.get(f"/consultations/{consultation.pk}/groups/{road.pk}/"))
    assert "xa" in history and "Lời lẽ thô tục" in history


def test_a_resident_without_an_account_must_give_a_phone(client, officer, tree):
    consultation = open_consultation(officer, tree.commune)
    response = client.post(
        f"/y-kien/{consultation.pk}/gui/",
        {
            "name": "Trần Thị Bình",
            "text": "Đề nghị mở rộng đường lên 7 mét",
            "started": started(client, consultation.pk),
        },
    )
    assert response.status_code == 400
    assert "0912 345 678" in text(response)  # the phone field's error says what a number looks like
    assert not Opinion.objects.exists()


def test_a_signed_in_resident_gives_an_opinion_by_account(client, officer, tree):
    from accounts.models import User

    resident = User.objects.create_user(username="dan", password="x", full_name="Ngô Thị Thu")
    consultation = open_consultation(officer, tree.commune)
    client.force_login(resident)
    response = client.post(
        f"/y-kien/{consultation.pk}/gui/",
        {
            "name": "Ngô Thị Thu",
            "text": "Đề nghị giữ lại sân bóng của thôn",
            "started": started(client, consultation.pk),
        },
    )
    assert response.status_code == 302
    opinion = Opinion.objects.get()
    assert (opinion.user, opinion.phone) == (resident, "")


def test_hiding_never_redirects_off_the_site(client, officer, tree):
    consultation = open_consultation(officer, tree.commune)
    opinion = services.give_opinion(
        consultation=consultation, text="Lời lẽ thô tục không liên quan", name="Xuân", phone="0912000009", address="9"
    )
    client.force_login(officer)
    response = client.post(
        f"/consultations/{consultation.pk}/opinions/{opinion.pk}/hide/",
        {"reason": "Lời lẽ thô tục", "next": "//evil.example/"},
    )
    assert response["Location"] == f"/consultations/{consultation.pk}/answers/"


def test_an_officer_finds_an_opinion_without_typing_diacritics(client, officer, tree):
    consultation = open_consultation(officer, tree.commune)
    for i, words in enumerate(["Đề nghị mở rộng sân chơi trường tiểu học", "Đề nghị lắp đèn đường xóm Đông"]):
        services.group_of(
            by=officer,
            opinion=services.give_opinion(
                consultation=consultation, text=words, name="Người dân", phone=f"091200000{i}", address=str(i)
            ),
        )
    client.force_login(officer)
    found = text(client.get(f"/consultations/{consultation.pk}/answers/", {"q": "san choi"}))
    assert "sân chơi trường tiểu học" in found
    assert "lắp đèn đường" not in found
