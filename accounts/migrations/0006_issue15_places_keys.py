"""The city becomes a foreign key; region codes unique within their city (see 0003)."""

import django.core.validators
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_issue15_places_data"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="creditoffice", name="office_level_matches_region"
        ),
        migrations.RemoveField(model_name="region", name="city"),
        migrations.RemoveField(model_name="creditoffice", name="city"),
        migrations.RenameField(model_name="region", old_name="city_ref", new_name="city"),
        migrations.RenameField(
            model_name="creditoffice", old_name="city_ref", new_name="city"
        ),
        migrations.AlterField(
            model_name="region",
            name="city",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="regions",
                to="accounts.city",
                verbose_name="所属城市",
            ),
        ),
        migrations.AlterField(
            model_name="creditoffice",
            name="city",
            field=models.ForeignKey(
                blank=True,
                help_text="市级、县级信用办必填；省级留空。",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="offices",
                to="accounts.city",
                verbose_name="所属城市",
            ),
        ),
        migrations.AddField(
            model_name="creditoffice",
            name="province",
            field=models.ForeignKey(
                blank=True,
                help_text="省级信用办必填。",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="offices",
                to="accounts.province",
                verbose_name="所属省",
            ),
        ),
        migrations.AlterField(
            model_name="creditoffice",
            name="level",
            field=models.CharField(
                choices=[
                    ("province", "省级"),
                    ("city", "市级"),
                    ("county", "县（市、区）级"),
                ],
                max_length=10,
                verbose_name="级别",
            ),
        ),
        migrations.AlterField(
            model_name="creditoffice",
            name="region",
            field=models.ForeignKey(
                blank=True,
                help_text="县级信用办必填；省级、市级信用办留空。",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="offices",
                to="accounts.region",
                verbose_name="地区",
            ),
        ),
        migrations.AddConstraint(
            model_name="creditoffice",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("city__isnull", True),
                    ("level", "province"),
                    ("province__isnull", False),
                    ("region__isnull", True),
                )
                | models.Q(
                    ("city__isnull", False), ("level", "city"), ("region__isnull", True)
                )
                | models.Q(
                    ("city__isnull", False),
                    ("level", "county"),
                    ("region__isnull", False),
                ),
                name="office_level_matches_place",
            ),
        ),
        migrations.AlterField(
            model_name="region",
            name="code",
            field=models.CharField(
                help_text="本市内的两位序号，用作档案编号的前两位。",
                max_length=2,
                validators=[
                    django.core.validators.RegexValidator(
                        "^\\d{2}$", "地区序号应为两位数字，如 01。"
                    )
                ],
                verbose_name="地区序号",
            ),
        ),
        migrations.AlterModelOptions(
            name="region",
            options={
                "ordering": ["city__code", "code"],
                "verbose_name": "地区",
                "verbose_name_plural": "地区",
            },
        ),
        migrations.AddConstraint(
            model_name="region",
            constraint=models.UniqueConstraint(
                fields=("city", "code"), name="region_code_unique_in_city"
            ),
        ),
        migrations.AddConstraint(
            model_name="region",
            constraint=models.UniqueConstraint(
                condition=models.Q(("division_code", ""), _negated=True),
                fields=("division_code",),
                name="region_division_code_unique",
            ),
        ),
        migrations.CreateModel(
            name="PenaltyAuthority",
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
                ("name", models.CharField(max_length=100, verbose_name="名称")),
                (
                    "city",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="penalty_authorities",
                        to="accounts.city",
                        verbose_name="所属城市",
                    ),
                ),
                (
                    "region",
                    models.ForeignKey(
                        blank=True,
                        help_text="县级机关填写；市级机关留空。",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="penalty_authorities",
                        to="accounts.region",
                        verbose_name="地区",
                    ),
                ),
            ],
            options={
                "verbose_name": "行政处罚机关",
                "verbose_name_plural": "行政处罚机关",
                "ordering": ["city__code", "name"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("city", "name"), name="penalty_authority_unique_in_city"
                    )
                ],
            },
        ),
        migrations.AddField(
            model_name="user",
            name="authority",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="staff",
                to="accounts.penaltyauthority",
                verbose_name="所属行政处罚机关",
            ),
        ),
        migrations.RemoveConstraint(model_name="user", name="office_user_has_office"),
        migrations.AddConstraint(
            model_name="user",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    (
                        "role__in",
                        ["county_office", "city_office", "province_office"],
                    ),
                    _negated=True,
                )
                | models.Q(("office__isnull", False)),
                name="office_user_has_office",
            ),
        ),
        migrations.AddConstraint(
            model_name="user",
            constraint=models.CheckConstraint(
                condition=models.Q(("role", "penalty_authority"), _negated=True)
                | models.Q(("authority__isnull", False)),
                name="authority_user_has_authority",
            ),
        ),
        migrations.AlterField(
            model_name="user",
            name="role",
            field=models.CharField(
                choices=[
                    ("enterprise", "企业代表"),
                    ("trainer", "培训讲师"),
                    ("county_office", "县级信用办"),
                    ("city_office", "市级信用办"),
                    ("province_office", "省级信用办"),
                    ("penalty_authority", "行政处罚机关"),
                    ("admin", "系统管理员"),
                ],
                default="enterprise",
                max_length=20,
                verbose_name="角色",
            ),
        ),
    ]
