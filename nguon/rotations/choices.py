from django.db import models
from django.utils.translation import gettext_lazy as _


class MoveKind(models.TextChoices):
    ROTATION = "rotation", _("rotation")
    TRANSFER = "transfer", _("transfer")
