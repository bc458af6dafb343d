"""What each administrative unit holds in the synthetic national dataset: organizations, bodies, posts, and
the *slots* people fill (one slot = one person at a time, holding one or more posts together, e.g. the commune
party secretary who is also a standing-committee member, an executive-committee member, the council chair and
a council deputy).

Sizes follow shared DOMAIN.md §10 and the issue: a commune's party executive committee ~15 seats (standing
committee 5), its People's Council ~25 deputies; a province's executive committee ~60 (standing ~15).
Post-2025 communes (about three old ones merged) are somewhat larger and have departments (phòng).
"""

from __future__ import annotations

from dataclasses import dataclass

# --- organizations -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PostT:
    key: str
    name: str
    body: str | None  # key of the body the post is a seat of (then tenures carry the term)
    rank: int
    is_key: bool = False
    is_leader: bool = False
    appointed: bool = False  # initial tenures begin by appointment rather than election


@dataclass(frozen=True)
class OrgT:
    key: str
    kind: str
    sector: str
    name: str  # "{area}" is replaced by the area's name
    bodies: tuple[tuple[str, str, str], ...]  # (key, BodyKind, name)
    posts: tuple[PostT, ...]


def _party(kind: str, sector: str, committee: str) -> OrgT:
    return OrgT(
        "party",
        kind,
        sector,
        "Đảng bộ {area}",
        (
            ("bch", "executive_committee", "Ban Chấp hành Đảng bộ {area}"),
            ("btv", "standing_committee", f"Ban Thường vụ {committee} {{area}}"),
        ),
        (
            PostT("bt", f"Bí thư {committee}", None, 1, True, True),
            PostT("pbt", f"Phó Bí thư {committee}", None, 2, True, True),
            PostT("utv", "Ủy viên Ban Thường vụ", "btv", 5),
            PostT("ubch", "Ủy viên Ban Chấp hành", "bch", 10),
            PostT("btcb", "Bí thư chi bộ", None, 30),
        ),
    )


COUNCIL = OrgT(
    "council",
    "peoples_council",
    "",
    "Hội đồng nhân dân {area}",
    (("hd", "council", "Hội đồng nhân dân {area}"),),
    (
        PostT("ct", "Chủ tịch HĐND", None, 1, True, True),
        PostT("pct", "Phó Chủ tịch HĐND", None, 2, True, True),
        PostT("db", "Đại biểu HĐND", "hd", 10),
    ),
)
COMMITTEE = OrgT(
    "committee",
    "peoples_committee",
    "",
    "Ủy ban nhân dân {area}",
    (),
    (
        PostT("ct", "Chủ tịch UBND", None, 1, True, True),
        PostT("pct", "Phó Chủ tịch UBND", None, 2, True, True),
        PostT("uv", "Ủy viên UBND", None, 5, appointed=True),
        PostT("cc", "Công chức", None, 50, appointed=True),
    ),
)


def _union(key: str, kind: str, name: str, short: str, head: str, body_kind: str, head_key: bool) -> OrgT:
    return OrgT(
        key,
        kind,
        "",
        name + " {area}",
        (("bch", body_kind, f"{short} {{area}}"),),
        (
            PostT("ct", head, None, 1, head_key, True),
            PostT("pct", f"Phó {head[0].lower()}{head[1:]}", None, 2, False, True),
            PostT("uv", f"Ủy viên {short}", "bch", 10),
        ),
    )


FRONT = _union(
    "front",
    "fatherland_front",
    "Ủy ban MTTQ Việt Nam",
    "Ủy ban MTTQ",
    "Chủ tịch Ủy ban MTTQ",
    "committee",
    True,
)
WOMEN = _union(
    "women",
    "womens_union",
    "Hội Liên hiệp Phụ nữ",
    "BCH Hội LHPN",
    "Chủ tịch Hội LHPN",
    "union_executive_committee",
    True,
)
YOUTH = _union(
    "youth",
    "youth_union",
    "Đoàn TNCS Hồ Chí Minh",
    "BCH Đoàn",
    "Bí thư Đoàn",
    "union_executive_committee",
    True,
)
FARMERS = _union(
    "farmers",
    "other",
    "Hội Nông dân",
    "BCH Hội Nông dân",
    "Chủ tịch Hội Nông dân",
    "union_executive_committee",
    True,
)
VETERANS = _union(
    "veterans",
    "other",
    "Hội Cựu chiến binh",
    "BCH Hội CCB",
    "Chủ tịch Hội Cựu chiến binh",
    "union_executive_committee",
    True,
)


def _department(key: str, name: str, head: str) -> OrgT:
    return OrgT(
        key,
        "department",
        "",
        name + " {area}",
        (),
        (
            PostT("tr", head, None, 1, True, True, appointed=True),
            PostT("ph", f"Phó {head[0].lower()}{head[1:]}", None, 2, False, True, appointed=True),
            PostT("cv", "Chuyên viên", None, 20, appointed=True),
        ),
    )


COMMUNE_DEPARTMENTS = (
    ("Văn phòng HĐND và UBND", "Chánh Văn phòng"),
    ("Phòng Kinh tế", "Trưởng phòng"),
    ("Phòng Văn hóa - Xã hội", "Trưởng phòng"),
    ("Trung tâm Phục vụ hành chính công", "Giám đốc"),
)
DISTRICT_DEPARTMENTS = (
    ("Văn phòng HĐND và UBND", "Chánh Văn phòng"),
    ("Phòng Nội vụ", "Trưởng phòng"),
    ("Phòng Tư pháp", "Trưởng phòng"),
    ("Phòng Tài chính - Kế hoạch", "Trưởng phòng"),
    ("Phòng Tài nguyên và Môi trường", "Trưởng phòng"),
    ("Phòng Lao động - Thương binh và Xã hội", "Trưởng phòng"),
    ("Phòng Văn hóa và Thông tin", "Trưởng phòng"),
    ("Phòng Giáo dục và Đào tạo", "Trưởng phòng"),
    ("Phòng Y tế", "Trưởng phòng"),
    ("Thanh tra", "Chánh Thanh tra"),
)
PROVINCE_DEPARTMENTS = (
    ("Văn phòng UBND", "Chánh Văn phòng"),
    ("Sở Nội vụ", "Giám đốc Sở"),
    ("Sở Tư pháp", "Giám đốc Sở"),
    ("Sở Tài chính", "Giám đốc Sở"),
    ("Sở Xây dựng", "Giám đốc Sở"),
    ("Sở Công Thương", "Giám đốc Sở"),
    ("Sở Nông nghiệp và Môi trường", "Giám đốc Sở"),
    ("Sở Giáo dục và Đào tạo", "Giám đốc Sở"),
    ("Sở Y tế", "Giám đốc Sở"),
    ("Sở Văn hóa, Thể thao và Du lịch", "Giám đốc Sở"),
    ("Sở Khoa học và Công nghệ", "Giám đốc Sở"),
    ("Sở Dân tộc và Tôn giáo", "Giám đốc Sở"),
    ("Sở Ngoại vụ", "Giám đốc Sở"),
    ("Thanh tra tỉnh", "Chánh Thanh tra"),
    ("Văn phòng Đoàn ĐBQH và HĐND", "Chánh Văn phòng"),
)


def _departments(spec: tuple[tuple[str, str], ...]) -> tuple[OrgT, ...]:
    return tuple(_department(f"dept{i}", name, head) for i, (name, head) in enumerate(spec))


# --- slots ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Slot:
    key: str
    profile: str
    count: int
    posts: tuple[tuple[str, str], ...]  # (org key, post key)
    carry_from: str = ""  # slot key of the predecessor units whose holders may continue here (default: key)


def S(key: str, profile: str, count: int, *posts: str, carry_from: str = "") -> Slot:
    """A slot: ``posts`` as "org.post" keys."""
    pairs = tuple((p.split(".")[0], p.split(".")[1]) for p in posts)
    return Slot(key, profile, count, pairs, carry_from)


@dataclass(frozen=True)
class LevelT:
    name: str
    orgs: tuple[OrgT, ...]
    slots: tuple[Slot, ...]


_UNION_SLOTS = (
    S("women", "female", 1, "party.ubch", "women.ct", "women.uv", "front.uv"),
    S("youth", "youth", 1, "party.ubch", "youth.ct", "youth.uv", "front.uv"),
)

_COMMUNE_ORGS = (
    _party("grassroots_party", "ward", "Đảng ủy"), COUNCIL, COMMITTEE, FRONT, WOMEN, YOUTH, FARMERS, VETERANS,
)  # fmt: skip
# the secretary, the two deputies (People's Committee and Council chairs), the front's chair, a vice-chair
_COMMUNE_HEADS = (
    S("sec", "lead", 1, "party.bt", "party.utv", "party.ubch", "council.ct", "council.db"),
    S("dep_cm", "lead", 1, "party.pbt", "party.utv", "party.ubch", "committee.ct", "council.db"),
    S("dep_hd", "lead", 1, "party.pbt", "party.utv", "party.ubch", "council.pct", "council.db"),
    S("ff", "lead", 1, "party.utv", "party.ubch", "front.ct", "front.uv"),
    S("vc1", "party", 1, "party.utv", "party.ubch", "committee.pct", "council.db"),
)
_ASSOCIATION_HEADS = (
    *_UNION_SLOTS,
    S("farmers", "party", 1, "party.ubch", "farmers.ct", "farmers.uv", "front.uv", "council.db"),
    S("veterans", "veteran", 1, "party.ubch", "veterans.ct", "veterans.uv", "front.uv"),
)


def _association_members(front: int, women: int, youth: int, farmers: int, veterans: int) -> tuple[Slot, ...]:
    """The vice-chair and the other committee members of the front and of each association."""
    return (
        S("ff_vice", "staff", 1, "front.pct", "front.uv"),
        S("ff_member", "member", front, "front.uv"),
        S("women_vice", "female", 1, "women.pct", "women.uv"),
        S("women_member", "female", women, "women.uv"),
        S("youth_vice", "youth", 1, "youth.pct", "youth.uv"),
        S("youth_member", "youth", youth, "youth.uv"),
        S("farmers_vice", "member", 1, "farmers.pct", "farmers.uv"),
        S("farmers_member", "member", farmers, "farmers.uv"),
        S("veterans_vice", "veteran", 1, "veterans.pct", "veterans.uv"),
        S("veterans_member", "veteran", veterans, "veterans.uv"),
    )


COMMUNE_PRE = LevelT(
    "commune (pre-2025)",
    _COMMUNE_ORGS,
    (
        # executive committee: 15 seats, standing committee: 5
        *_COMMUNE_HEADS,
        S("vc2", "party", 1, "party.ubch", "committee.pct", "council.db"),
        S("police", "uniform", 1, "party.ubch", "committee.uv"),
        S("military", "uniform", 1, "party.ubch", "committee.uv"),
        *_ASSOCIATION_HEADS,
        S("exec", "party", 3, "party.ubch", "council.db"),
        # the rest of the council (25 deputies in all) and of the front and unions
        S("deputy", "council", 16, "council.db"),
        *_association_members(front=6, women=6, youth=5, farmers=3, veterans=3),
        S("civil", "staff", 5, "committee.cc"),
        S("cell", "cell", 6, "party.btcb"),
    ),
)

_CDEPTS = _departments(COMMUNE_DEPARTMENTS)
COMMUNE_POST = LevelT(
    "commune (post-2025)",
    (*_COMMUNE_ORGS, *_CDEPTS),
    (
        # executive committee: 19 seats, standing committee: 7
        *_COMMUNE_HEADS,
        S("vc2", "party", 1, "party.utv", "party.ubch", "committee.pct", "council.db"),
        S("police", "uniform", 1, "party.utv", "party.ubch", "committee.uv"),
        S("vc3", "party", 1, "party.ubch", "committee.pct", carry_from="vc2"),
        S("military", "uniform", 1, "party.ubch", "committee.uv"),
        *_ASSOCIATION_HEADS,
        *(
            S(f"d{i}_head", "party", 1, "party.ubch", f"dept{i}.tr", carry_from="exec")
            for i in range(len(_CDEPTS))
        ),
        S("exec", "party", 2, "party.ubch", "council.db"),
        S("deputy", "council", 22, "council.db"),
        *_association_members(front=12, women=8, youth=6, farmers=4, veterans=4),
        *(S(f"d{i}_vice", "staff", 2, f"dept{i}.ph", carry_from="civil") for i in range(len(_CDEPTS))),
        *(S(f"d{i}_staff", "staff", 4, f"dept{i}.cv", carry_from="civil") for i in range(len(_CDEPTS))),
        S("cell", "cell", 20, "party.btcb"),
    ),
)


def _upper_level(
    name: str, committee: str, depts: tuple[tuple[str, str], ...], sizes: dict[str, int]
) -> LevelT:
    d = _departments(depts)
    return LevelT(
        name,
        (_party("party", "", committee), COUNCIL, COMMITTEE, FRONT, WOMEN, YOUTH, *d),
        (
            S("sec", "lead", 1, "party.bt", "party.utv", "party.ubch", "council.db"),
            S("dep_cm", "lead", 1, "party.pbt", "party.utv", "party.ubch", "committee.ct", "council.db"),
            S("dep_hd", "lead", 1, "party.pbt", "party.utv", "party.ubch", "council.ct", "council.db"),
            S("btv", "lead", sizes["btv"], "party.utv", "party.ubch", "council.db"),
            S("vc", "party", sizes["vc"], "party.ubch", "committee.pct", "council.db"),
            S("hd_vice", "party", 2, "party.ubch", "council.pct", "council.db"),
            S("ff", "lead", 1, "party.ubch", "front.ct", "front.uv"),
            S("women", "female", 1, "party.ubch", "women.ct", "women.uv", "front.uv"),
            S("youth", "youth", 1, "party.ubch", "youth.ct", "youth.uv", "front.uv"),
            *(S(f"d{i}_head", "party", 1, "party.ubch", f"dept{i}.tr") for i in range(len(d))),
            S("exec", "party", sizes["exec"], "party.ubch"),
            S("deputy", "council", sizes["deputy"], "council.db"),
            *(S(f"d{i}_vice", "staff", 2, f"dept{i}.ph") for i in range(len(d))),
            S("ff_member", "member", sizes["front"], "front.uv"),
            S("women_member", "female", sizes["women"], "women.uv"),
            S("youth_member", "youth", sizes["youth"], "youth.uv"),
        ),
    )


# District (until 30/6/2025): executive committee ~40, standing 12, council ~35.
DISTRICT = _upper_level(
    "district (pre-2025)",
    "Huyện ủy",
    DISTRICT_DEPARTMENTS,
    {"btv": 9, "vc": 3, "exec": 11, "deputy": 26, "front": 15, "women": 9, "youth": 7},
)
# Province: executive committee ~60, standing 15, council ~70.
PROVINCE = _upper_level(
    "province",
    "Tỉnh ủy",
    PROVINCE_DEPARTMENTS,
    {"btv": 12, "vc": 4, "exec": 22, "deputy": 55, "front": 25, "women": 13, "youth": 11},
)

# Who people are, by the slot they first fill: share of women, age at the term's start, education weights
# (thpt, trung_cap, cao_dang, dai_hoc, thac_si, tien_si), political theory weights (none, so_cap, trung_cap,
# cao_cap, cu_nhan).
PROFILES: dict[str, tuple[float, int, int, tuple[int, ...], tuple[int, ...]]] = {
    "lead": (0.12, 40, 54, (0, 2, 2, 60, 34, 2), (0, 0, 20, 75, 5)),
    "party": (0.22, 32, 55, (2, 8, 8, 65, 16, 1), (0, 5, 60, 33, 2)),
    "uniform": (0.03, 30, 48, (0, 20, 20, 55, 5, 0), (0, 10, 70, 20, 0)),
    "female": (1.0, 28, 50, (5, 20, 15, 55, 5, 0), (10, 30, 50, 10, 0)),
    "youth": (0.45, 23, 31, (5, 15, 20, 57, 3, 0), (30, 50, 20, 0, 0)),
    "veteran": (0.04, 52, 64, (40, 30, 10, 20, 0, 0), (10, 50, 40, 0, 0)),
    "council": (0.33, 27, 60, (15, 20, 15, 42, 7, 1), (30, 30, 30, 10, 0)),
    "staff": (0.45, 24, 50, (0, 15, 20, 60, 5, 0), (40, 40, 20, 0, 0)),
    "member": (0.35, 30, 62, (40, 25, 10, 25, 0, 0), (50, 35, 15, 0, 0)),
    "cell": (0.18, 35, 65, (40, 30, 10, 20, 0, 0), (10, 60, 30, 0, 0)),
}
