"""The disclosure API: scoped writes for officials, open reads for everyone."""

import pytest
from django.utils import timezone

from accounts.models import ApiToken, Role
from disclosures.models import Disclosure, Question, Status
from tests.factories import official, pdf_bytes, upload


def bearer(user):
    _token, key = ApiToken.issue(user=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


@pytest.fixture
def clerk(tree):
    return official("clerk", Role.COMMUNE_OFFICIAL, tree.commune)


def create(client, user, unit, **extra):
    today = timezone.localdate().isoformat()
    values = {
        "unit_code": unit.code,
        "title": "Thông báo thu hồi đất",
        "mandated_item": "land-recovery-compensation",
        "issued_on": today,
        "files": [upload("qd.pdf", pdf_bytes("Quyết định thu hồi đất"))],
    }
    values.update(extra)
    return client.post("/api/disclosures", values, **bearer(user))


def test_official_publishes_corrects_and_withdraws_through_the_api(client, tree, clerk):
    response = create(client, clerk, tree.commune)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["topic"] == "land" and body["attachments"][0]["name"] == "qd.pdf"
    correction = client.post(
        f"/api/disclosures/{body['id']}/corrections",
        {
            "unit_code": tree.commune.code,
            "title": "Thông báo thu hồi đất (đính chính)",
            "issued_on": body["issued_on"],
            "correction_note": "Sửa diện tích",
        },
        **bearer(clerk),
    )
    assert correction.status_code == 201 and correction.json()["version"] == 2
    assert len(correction.json()["attachments"]) == 1  # kept by default
    withdrawal = client.post(
        f"/api/disclosures/{correction.json()['id']}/withdrawal",
        {"reason": "Huỷ quyết định"},
        content_type="application/json",
        **bearer(clerk),
    )
    assert withdrawal.json()["status"] == Status.WITHDRAWN


def test_api_refuses_other_communes_and_bad_input(client, tree, clerk):
    assert create(client, clerk, tree.sibling).status_code == 404
    member = official("member", Role.PROVINCIAL_STEERING, tree.province)
    assert create(client, member, tree.commune).status_code == 403
    bad = create(client, clerk, tree.commune, title="<img src=x onerror=alert(1)>")
    assert bad.status_code == 422
    bad = create(client, clerk, tree.commune, files=[upload("a.pdf", b"not a pdf")])
    assert bad.status_code == 422 and "PDF" in bad.json()["detail"][0]
    assert not Disclosure.objects.exists()


def test_public_endpoints_need_no_token_and_hide_pending_questions(client, tree, clerk):
    d_id = create(client, clerk, tree.commune).json()["id"]
    Question.objects.create(disclosure_id=d_id, name="A", phone="0912345678", text="Khi nào?", client_key="k")
    listing = client.get(f"/api/public/units/{tree.province.code}/disclosures", {"q": "thu hoi dat"})
    assert [i["id"] for i in listing.json()["items"]] == [d_id]
    detail = client.get(f"/api/public/disclosures/{d_id}").json()
    assert detail["questions"] == [] and "phone" not in str(detail)


def test_compliance_endpoint(client, tree, clerk):
    member = official("member", Role.PROVINCIAL_STEERING, tree.province)
    data = client.get(f"/api/disclosures/compliance/{tree.province.code}", {"year": 2025}, **bearer(member)).json()
    assert {c["commune_code"] for c in data["communes"]} == {tree.commune.code, tree.sibling.code}
    commune = client.get(f"/api/disclosures/compliance/{tree.commune.code}", {"year": 2025}, **bearer(clerk)).json()
    statuses = {i["mandated_item"]: i["status"] for i in commune["items"]}
    assert statuses["budget-estimate"] == "missing"
    assert client.get(f"/api/disclosures/compliance/{tree.sibling.code}", **bearer(clerk)).status_code == 404


def test_catalogue_changes_through_the_api_need_a_province_administrator(client, tree, clerk):
    payload = {
        "title": "Dự toán ngân sách xã hằng năm",
        "article": "Luật 10/2022/QH15, Điều 11 khoản 3",
        "topic": "budget",
        "required_channels": ["notice_board", "portal"],
        "min_posting_days": 45,
        "deadline_working_days": 2,
        "recurrence": "annual",
        "due_month": 1,
        "due_day": 31,
        "reason": "Nghị định mới",
    }
    url = "/api/disclosures/catalogue/budget-estimate"
    assert client.put(url, payload, content_type="application/json", **bearer(clerk)).status_code == 403
    admin = official("padmin", Role.SYSTEM_ADMIN, tree.province)
    response = client.put(url, payload, content_type="application/json", **bearer(admin))
    assert response.status_code == 200 and response.json()["version"] == 2
    assert response.json()["min_posting_days"] == 45


def test_notice_take_down_through_the_api(client, tree, clerk):
    d_id = create(client, clerk, tree.commune).json()["id"]
    today = timezone.localdate().isoformat()
    channel = client.post(
        f"/api/disclosures/{d_id}/channels",
        {"channel": "notice_board", "started_on": today},
        content_type="application/json",
        **bearer(clerk),
    )
    assert channel.status_code == 201
    ended = client.post(
        f"/api/disclosures/channels/{channel.json()['id']}/end",
        {"ended_on": today},
        content_type="application/json",
        **bearer(clerk),
    )
    assert ended.json()["ended_on"] == today
    assert client.get(f"/api/disclosures/{d_id}", **bearer(clerk)).json()["taken_down_early"] is True


def test_a_residents_phone_is_shown_only_to_officials_who_answer_questions(client, tree, clerk):
    from disclosures import services
    from disclosures.tests.test_publishing import data

    disclosure = services.publish_disclosure(by=clerk, unit=tree.commune, data=data())
    Question.objects.create(disclosure=disclosure, name="Bà Năm", phone="0912345678", text="Khi nào?", client_key="k")
    inspector = official("ban-ttnd", Role.INSPECTION_BOARD, tree.commune)

    listed = client.get("/api/disclosures/questions/", **bearer(inspector)).json()
    assert [q["name"] for q in listed] == ["Bà Năm"] and listed[0]["phone"] == ""
    assert client.get("/api/disclosures/questions/", **bearer(clerk)).json()[0]["phone"] == "0912345678"

    client.force_login(inspector)
    page = client.get(f"/disclosures/{disclosure.pk}/").content.decode()
    assert "Bà Năm" in page and "0912345678" not in page
    client.force_login(clerk)
    assert "0912345678" in client.get(f"/disclosures/{disclosure.pk}/").content.decode()
