"""The Hoàn Kiếm world: district 002 and its 18 wards, 2010 → 30/6/2025, then the three new wards.

Builds a ``Plan`` (see plan.py). Ward and district structure follows how these offices are organised;
sizes and turnover are drawn from the seed; sexes are calibrated last.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from .plan import (
    DISTRICT_BCH_MEMBERS,
    DISTRICT_BCH_WOMEN,
    GRASSROOTS_MEMBERS,
    GRASSROOTS_WOMEN_OVER,
    HISTORY_START,
    KEY_CADRES_WOMEN_OVER,
    LAST_OLD,
    ONE_DAY,
    PERIOD,
    REFERENCE,
    REFORM,
    WOMEN_APPOINTED,
    CalibrationError,
    D,
    PBody,
    Plan,
    POrg,
    PPerson,
    PPost,
    PTenure,
    PTerm,
    smallest_share_over,
)

DISTRICT_CODE = "002"
DISTRICT_NAME = "Hoàn Kiếm"
NEW_WARDS = {"00070": "Hoàn Kiếm", "00073": "Cửa Nam", "00097": "Hồng Hà"}

DEPARTMENTS = [
    "Văn phòng HĐND và UBND quận",
    "Phòng Nội vụ",
    "Phòng Tài chính – Kế hoạch",
    "Phòng Tư pháp",
    "Phòng Quản lý đô thị",
    "Phòng Tài nguyên và Môi trường",
    "Phòng Lao động – Thương binh và Xã hội",
    "Phòng Văn hóa và Thông tin",
    "Phòng Giáo dục và Đào tạo",
    "Phòng Y tế",
    "Phòng Kinh tế",
    "Thanh tra quận",
    "Ban Quản lý dự án đầu tư xây dựng quận",
]
PARTY_BOARDS = [
    "Ban Tổ chức Quận ủy",
    "Ban Tuyên giáo Quận ủy",
    "Ban Dân vận Quận ủy",
    "Ủy ban Kiểm tra Quận ủy",
    "Văn phòng Quận ủy",
]
AGENCIES = [
    ("Đảng bộ Khối cơ quan quận", "agency"),
    ("Đảng bộ Công an quận", "armed_forces"),
    ("Đảng bộ Quân sự quận", "armed_forces"),
    ("Chi bộ Viện Kiểm sát nhân dân quận", "agency"),
    ("Chi bộ Tòa án nhân dân quận", "agency"),
    ("Chi bộ Chi cục Thuế quận", "agency"),
    ("Chi bộ Chi cục Thi hành án dân sự quận", "agency"),
    ("Đảng bộ Bệnh viện Đa khoa Hoàn Kiếm", "school"),
    ("Chi bộ Trung tâm Y tế quận", "school"),
    ("Chi bộ Trung tâm Văn hóa – Thông tin và Thể thao", "agency"),
    ("Chi bộ Kho bạc Nhà nước Hoàn Kiếm", "agency"),
    ("Chi bộ Bảo hiểm xã hội quận", "agency"),
    ("Chi bộ Ngân hàng Chính sách xã hội quận", "agency"),
    ("Chi bộ Ban Quản lý phố cổ", "agency"),
    ("Chi bộ Ban Quản lý chợ Đồng Xuân", "agency"),
    ("Chi bộ Công ty TNHH MTV Môi trường đô thị", "enterprise"),
    ("Chi bộ Công ty CP Thương mại Hoàn Kiếm", "enterprise"),
    ("Chi bộ Công ty CP Du lịch Hồ Gươm", "enterprise"),
    ("Chi bộ Công ty CP In Hà Nội", "enterprise"),
    ("Chi bộ Công ty CP Sách Thăng Long", "enterprise"),
    ("Chi bộ Công ty CP Dược phẩm Hồng Hà", "enterprise"),
    ("Chi bộ Công ty Điện lực Hoàn Kiếm", "enterprise"),
    ("Chi bộ Khách sạn Thăng Long", "enterprise"),
    ("Chi bộ Công ty CP Bách hóa Tràng Tiền", "enterprise"),
]
SCHOOLS = [
    "Trường THCS Ngô Sĩ Liên",
    "Trường THCS Trưng Vương",
    "Trường THCS Lý Thường Kiệt",
    "Trường THCS Nguyễn Du",
    "Trường THCS Hoàn Kiếm",
    "Trường THCS Chu Văn An",
    "Trường Tiểu học Điện Biên",
    "Trường Tiểu học Tràng An",
    "Trường Tiểu học Quang Trung",
    "Trường Tiểu học Hồng Hà",
    "Trường Tiểu học Trần Quốc Toản",
    "Trường Tiểu học Nguyễn Du",
    "Trường Tiểu học Hoàn Kiếm",
    "Trường Tiểu học Võ Thị Sáu",
    "Trường Mầm non Hoa Sen",
    "Trường Mầm non Tuổi Hoa",
    "Trường Mầm non Bông Sen",
    "Trường Mầm non Hoa Mai",
    "Trường Mầm non Búp Sen Hồng",
    "Trường Mầm non Mầm Xanh",
    "Trường Tiểu học Tô Hoàng",
    "Trường THCS Tây Sơn",
    "Trường Tiểu học Lê Ngọc Hân",
    "Trường Mầm non Sao Mai",
    "Trường Mầm non Họa Mi",
    "Trường Tiểu học Phúc Tân",
    "Trường Mầm non Lý Thái Tổ",
    "Trường Tiểu học Chương Dương",
    "Trường THCS Hoàng Hoa Thám",
    "Trường Mầm non Thanh Xuân",
    "Trường Tiểu học Ba Đình",
    "Trường Mầm non Lê Lợi",
    "Trường Mầm non Tràng An",
    "Trường Tiểu học Hàng Bông",
]


def _rand_date(plan: Plan, start: D, days: int) -> D:
    return start + dt.timedelta(days=plan.rng.randint(0, days))


def _elected_or(other: Callable[[], str], congress: set[D]) -> Callable[[D, bool], str]:
    return lambda t, first: "elected" if first or t in congress else other()


class World:
    """Builds the plan for the district, its wards and the 2025 wards. ``wards`` is [(code, name)]."""

    def __init__(self, plan: Plan, wards: list[tuple[str, str]], successors: dict[str, list[str]]) -> None:
        self.p = plan
        self.wards = wards
        self.successors = successors  # new ward code -> old ward codes
        self.key_tenures: list[PTenure] = []  # tenures of key posts, by construction order
        self.ward_core: dict[str, list[PTenure]] = {}
        self.ward_party: dict[str, POrg] = {}

    # --- helpers ---------------------------------------------------------------------------------
    def reasons_appointed(self) -> str:
        return self.p.rng.choices(["appointed", "promoted", "rotated", "transferred"], [5, 3, 2, 1])[0]

    def key_chain(
        self, post: PPost, start: D, end: D, reasons: Callable[[D, bool], str], **kw: object
    ) -> list[PTenure]:
        out = self.p.chain(post, start, end, reasons=reasons, **kw)  # type: ignore[arg-type]
        self.key_tenures.extend(out)
        return out

    def committee(
        self,
        body: PBody,
        member_post: PPost,
        term: PTerm,
        size: int,
        core: list[PTenure],
        designate_newcomers: bool = True,
        ages: tuple[int, int] = (30, 55),
    ) -> None:
        """Seats of one term: holders of core posts at the term's start, fillers up to ``size``, and
        newcomers to core posts during the term designated into it."""
        assert term.end is not None
        members: dict[int, PPerson] = {}
        for t in core:
            if t.holds(term.start) and len(members) < size:
                members.setdefault(t.person.id, t.person)
        while len(members) < size:
            person = self.p.person(term.start, ages)
            members[person.id] = person
        for person in members.values():
            self.p.tenure(
                person, member_post, term.start, term.end, "elected", term=term, end_reason="term_ended"
            )
        if designate_newcomers:
            for t in core:
                if term.start < t.start <= term.end and t.person.id not in members:
                    members[t.person.id] = t.person
                    self.p.tenure(
                        t.person,
                        member_post,
                        t.start,
                        term.end,
                        "designated",
                        term=term,
                        end_reason="term_ended",
                    )

    def mass_organizations(
        self, area_code: str, start: D, specs: tuple[tuple[str, str, str, str | None, tuple[int, int]], ...]
    ) -> list[PTenure]:
        """The front and the unions of an area: one organization each, its chair elected in succession."""
        out: list[PTenure] = []
        for org_name, kind, post_name, sex, ages in specs:
            org = self.p.org(org_name, kind, area_code, REFERENCE, valid_to=LAST_OLD)
            post = self.p.post(org, post_name, rank=1, is_key=True, is_leader=True)
            out += self.key_chain(post, start, LAST_OLD, lambda t, f: "elected", sex=sex, ages=ages)
        return out

    # --- the district ----------------------------------------------------------------------------
    def build_district(self) -> None:
        p, a = self.p, DISTRICT_CODE
        at = REFERENCE
        party = self.party
        bch = p.body(party, "executive_committee", f"Ban Chấp hành Đảng bộ quận {DISTRICT_NAME}")
        btv = p.body(party, "standing_committee", f"Ban Thường vụ Quận ủy {DISTRICT_NAME}")
        c2015, c2020 = D(2015, 8, 20), D(2020, 7, 17)
        t2010 = p.term(bch, "2010–2015", D(2010, 8, 25), c2015 - ONE_DAY)
        t2015 = p.term(bch, "2015–2020", c2015, c2020 - ONE_DAY)
        t2020 = p.term(bch, "2020–2025", c2020, LAST_OLD)
        btv_terms = [
            p.term(btv, "2015–2020", c2015, c2020 - ONE_DAY),
            p.term(btv, "2020–2025", c2020, LAST_OLD),
        ]
        congress = {c2015, c2020}
        elected = _elected_or(lambda: "designated", congress)
        member = p.post(party, "Ủy viên Ban Chấp hành Đảng bộ quận", body=bch, rank=50)
        core: list[PTenure] = []
        ages = (42, 55)
        for rank, title in enumerate(
            ("Bí thư Quận ủy", "Phó Bí thư Thường trực Quận ủy", "Phó Bí thư Quận ủy"), 1
        ):
            post = p.post(party, title, rank=rank, is_key=True, is_leader=True)
            core += self.key_chain(post, D(2010, 8, 25), LAST_OLD, elected, ages=ages)

        # People's Council of the district: re-established in 2016 after Hà Nội's pilot.
        council = p.org(
            f"HĐND quận {DISTRICT_NAME}",
            "peoples_council",
            a,
            at,
            valid_from=D(2016, 6, 20),
            valid_to=LAST_OLD,
        )
        cbody = p.body(council, "council", f"Hội đồng nhân dân quận {DISTRICT_NAME}")
        ct1 = p.term(cbody, "2016–2021", D(2016, 6, 20), D(2021, 6, 24))
        ct2 = p.term(cbody, "2021–2026", D(2021, 6, 25), LAST_OLD)
        hd_core: list[PTenure] = []
        for name, rank in (("Chủ tịch HĐND quận", 1), ("Phó Chủ tịch HĐND quận", 2)):
            hd_core += self.key_chain(
                p.post(council, name, rank=rank, is_key=True, is_leader=True),
                D(2016, 6, 20),
                LAST_OLD,
                lambda t, f: "elected",
                ages=ages,
            )
        deputy = p.post(council, "Đại biểu HĐND quận", body=cbody, rank=50)
        for term in (ct1, ct2):
            self.committee(cbody, deputy, term, 35, hd_core + core)

        ubnd = p.org(f"UBND quận {DISTRICT_NAME}", "peoples_committee", a, at, valid_to=LAST_OLD)
        pct = p.post(ubnd, "Phó Chủ tịch UBND quận", rank=2, is_key=True, is_leader=True)
        deputies: list[PTenure] = []
        for _ in range(3):
            deputies += self.key_chain(
                pct, HISTORY_START, LAST_OLD, lambda t, f: self.reasons_appointed(), ages=(38, 52)
            )
        core += self.key_chain(
            p.post(ubnd, "Chủ tịch UBND quận", rank=1, is_key=True, is_leader=True),
            HISTORY_START,
            LAST_OLD,
            lambda t, f: "elected" if f else "appointed",
            promote_from=deputies,
            ages=ages,
        )
        core += [d for d in deputies]
        core += self.mass_organizations(
            a,
            HISTORY_START,
            (
                (
                    f"Ủy ban MTTQ Việt Nam quận {DISTRICT_NAME}",
                    "fatherland_front",
                    "Chủ tịch Ủy ban MTTQ quận",
                    None,
                    (45, 56),
                ),
                (f"Hội LHPN quận {DISTRICT_NAME}", "womens_union", "Chủ tịch Hội LHPN quận", "F", (38, 52)),
                (f"Quận đoàn {DISTRICT_NAME}", "youth_union", "Bí thư Quận đoàn", None, (28, 33)),
            ),
        )
        heads: list[PTenure] = []
        for board in PARTY_BOARDS:
            heads += self.department(
                board,
                parent=party,
                deputies=2,
                head_name="Trưởng ban"
                if "Ban" in board
                else "Chủ nhiệm"
                if "Kiểm tra" in board
                else "Chánh Văn phòng",
            )
        for dept in DEPARTMENTS:
            heads += self.department(
                dept,
                parent=ubnd,
                deputies=p.rng.choice([2, 3]),
                head_name="Chánh Văn phòng"
                if dept.startswith("Văn phòng")
                else "Chánh Thanh tra"
                if dept.startswith("Thanh tra")
                else "Giám đốc"
                if dept.startswith("Ban")
                else "Trưởng phòng",
            )
        standing = p.post(party, "Ủy viên Ban Thường vụ Quận ủy", body=btv, rank=40)
        for term in btv_terms:
            self.committee(
                btv, standing, term, 11, core + heads[: len(PARTY_BOARDS)], designate_newcomers=False
            )
        # Executive committees: leaders, heads of boards and some departments, then ward secretaries.
        for term, size in ((t2010, 33), (t2015, 35), (t2020, DISTRICT_BCH_MEMBERS)):
            ward_secretaries = [
                t for t in self.ward_core_all() if t.post.rank == 1 and t.post.org.kind == "grassroots_party"
            ]
            p.rng.shuffle(ward_secretaries)
            self.committee(
                bch,
                member,
                term,
                size,
                core + heads[: 2 * len(PARTY_BOARDS) + 6] + ward_secretaries,
                designate_newcomers=False,
            )

    def department(self, name: str, *, parent: POrg, deputies: int, head_name: str) -> list[PTenure]:
        p = self.p
        org = p.org(name, "department", DISTRICT_CODE, REFERENCE, parent=parent, valid_to=LAST_OLD)
        short = name.split(" ", 1)[1] if head_name.startswith("Trưởng") else ""
        title = f"{head_name} {short}".strip()
        head = p.post(org, title, rank=1, is_key=True, is_leader=True)
        dep = p.post(org, f"Phó {title}", rank=2, is_key=True, is_leader=True)
        dep_tenures: list[PTenure] = []
        for _ in range(deputies):
            dep_tenures += self.key_chain(
                dep,
                HISTORY_START,
                LAST_OLD,
                lambda t, f: self.reasons_appointed(),
                years=(1.5, 4.5),
                ages=(32, 48),
            )
        heads = self.key_chain(
            head,
            HISTORY_START,
            LAST_OLD,
            lambda t, f: self.reasons_appointed(),
            years=(2.0, 5.0),
            promote_from=dep_tenures,
            new_post_reason=self.reasons_appointed,
            ages=(38, 52),
        )
        return heads

    # --- the wards -------------------------------------------------------------------------------
    def ward_core_all(self) -> list[PTenure]:
        return [t for ts in self.ward_core.values() for t in ts]

    def build_ward(self, code: str, name: str) -> None:
        p, at = self.p, REFERENCE
        short = name.removeprefix("Phường ").strip()
        c2015, c2020 = _rand_date(p, D(2015, 5, 5), 45), _rand_date(p, D(2020, 5, 5), 45)
        party = p.org(
            f"Đảng bộ phường {short}",
            "grassroots_party",
            code,
            at,
            sector="ward",
            parent=self.party,
            valid_to=LAST_OLD,
        )
        self.ward_party[code] = party
        bch = p.body(party, "executive_committee", f"Ban Chấp hành Đảng bộ phường {short}")
        btv = p.body(party, "standing_committee", f"Ban Thường vụ Đảng ủy phường {short}")
        terms = [
            p.term(bch, "2010–2015", _rand_date(p, D(2010, 5, 5), 45), c2015 - ONE_DAY),
            p.term(bch, "2015–2020", c2015, c2020 - ONE_DAY),
            p.term(bch, "2020–2025", c2020, LAST_OLD),
        ]
        btv_term = p.term(btv, "2020–2025", c2020, LAST_OLD)
        elected = _elected_or(lambda: "designated", {c2015, c2020})
        core: list[PTenure] = []
        start = terms[0].start
        core += self.key_chain(
            p.post(party, "Bí thư Đảng ủy phường", rank=1, is_key=True, is_leader=True),
            start,
            LAST_OLD,
            elected,
        )
        deputy_secretary = p.post(party, "Phó Bí thư Đảng ủy phường", rank=2, is_key=True, is_leader=True)
        for _ in range(2):
            core += self.key_chain(deputy_secretary, start, LAST_OLD, elected)
        # Ward People's Councils: back from 2016 after the pilot, abolished in Hà Nội's wards on 1/7/2021.
        council = p.org(
            f"HĐND phường {short}",
            "peoples_council",
            code,
            at,
            valid_from=D(2016, 6, 15),
            valid_to=D(2021, 6, 30),
        )
        cbody = p.body(council, "council", f"Hội đồng nhân dân phường {short}")
        cterm = p.term(cbody, "2016–2021", D(2016, 6, 15), D(2021, 6, 30))
        hd: list[PTenure] = []
        hd += self.key_chain(
            p.post(council, "Chủ tịch HĐND phường", rank=1, is_key=True, is_leader=True),
            cterm.start,
            D(2021, 6, 30),
            lambda t, f: "elected",
        )
        hd += self.key_chain(
            p.post(council, "Phó Chủ tịch HĐND phường", rank=2, is_key=True, is_leader=True),
            cterm.start,
            D(2021, 6, 30),
            lambda t, f: "elected",
        )
        ubnd = p.org(f"UBND phường {short}", "peoples_committee", code, at, valid_to=LAST_OLD)
        pct = p.post(ubnd, "Phó Chủ tịch UBND phường", rank=2, is_key=True, is_leader=True)
        deputies: list[PTenure] = []
        for _ in range(p.rng.choice([2, 3])):
            deputies += self.key_chain(
                pct, start, LAST_OLD, lambda t, f: self.reasons_appointed(), years=(1.5, 4.5), ages=(30, 45)
            )
        core += self.key_chain(
            p.post(ubnd, "Chủ tịch UBND phường", rank=1, is_key=True, is_leader=True),
            start,
            LAST_OLD,
            lambda t, f: self.reasons_appointed(),
            promote_from=deputies,
            new_post_reason=self.reasons_appointed,
        )
        core += self.mass_organizations(
            code,
            start,
            (
                (
                    f"Ủy ban MTTQ phường {short}",
                    "fatherland_front",
                    "Chủ tịch Ủy ban MTTQ phường",
                    None,
                    (45, 58),
                ),
                (f"Hội LHPN phường {short}", "womens_union", "Chủ tịch Hội LHPN phường", "F", (35, 52)),
                (f"Đoàn phường {short}", "youth_union", "Bí thư Đoàn phường", None, (25, 31)),
            ),
        )
        core_with_deputies = core + [d for d in deputies if p.rng.random() < 0.5]
        self.ward_core[code] = core
        member = p.post(party, "Ủy viên Ban Chấp hành Đảng bộ phường", body=bch, rank=50)
        for term in terms:
            self.committee(bch, member, term, p.rng.choice([13, 15]), core_with_deputies)
        deputy = p.post(council, "Đại biểu HĐND phường", body=cbody, rank=50)
        self.committee(cbody, deputy, cterm, p.rng.choice([20, 25]), hd + core)
        standing = p.post(party, "Ủy viên Ban Thường vụ Đảng ủy phường", body=btv, rank=40)
        self.committee(btv, standing, btv_term, 5, core, designate_newcomers=False)

    # --- grassroots party organizations of agencies, enterprises and schools ----------------------
    def build_agencies(self, members_needed: int) -> None:
        p = self.p
        sizes: list[int] = []
        left = members_needed
        while left > 12:
            s = p.rng.choice([3, 5, 7, 7, 9, 9, 11])
            sizes.append(s)
            left -= s
        if left >= 3:
            sizes.append(left)
        elif left:
            sizes[-1] += left
        names = [(n, s) for n, s in AGENCIES] + [(f"Chi bộ {n}", "school") for n in SCHOOLS]
        if len(sizes) > len(names):
            raise RuntimeError("demo: more grassroots organizations needed than named")
        for (name, sector), size in zip(names, sizes, strict=False):
            org = p.org(
                name,
                "grassroots_party",
                DISTRICT_CODE,
                REFERENCE,
                sector=sector,
                parent=self.party,
                valid_to=LAST_OLD,
            )
            committee_word = "Ban Chấp hành" if name.startswith("Đảng bộ") else "Chi ủy"
            bch = p.body(org, "executive_committee", f"{committee_word} {name}")
            c2015, c2020 = _rand_date(p, D(2015, 3, 1), 90), _rand_date(p, D(2020, 3, 1), 90)
            member = p.post(org, f"Ủy viên {committee_word}", body=bch, rank=50)
            secretary = p.post(
                org, f"Bí thư {'Đảng ủy' if name.startswith('Đảng bộ') else 'Chi bộ'}", rank=1, is_leader=True
            )
            for tname, start, end, n in (
                ("2015–2020", c2015, c2020 - ONE_DAY, max(3, size - 2 * p.rng.randint(0, 1))),
                ("2020–2025", c2020, LAST_OLD, size),
            ):
                term = p.term(bch, tname, start, end)
                for i in range(n):
                    person = p.person(start, (28, 56))
                    p.tenure(person, member, start, end, "elected", term=term, end_reason="term_ended")
                    if i == 0:
                        p.tenure(person, secretary, start, end, "elected", end_reason="term_ended")

    # --- after 1/7/2025 --------------------------------------------------------------------------
    def build_new_wards(self) -> None:
        p = self.p
        for code, short in NEW_WARDS.items():
            olds = [c for c in self.successors.get(code, []) if c in self.ward_core]
            pool = [t.person for c in olds for t in self.ward_core[c] if t.end == LAST_OLD]
            used: set[int] = set()

            def take(
                ages: tuple[int, int] = (35, 55),
                sex: str | None = None,
                pool: list[PPerson] = pool,
                used: set[int] = used,
            ) -> tuple[PPerson, str]:
                for person in pool:
                    if person.id not in used and (sex is None or person.sex in (None, sex)):
                        used.add(person.id)
                        if sex and person.sex is None:
                            person.sex, person.locked = sex, True
                        return person, "designated"
                fresh = p.person(REFORM, ages, sex=sex)
                used.add(fresh.id)
                return fresh, "appointed"

            party = p.org(
                f"Đảng bộ phường {short}", "grassroots_party", code, REFORM, sector="ward", valid_from=REFORM
            )
            bch = p.body(party, "executive_committee", f"Ban Chấp hành Đảng bộ phường {short}")
            term = p.term(bch, "2025–2030", REFORM, None)
            member = p.post(party, "Ủy viên Ban Chấp hành Đảng bộ phường", body=bch, rank=50)
            holders: list[PPerson] = []
            posts = [
                (party, "Bí thư Đảng ủy phường", 1, 1),
                (party, "Phó Bí thư Đảng ủy phường", 2, 2),
            ]
            council = p.org(f"HĐND phường {short}", "peoples_council", code, REFORM, valid_from=REFORM)
            ubnd = p.org(f"UBND phường {short}", "peoples_committee", code, REFORM, valid_from=REFORM)
            front = p.org(
                f"Ủy ban MTTQ Việt Nam phường {short}", "fatherland_front", code, REFORM, valid_from=REFORM
            )
            wu = p.org(
                f"Hội LHPN phường {short}", "womens_union", code, REFORM, valid_from=REFORM, parent=front
            )
            yu = p.org(f"Đoàn phường {short}", "youth_union", code, REFORM, valid_from=REFORM, parent=front)
            posts += [
                (council, "Chủ tịch HĐND phường", 1, 1),
                (council, "Phó Chủ tịch HĐND phường", 2, 2),
                (ubnd, "Chủ tịch UBND phường", 1, 1),
                (ubnd, "Phó Chủ tịch UBND phường", 2, 3),
                (front, "Chủ tịch Ủy ban MTTQ phường", 1, 1),
            ]
            for org, name, rank, seats in posts:
                post = p.post(org, name, rank=rank, is_key=True, is_leader=True)
                for _ in range(seats):
                    person, reason = take()
                    holders.append(person)
                    t = p.tenure(
                        person, post, REFORM, None, reason, decision=f"{p.rng.randint(100, 999)}-QĐ/TU"
                    )
                    self.key_tenures.append(t)
            wu_post = p.post(wu, "Chủ tịch Hội LHPN phường", rank=1, is_key=True, is_leader=True)
            person, _ = take(sex="F")
            holders.append(person)
            self.key_tenures.append(
                p.tenure(person, wu_post, REFORM, D(2025, 10, 14), "designated", end_reason="term_ended")
            )
            self.key_tenures.append(p.tenure(person, wu_post, D(2025, 10, 15), None, "elected"))
            yu_post = p.post(yu, "Bí thư Đoàn phường", rank=1, is_key=True, is_leader=True)
            person, reason = take(ages=(26, 32))
            holders.append(person)
            self.key_tenures.append(p.tenure(person, yu_post, REFORM, None, reason))
            size = p.rng.randint(25, 31)
            members = list(dict.fromkeys(holders))
            while len(members) < size:
                members.append(take()[0])
            for person in members[:size]:
                p.tenure(
                    person,
                    member,
                    REFORM,
                    None,
                    "designated",
                    term=term,
                    decision=f"{p.rng.randint(100, 999)}-QĐ/TU",
                )

    # --- everything, then the calibration ----------------------------------------------------------
    def build(self) -> None:
        self.party = self.p.org(
            f"Đảng bộ quận {DISTRICT_NAME}", "party", DISTRICT_CODE, REFERENCE, valid_to=LAST_OLD
        )
        for code, name in self.wards:
            self.build_ward(code, name)
        self.build_district()
        ward_members = self.p.holders(REFERENCE, self.is_grassroots_member)
        self.build_agencies(GRASSROOTS_MEMBERS - len(ward_members))
        self.calibrate()
        self.build_new_wards()
        self.p.settle_rest()

    # --- the populations the article counts ---------------------------------------------------------
    @staticmethod
    def is_grassroots_member(t: PTenure) -> bool:
        return (
            t.post.org.kind == "grassroots_party"
            and t.post.body is not None
            and t.post.body.kind == "executive_committee"
        )

    @staticmethod
    def is_district_bch(t: PTenure) -> bool:
        return (
            t.post.org.kind == "party"
            and t.post.body is not None
            and t.post.body.kind == "executive_committee"
        )

    @staticmethod
    def is_district_key(t: PTenure) -> bool:
        return t.post.is_key and t.post.org.area_code == DISTRICT_CODE

    @staticmethod
    def is_key_appointment(t: PTenure) -> bool:
        ward_or_department = t.post.org.area_code != DISTRICT_CODE or t.post.org.kind == "department"
        return t.post.is_key and ward_or_department and t.start_reason in ("appointed", "promoted")

    def calibrate(self) -> None:
        p = self.p
        bch = p.holders(REFERENCE, self.is_district_bch)
        if len(bch) != DISTRICT_BCH_MEMBERS:
            raise CalibrationError(
                f"demo: district executive committee has {len(bch)} members on the reference date"
            )
        p.fix_women(bch, DISTRICT_BCH_WOMEN, "district executive committee")
        key = p.holders(REFERENCE, self.is_district_key)
        p.fix_women(key, smallest_share_over(len(key), KEY_CADRES_WOMEN_OVER), "district key cadres")
        appointed = p.starters(*PERIOD, self.is_key_appointment)
        p.fix_women(appointed, WOMEN_APPOINTED, "women appointed or promoted")
        grassroots = p.holders(REFERENCE, self.is_grassroots_member)
        if len(grassroots) != GRASSROOTS_MEMBERS:
            raise CalibrationError(
                f"demo: {len(grassroots)} grassroots committee members on the reference date"
            )
        # "hơn 33%": the smallest count over 33% prints as "33,0%"; two more reads as a share clearly over it.
        women = smallest_share_over(len(grassroots), GRASSROOTS_WOMEN_OVER) + 2
        if 100 * women >= (GRASSROOTS_WOMEN_OVER + 1) * len(grassroots):
            raise CalibrationError("demo: grassroots share would reach the next whole percent")
        p.fix_women(grassroots, women, "grassroots committees")
