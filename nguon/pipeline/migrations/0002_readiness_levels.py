"""The readiness levels the succession-planning products use (ready now, in 1–2 years, in 3–5 years), as data
that an administrator may change; a level already there is left as its users edited it."""

from django.db import migrations

LEVELS = [
    ("ngay", "Sẵn sàng ngay", 1, 0, 0),
    ("1-2-nam", "Sẵn sàng sau 1–2 năm", 2, 1, 2),
    ("3-5-nam", "Sẵn sàng sau 3–5 năm", 3, 3, 5),
]


def seed(apps, schema_editor):
    level = apps.get_model("pipeline", "ReadinessLevel")
    for code, name, order, years_from, years_to in LEVELS:
        level.objects.get_or_create(
            code=code, defaults={"name": name, "order": order, "years_from": years_from, "years_to": years_to}
        )


class Migration(migrations.Migration):
    dependencies = [("pipeline", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
