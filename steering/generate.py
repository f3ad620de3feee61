"""Generated work programmes: tasks as steering committees write them, on a few dozen subjects.

For the overlap benchmark and tests: each task is one subject in one of its phrasings, with a period, an
agency and a place, so that tasks on one subject share their words and tasks on different subjects share only
the words every programme uses.
"""

import random

VERBS = ["Tổ chức", "Triển khai", "Chỉ đạo", "Hướng dẫn", "Đôn đốc", "Tăng cường"]
PERIODS = ["quý I", "quý II", "6 tháng đầu năm", "quý III", "cả năm", "tháng 10"]
AGENCIES = ["Sở Nội vụ", "Ủy ban MTTQ tỉnh", "Sở Tư pháp", "Thanh tra tỉnh", "Sở Thông tin và Truyền thông"]
SUBJECTS = [
    ["kiểm tra việc công khai ngân sách xã", "giám sát công khai dự toán, quyết toán ngân sách cấp xã"],
    ["tập huấn cho Ban Thanh tra nhân dân", "bồi dưỡng nghiệp vụ cho thành viên Ban Thanh tra nhân dân"],
    ["sơ kết 5 năm thực hiện Chỉ thị 30", "hội nghị sơ kết việc thực hiện Chỉ thị 30 của Bộ Chính trị"],
    ["chuyển đổi số trong tiếp công dân", "ứng dụng công nghệ số vào tiếp công dân và giải quyết đơn thư"],
    ["giải quyết khiếu nại kéo dài ở cơ sở", "rà soát, giải quyết dứt điểm các vụ khiếu nại kéo dài"],
    ["xây dựng, sửa đổi hương ước, quy ước thôn", "rà soát hương ước, quy ước của thôn, tổ dân phố"],
    [
        "giám sát đầu tư của cộng đồng các công trình nông thôn mới",
        "Ban giám sát đầu tư cộng đồng giám sát công trình nông thôn mới",
    ],
    ["tuyên truyền Luật Thực hiện dân chủ ở cơ sở", "phổ biến, tuyên truyền Luật số 10/2022/QH15 đến Nhân dân"],
    ["đối thoại giữa người đứng đầu cấp ủy với Nhân dân", "hội nghị đối thoại của bí thư, chủ tịch xã với Nhân dân"],
    ["thực hiện dân chủ trong doanh nghiệp nhà nước", "hội nghị người lao động tại doanh nghiệp nhà nước"],
    ["phòng chống tham nhũng, tiêu cực ở cấp xã", "kiểm tra công tác phòng, chống tham nhũng tại xã, phường"],
    ["cải cách thủ tục hành chính một cửa cấp xã", "nâng cao chất lượng bộ phận một cửa ở xã, phường"],
    ["bảo vệ môi trường, thu gom rác thải nông thôn", "vận động Nhân dân phân loại, thu gom rác thải sinh hoạt"],
    ["xây dựng gia đình văn hóa, khu dân cư văn hóa", "bình xét danh hiệu gia đình văn hóa, thôn văn hóa"],
    ["giảm nghèo bền vững ở các xã đặc biệt khó khăn", "hỗ trợ hộ nghèo, hộ cận nghèo thoát nghèo bền vững"],
    ["an ninh trật tự, phòng chống tội phạm ở cơ sở", "xây dựng phong trào toàn dân bảo vệ an ninh Tổ quốc"],
    ["phòng chống thiên tai, tìm kiếm cứu nạn", "diễn tập phòng chống lụt bão và tìm kiếm cứu nạn"],
    ["chăm sóc sức khỏe ban đầu cho Nhân dân", "nâng cao chất lượng trạm y tế xã"],
    ["phổ cập giáo dục, chống mù chữ", "duy trì kết quả phổ cập giáo dục tiểu học, xóa mù chữ"],
    ["phát triển kinh tế tập thể, hợp tác xã", "củng cố, nâng cao hiệu quả hoạt động hợp tác xã nông nghiệp"],
    ["quản lý, sử dụng đất đai ở cơ sở", "công khai quy hoạch, kế hoạch sử dụng đất cấp xã"],
    ["bình đẳng giới, vì sự tiến bộ của phụ nữ", "nâng cao tỷ lệ nữ tham gia cấp ủy, chính quyền cơ sở"],
    ["phát triển du lịch cộng đồng", "hỗ trợ các thôn làm du lịch cộng đồng, homestay"],
    ["xây dựng nông thôn mới kiểu mẫu", "hoàn thành tiêu chí xã nông thôn mới nâng cao, kiểu mẫu"],
]


def generate_tasks(count: int, seed: int = 0, subjects: range | None = None) -> list[tuple[str, str, int]]:
    """`count` tasks as (content, lead agency, subject index), drawn from `subjects` (all by default)."""
    rng = random.Random(seed)
    pool = list(subjects if subjects is not None else range(len(SUBJECTS)))
    tasks = []
    for _ in range(count):
        subject = rng.choice(pool)
        phrasing = rng.choice(SUBJECTS[subject])
        tasks.append((f"{rng.choice(VERBS)} {phrasing} {rng.choice(PERIODS)}", rng.choice(AGENCIES), subject))
    return tasks
