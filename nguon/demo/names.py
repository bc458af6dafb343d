"""Realistic Vietnamese names, composed family + middle + given (Faker's vi_VN puts the given name first)."""

from __future__ import annotations

import random

# Family names with rough national frequencies (per cent).
FAMILY = [
    ("Nguyễn", 38), ("Trần", 11), ("Lê", 9.5), ("Phạm", 7), ("Hoàng", 5), ("Phan", 4.5), ("Vũ", 3.9),
    ("Đặng", 2.1), ("Bùi", 2), ("Đỗ", 1.4), ("Hồ", 1.3), ("Ngô", 1.3), ("Dương", 1), ("Lý", 0.5),
    ("Đào", 0.5), ("Đinh", 0.5), ("Trịnh", 0.5), ("Lương", 0.4), ("Mai", 0.4), ("Tạ", 0.3), ("Chu", 0.3),
]
MIDDLE_F = ["Thị", "Thị", "Thị", "Thu", "Thanh", "Ngọc", "Minh", "Hồng", "Thị Thu", "Thị Minh", "Phương", "Kim"]
MIDDLE_M = ["Văn", "Văn", "Đức", "Minh", "Quang", "Hữu", "Công", "Anh", "Mạnh", "Xuân", "Tiến", "Thanh", "Hoàng"]
GIVEN_F = [
    "Hương", "Lan", "Mai", "Hoa", "Hằng", "Thảo", "Trang", "Linh", "Ngọc", "Hà", "Huyền", "Nga", "Phương",
    "Thủy", "Yến", "Dung", "Hạnh", "Loan", "Vân", "Ánh", "Nhung", "Oanh", "Quyên", "Liên", "Giang", "Hiền",
    "Thúy", "Tâm", "Chi", "Diệp", "Đào", "Ân", "Ơn", "Uyên", "Xuân", "Bích", "Khánh", "Anh",
]
GIVEN_M = [
    "Hùng", "Dũng", "Tuấn", "Minh", "Hải", "Nam", "Sơn", "Thắng", "Long", "Cường", "Quân", "Đức", "Tùng",
    "Trung", "Hiếu", "Phong", "Khánh", "Bình", "Thành", "Toàn", "Việt", "Lâm", "Đạt", "Hưng", "Phan", "Đông",
    "Quang", "Huy", "Kiên", "An", "Anh", "Vinh", "Thịnh", "Tiến",
]


def vietnamese_name(rng: random.Random, sex: str) -> str:
    family = rng.choices([f for f, _ in FAMILY], weights=[w for _, w in FAMILY])[0]
    middle = rng.choice(MIDDLE_F if sex == "F" else MIDDLE_M)
    given = rng.choice(GIVEN_F if sex == "F" else GIVEN_M)
    return f"{family} {middle} {given}"
