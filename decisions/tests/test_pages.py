"""The pages officials and residents use, through the real URLs, permissions and templates."""

import io
import re
from datetime import timedelta

import docx
import pytest
from django.core.cache import cache
from django.utils import timezone
from pypdf import PdfReader

from accounts.models import Role
from decisions import codes, services
from decisions.models import LedgerEntry, Matter, MatterStatus, RollEntry, RollEvent
from decisions.tests.conftest import roll, secret_vote, sheet_round, slips, yes_no_matter
from tests.factories import official


def text(response) -> str:
    """The page as a reader sees it: tags dropped, spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


@pytest.fixture
def officer(client, place):
    client.force_login(place.officer)
    return client


def test_an_official_of_another_commune_cannot_see_the_matter(client, place):
    matter = yes_no_matter(place)
    client.force_login(place.outsider)
    assert client.get(f"/decisions/{matter.pk}/").status_code == 404
    assert matter.title not in client.get("/decisions/").content.decode()


def test_the_fatherland_front_watches_but_does_not_run_a_vote(client, place):
    watcher = official("mttq", Role.FATHERLAND_FRONT, place.commune)
    matter = yes_no_matter(place)
    client.force_login(watcher)
    assert client.get(f"/decisions/{matter.pk}/").status_code == 200
    assert client.post(f"/decisions/{matter.pk}/open/").status_code == 403
    matter.refresh_from_db()
    assert matter.status == MatterStatus.DRAFT


def _in_three_days() -> str:
    return (timezone.localdate() + timedelta(days=3)).isoformat() + "T19:30"


def test_a_convention_and_a_village_heads_vote_are_not_made_here(officer, place):
    """They are made by their own preparation (Decree 61/2023, Decree 59/2023 Art. 6): not offered, and refused."""
    form = text(officer.get("/decisions/new/"))
    assert "Hương ước" not in form.split("Nội dung (Luật 10/2022 Điều 15)")[1].split("Tiêu đề")[0]
    for kind in ("village_convention", "village_head_election", "village_head_dismissal"):
        refused = officer.post(
            "/decisions/new/",
            {"village": place.village.pk, "matter_type": kind, "title": "X", "question": "Y?", "ballot_kind": "yes_no"},
        )
        assert refused.status_code == 200
    assert not Matter.objects.exists()


def test_an_official_puts_a_matter_to_the_vote_and_opens_it(officer, place):
    convention = {
        "village": place.village.pk,
        "matter_type": "board_election",
        "title": "Bầu thành viên Ban Thanh tra nhân dân",
        "question": "Bầu thành viên Ban Thanh tra nhân dân thôn Đông",
        "ballot_kind": "choose_one",
        "options": "Nguyễn Văn A\nTrần Thị B",
        "seats": 1,
        "max_choices": 1,
        "electorate": "households",
    }
    # The board's members are elected at a meeting (Law 10/2022 Art. 17 §2): without one it is refused, saying so.
    refused = officer.post("/decisions/new/", convention)
    assert refused.status_code == 200 and "Luật 10/2022/QH15 Điều 17 khoản 2" in text(refused)
    assert not Matter.objects.exists()
    response = officer.post(
        "/decisions/new/", {**convention, "meeting_at": _in_three_days(), "meeting_place": "Nhà văn hoá"}
    )
    matter = Matter.objects.get(title="Bầu thành viên Ban Thanh tra nhân dân")
    assert response.status_code == 302 and response.url == f"/decisions/{matter.pk}/"
    officer.post(f"/decisions/{matter.pk}/open/")
    page = text(officer.get(f"/decisions/{matter.pk}/"))
    assert "0 / 10" in page and RollEntry.objects.filter(matter=matter).count() == 10


def _new_election(officer, place, **extra):
    return officer.post(
        "/decisions/new/",
        {
            "village": place.village.pk,
            "matter_type": "board_election",
            "title": "Bầu thành viên Ban Thanh tra nhân dân",
            "question": "Bầu thành viên Ban Thanh tra nhân dân thôn Đông",
            "ballot_kind": "choose_one",
            "options": "Nguyễn Văn A\nTrần Thị B",
            "seats": 1,
            "max_choices": 1,
            "electorate": "households",
            "meeting_at": _in_three_days(),
            **extra,
        },
    )


def test_an_election_is_held_at_the_meeting_by_hands_or_secret_ballot_never_online(officer, place):
    """Law 10/2022 Art. 17 §2 and Art. 18 §4(d): the attendees choose show of hands or a secret ballot; online
    voting is only for other self-managed work."""
    refused = _new_election(officer, place, online_voting="on")
    assert refused.status_code == 200
    assert "chỉ áp dụng cho các công việc tự quản khác" in refused.content.decode()
    assert not Matter.objects.exists()
    assert _new_election(officer, place).status_code == 302
    by_hands = Matter.objects.get()
    assert not by_hands.is_secret and not by_hands.online_voting
    assert _new_election(officer, place, is_secret="on").status_code == 302
    assert Matter.objects.filter(is_secret=True).count() == 1


def test_a_household_votes_from_a_phone_and_finds_its_receipt(client, place):
    matter = services.open_voting(by=place.officer, matter=secret_vote(place))
    code = services.code_of(roll(matter)[0])
    ballot = client.post("/bieu-quyet/", {"code": code.lower()})
    assert ballot.status_code == 200 and "Trần Thị B" in ballot.content.decode()
    done = client.post("/bieu-quyet/gui/", {"code": code, "choice": "c2"})
    assert done.status_code == 200
    receipt = LedgerEntry.objects.get(matter=matter).receipt
    assert codes.display(receipt) in done.content.decode()
    # Typed as printed, with its dash and in lower case, it is still found.
    bulletin = client.post(f"/bieu-quyet/{matter.pk}/", {"bien-nhan": codes.display(receipt).lower()}).content.decode()
    assert "entry 1 of chain" in bulletin or "mục 1 của chuỗi" in bulletin
    # The receipt never travels in an address, where access logs keep it beside the voter's.
    lookup = client.get(f"/bieu-quyet/{matter.pk}/", {"bien-nhan": receipt}).content.decode()
    assert "mục 1 của chuỗi" not in lookup and 'method="post"' in lookup
    again = client.post("/bieu-quyet/gui/", {"code": code, "choice": "c1"})
    assert again.status_code == 409 and "đã biểu quyết trực tuyến" in again.content.decode()


def test_a_wrong_code_gets_a_clear_message_and_guessing_is_stopped(client, place, settings):
    settings.VOTE_CODE_FAILURES = 2
    services.open_voting(by=place.officer, matter=yes_no_matter(place))
    first = client.post("/bieu-quyet/", {"code": "ZZZZZ-ZZZZZ"})
    assert first.status_code == 400 and "Mã này không đúng" in first.content.decode()
    assert 'value="ZZZZZ-ZZZZZ"' in first.content.decode()  # kept, so that the one wrong letter can be fixed
    client.post("/bieu-quyet/", {"code": "YYYYY-YYYYY"})
    assert client.post("/bieu-quyet/", {"code": "XXXXX-XXXXX"}).status_code == 429


def test_option_counts_of_a_secret_ballot_appear_only_after_closing(client, officer, place):
    matter = services.open_voting(by=place.officer, matter=secret_vote(place))
    for entry in roll(matter)[:6]:
        client.post("/bieu-quyet/gui/", {"code": services.code_of(entry), "choice": "c1"})
    page = text(officer.get(f"/decisions/{matter.pk}/"))
    assert "6 / 10" in page and "chỉ hiển thị sau khi kết thúc" in page
    assert officer.get(f"/bieu-quyet/{matter.pk}/so-cai.txt").status_code == 404
    officer.post(f"/decisions/{matter.pk}/close/", {"share": slips(matter)})
    page = client.get(f"/bieu-quyet/{matter.pk}/").content.decode()
    assert "Trúng cử" in page or "Elected" in page
    assert "<td>Nguyễn Văn A</td><td>6</td>" in page.replace("\n", "")
    ledger_text = b"".join(client.get(f"/bieu-quyet/{matter.pk}/so-cai.txt").streaming_content)
    # Six encrypted ballots and the counting team's opening of their totals; no choice in the clear.
    assert ledger_text.count(b"\tE|online|") == 6 and ledger_text.count(b"\tD|online|c1=6,c2=0|") == 1
    assert b"|c1" not in ledger_text.replace(b"|c1=6", b"")


def test_printing_sheets_issues_them_one_household_per_page(officer, place):
    matter = services.open_voting(by=place.officer, matter=secret_vote(place))
    sheet_round(place, matter)
    response = officer.post(f"/decisions/{matter.pk}/sheets.pdf")
    assert response["Content-Type"] == "application/pdf"
    pdf = PdfReader(io.BytesIO(response.content))
    assert len(pdf.pages) == 10
    first = pdf.pages[0].extract_text()
    assert "PHIẾU LẤY Ý KIẾN" in first and "91001-000001" in first
    assert services.code_of(roll(matter)[0])[:5] in first.replace("-", "")
    assert RollEntry.objects.filter(matter=matter, sheet_issued=True).count() == 10


def test_every_printed_code_is_recorded_and_a_vote_cast_with_it_is_traced_to_the_printing(client, place):
    head = place.village_head
    client.force_login(head)
    matter = services.open_voting(by=place.officer, matter=secret_vote(place))
    first, second = roll(matter)[:2]
    sheet = client.get(f"/decisions/{matter.pk}/sheets.pdf?entry={first.pk}")
    assert services.code_of(first)[:5] in PdfReader(io.BytesIO(sheet.content)).pages[0].extract_text().replace("-", "")
    client.logout()
    client.post("/bieu-quyet/gui/", {"code": services.code_of(first), "choice": "c1"})  # cast with the printed code
    client.post("/bieu-quyet/gui/", {"code": services.code_of(second), "choice": "c2"})  # its own code, never printed
    client.force_login(place.officer)
    page = text(client.get(f"/decisions/{matter.pk}/roll/"))
    before_first, after_first = page.split(first.name, 1)
    first_row = after_first.split(second.name, 1)[0]
    assert f"Mã được {head.username} in lúc" in first_row
    assert "Đã biểu quyết trực tuyến sau khi cán bộ in mã" in first_row
    second_row = after_first.split(second.name, 1)[1][:300]
    assert "in lúc" not in second_row and "sau khi cán bộ in mã" not in second_row
    assert "Nguyễn Văn A" not in first_row and "Trần Thị B" not in first_row  # the choice stays unsaid


def test_codes_are_printed_only_while_voting_is_open(officer, place):
    matter = services.open_voting(by=place.officer, matter=yes_no_matter(place))
    entry = roll(matter)[0]
    services.close_voting(by=place.officer, matter=matter)
    response = officer.get(f"/decisions/{matter.pk}/sheets.pdf?entry={entry.pk}")
    assert response.status_code == 302 and not response.get("Content-Type", "").startswith("application/pdf")
    assert not RollEvent.objects.filter(matter=matter, kind=RollEvent.Kind.CODE_SHOWN).exists()
    assert officer.get(f"/decisions/{matter.pk}/sheets.pdf?entry=x%22").status_code in (302, 404)


def test_no_sheet_is_printed_with_codes_the_roll_would_refuse(officer, place, settings):
    """The key changed since voting opened (a demo loaded with one key, served with another): the codes the server
    would print now open nothing. Printing refuses and says why, instead of handing out useless sheets."""
    matter = services.open_voting(by=place.officer, matter=yes_no_matter(place))
    sheet_round(place, matter)
    # The key rotated as Django allows it (the old one kept as a fallback, so the official stays signed in).
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "another-key-" + "k" * 60
    response = officer.post(f"/decisions/{matter.pk}/sheets.pdf", follow=True)
    assert not response.get("Content-Type", "").startswith("application/pdf")
    assert "không khớp với khoá của máy chủ" in response.content.decode()
    assert not RollEvent.objects.filter(matter=matter, kind=RollEvent.Kind.CODE_SHOWN).exists()


def test_the_count_form_refuses_impossible_numbers_and_says_why(officer, place):
    matter = services.open_voting(by=place.officer, matter=yes_no_matter(place))
    sheet_round(place, matter)
    services.issue_sheets(by=place.officer, matter=matter, entries=roll(matter)[:2])
    response = officer.post(
        f"/decisions/{matter.pk}/counts/sheet/", {"option_yes": 3, "option_no": 0, "invalid": 0, "returned": 3}
    )
    assert response.status_code == 200
    assert "nhiều hơn 2 phiếu đã phát" in response.content.decode()
    assert not LedgerEntry.objects.filter(matter=matter).exists()


def test_check_in_shows_a_household_that_already_voted(officer, client, place):
    matter = services.open_voting(by=place.officer, matter=yes_no_matter(place))
    entry = roll(matter)[0]
    client.post("/bieu-quyet/gui/", {"code": services.code_of(entry), "choice": "yes"})
    row = officer.post(f"/decisions/{matter.pk}/roll/{entry.pk}/check-in/", HTTP_HX_REQUEST="true")
    assert "đã biểu quyết" in row.content.decode()
    page = officer.get(f"/decisions/{matter.pk}/").content.decode()
    assert "Phiếu thứ hai bị từ chối" in page


def test_the_minutes_carry_the_result_and_the_final_hash(officer, client, place):
    matter = services.open_voting(by=place.officer, matter=yes_no_matter(place))
    for entry in roll(matter)[:7]:
        client.post("/bieu-quyet/gui/", {"code": services.code_of(entry), "choice": "yes"})
    officer.post(f"/decisions/{matter.pk}/close/")
    matter.refresh_from_db()
    response = officer.get(f"/decisions/{matter.pk}/minutes.docx")
    document = docx.Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert "BIÊN BẢN" in text and matter.final_hash in text and "Hợp lệ" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in "\n".join(cells) and "Đồng ý" in cells and "7" in cells


def test_the_public_verify_page_detects_an_edited_ballot(client, place):
    matter = services.open_voting(by=place.officer, matter=yes_no_matter(place))
    for entry in roll(matter)[:3]:
        client.post("/bieu-quyet/gui/", {"code": services.code_of(entry), "choice": "no"})
    assert "nguyên vẹn" in client.get(f"/bieu-quyet/{matter.pk}/kiem-tra/").content.decode()
    LedgerEntry.objects.filter(matter=matter).update(payload="B|online|XXXXXXXX|yes")
    cache.clear()  # an open matter's verification is kept for 30 seconds
    page = client.get(f"/bieu-quyet/{matter.pk}/kiem-tra/").content.decode()
    assert "KHÔNG" in page and "không khớp với mã băm của nó" in page and "does not match" not in page


def test_documents_for_residents_are_checked_and_shown_on_the_bulletin(officer, client, place):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.factories import pdf_bytes

    matter = yes_no_matter(place)
    fake = SimpleUploadedFile("du-toan.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf")
    officer.post(f"/decisions/{matter.pk}/documents/", {"files": [fake]})
    assert not matter.documents.exists()
    real = SimpleUploadedFile("du-toan.pdf", pdf_bytes("Dự toán kinh phí làm đường"), content_type="application/pdf")
    officer.post(f"/decisions/{matter.pk}/documents/", {"files": [real]})
    document = matter.documents.get()
    services.open_voting(by=place.officer, matter=matter)
    assert "du-toan.pdf" in client.get(f"/bieu-quyet/{matter.pk}/").content.decode()
    download = client.get(f"/bieu-quyet/tai-lieu/{document.pk}/")
    assert download["Content-Type"] == "application/pdf" and "attachment" in download["Content-Disposition"]
