"""The seeded taxonomy of activities and outputs, from the article (the Hoàn Kiếm review of 25/9/2020) and
DOMAIN.md §1. Migration 0002 writes it; the demo build writes it again after a flush. Editable afterwards in
the administration (codes stay; names, order and "in use" may change)."""

from __future__ import annotations

from typing import Any

#: (group code, group name, [(kind code, kind name), …])
ACTIVITY_TYPES: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...] = (
    (
        "moi-truong",
        "Bảo vệ môi trường",
        (
            ("trong-cay", "Trồng cây xanh"),
            ("xoa-diem-rac", "Xóa điểm đen rác thải"),
            ("ngay-hoi-tai-che", "Ngày hội tái chế, đổi phế liệu lấy cây xanh"),
            ("boc-quang-cao", "Bóc xóa quảng cáo rao vặt trái phép"),
        ),
    ),
    ("tu-thien", "Từ thiện, nhân đạo", (("tu-thien-nhan-dao", "Hoạt động từ thiện, nhân đạo"),)),
    (
        "tuyen-truyen",
        "Tuyên truyền, nói chuyện chuyên đề",
        (
            ("noi-chuyen-chuyen-de", "Nói chuyện chuyên đề, truyền thông"),
            ("ky-nang-song", "Kỹ năng sống"),
            ("giao-duc-gioi-tinh", "Giáo dục giới tính, sức khỏe sinh sản"),
            ("gia-dinh", "Đời sống gia đình trước và sau hôn nhân"),
            ("binh-dang-gioi", "Nâng cao nhận thức về bình đẳng giới"),
            ("bo-quy-tac-ung-xu", "Bộ quy tắc ứng xử"),
        ),
    ),
    ("ho-tro", "Hỗ trợ phụ nữ và trẻ em", (("ho-tro-phu-nu-tre-em", "Hỗ trợ phụ nữ và trẻ em"),)),
    ("dao-tao", "Đào tạo, tập huấn", (("tap-huan", "Tập huấn, bồi dưỡng cán bộ, hội viên, đoàn viên"),)),
    ("khac", "Hoạt động khác", (("hoat-dong-khac", "Hoạt động khác"),)),
)

#: (code, name, unit, is money)
OUTPUT_KINDS: tuple[tuple[str, str, str, bool], ...] = (
    ("cay-xanh", "Cây xanh trồng mới", "cây", False),
    ("phe-lieu", "Phế liệu thu gom", "kg", False),
    ("quang-cao", "Quảng cáo rao vặt bóc xóa", "tờ", False),
    ("diem-rac", "Điểm đen rác thải được xóa", "điểm", False),
    ("tien-ung-ho", "Tiền ủng hộ, quyên góp", "đồng", True),
    ("suat-qua", "Suất quà trao tặng", "suất", False),
)


def seed(activity_type: Any, output_kind: Any) -> None:
    """Write the taxonomy with the given models (the migration's historical ones, or the real ones), keeping
    rows that exist (by code)."""
    for position, (group_code, group_name, kinds) in enumerate(ACTIVITY_TYPES, start=1):
        group, _ = activity_type.objects.get_or_create(
            code=group_code, defaults={"name": group_name, "position": position}
        )
        for i, (code, name) in enumerate(kinds, start=1):
            activity_type.objects.get_or_create(
                code=code, defaults={"name": name, "parent": group, "position": position * 100 + i}
            )
    for i, (code, name, unit, money) in enumerate(OUTPUT_KINDS, start=1):
        output_kind.objects.get_or_create(
            code=code, defaults={"name": name, "unit": unit, "is_money": money, "position": i}
        )
