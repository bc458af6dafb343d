"""A pool's state on a date is the replay of its log (pure: plain rows in, states out; no database).

An event moves an entry from one state to the next:

| action  | allowed from                  | status after | readiness, rank                  |
|---------|-------------------------------|--------------|----------------------------------|
| propose | none, removed                 | proposed     | the event's (or kept)            |
| approve | none, proposed, removed       | approved     | the event's, else kept           |
| move    | proposed, approved            | unchanged    | the event's, else kept           |
| remove  | proposed, approved            | removed      | kept (what she had when removed) |
| fulfil  | proposed, approved            | fulfilled    | kept                             |

``transition`` says whether an action is allowed from a state (the services refuse the others in
Vietnamese); ``replay`` applies the events of each entry up to a date, in (date, id) order.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace

PROPOSED, APPROVED, REMOVED, FULFILLED = "proposed", "approved", "removed", "fulfilled"
PROPOSE, APPROVE, MOVE, REMOVE, FULFIL = "propose", "approve", "move", "remove", "fulfil"

#: action -> the statuses it may follow (None: the entry has no event yet)
ALLOWED_FROM: dict[str, frozenset[str | None]] = {
    PROPOSE: frozenset({None, REMOVED}),
    APPROVE: frozenset({None, PROPOSED, REMOVED}),
    MOVE: frozenset({PROPOSED, APPROVED}),
    REMOVE: frozenset({PROPOSED, APPROVED}),
    FULFIL: frozenset({PROPOSED, APPROVED}),
}
STATUS_AFTER = {PROPOSE: PROPOSED, APPROVE: APPROVED, REMOVE: REMOVED, FULFIL: FULFILLED}


@dataclass(frozen=True)
class Event:
    """One line of the log as the replay reads it (``pipeline.models.PoolEvent``)."""

    id: int
    entry_id: int
    date: dt.date
    action: str
    readiness_id: int | None = None
    rank: int | None = None
    removal_reason: str = ""


@dataclass(frozen=True)
class EntryState:
    """An entry on a date: its status, readiness, rank, since when it has that status, and the last event."""

    entry_id: int
    status: str
    readiness_id: int | None
    rank: int | None
    since: dt.date
    last_event_id: int
    removal_reason: str = ""

    @property
    def in_pool(self) -> bool:
        """Counted in the pool (proposed or approved), as opposed to removed or fulfilled."""
        return self.status in (PROPOSED, APPROVED)


class TransitionError(ValueError):
    """An action that its entry's state does not allow (the services say it in Vietnamese)."""

    def __init__(self, action: str, status: str | None) -> None:
        super().__init__(f"{action} not allowed from {status}")
        self.action, self.status = action, status


def transition(state: EntryState | None, event: Event) -> EntryState:
    """The state after ``event`` (``TransitionError`` when its action does not follow ``state``)."""
    status = state.status if state else None
    if status not in ALLOWED_FROM[event.action]:
        raise TransitionError(event.action, status)
    readiness = (
        event.readiness_id if event.readiness_id is not None else (state.readiness_id if state else None)
    )
    rank = event.rank if event.rank is not None else (state.rank if state else None)
    if event.action == MOVE:
        assert state is not None
        return replace(state, readiness_id=readiness, rank=rank, last_event_id=event.id)
    if event.action in (REMOVE, FULFIL):
        assert state is not None
        return replace(
            state,
            status=STATUS_AFTER[event.action],
            since=event.date,
            last_event_id=event.id,
            removal_reason=event.removal_reason,
        )
    return EntryState(
        entry_id=event.entry_id,
        status=STATUS_AFTER[event.action],
        readiness_id=readiness,
        rank=rank,
        since=event.date,
        last_event_id=event.id,
    )


def replay(events: Iterable[Event], at: dt.date | None = None) -> dict[int, EntryState]:
    """Each entry's state on ``at`` (after the last event; ``None``: after every event). Entries whose first
    event is later than ``at`` are absent. Events that do not follow are skipped (the services never write
    them; a log edited by hand must not stop the page)."""
    states: dict[int, EntryState] = {}
    for event in sorted(events, key=lambda e: (e.date, e.id)):
        if at is not None and event.date > at:
            continue
        try:
            states[event.entry_id] = transition(states.get(event.entry_id), event)
        except TransitionError:
            continue
    return states


def state_after(events: Iterable[Event], entry_id: int, new: Event) -> EntryState:
    """The state of ``entry_id`` once ``new`` is added to ``events`` on its date, checking that ``new`` and
    every later event of the entry still follow (a back-dated event may not break the log's later lines).
    Raises ``TransitionError`` naming the first action that would no longer follow."""
    mine = sorted([e for e in events if e.entry_id == entry_id] + [new], key=lambda e: (e.date, e.id))
    state: EntryState | None = None
    for event in mine:
        state = transition(state, event)
    assert state is not None
    return state
