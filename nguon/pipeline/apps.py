from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PipelineConfig(AppConfig):
    name = "nguon.pipeline"
    verbose_name = _("Cadre pipeline")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from .sheets import register_sheet

        register_sheet()  # the import sheet 'Quy hoạch' (after 'Cán bộ' and 'Chức vụ')
