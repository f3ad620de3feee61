"""Generated Vietnamese opinions on a draft, for the benchmark and the grouping tests.

Each opinion makes one of a few dozen points (a topic), in one of its phrasings, with a place or an amount
filled in, an opening or a closing of the kind residents write, and often without diacritics.
"""

import random

from grassroots.text import fold

PLACES = ["xóm Đông", "xóm Tây", "thôn Bắc", "ngõ 5", "khu chợ", "đầu làng", "bến đò", "trường tiểu học"]
OPENINGS = ["", "", "Tôi đề nghị ", "Kính gửi ban soạn thảo, ", "Gia đình tôi có ý kiến: ", "Theo tôi, "]
CLOSINGS = ["", "", " Xin cảm ơn.", " Mong được xem xét.", " Đề nghị trả lời sớm."]
POINTS = [
    [
        "mở rộng đường liên thôn qua {p} cho xe cứu thương đi được",
        "đường qua {p} quá hẹp, cần mở rộng để xe cứu thương vào được",
    ],
    [
        "lắp thêm đèn chiếu sáng ở {p} vì buổi tối trẻ em đi học về nguy hiểm",
        "{p} chưa có đèn đường, buổi tối rất tối, cần lắp đèn chiếu sáng",
    ],
    [
        "mức đóng góp {a} đồng mỗi hộ là quá cao với hộ nghèo",
        "hộ nghèo không đủ sức đóng {a} đồng, đề nghị giảm mức đóng góp",
    ],
    ["làm rãnh thoát nước ở {p} vì mưa to là ngập", "mưa xuống {p} ngập sâu, cần xây rãnh thoát nước"],
    [
        "công khai danh sách hộ được hỗ trợ tại nhà văn hóa",
        "danh sách hộ nhận hỗ trợ phải niêm yết công khai ở nhà văn hóa",
    ],
    [
        "bồi thường đất nông nghiệp theo giá thị trường",
        "giá bồi thường đất ruộng thấp hơn giá thị trường, đề nghị tính lại",
    ],
    ["xây thêm phòng học cho {p} vì lớp quá đông", "lớp học ở {p} quá đông học sinh, cần xây thêm phòng học"],
    ["thu gom rác hai lần mỗi tuần ở {p}", "rác ở {p} để lâu bốc mùi, đề nghị thu gom rác hai lần một tuần"],
    ["cấm xe tải trọng lớn đi vào đường bê tông {p}", "xe tải nặng làm vỡ đường bê tông ở {p}, cần cấm xe tải"],
    [
        "tổ chức họp thôn vào buổi tối để người đi làm tham dự được",
        "họp thôn ban ngày người đi làm không dự được, nên họp buổi tối",
    ],
    ["kéo dài thời gian lấy ý kiến thêm mười lăm ngày", "thời gian góp ý quá ngắn, đề nghị kéo dài thêm mười lăm ngày"],
    ["sửa chữa cầu tràn ở {p} trước mùa mưa lũ", "cầu tràn {p} đã xuống cấp, cần sửa trước mùa lũ"],
    [
        "hỗ trợ chuyển đổi giống cây trồng cho hộ bị thu hồi đất",
        "hộ mất đất sản xuất cần được hỗ trợ chuyển đổi nghề và giống cây",
    ],
    ["lắp camera an ninh ở {p} vì hay mất trộm", "{p} thường xuyên mất trộm xe máy, đề nghị lắp camera an ninh"],
    ["nạo vét kênh mương nội đồng trước vụ xuân", "kênh mương nội đồng bị bồi lấp, cần nạo vét trước vụ xuân"],
    [
        "giảm phí vệ sinh cho hộ neo đơn và người cao tuổi",
        "người cao tuổi sống một mình nên được miễn giảm phí vệ sinh",
    ],
]
AMOUNTS = ["200.000", "300.000", "500.000", "1.000.000"]
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô"]
GIVEN = ["Văn An", "Thị Bình", "Văn Cường", "Thị Dung", "Đức Em", "Thị Hoa", "Văn Hùng", "Thị Lan", "Minh Tuấn"]


def generate_opinions(count: int, seed: int = 0) -> list[tuple[str, int]]:
    """`count` opinions as (text, the point it makes)."""
    rng = random.Random(seed)
    opinions = []
    for _ in range(count):
        point = rng.randrange(len(POINTS))
        body = rng.choice(POINTS[point]).format(p=rng.choice(PLACES), a=rng.choice(AMOUNTS))
        # Most opinions say who and where they are from: few texts are exactly alike.
        who = (
            f"Tôi là {rng.choice(SURNAMES)} {rng.choice(GIVEN)}, nhà số {rng.randint(1, 300)}. "
            if rng.random() < 0.7
            else ""
        )
        text = who + rng.choice(OPENINGS) + body + rng.choice(CLOSINGS)
        text = text[0].upper() + text[1:]
        if rng.random() < 0.3:  # typed without diacritics
            text = fold(text)
        opinions.append((text, point))
    return opinions
