"""Generated disclosures for the demo province and the benchmark: realistic titles, bodies, dates and channels.

Rows are bulk-inserted in publication order with explicit ids (newest = highest id, as the portal sorts), with
their search text and facets computed as the services compute them; no history rows (seed data).
"""

import random
import time
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import connection, transaction
from django.db.models import Max

from disclosures import portal_cache, rules
from disclosures.models import CatalogueItem, Channel, ChannelRecord, Disclosure, Question, Recurrence
from disclosures.services import facets
from grassroots.text import fold
from localities.models import AdministrativeUnit, Level

TZ = ZoneInfo("Asia/Ho_Chi_Minh")

SUBJECTS = {
    "other": [
        "danh sách công dân được gọi thực hiện nghĩa vụ quân sự",
        "danh sách công dân được tạm hoãn gọi nhập ngũ",
        "chỉ tiêu tuyển chọn công dân tham gia Công an nhân dân",
    ],
    "policy": [
        "thủ tục cấp giấy chứng nhận quyền sử dụng đất",
        "chính sách hỗ trợ học phí",
        "thủ tục đăng ký kết hôn",
        "chính sách bảo hiểm y tế hộ gia đình",
        "thủ tục chứng thực bản sao",
    ],
    "planning": [
        "kế hoạch phát triển kinh tế - xã hội",
        "kế hoạch xây dựng nông thôn mới",
        "kế hoạch chuyển đổi cơ cấu cây trồng",
        "kế hoạch phát triển du lịch cộng đồng",
    ],
    "budget": [
        "dự toán ngân sách xã",
        "quyết toán ngân sách xã",
        "điều chỉnh dự toán thu chi",
        "kết quả thực hiện thu ngân sách",
    ],
    "land": [
        "phương án bồi thường giải phóng mặt bằng",
        "quyết định thu hồi đất",
        "kế hoạch sử dụng đất",
        "phương án tái định cư",
        "giá đất bồi thường",
    ],
    "investment": [
        "dự án bê tông hóa đường giao thông nông thôn",
        "công trình kênh mương nội đồng",
        "dự án xây dựng nhà văn hóa thôn",
        "công trình cầu treo dân sinh",
        "dự án nước sạch tập trung",
        "công trình kè chống sạt lở",
        "dự án điện chiếu sáng đường thôn",
    ],
    "contributions": [
        "huy động đóng góp xây dựng đường thôn",
        "quỹ phòng chống thiên tai",
        "quỹ đền ơn đáp nghĩa",
        "đóng góp xây dựng nhà văn hóa",
    ],
    "fees": ["mức thu phí chợ", "lệ phí hộ tịch", "phí vệ sinh môi trường", "phí trông giữ xe"],
    "inspection": [
        "kết luận thanh tra việc quản lý đất công",
        "kết quả kiểm tra thu chi quỹ",
        "kết quả xử lý đơn thư phản ánh",
    ],
    "social_support": [
        "danh sách hộ nghèo, hộ cận nghèo",
        "danh sách hỗ trợ nhà ở cho hộ nghèo",
        "danh sách người cao tuổi hưởng trợ cấp",
        "kết quả bình xét hộ thoát nghèo",
    ],
    "consultation": [
        "kết quả lấy ý kiến về quy hoạch chợ",
        "kết quả lấy ý kiến về đặt tên đường",
        "kết quả lấy ý kiến dự thảo hương ước",
    ],
    "staffing": [
        "kết quả tuyển dụng công chức xã",
        "thông báo tuyển dụng viên chức",
        "kết quả đánh giá cán bộ, công chức",
    ],
    "convention": ["hương ước thôn", "quy ước tổ dân phố", "sửa đổi hương ước về việc cưới, việc tang"],
    "rights": ["quyền và nghĩa vụ của công dân", "quy chế dân chủ ở cơ sở", "lịch tiếp công dân"],
}
SENTENCES = [
    "Ủy ban nhân dân xã thông báo để Nhân dân được biết và giám sát.",
    "Tổng kinh phí thực hiện là {n} triệu đồng từ ngân sách nhà nước và Nhân dân đóng góp.",
    "Thời gian thực hiện từ tháng {m} đến hết năm.",
    "Mọi ý kiến góp ý xin gửi về bộ phận một cửa của xã hoặc trưởng thôn.",
    "Đề nghị các hộ gia đình nghiên cứu và thực hiện đúng quy định.",
    "Danh sách chi tiết được niêm yết tại nhà văn hóa các thôn.",
    "Ban giám sát đầu tư của cộng đồng có trách nhiệm theo dõi việc thực hiện.",
    "Chiều dài tuyến đường {n} mét, mặt đường rộng 3,5 mét.",
    "Số hộ được hưởng chính sách là {n} hộ.",
    "Mức đóng góp bình quân {n} nghìn đồng mỗi hộ.",
]
PREFIXES = ["Thông báo", "Quyết định phê duyệt", "Công khai", "Kế hoạch", "Báo cáo"]


def _body(rng) -> str:
    return " ".join(
        s.format(n=rng.randint(10, 900), m=rng.randint(1, 12)) for s in rng.sample(SENTENCES, rng.randint(2, 4))
    )


def generate(
    province_code: str,
    count: int,
    *,
    seed: int = 2023,
    start: date = date(2023, 7, 1),
    end: date | None = None,
    questions: bool = False,
    report=print,
    batch: int = 5000,
) -> dict:
    """`count` disclosures spread over the province's communes and villages between `start` and `end`."""
    rng = random.Random(seed)
    started = time.monotonic()
    end = end or date.today()
    province = AdministrativeUnit.objects.get(code=province_code, level=Level.PROVINCE)
    communes = list(province.children.filter(level=Level.COMMUNE, is_active=True).order_by("code"))
    villages_by_commune = {}
    for v in AdministrativeUnit.objects.filter(path__startswith=province.path, level=Level.VILLAGE).only(
        "id", "code", "path", "parent_id"
    ):
        villages_by_commune.setdefault(v.parent_id, []).append(v)
    # Communes with villages are the ones a generated population lives in.
    communes = [c for c in communes if c.pk in villages_by_commune] or communes
    items = list(CatalogueItem.objects.filter(is_active=True))
    annual = [i for i in items if i.recurrence == Recurrence.ANNUAL]
    span = (end - start).days
    next_id = (Disclosure.objects.aggregate(m=Max("id"))["m"] or 0) + 1
    # Publication times, increasing with the id so that the newest is the highest id.
    offsets = sorted(rng.uniform(0, span * 86400) for _ in range(count))
    rows, channels, asked = [], [], []
    made = 0

    def flush():
        nonlocal rows, channels, asked
        with transaction.atomic():
            Disclosure.objects.bulk_create(rows, batch_size=1000)
            ChannelRecord.objects.bulk_create(channels, batch_size=2000)
            Question.objects.bulk_create(asked, batch_size=1000)
        rows, channels, asked = [], [], []

    for index, offset in enumerate(offsets):
        commune = communes[index % len(communes)]
        village = None
        if rng.random() < 0.25 and villages_by_commune.get(commune.pk):
            village = rng.choice(villages_by_commune[commune.pk])
        unit = village or commune
        published_at = datetime.combine(start, datetime.min.time(), TZ) + timedelta(seconds=offset)
        item = rng.choice(annual) if rng.random() < 0.3 else (rng.choice(items) if rng.random() < 0.7 else None)
        topic = item.topic if item else rng.choice(list(SUBJECTS))
        # Most are issued a day or two before publication; some communes are slow.
        issued_on = published_at.date() - timedelta(days=rng.choice([0, 1, 1, 2, 2, 3, 5, 9]))
        due_on = rules.due_date(issued_on, item.deadline_working_days if item else rules.DEADLINE_WORKING_DAYS)
        subject = rng.choice(SUBJECTS[topic])
        title = f"{rng.choice(PREFIXES)} {subject} năm {issued_on.year}"
        if village:
            title += f" tại thôn {village.code.rsplit('.', 1)[-1]}"
        body = _body(rng)
        document_number = f"{rng.randint(1, 300)}/QĐ-UBND"
        disclosure_id = next_id + index
        posted_days = rng.choice([30, 30, 35, 45, 60, 20])
        board_ends = published_at.date() + timedelta(days=posted_days)
        # Items 7–12 go on the commune radio (Art. 13 §3): most communes read them out 3 days or more.
        radio_days = rng.choice([3, 3, 3, 4, 5, 2]) if item and item.radio_min_days else 0
        rows.append(
            Disclosure(
                id=disclosure_id,
                unit=unit,
                unit_path=unit.path,
                province=province,
                commune=commune,
                village=village,
                catalogue_item=item,
                catalogue_version=item.version if item else None,
                min_posting_days=item.min_posting_days if item else rules.MIN_POSTING_DAYS,
                posted_permanently=bool(item and item.permanent),
                radio_min_days=item.radio_min_days if item else 0,
                topic=topic,
                title=title,
                body=body,
                document_number=document_number,
                issued_on=issued_on,
                effective_from=issued_on,
                published_at=published_at,
                first_published_at=published_at,
                due_on=due_on,
                is_late=rules.is_late(published_at.date(), due_on),
                taken_down_early=bool(item and item.permanent and board_ends < end)
                or posted_days < rules.MIN_POSTING_DAYS,
                radio_short=bool(item and item.radio_min_days and radio_days < item.radio_min_days),
                series_id=disclosure_id,
                version=1,
                search_text=fold(f"{title} {document_number} {body}"),
                facets=facets(unit.path, topic, published_at),
            )
        )
        channels.append(
            ChannelRecord(disclosure_id=disclosure_id, channel=Channel.PORTAL, started_on=published_at.date())
        )
        if radio_days:
            channels.append(
                ChannelRecord(
                    disclosure_id=disclosure_id,
                    channel=Channel.LOUDSPEAKER,
                    started_on=published_at.date(),
                    ended_on=published_at.date() + timedelta(days=radio_days - 1),
                )
            )
        channels.append(
            ChannelRecord(
                disclosure_id=disclosure_id,
                channel=Channel.NOTICE_BOARD,
                started_on=published_at.date(),
                ended_on=board_ends if board_ends < end else None,
            )
        )
        if questions and rng.random() < 0.05:
            answered = rng.random() < 0.7
            asked.append(
                Question(
                    disclosure_id=disclosure_id,
                    name="Người dân",
                    phone=f"09{rng.randint(10**7, 10**8 - 1)}",
                    text="Xin hỏi khi nào bắt đầu thực hiện và ai là người giám sát?",
                    client_key="demo",
                    status="answered" if answered else "pending",
                    answer="Dự kiến bắt đầu trong quý tới; Ban giám sát đầu tư của cộng đồng theo dõi."
                    if answered
                    else "",
                    answered_at=published_at + timedelta(days=3) if answered else None,
                )
            )
        made += 1
        if len(rows) >= batch:
            flush()
            report(f"disclosures: {made}/{count}, {time.monotonic() - started:.0f}s")
    flush()
    portal_cache.bump()
    _reset_sequences()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE disclosures_disclosure, disclosures_channelrecord")
        else:
            cursor.execute("PRAGMA optimize")
    seconds = time.monotonic() - started
    report(f"done: {count} disclosures in {seconds:.0f}s")
    return {"disclosures": count, "seconds": seconds}


def _reset_sequences():
    from django.core.management.color import no_style

    sql = connection.ops.sequence_reset_sql(no_style(), [Disclosure, ChannelRecord, Question])
    if sql:
        with connection.cursor() as cursor:
            for statement in sql:
                cursor.execute(statement)
