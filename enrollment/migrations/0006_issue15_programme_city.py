"""A programme's city becomes a City record (step 1: the new column, filled)."""

import django.db.models.deletion
from django.db import migrations, models

from accounts.divisions import CITIES, PROVINCES, city_code_for, province_code_for

UNKNOWN_CITY = (
    "无法识别培训项目“{programme}”的城市“{name}”：请先在 accounts/divisions.py "
    "中补充后再迁移。"
)


def programme_city_from_name(apps, schema_editor):
    Programme = apps.get_model("enrollment", "Programme")
    City = apps.get_model("accounts", "City")
    Province = apps.get_model("accounts", "Province")
    for programme in Programme.objects.all():
        code = city_code_for(programme.city.strip())
        if code is None:
            # A programme named after no known city: the deployment's only city.
            only = City.objects.all()
            if only.count() != 1:
                raise RuntimeError(
                    UNKNOWN_CITY.format(programme=programme.name, name=programme.city)
                )
            programme.city_ref = only.get()
        else:
            pcode = province_code_for(code)
            pname, pshort = PROVINCES[pcode]
            province, _ = Province.objects.get_or_create(
                code=pcode, defaults={"name": pname, "short_name": pshort}
            )
            full, short = CITIES[code]
            programme.city_ref, _ = City.objects.get_or_create(
                code=code,
                defaults={"province": province, "name": full, "short_name": short},
            )
        programme.save(update_fields=["city_ref"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_issue15_places_keys"),
        ("enrollment", "0005_issue14_plan_line_history"),
    ]

    operations = [
        migrations.AddField(
            model_name="programme",
            name="city_ref",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="accounts.city",
            ),
        ),
        migrations.RunPython(programme_city_from_name, migrations.RunPython.noop),
    ]
