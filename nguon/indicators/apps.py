from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_catalogue(sender: AppConfig, **kwargs: Any) -> None:
    """Reference data, not domain logic: after every migrate (and flush) the shipped catalogue is loaded."""
    from .services import catalogue_sync

    catalogue_sync()


class IndicatorsConfig(AppConfig):
    name = "nguon.indicators"
    verbose_name = _("Indicators")

    def ready(self) -> None:
        post_migrate.connect(_sync_catalogue, sender=self)
