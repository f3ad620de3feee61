"""The papers of a household vote: ballot sheets (PDF, one household per page) and the minutes (DOCX).

Both are official papers in Vietnamese whatever the reader's UI language: the law's forms are Vietnamese.
"""

import io
from pathlib import Path

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.utils import timezone, translation
from fpdf import FPDF

from decisions import codes, presentation, rules, selectors
from decisions.models import BallotRound, Matter, RollEntry
from decisions.presentation import BASIS
from grassroots import documents
from localities.models import Level

FONTS = Path(settings.BASE_DIR) / "grassroots" / "fonts"
ELECTORATE = {"households": "Đại diện hộ gia đình (mỗi hộ một phiếu)", "voters": "Cử tri trong thôn"}


def _commune(matter: Matter):
    return next((u for u in matter.village.ancestors() if u.level == Level.COMMUNE), None)


def vote_url(code: str) -> str:
    # The code travels in the fragment, which browsers never send to the server: no log anywhere records
    # which code opened the voting page, or when.
    return f"{settings.SITE_URL}/bieu-quyet/#{code}"


def qr_svg(text: str) -> str:
    """A QR code as an SVG element, to put in a page (no image file, no inline script or style)."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    return image.to_string(encoding="unicode")


def _qr_png(text: str) -> io.BytesIO:
    image = qrcode.make(text, box_size=6, border=1)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    buffer.seek(0)
    return buffer


def ballot_sheets_pdf(matter: Matter, sheets: list[tuple[RollEntry, str]]) -> bytes:
    """One page per household, each with the code decisions.services.reveal_codes gave for it. A secret
    ballot's page has two parts: a slip with the household and its online code, which the household keeps, and
    the ballot below the cut line, which carries nothing that names it."""
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(False)
    pdf.add_font("DejaVu", "", FONTS / "DejaVuSans.ttf")
    pdf.add_font("DejaVu", "B", FONTS / "DejaVuSans-Bold.ttf")
    commune = _commune(matter)
    options = list(matter.options.all())
    limit = matter.choice_limit
    for entry, code in sheets:
        pdf.add_page()
        pdf.set_margins(20, 15, 15)
        pdf.set_xy(20, 15)
        pdf.set_font("DejaVu", "", 10)
        pdf.cell(0, 5, f"{commune.name if commune else ''} — {matter.village.name}", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "B", 11)
        pdf.cell(0, 6, f"Hộ: {entry.household_code} — {entry.name}", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 10)
        pdf.cell(0, 5, f"Địa chỉ: {entry.address}", new_x="LMARGIN", new_y="NEXT")
        if matter.online_voting:
            pdf.ln(2)
            pdf.multi_cell(
                130,
                5,
                "Biểu quyết trực tuyến (nếu không trả phiếu giấy): quét mã QR hoặc vào "
                f"{settings.SITE_URL}/bieu-quyet/ và nhập mã hộ. Mỗi hộ chỉ biểu quyết một lần, "
                "bằng một cách: tại hội nghị, bằng phiếu này, hoặc trực tuyến.",
                new_x="LMARGIN",
                new_y="NEXT",
            )
            pdf.set_font("DejaVu", "B", 16)
            pdf.cell(0, 9, f"Mã hộ: {codes.display(code)}", new_x="LMARGIN", new_y="NEXT")
            pdf.image(_qr_png(vote_url(code)), x=158, y=15, w=35)
        top = 62
        if matter.is_secret:
            pdf.set_font("DejaVu", "", 8)
            pdf.set_xy(20, top - 6)
            pdf.cell(0, 4, "✂ - - - - - - - - - - Cắt theo đường này; phần trên hộ giữ lại - - - - - - - - - -")
        pdf.set_xy(20, top)
        pdf.set_font("DejaVu", "B", 14)
        pdf.cell(0, 8, "PHIẾU LẤY Ý KIẾN HỘ GIA ĐÌNH", align="C", new_x="LMARGIN", new_y="NEXT")
        if matter.is_secret:
            pdf.set_font("DejaVu", "", 10)
            secret_note = "(Bỏ phiếu kín — không ghi tên trên phần phiếu này)"
            pdf.cell(0, 5, secret_note, align="C", new_x="LMARGIN", new_y="NEXT")
        else:
            pdf.set_font("DejaVu", "", 10)
            pdf.cell(0, 5, f"Hộ: {entry.household_code}", align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
        pdf.set_font("DejaVu", "B", 11)
        pdf.multi_cell(0, 6, matter.title, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 11)
        pdf.multi_cell(0, 6, matter.question, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
        instruction = (
            "Đánh dấu X vào MỘT ô." if limit == 1 else f"Đánh dấu X vào không quá {limit} ô (bầu {matter.seats} người)."
        )
        pdf.set_font("DejaVu", "", 10)
        pdf.cell(0, 6, instruction, new_x="LMARGIN", new_y="NEXT")
        for option in options:
            pdf.ln(2)
            y = pdf.get_y()
            pdf.rect(22, y, 7, 7)
            pdf.set_xy(33, y)
            pdf.set_font("DejaVu", "", 12)
            pdf.multi_cell(0, 7, option.label, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(6)
        pdf.set_font("DejaVu", "", 9)
        pdf.multi_cell(
            0,
            5,
            "Phiếu đánh dấu nhiều hơn số ô cho phép, không đánh dấu ô nào, hoặc ghi thêm nội dung khác là phiếu "
            "không hợp lệ.",
            new_x="LMARGIN",
            new_y="NEXT",
        )
    return bytes(pdf.output())


def minutes_docx(matter: Matter) -> bytes:
    with translation.override("vi"):
        return _minutes(matter)


def _minutes(matter: Matter) -> bytes:
    commune = _commune(matter)
    result = matter.result or {}
    turnout = selectors.turnout(matter)
    closed_on = timezone.localdate(matter.closed_at) if matter.closed_at else timezone.localdate()
    place = documents.place_of(commune or matter.village)
    header = documents.Header(
        superior=f"UBND {commune.name}" if commune else "",
        issuer=str(matter.village),  # "Tổ dân phố 1", not "1"
        number="Số:      /BB",
        place=place,
        on=closed_on,
    )
    doc = documents.new_document(header, "Biên bản", f"Kết quả biểu quyết của hộ gia đình về: {matter.title}")
    meeting = ""
    if matter.meeting_at:
        meeting = timezone.localtime(matter.meeting_at).strftime("%H giờ %M, ngày %d/%m/%Y")
    ballot_round = BallotRound.objects.filter(matter=matter).select_related("after_meeting_of").first()
    if meeting or ballot_round is None:
        documents.paragraph(
            doc, f"Thời gian hội nghị: {meeting or '...'}; địa điểm: {matter.meeting_place or '...'}.", indent=False
        )
    if ballot_round is not None:
        # Law 10/2022 Art. 19 §2 and Art. 20 §2(a), (d): when and how the households were asked on sheets.
        after = ballot_round.after_meeting_of
        documents.paragraph(
            doc,
            "Hình thức phát phiếu lấy ý kiến hộ gia đình (Luật 10/2022/QH15 Điều 19"
            + (
                f" khoản 1 điểm b, sau cuộc họp ngày {timezone.localtime(after.meeting_at):%d/%m/%Y} không đủ đại "
                "diện hộ gia đình tham dự để đạt tỷ lệ tán thành"
                if after is not None and after.meeting_at
                else ""
            )
            + f"); công khai ngày {ballot_round.announced_on:%d/%m/%Y}, phát phiếu từ ngày "
            f"{ballot_round.sheets_on:%d/%m/%Y}; tổ phát phiếu: {', '.join(ballot_round.team)}.",
            indent=False,
        )
    documents.paragraph(
        doc,
        f"Biểu quyết mở từ {timezone.localtime(matter.opened_at):%H:%M ngày %d/%m/%Y} đến "
        f"{timezone.localtime(matter.closed_at):%H:%M ngày %d/%m/%Y}, theo {matter.rule.article}."
        if matter.opened_at and matter.closed_at
        else f"Căn cứ {matter.rule.article}.",
        indent=False,
    )
    documents.paragraph(doc, f"Nội dung biểu quyết: {matter.question}", indent=False)
    documents.paragraph(
        doc,
        f"Hình thức: {'bỏ phiếu kín' if matter.is_secret else 'biểu quyết công khai'}; "
        f"người biểu quyết: {ELECTORATE.get(matter.electorate, matter.electorate).lower()}.",
        indent=False,
    )
    documents.paragraph(doc, "I. THÀNH PHẦN THAM GIA", bold=True, indent=False)
    # Law 10/2022 Art. 20 §2(b): every household, those represented and those without a representative.
    documents.table(
        doc,
        ["Tổng số hộ trong danh sách", "Tham gia", "Tại hội nghị", "Bằng phiếu", "Trực tuyến", "Không tham gia"],
        [
            [
                documents.number(value)
                for value in (
                    turnout.roll,
                    turnout.participants,
                    turnout.meeting,
                    turnout.sheet,
                    turnout.online,
                    turnout.roll - turnout.participants,
                )
            ]
        ],
    )
    documents.paragraph(doc, "II. KẾT QUẢ BIỂU QUYẾT", bold=True, indent=False)
    basis = BASIS.get(result.get("pass_basis"), "")
    base = result.get("roll", 0) if result.get("pass_basis") == "roll" else result.get("valid", 0)
    votes = result.get("votes", {})
    rows = []
    for option in matter.options.all():
        n = votes.get(option.key, 0)
        rows.append([option.label, documents.number(n), documents.percent(100 * n / base) if base else "—"])
    documents.table(doc, ["Phương án / người được bầu", "Số phiếu", f"Tỷ lệ ({basis})"], rows)
    documents.paragraph(
        doc, f"Phiếu hợp lệ: {result.get('valid', 0)}; phiếu không hợp lệ: {result.get('invalid', 0)}.", indent=False
    )
    explained = presentation.explain(matter, result)
    documents.paragraph(
        doc,
        f"Kết quả: {explained['outcome']}. {explained['reason']} ({explained['article']}).",
        bold=True,
        indent=False,
    )
    labels = dict(matter.options.values_list("key", "label"))
    if result.get("winners") and matter.ballot_kind != "yes_no":
        documents.paragraph(
            doc, "Trúng cử / được chọn: " + ", ".join(labels[k] for k in result["winners"]) + ".", indent=False
        )
    documents.paragraph(
        doc,
        f"Mã băm cuối cùng của sổ phiếu: {matter.final_hash}. Mọi người có thể kiểm tra tại "
        f"{settings.SITE_URL}/bieu-quyet/{matter.pk}/kiem-tra/.",
        italic=True,
        indent=False,
        justify=False,
    )
    kind = documents.unit_kind(commune) if commune else "xã"
    # Law 10/2022 Art. 20 §3: sent to both; Art. 21 §2: recognised by the People's Committee (items 3, 4) or the
    # Front committee (item 5); items 1, 2 and 6 are in effect from the vote day.
    committee, front = f"Ủy ban nhân dân {kind}", f"Ủy ban Mặt trận Tổ quốc Việt Nam {kind}"
    effect = matter.rule.effect
    if effect is rules.Effect.COMMUNE_COMMITTEE:
        sent_to, recipients = (
            f"gửi {committee} để công nhận và {front}",
            [f"UBND {kind} (để công nhận)", f"Ủy ban MTTQ Việt Nam {kind}"],
        )
    elif effect is rules.Effect.COMMUNE_FRONT:
        sent_to, recipients = (
            f"gửi {front} để công nhận và {committee}",
            [f"Ủy ban MTTQ Việt Nam {kind} (để công nhận)", f"UBND {kind}"],
        )
    else:
        sent_to = f"gửi {committee} và {front}; quyết định có hiệu lực từ ngày biểu quyết"
        recipients = [f"UBND {kind}", f"Ủy ban MTTQ Việt Nam {kind}"]
    documents.paragraph(doc, f"Biên bản được {sent_to}.", indent=False)
    # Law 10/2022 Art. 20 §2(g): signed by the village head, the head of the village's Front committee and two
    # household representatives.
    head = documents.head_title(matter.village)
    blank = "…………………………"
    documents.signatures(
        doc,
        [
            documents.Signer("Đại diện hộ gia đình", name=blank),
            documents.Signer("Đại diện hộ gia đình", name=blank),
            documents.Signer("Trưởng ban công tác Mặt trận", name=blank),
            documents.Signer(head, name=blank),
        ],
        recipients=[*recipients, "Lưu"],
    )
    return documents.to_bytes(doc)
