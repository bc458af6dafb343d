from django.db import models
from django.utils.translation import gettext_lazy as _


class EntryStatus(models.TextChoices):
    """Where a person stands in a pool (quy hoạch) on a date."""

    PROPOSED = "proposed", _("proposed")
    APPROVED = "approved", _("approved")
    REMOVED = "removed", _("removed")
    FULFILLED = "fulfilled", _("fulfilled")


class EventAction(models.TextChoices):
    """What one line of a pool's log does to an entry."""

    PROPOSE = "propose", _("proposed for the pool")
    APPROVE = "approve", _("approved into the pool")
    MOVE = "move", _("readiness or rank changed")
    REMOVE = "remove", _("removed from the pool")
    FULFIL = "fulfil", _("appointed or elected to the post")


class RemovalReason(models.TextChoices):
    """Why a person leaves a pool (đưa ra khỏi quy hoạch)."""

    NONE = "", _("—")
    OVER_AGE = "over_age", _("over age")
    DISCIPLINE = "discipline", _("disciplined at reprimand or above")
    POLITICAL = "political", _("fails the political standard")
    NOT_QUALIFIED = "not_qualified", _("no longer meets the standards")
    MOVED = "moved", _("moved to other work")
    REVIEW = "review", _("not kept by the annual review")
    OWN_REQUEST = "own_request", _("at her or his own request")
    HEALTH = "health", _("health")
    OTHER = "other", _("other")


class DecisionKind(models.TextChoices):
    """A planning decision: the approval of a term's planning, or a later review (rà soát, bổ sung)."""

    APPROVAL = "approval", _("approval of the planning")
    REVIEW = "review", _("annual review")
    ADDITION = "addition", _("addition")
    REMOVAL = "removal", _("removal")


class RoundStatus(models.TextChoices):
    DRAFT = "draft", _("being prepared")
    APPROVED = "approved", _("approved")
    CANCELLED = "cancelled", _("cancelled")


class ProposalAction(models.TextChoices):
    ADD = "add", _("add to the pool")
    REMOVE = "remove", _("remove from the pool")
    MOVE = "move", _("change readiness or rank")


class DisciplineLevel(models.TextChoices):
    """Party and state discipline (hình thức kỷ luật), mildest first."""

    REPRIMAND = "reprimand", _("reprimand")
    WARNING = "warning", _("warning")
    DEMOTION = "demotion", _("demotion")
    DISMISSAL = "dismissal", _("dismissal from post")
    EXPULSION = "expulsion", _("expulsion")


class ProposalOutcome(models.TextChoices):
    """What became of a proposal for appointment (đề nghị bổ nhiệm)."""

    PENDING = "pending", _("pending")
    APPOINTED = "appointed", _("appointed")
    WITHDRAWN = "withdrawn", _("withdrawn")
    REJECTED = "rejected", _("not approved")
