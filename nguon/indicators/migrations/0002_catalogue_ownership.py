from django.db import migrations, models


def shipped_thresholds(apps, schema_editor):
    """Every age threshold so far came from the catalogue (the sync wrote them)."""
    apps.get_model("indicators", "AgeThreshold").objects.update(builtin=True)


class Migration(migrations.Migration):
    dependencies = [("indicators", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="agethreshold",
            name="builtin",
            field=models.BooleanField(
                default=False, editable=False, verbose_name="from the shipped catalogue"
            ),
        ),
        migrations.AddField(
            model_name="agethreshold",
            name="shipped",
            field=models.JSONField(
                blank=True, default=dict, editable=False, verbose_name="values last shipped"
            ),
        ),
        migrations.AddField(
            model_name="indicator",
            name="shipped",
            field=models.JSONField(
                blank=True,
                default=dict,
                editable=False,
                help_text="What the catalogue last set, to tell a user's edit from a catalogue change.",
                verbose_name="values last shipped",
            ),
        ),
        migrations.AddField(
            model_name="target",
            name="shipped",
            field=models.JSONField(
                blank=True, default=dict, editable=False, verbose_name="values last shipped"
            ),
        ),
        migrations.RunPython(shipped_thresholds, migrations.RunPython.noop),
    ]
