"""The demo: Hà Nội's areas, the Hoàn Kiếm world, and the article's figures computed from them."""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext as _

from nguon.areas.loader import catalogue_load
from nguon.areas.models import Area, SuccessionLink
from nguon.areas.selectors import area_children, area_get_by_code
from nguon.organizations.models import Organization, Tenure
from nguon.people.models import Person
from nguon.people.services import person_update
from nguon.rotations.models import Move

from . import elections, pipeline, programmes, rotations, supervision, support, training
from .figures import Figure, article_figures
from .hoankiem import DISTRICT_CODE, NEW_WARDS, World
from .plan import REFERENCE, REFORM, CalibrationError, Plan
from .writer import plan_write

HANOI = "01"
DEFAULT_SEED = 2020


def demo_plan(seed: int = DEFAULT_SEED) -> Plan:
    """The calibrated plan of the Hoàn Kiếm world (needs Hà Nội's areas in the database)."""
    district = area_get_by_code(code=DISTRICT_CODE, at=REFERENCE)
    wards = [(a.code, a.name) for a in area_children(area=district, at=REFERENCE)]
    successors: dict[str, list[str]] = {}
    for link in SuccessionLink.objects.filter(
        successor__code__in=NEW_WARDS, successor__valid_from=REFORM
    ).select_related("predecessor"):
        successors.setdefault(link.successor.code, []).append(link.predecessor.code)
    # Not every random world can carry the article's figures exactly (e.g. no count out of 70 people is
    # between 46% and 47%); take the first seed from ``seed`` on whose world can.
    failures = []
    for attempt in range(seed, seed + 50):
        plan = Plan(seed=attempt)
        try:
            World(plan, wards, successors).build()
        except CalibrationError as error:
            failures.append(str(error))
            continue
        return plan
    raise CalibrationError("; ".join(failures[-3:]))


def _dossiers_follow_moves() -> None:
    """A person moved by a rotation or transfer has her dossier kept by the organization of her latest post
    (as ``plan_write`` sets it for every demo person), when the move made that post."""
    moved = Move.objects.filter(created_tenure__isnull=False).values_list("person_id", flat=True)
    latest: dict[int, Tenure] = {}
    for tenure in (
        Tenure.objects.filter(person_id__in=moved).select_related("post").order_by("start_date", "id")
    ):
        latest[tenure.person_id] = tenure
    for person in Person.objects.filter(pk__in=list(latest)):
        org_id = latest[person.pk].post.organization_id
        if person.dossier_organization_id != org_id:
            person_update(
                person=person,
                data={"dossier_organization": Organization.objects.get(pk=org_id)},
                source="demo",
            )


def demo_build(
    *, seed: int = DEFAULT_SEED, progress: Callable[[str, int, int], None] | None = None
) -> tuple[Area, list[Figure], int]:
    """Load Hà Nội's areas (both periods and the succession events), write the Hoàn Kiếm world and
    compute the article's figures. Returns the district, the figures and the seed whose world was used."""
    catalogue_load(province_code=HANOI, progress=progress)
    plan = demo_plan(seed)
    plan_write(plan, progress=(lambda done, total: progress(_("Tenures"), done, total)) if progress else None)
    # issue 10: trainings, elections, rotations, then the pools (their requirements read the trainings)
    steps = (training.build, elections.build, rotations.build, pipeline.build)
    for done, step in enumerate(steps):
        if progress:
            progress(_("Training, elections, rotations, planning"), done, len(steps))
        step(district_code=DISTRICT_CODE)
        if step is rotations.build:
            _dossiers_follow_moves()
    if progress:
        progress(_("Training, elections, rotations, planning"), len(steps), len(steps))
    # issue 11: the joint programmes and their activities, supervision, support to cadres
    later: tuple[Callable[..., None], ...] = (programmes.build, supervision.build, support.build)
    for done, step in enumerate(later):
        if progress:
            progress(_("Programmes, activities, supervision, support"), done, len(later))
        step(district_code=DISTRICT_CODE)
    if progress:
        progress(_("Programmes, activities, supervision, support"), len(later), len(later))
    district = area_get_by_code(code=DISTRICT_CODE, at=REFERENCE)
    return district, article_figures(district), plan.seed
