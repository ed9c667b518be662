"""Fill the place records from the city names (see 0003)."""

from django.db import migrations

from accounts.divisions import (
    CITIES,
    COUNTIES,
    PROVINCES,
    city_code_for,
    province_code_for,
)

UNKNOWN_CITY = (
    "无法识别城市“{name}”的行政区划代码：请先在 accounts/divisions.py 中补充后再迁移。"
)


def places_from_names(apps, schema_editor):
    Province = apps.get_model("accounts", "Province")
    City = apps.get_model("accounts", "City")
    Region = apps.get_model("accounts", "Region")
    CreditOffice = apps.get_model("accounts", "CreditOffice")
    names = set(Region.objects.values_list("city", flat=True))
    names |= set(CreditOffice.objects.values_list("city", flat=True))
    cities = {}
    for name in sorted(n for n in names if n):
        code = city_code_for(name)
        if code is None:
            raise RuntimeError(UNKNOWN_CITY.format(name=name))
        pcode = province_code_for(code)
        pname, pshort = PROVINCES[pcode]
        province, _ = Province.objects.get_or_create(
            code=pcode, defaults={"name": pname, "short_name": pshort}
        )
        full, short = CITIES[code]
        cities[name], _ = City.objects.get_or_create(
            code=code, defaults={"province": province, "name": full, "short_name": short}
        )
    for region in Region.objects.all():
        city = cities.get(region.city)
        if city is None:  # a region without a city name: the only city there is
            city = next(iter(cities.values()))
        region.city_ref = city
        known = {name: (kind, dc) for _, name, kind, dc in COUNTIES.get(city.code, [])}
        if region.name in known:
            region.kind, region.division_code = known[region.name]
        region.save(update_fields=["city_ref", "kind", "division_code"])
    for office in CreditOffice.objects.all():
        if office.region_id:
            office.city_ref_id = Region.objects.get(pk=office.region_id).city_ref_id
        elif office.city in cities:
            office.city_ref = cities[office.city]
        else:
            office.city_ref = next(iter(cities.values()), None)
        office.save(update_fields=["city_ref"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_issue15_places"),
    ]

    operations = [
        migrations.RunPython(places_from_names, migrations.RunPython.noop),
    ]
