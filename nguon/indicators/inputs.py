"""What an evaluation reads besides the holdings, loaded once per call as plain data: the indicators, the
age thresholds, the targets (``Inputs``), and for a series the succession graph around its area."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count

from nguon.areas.models import Area, SuccessionLink

from .engine import AreaRef, IndicatorSpec, OrgScope, Succession, TargetSpec, Unit
from .models import AgeThreshold, Indicator, Target


@dataclass(frozen=True)
class Inputs:
    """The definitions an evaluation needs: indicators (in order), thresholds by level, targets by indicator
    code."""

    indicators: tuple[IndicatorSpec, ...]
    thresholds: Mapping[str, int]
    targets: Mapping[str, tuple[TargetSpec, ...]]


def indicator_spec(indicator: Indicator) -> IndicatorSpec:
    return IndicatorSpec(
        code=indicator.code,
        name=indicator.name,
        population=indicator.population,
        unit=Unit(indicator.unit),
        numerator=indicator.numerator,
        numerator_value=indicator.numerator_value,
        scopes=tuple(
            OrgScope(
                levels=tuple(s.get("levels", ())),
                kinds=tuple(s.get("kinds", ())),
                sectors=tuple(s.get("sectors", ())),
            )
            for s in indicator.scopes or []
        ),
        body_kinds=tuple(indicator.body_kinds or ()),
        key_post=indicator.key_post,
        leader=indicator.leader,
        start_reasons=tuple(indicator.start_reasons or ()),
    )


def target_spec(target: Target) -> TargetSpec:
    """A target as plain data (``target.area`` is read when it has one: select it with the target)."""
    return TargetSpec(
        code=target.code,
        document=target.document,
        comparator=target.comparator,
        value=Decimal(target.value),
        deadline=target.deadline,
        confidence=target.confidence,
        title=target.title,
        level=target.level,
        area_path=target.area.path if target.area_id is not None and target.area is not None else "",
        effective_from=target.effective_from,
        valid_to=target.valid_to,
    )


def inputs_load(*, indicators: Sequence[Indicator] | None = None) -> Inputs:
    """The indicators given (default: all, in their order), the thresholds and the targets of those
    indicators: three queries at most, whatever the number of units or dates evaluated."""
    rows = list(indicators) if indicators is not None else list(Indicator.objects.all())
    code_of = {i.pk: i.code for i in rows}
    targets: dict[str, list[TargetSpec]] = defaultdict(list)
    if rows:
        found = Target.objects.filter(indicator__in=list(code_of)).select_related("area").order_by("code")
        for t in found:
            targets[code_of[t.indicator_id]].append(target_spec(t))
    return Inputs(
        indicators=tuple(indicator_spec(i) for i in rows),
        thresholds=dict(AgeThreshold.objects.values_list("level", "years")),
        targets={code: tuple(found) for code, found in targets.items()},
    )


def area_ref(area: Area) -> AreaRef:
    return AreaRef(area.pk, area.code, area.name, area.level, area.path, area.valid_from, area.valid_to)


def succession_load(*, area: Area) -> Succession:
    """The predecessors of ``area``, theirs and so on (one query per generation, with the number of
    successors of each predecessor: more than one means it was split)."""
    predecessors: dict[int, list[tuple[AreaRef, Decimal | None]]] = defaultdict(list)
    successor_count: dict[int, int] = {}
    frontier = {area.pk}
    seen = {area.pk}
    while frontier:
        links = (
            SuccessionLink.objects.filter(successor_id__in=frontier)
            .select_related("predecessor")
            .annotate(splits=Count("predecessor__successor_links__successor", distinct=True))
            .order_by("event_id", "predecessor_id", "successor_id")
        )
        nxt: set[int] = set()
        for link in links:
            pred = link.predecessor
            predecessors[link.successor_id].append((area_ref(pred), link.share))
            successor_count[pred.pk] = link.splits
            if pred.pk not in seen:
                seen.add(pred.pk)
                nxt.add(pred.pk)
        frontier = nxt
    return Succession(predecessors=dict(predecessors), successor_count=successor_count)
