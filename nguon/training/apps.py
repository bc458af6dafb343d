from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "nguon.training"
    verbose_name = _("Training")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from .sheets import register_sheet

        register_sheet()  # the import sheet 'Học viên' (after 'Cán bộ' and 'Chức vụ')
