from django.contrib import admin
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from nguon.accounts.access_log import personal_data_logged
from nguon.accounts.choices import AccessKind
from nguon.core import downloads
from nguon.core.exporters import Rendered

from .models import ImportRecord
from .selectors import import_record_people


@admin.register(ImportRecord)
class ImportRecordAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["at", "user", "filename", "status", "size", "download"]
    list_filter = ["status"]
    search_fields = ["filename", "sha256"]
    exclude = ["content"]
    readonly_fields = ["at", "user", "filename", "sha256", "size", "status", "counts", "errors", "download"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    @admin.display(description=_("file"))
    def download(self, obj: ImportRecord) -> str:
        url = reverse("admin:imports_importrecord_download", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("download"))

    def get_urls(self):  # type: ignore[no-untyped-def]
        view = self.admin_site.admin_view(self.download_view)
        return [path("<int:pk>/download/", view, name="imports_importrecord_download"), *super().get_urls()]

    def get_queryset(self, request):  # type: ignore[no-untyped-def]
        return super().get_queryset(request).defer("content")  # the list never loads the files

    def download_view(self, request, pk: int) -> HttpResponse:  # type: ignore[no-untyped-def]
        """The file as sent, written to the personal-data log like the site's download."""
        record = get_object_or_404(ImportRecord, pk=pk)
        personal_data_logged(
            user=request.user,
            kind=AccessKind.DOWNLOAD,
            what=_("Import %(file)s as sent") % {"file": record.filename},
            people_count=import_record_people(record),
            path=request.path,
        )
        return downloads.download(
            Rendered(record.filename, "application/octet-stream", bytes(record.content))
        )
