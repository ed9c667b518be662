"""A programme's city becomes a City record (step 2: the key replaces the name)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("enrollment", "0006_issue15_programme_city"),
    ]

    operations = [
        migrations.RemoveField(model_name="programme", name="city"),
        migrations.RenameField(
            model_name="programme", old_name="city_ref", new_name="city"
        ),
        migrations.AlterField(
            model_name="programme",
            name="city",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="programmes",
                to="accounts.city",
                verbose_name="城市",
            ),
        ),
    ]
