"""The Front's minutes of the official list of candidates (Decree 59/2023 Art. 6; Mẫu số 05, whose appendix is not
in the mirror read: the content follows the article) as a DOCX in the Decree 30/2020 layout. An official paper in
Vietnamese whatever the reader's UI language."""

from django.utils import translation

from grassroots import documents
from localities.models import Level
from village_heads.models import CandidateSource, HeadElection


def candidate_minutes_docx(election: HeadElection) -> bytes:
    with translation.override("vi"):
        return _candidate_minutes(election)


def _candidate_minutes(election: HeadElection) -> bytes:
    village = election.village
    commune = village.parent if village.parent and village.parent.level == Level.COMMUNE else None
    kind = documents.in_sentence(commune) if commune else ""
    header = documents.Header(
        superior=f"Ủy ban MTTQ Việt Nam {commune.name}" if commune else "",
        issuer=f"Ban công tác Mặt trận\n{village}",
        number="Số:      /BB-BCTMT",
        place=documents.place_of(commune or village),
        on=election.candidates_on,
    )
    office = documents.office_of(village)
    doc = documents.new_document(header, "Biên bản", f"Thống nhất danh sách người ứng cử {office}")
    documents.paragraph(
        doc,
        f"Ngày {election.candidates_on:%d/%m/%Y}, Ban công tác Mặt trận {documents.village_in_sentence(village)}, "
        "sau khi "
        f"thống nhất với chi bộ, lập danh sách chính thức người ứng cử {office} để bầu tại cuộc họp cộng đồng dân cư "
        f"ngày {election.election_day:%d/%m/%Y}, tại {election.meeting_place}"
        + (
            f", theo Quyết định số {election.plan_number} của Chủ tịch Ủy ban nhân dân {kind}"
            if election.plan_number and kind
            else ""
        )
        + ".",
    )
    names = [c.name for c in election.candidates.all() if c.source == CandidateSource.FRONT_LIST]
    documents.paragraph(doc, f"Danh sách chính thức gồm {len(names):02d} người:", indent=False)
    documents.table(doc, ["STT", "Họ và tên"], [[i, name] for i, name in enumerate(names, 1)])
    documents.paragraph(
        doc,
        "Tại cuộc họp, người tham dự có quyền tự ứng cử hoặc đề cử thêm người ứng cử ngoài danh sách này "
        "(Nghị định 59/2023/NĐ-CP Điều 3 khoản 5 điểm b).",
    )
    documents.paragraph(
        doc,
        f"Biên bản được gửi Ủy ban nhân dân {kind} chậm nhất 15 ngày trước ngày tổ chức cuộc họp "
        "(Nghị định 59/2023/NĐ-CP Điều 6).",
    )
    documents.signatures(
        doc,
        [
            documents.Signer("Thư ký", name="…………………………"),
            documents.Signer("Trưởng ban", authority="TM. Ban công tác Mặt trận", name="…………………………"),
        ],
        recipients=[
            f"UBND {kind}" if kind else "UBND cấp xã",
            f"Ủy ban MTTQ Việt Nam {kind}" if kind else "Ủy ban MTTQ Việt Nam cấp xã",
            "Lưu",
        ],
    )
    return documents.to_bytes(doc)
