from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    name = "nguon.support"
    verbose_name = _("Support to cadres")
    default_auto_field = "django.db.models.BigAutoField"
