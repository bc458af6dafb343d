from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ElectionsConfig(AppConfig):
    name = "nguon.elections"
    verbose_name = _("Candidate lists and elections")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from .sheets import register_sheet

        register_sheet()  # the import sheet 'Danh sách ứng cử viên' (after 'Cán bộ' and 'Chức vụ')
