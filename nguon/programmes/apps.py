from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "nguon.programmes"
    verbose_name = _("Joint programmes and activities")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        try:
            from .sheets import register_sheet
        except ImportError:  # the sheet lands with its own change
            return
        register_sheet()  # the import sheet 'Hoạt động' (the wards' monthly lists of activities)
