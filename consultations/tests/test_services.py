"""Consultations from the draft to the closing: every opinion answered, revisions carried into versions."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import TestCase
from django.utils import timezone, translation

from accounts.models import Role
from consultations import drafts, selectors, services
from consultations.models import Answer, Channel, Opinion, OpinionGroup, Status
from grassroots.text import fold
from tests.factories import official

pytestmark = pytest.mark.django_db

DRAFT = """# Điều 1. Phạm vi
Quy hoạch sử dụng đất xã Tân Lập giai đoạn 2026-2030.
# Điều 2. Đất giao thông
Mở rộng đường liên thôn Đông - Tây lên 5 mét.
# Điều 3. Đất công viên
Dành 2 ha cho công viên trung tâm."""


@pytest.fixture(autouse=True)
def _english():
    # Messages are matched in the source language, whichever language an earlier test left active.
    with translation.override("en"):
        yield


@pytest.fixture
def officer(tree):
    return official("xa", Role.COMMUNE_OFFICIAL, tree.commune)


def open_consultation(officer, unit, text=DRAFT, **overrides):
    today = timezone.localdate()
    data = services.ConsultationInput(
        title="Dự thảo quy hoạch sử dụng đất",
        subject="land_use",
        audience="residents",
        opens_on=today,
        closes_on=today + timedelta(days=30),
    )
    for key, value in overrides.items():
        setattr(data, key, value)
    consultation = services.create_consultation(
        by=officer, unit=unit, data=data, sections=drafts.sections_from_text(text)
    )
    return services.publish(by=officer, consultation=consultation)


def period_over(consultation):
    """As if the period had run its course (Law 10/2022 Art. 28 §2: nobody ends it early): it ended yesterday."""
    from consultations.models import Consultation

    today = timezone.localdate()
    Consultation.objects.filter(pk=consultation.pk).update(
        opens_on=today - timedelta(days=21), closes_on=today - timedelta(days=1)
    )
    consultation.refresh_from_db()
    return consultation


def online(consultation, text, phone="0912345678", address="10.0.0.1", name="Nguyễn Văn An", section_key=""):
    # As after a request's commit: the grouping task queued on commit runs (immediately, in tests).
    with TestCase.captureOnCommitCallbacks(execute=True):
        return services.give_opinion(
            consultation=consultation, text=text, name=name, phone=phone, address=address, section_key=section_key
        )


def test_typed_draft_becomes_sections_with_headings(officer, tree):
    consultation = open_consultation(officer, tree.commune)
    sections = selectors.sections_of(services.current_version(consultation))
    assert [s.heading for s in sections] == ["Điều 1. Phạm vi", "Điều 2. Đất giao thông", "Điều 3. Đất công viên"]
    assert sections[1].text == "Mở rộng đường liên thôn Đông - Tây lên 5 mét."


def test_docx_headings_make_the_sections():
    import io

    import docx

    document = docx.Document()
    document.add_paragraph("Lời nói đầu của dự thảo.")
    document.add_heading("Chương I. Quy định chung", level=1)
    document.add_paragraph("Nội dung chương một.")
    document.add_paragraph("Điều 2. Đối tượng áp dụng")
    document.add_paragraph("Hộ gia đình trên địa bàn xã.")
    table = document.add_table(rows=2, cols=2)
    for row, (item, amount) in zip(table.rows, [("Hạng mục", "Kinh phí"), ("Đường thôn", "500 triệu")], strict=True):
        row.cells[0].text, row.cells[1].text = item, amount
    buffer = io.BytesIO()
    document.save(buffer)
    sections = drafts.sections_from_docx(buffer.getvalue())
    assert [s.heading for s in sections] == ["Introduction", "Chương I. Quy định chung", "Điều 2. Đối tượng áp dụng"]
    assert sections[2].text == "Hộ gia đình trên địa bàn xã.\nHạng mục | Kinh phí\nĐường thôn | 500 triệu"
    with pytest.raises(ValidationError):
        drafts.sections_from_docx(b"not a docx")


def test_opinions_are_refused_outside_the_period(officer, tree):
    consultation = open_consultation(officer, tree.commune)
    later = timezone.now() + timedelta(days=40)
    with pytest.raises(ValidationError):
        services.give_opinion(
            consultation=consultation,
            text="Đề nghị mở rộng đường",
            name="An",
            phone="0912345678",
            address="1",
            now=later,
        )


def test_one_sender_is_rate_limited_and_a_repeat_refused(officer, tree, settings):
    settings.OPINIONS_PER_ADDRESS_HOUR = 2
    consultation = open_consultation(officer, tree.commune)
    online(consultation, "Đề nghị mở rộng đường lên 7 mét")
    with pytest.raises(ValidationError, match="already"):
        online(consultation, "Đề nghị mở rộng đường lên 7 mét")
    online(consultation, "Đề nghị giữ lại sân bóng của thôn", phone="0912345679")
    with pytest.raises(ValidationError, match="many opinions"):
        online(consultation, "Đề nghị thêm đèn chiếu sáng đường", phone="0912345670")
    online(consultation, "Đề nghị thêm đèn chiếu sáng đường", phone="0912345670", address="10.0.0.2")


def test_residents_sharing_one_address_do_not_use_up_each_other_s_opinions(officer, tree, settings):
    """A commune hall's Wi-Fi: the hourly limit is each sender's (address and phone together), not the hall's."""
    settings.OPINIONS_PER_HOUR = 1
    consultation = open_consultation(officer, tree.commune)
    for i in range(6):
        online(consultation, f"Ý kiến số {i} về việc mở rộng đường thôn", phone=f"091234500{i}")
    with pytest.raises(ValidationError, match="many opinions"):
        online(consultation, "Ý kiến thứ hai của cùng một người gửi", phone="0912345000")


def test_bad_input_names_the_field(officer, tree):
    consultation = open_consultation(officer, tree.commune)
    with pytest.raises(ValidationError) as error:
        online(consultation, "<script>x</script> ngắn", phone="123", section_key="s99")
    assert {"text", "phone", "section_key"} <= set(error.value.message_dict)


def test_near_duplicates_are_grouped_and_grouped_opinions_never_move(officer, tree):
    consultation = open_consultation(officer, tree.commune)
    a = online(consultation, "Đề nghị mở rộng đường liên thôn lên 7 mét", phone="0912000001")
    b = online(consultation, "De nghi mo rong duong lien thon len 7 met", phone="0912000002")
    c = online(consultation, "Đề nghị giữ lại sân bóng đá của thôn Tây", phone="0912000003")
    for o in (a, b, c):
        o.refresh_from_db()
    assert a.group_id == b.group_id != c.group_id
    assert a.group.key_phrases and all(fold(phrase) in fold(a.text) for phrase in a.group.key_phrases)
    # An officer moves one out; a later look-alike joins the group, the moved one stays where the officer put it.
    services.split_off(by=officer, opinions=[b])
    b.refresh_from_db()
    with TestCase.captureOnCommitCallbacks(execute=True):
        d = services.enter_opinions(
            by=officer,
            consultation=consultation,
            channel=Channel.MEETING,
            source="Biên bản họp thôn Đông ngày 12/11/2026",
            texts=["Đề nghị mở rộng đường liên thôn lên 7 mét cho xe tải"],
        )[0]
    d.refresh_from_db()
    b2 = Opinion.objects.get(pk=b.pk)
    assert d.group_id in (a.group_id, b2.group_id)
    assert b2.group_id != a.group_id


def test_merge_moves_everything_and_records_who(officer, tree):
    consultation = open_consultation(officer, tree.commune)
    a = online(consultation, "Đề nghị mở rộng đường liên thôn lên 7 mét", phone="0912000001")
    c = online(consultation, "Đề nghị giữ lại sân bóng đá của thôn Tây", phone="0912000003")
    a.refresh_from_db()
    c.refresh_from_db()
    services.merge_groups(by=officer, target=a.group, others=[c.group])
    c.refresh_from_db()
    assert c.group_id == a.group_id
    assert c.history.first().history_user == officer
    assert OpinionGroup.objects.filter(consultation=consultation).count() == 1


def test_closing_is_refused_while_one_opinion_is_unanswered(officer, tree):
    consultation = open_consultation(officer, tree.commune)
    a = online(consultation, "Đề nghị mở rộng đường liên thôn lên 7 mét", phone="0912000001")
    c = online(consultation, "Đề nghị giữ lại sân bóng đá của thôn Tây", phone="0912000003")
    services.answer_group(
        by=officer,
        group=services.group_of(by=officer, opinion=Opinion.objects.get(pk=a.pk)),
        answer=Answer.ABSORBED,
        section_key="s2",
        revised_text="Mở rộng đường liên thôn Đông - Tây lên 7 mét.",
    )
    period_over(consultation)
    with pytest.raises(ValidationError, match="1 opinion"):
        services.close_consultation(by=officer, consultation=consultation)
    # A hidden opinion (abuse) needs no answer, and its reason is kept in history.
    services.hide_opinion(by=officer, opinion=Opinion.objects.get(pk=c.pk), reason="Lời lẽ xúc phạm")
    closed = services.close_consultation(by=officer, consultation=consultation)
    assert closed.status == Status.CLOSED
    final = services.current_version(closed)
    assert final.number == 2
    assert final.sections.get(key="s2").text == "Mở rộng đường liên thôn Đông - Tây lên 7 mét."
    assert Opinion.objects.get(pk=c.pk).history.first().history_change_reason == "Lời lẽ xúc phạm"


def test_an_answer_needs_its_substance(officer, tree):
    consultation = open_consultation(officer, tree.commune)
    group = services.group_of(by=officer, opinion=online(consultation, "Đề nghị mở rộng đường lên 7 mét"))
    with pytest.raises(ValidationError) as error:
        services.answer_group(by=officer, group=group, answer=Answer.ABSORBED, section_key="s2", revised_text="")
    assert "revised_text" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.answer_group(by=officer, group=group, answer=Answer.NOT_ABSORBED, text="")
    assert "text" in error.value.message_dict


def test_a_conference_with_eleven_opinions_is_tracked_into_the_next_version(officer, tree):
    """The provincial committee's conference: 11 opinions, each absorbed into the report's next version."""
    steering = official("bcd", Role.PROVINCIAL_STEERING, tree.province)
    report = "\n".join(f"# Phần {i}. Mục tiêu {i}\nNội dung ban đầu của phần {i}." for i in range(1, 12))
    consultation = open_consultation(
        steering, tree.province, text=report, subject="report", audience="delegates", title="Dự thảo báo cáo năm 2021"
    )
    conference = services.record_conference(
        by=steering,
        consultation=consultation,
        data=services.ConferenceInput(
            title="Hội nghị tổng kết công tác dân chủ cơ sở năm 2021",
            held_on=date(2021, 12, 20),
            agenda="Báo cáo kết quả năm 2021\nThảo luận\nKết luận",
            delegates="\n".join(f"Đại biểu {i} - Sở ngành {i}" for i in range(1, 12)),
        ),
    )
    delegates = list(conference.delegates.all())
    opinions = [
        services.conference_opinion(
            by=steering,
            delegate=d,
            text=f"Đề nghị bổ sung kết quả cụ thể của lĩnh vực số {i} vào phần {i}",
            section_key=f"s{i}",
        )
        for i, d in enumerate(delegates, 1)
    ]
    assert all(d.attended for d in conference.delegates.all())
    for i, opinion in enumerate(opinions, 1):
        opinion.refresh_from_db()
        services.answer_group(
            by=steering,
            group=services.group_of(by=steering, opinion=opinion),
            answer=Answer.ABSORBED,
            section_key=f"s{i}",
            revised_text=f"Nội dung phần {i}, bổ sung kết quả lĩnh vực số {i}.",
        )
    version = services.issue_version(by=steering, consultation=consultation)
    assert version.number == 2
    changed = selectors.changes(version)
    assert len(changed) == 11
    tracked = {o.pk for change in changed for group in change.groups for o in group.opinions.all()}
    assert tracked == {o.pk for o in opinions}
    for i, opinion in enumerate(opinions, 1):
        opinion.refresh_from_db()
        assert opinion.group.applied_in == version
        assert version.sections.get(key=f"s{i}").text.endswith(f"lĩnh vực số {i}.")
