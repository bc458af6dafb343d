from django.db import migrations

from nguon.core.db import NoOverlap


class Migration(migrations.Migration):
    """One code names one area at a time: the database refuses two validities of a code that overlap."""

    dependencies = [("areas", "0001_initial")]

    operations = [
        NoOverlap(table="areas_area", name="area_code_no_overlap", columns=["code"], start="valid_from", end="valid_to")
    ]
