"""Places as records: province → city → region, each with its GB/T 2260 code.

The city was a name on each region and office; it becomes a City row (created from
those names), the region's two-digit code becomes unique within its city only, and
the known regions get their division code and kind. Also the provincial office and
the penalty authority (行政处罚机关) as users.
"""

import django.core.validators
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_issue17_office_profile"),
    ]

    operations = [
        migrations.CreateModel(
            name="Province",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                (
                    "code",
                    models.CharField(
                        max_length=6,
                        unique=True,
                        validators=[
                            django.core.validators.RegexValidator(
                                "^\\d{2}0000$",
                                "省级行政区划代码为六位数字，如 320000。",
                            )
                        ],
                        verbose_name="行政区划代码",
                    ),
                ),
                ("name", models.CharField(max_length=50, unique=True, verbose_name="名称")),
                (
                    "short_name",
                    models.CharField(
                        help_text="如 江苏", max_length=20, verbose_name="简称"
                    ),
                ),
            ],
            options={
                "verbose_name": "省",
                "verbose_name_plural": "省",
                "ordering": ["code"],
            },
        ),
        migrations.CreateModel(
            name="City",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                (
                    "code",
                    models.CharField(
                        max_length=6,
                        unique=True,
                        validators=[
                            django.core.validators.RegexValidator(
                                "^\\d{4}00$",
                                "市级行政区划代码为六位数字，如 320600。",
                            )
                        ],
                        verbose_name="行政区划代码",
                    ),
                ),
                ("name", models.CharField(max_length=50, unique=True, verbose_name="名称")),
                (
                    "short_name",
                    models.CharField(
                        help_text="如 南通", max_length=20, verbose_name="简称"
                    ),
                ),
                (
                    "province",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="cities",
                        to="accounts.province",
                        verbose_name="省",
                    ),
                ),
            ],
            options={
                "verbose_name": "设区市",
                "verbose_name_plural": "设区市",
                "ordering": ["code"],
            },
        ),
        migrations.AddField(
            model_name="region",
            name="city_ref",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="accounts.city",
            ),
        ),
        migrations.AddField(
            model_name="region",
            name="kind",
            field=models.CharField(
                choices=[
                    ("district", "市辖区"),
                    ("county", "县"),
                    ("county_city", "县级市"),
                    ("zone", "开发区/园区"),
                    ("sector", "行业领域"),
                ],
                default="district",
                max_length=12,
                verbose_name="类别",
            ),
        ),
        migrations.AddField(
            model_name="region",
            name="division_code",
            field=models.CharField(
                blank=True,
                help_text="GB/T 2260 代码；开发区、园区和行业领域可留空。",
                max_length=6,
                validators=[
                    django.core.validators.RegexValidator(
                        "^\\d{6}$", "行政区划代码为六位数字，如 320685。"
                    )
                ],
                verbose_name="行政区划代码",
            ),
        ),
        migrations.AddField(
            model_name="creditoffice",
            name="city_ref",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="accounts.city",
            ),
        ),
    ]
