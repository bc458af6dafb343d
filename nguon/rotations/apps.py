from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RotationsConfig(AppConfig):
    name = "nguon.rotations"
    verbose_name = _("Rotation and transfer")
    default_auto_field = "django.db.models.BigAutoField"
