"""The claims of a story by detection signature in id order (issue #14, a story of 100k
claims): the figures page and detection rank, count and pick the first claims of each
statement from this index without sorting the story. It covers every query the two-column
index served, which it replaces."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("factcheck", "0006_story_terms"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(
                fields=["story", "detection_signature", "id"], name="factcheck_c_story_i_caa9d9_idx"
            ),
        ),
        migrations.RemoveIndex(
            model_name="claim",
            name="factcheck_c_story_i_c9ff0a_idx",
        ),
    ]
