from django.db import migrations

from nguon.core.db import NoOverlap


class Migration(migrations.Migration):
    """One person cannot hold the same post twice over overlapping dates: enforced by the database."""

    dependencies = [("organizations", "0001_initial")]

    operations = [
        NoOverlap(
            table="organizations_tenure",
            name="tenure_person_post_no_overlap",
            columns=["person_id", "post_id"],
            start="start_date",
            end="end_date",
        )
    ]
