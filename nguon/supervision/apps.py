from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "nguon.supervision"
    verbose_name = _("Supervision and opinion-giving")
    default_auto_field = "django.db.models.BigAutoField"
