"""Seed the defaults in force: notice 15 days ahead, a written answer within 20 days."""

import datetime as dt

from django.db import migrations


def seed(apps, schema_editor):
    defaults = apps.get_model("supervision", "SupervisionDefaults")
    defaults.objects.get_or_create(
        valid_from=dt.date(2013, 12, 12),
        defaults={
            "notice_days": 15,
            "answer_days": 20,
            "source": "Sổ tay công tác giám sát và phản biện xã hội (Quyết định 217, 218-QĐ/TW)",
        },
    )


class Migration(migrations.Migration):
    dependencies = [("supervision", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
