"""Vocabulary of the labelled-letter generator: places, bodies, people, topics, phrasings.

Each entry carries both the printed form (capitals, abbreviations) and the canonical form the
truth record uses, so the generator never derives truth with the extractor's own functions.
"""

from __future__ import annotations

# (province, its capital city, districts, wards/communes of those districts)
PROVINCES: list[tuple[str, str, list[str], list[tuple[str, str]]]] = [
    ("Bình Định", "Quy Nhơn", ["Tuy Phước", "Phù Cát", "Hoài Nhơn"], [("phường", "Nhơn Bình"), ("xã", "Phước Lộc")]),
    ("Đồng Nai", "Biên Hòa", ["Long Thành", "Trảng Bom", "Nhơn Trạch"], [("phường", "Tân Phong"), ("xã", "An Phước")]),
    ("Quảng Trị", "Đông Hà", ["Gio Linh", "Cam Lộ", "Hải Lăng"], [("thị trấn", "Cửa Tùng"), ("xã", "Gio Mỹ")]),
    ("Tây Ninh", "Tây Ninh", ["Hòa Thành", "Gò Dầu", "Tân Biên"], [("phường", "Hiệp Ninh"), ("xã", "Thạnh Tân")]),
    ("Nghệ An", "Vinh", ["Diễn Châu", "Quỳnh Lưu", "Nghi Lộc"], [("phường", "Hưng Dũng"), ("xã", "Nghi Phú")]),
    ("Thanh Hóa", "Thanh Hóa", ["Hoằng Hóa", "Tĩnh Gia", "Thọ Xuân"], [("phường", "Đông Thọ"), ("xã", "Hoằng Quang")]),
    ("Lâm Đồng", "Đà Lạt", ["Đức Trọng", "Lâm Hà", "Di Linh"], [("phường", "Xuân Hương"), ("thị trấn", "Liên Nghĩa")]),
    ("Kiên Giang", "Rạch Giá", ["Châu Thành", "Giồng Riềng", "Hòn Đất"], [("phường", "Vĩnh Thanh"), ("xã", "Mong Thọ")]),
    ("Bắc Ninh", "Bắc Ninh", ["Tiên Du", "Quế Võ", "Gia Bình"], [("phường", "Vũ Ninh"), ("xã", "Lạc Vệ")]),
    ("Hải Dương", "Hải Dương", ["Kinh Môn", "Nam Sách", "Thanh Hà"], [("phường", "Cẩm Thượng"), ("xã", "An Lâm")]),
    ("Phú Yên", "Tuy Hòa", ["Đông Hòa", "Sơn Hòa", "Tuy An"], [("phường", "Phú Lâm"), ("xã", "An Chấn")]),
    ("Sóc Trăng", "Sóc Trăng", ["Kế Sách", "Mỹ Tú", "Trần Đề"], [("phường", "Khánh Hòa"), ("thị trấn", "Huỳnh Hữu Nghĩa")]),
]  # fmt: skip
CITIES = [("thành phố", "Hà Nội", "Hà Nội"), ("thành phố", "Đà Nẵng", "Đà Nẵng"), ("thành phố", "Cần Thơ", "Cần Thơ")]

# Departments: (printed head, canonical, symbol code, signer office)
PROVINCE_DEPTS = [
    ("SỞ NỘI VỤ", "Sở Nội vụ", "SNV", "GIÁM ĐỐC"),
    ("SỞ TƯ PHÁP", "Sở Tư pháp", "STP", "GIÁM ĐỐC"),
    ("SỞ GIÁO DỤC VÀ ĐÀO TẠO", "Sở Giáo dục và Đào tạo", "SGDĐT", "GIÁM ĐỐC"),
    ("SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG", "Sở Tài nguyên và Môi trường", "STNMT", "GIÁM ĐỐC"),
    ("SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH", "Sở Văn hóa, Thể thao và Du lịch", "SVHTTDL", "GIÁM ĐỐC"),
    ("VĂN PHÒNG UBND TỈNH", None, "VP", "CHÁNH VĂN PHÒNG"),
]
DISTRICT_DEPTS = [
    ("PHÒNG NỘI VỤ", "Phòng Nội vụ", "PNV", "TRƯỞNG PHÒNG"),
    ("PHÒNG TƯ PHÁP", "Phòng Tư pháp", "PTP", "TRƯỞNG PHÒNG"),
    ("PHÒNG VĂN HÓA VÀ THÔNG TIN", "Phòng Văn hóa và Thông tin", "VHTT", "TRƯỞNG PHÒNG"),
    ("PHÒNG TÀI CHÍNH - KẾ HOẠCH", "Phòng Tài chính - Kế hoạch", "TCKH", "TRƯỞNG PHÒNG"),
]
MINISTRIES = [
    ("BỘ NỘI VỤ", "Bộ Nội vụ", "BNV", "BỘ TRƯỞNG"),
    ("BỘ TƯ PHÁP", "Bộ Tư pháp", "BTP", "BỘ TRƯỞNG"),
    ("BỘ TÀI CHÍNH", "Bộ Tài chính", "BTC", "BỘ TRƯỞNG"),
]
UNIT_CODES = ["NV", "VP", "TH", "KGVX", "VHXH", "TCKH", "KT", "NC", "CCHC", "HCTH"]

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"]
MIDDLES = ["Văn", "Thị", "Đức", "Minh", "Thanh", "Ngọc", "Quốc", "Hữu", "Xuân", "Thu"]
GIVENS = ["An", "Bình", "Cường", "Dũng", "Hà", "Hải", "Hùng", "Lan", "Long", "Nam", "Phong", "Quân", "Sơn", "Tâm", "Thành", "Trung", "Tuấn", "Vinh", "Yến"]

# Campaign topics: (subject phrase, canonical topic or None, items asked for)
TOPICS: list[tuple[str, str | None, list[str]]] = [
    ("đăng ký sáng kiến cải cách hành chính", "sáng kiến cải cách hành chính", ["sáng kiến", "sáng kiến, giải pháp", "sáng kiến, giải pháp, ý tưởng mới"]),
    ("triển khai các sáng kiến, cách làm hiệu quả về cải cách hành chính", "sáng kiến cải cách hành chính", ["sáng kiến", "mô hình, cách làm hay"]),
    ("báo cáo kết quả áp dụng sáng kiến trong công tác CCHC", "sáng kiến cải cách hành chính", ["sáng kiến", "báo cáo điển hình"]),
    ("đẩy mạnh chuyển đổi số trong cơ quan nhà nước", "chuyển đổi số", ["mô hình chuyển đổi số", "dịch vụ công trực tuyến toàn trình"]),
    ("phát động phong trào thi đua yêu nước", "thi đua khen thưởng", ["tập thể tiêu biểu", "cá nhân điển hình"]),
    ("tổ chức tuyên truyền an toàn giao thông", "an toàn giao thông", ["buổi tuyên truyền", "bài viết"]),
    ("cử cán bộ tham dự lớp tập huấn nghiệp vụ văn thư", None, ["cán bộ", "công chức"]),
    ("rà soát, cập nhật hồ sơ lưu trữ", None, ["danh mục hồ sơ", "báo cáo thống kê"]),
]  # fmt: skip

ACTIONS = [
    "gửi báo cáo kết quả thực hiện về {to}",
    "gửi đăng ký sáng kiến về {to} (qua {via})",
    "nộp hồ sơ đề nghị công nhận về {to}",
    "hoàn thành việc rà soát, cập nhật số liệu",
    "tổng hợp, báo cáo kết quả triển khai gửi {to}",
    "gửi danh sách cán bộ tham dự về {to}",
    "cập nhật thông tin lên Hệ thống quản lý văn bản",
]
RESPONSIBLE = [
    "Các cơ quan, đơn vị", "Thủ trưởng các cơ quan chuyên môn", "UBND các xã, thị trấn",
    "Các phòng chuyên môn", "UBND các huyện, thị xã, thành phố", "Các sở, ban, ngành",
    "Phòng Nội vụ", "Văn phòng HĐND và UBND",
]  # fmt: skip
UNITS = ["cơ quan, đơn vị", "đơn vị", "xã, phường, thị trấn", "cơ quan, đơn vị, địa phương", "phòng chuyên môn"]
GROUPS = [
    ("các sở, ban, ngành", "UBND các huyện, thị xã, thành phố"),
    ("các phòng chuyên môn", "UBND các xã, thị trấn"),
    ("các cơ quan chuyên môn thuộc UBND tỉnh", "UBND cấp huyện (gồm UBND các xã, phường, thị trấn trực thuộc)"),
]
NUMBER_WORDS = {1: "một", 2: "hai", 3: "ba", 4: "bốn", 5: "năm"}
TYPES = [  # (title, abbreviation) — None: a công văn
    (None, None), (None, None), (None, None), ("KẾ HOẠCH", "KH"), ("THÔNG BÁO", "TB"),
    ("HƯỚNG DẪN", "HD"), ("BÁO CÁO", "BC"), ("TỜ TRÌNH", "TTr"), ("QUYẾT ĐỊNH", "QĐ"),
]  # fmt: skip
TYPE_NAMES = {"KH": "Kế hoạch", "TB": "Thông báo", "HD": "Hướng dẫn", "BC": "Báo cáo",
              "TTr": "Tờ trình", "QĐ": "Quyết định", "CV": "Công văn", "NĐ": "Nghị định", "TT": "Thông tư"}  # fmt: skip
