from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """What an assignment lets its user do (vai trò)."""

    VIEWER = "viewer", _("viewer")
    EDITOR = "editor", _("editor")
    MANAGER = "manager", _("manager")
    ADMINISTRATOR = "administrator", _("administrator")


class AccessKind(models.TextChoices):
    """What a personal-data access was (Decree 13/2023/NĐ-CP): a view of a profile, an export, a download."""

    VIEW = "view", _("viewed a profile")
    EXPORT = "export", _("exported personal data")
    DOWNLOAD = "download", _("downloaded a file with personal data")
    API = "api", _("read personal data through the API")
