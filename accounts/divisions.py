"""Administrative division codes (GB/T 2260) of the places the platform ships with.

These are the 2023 division codes published by the Ministry of Civil Affairs
(2023年中华人民共和国县以上行政区划代码). They are data: migrations and the demo
read them, and a deployment adds its own places through the admin or
`bootstrap_deployment`. Note that 海安 became a county-level city in 2018 and took
the code 320685; 320621 is the former 海安县.
"""

PROVINCES = {"320000": ("江苏省", "江苏")}

# code → (name, short name)
CITIES = {
    "320100": ("南京市", "南京"),
    "320200": ("无锡市", "无锡"),
    "320300": ("徐州市", "徐州"),
    "320400": ("常州市", "常州"),
    "320500": ("苏州市", "苏州"),
    "320600": ("南通市", "南通"),
    "320700": ("连云港市", "连云港"),
    "320800": ("淮安市", "淮安"),
    "320900": ("盐城市", "盐城"),
    "321000": ("扬州市", "扬州"),
    "321100": ("镇江市", "镇江"),
    "321200": ("泰州市", "泰州"),
    "321300": ("宿迁市", "宿迁"),
}

# County-level places per city, in the order of the city's own notices, which is
# also their two-digit sequence: (sequence, name, kind, GB/T 2260 code or "").
COUNTIES = {
    # Nantong notice No. 14 (2022), section 二 (seed 000).
    "320600": [
        ("01", "海安市", "county_city", "320685"),
        ("02", "如皋市", "county_city", "320682"),
        ("03", "如东县", "county", "320623"),
        ("04", "启东市", "county_city", "320681"),
        ("05", "崇川区", "district", "320602"),
        ("06", "通州区", "district", "320612"),
        ("07", "海门区", "district", "320614"),
        ("08", "开发区", "zone", "320671"),
        ("09", "苏锡通", "zone", ""),
        ("10", "通州湾", "zone", ""),
        ("11", "家纺产业园", "zone", ""),
    ],
    # Suzhou 2020 贯标 plan, attachment (seed 003); 高新区 is 虎丘区.
    "320500": [
        ("01", "张家港市", "county_city", "320582"),
        ("02", "常熟市", "county_city", "320581"),
        ("03", "太仓市", "county_city", "320585"),
        ("04", "昆山市", "county_city", "320583"),
        ("05", "吴江区", "district", "320509"),
        ("06", "吴中区", "district", "320506"),
        ("07", "相城区", "district", "320507"),
        ("08", "姑苏区", "district", "320508"),
        ("09", "工业园区", "zone", "320571"),
        ("10", "高新区", "district", "320505"),
    ],
    "320800": [
        ("01", "淮安区", "district", "320803"),
        ("02", "淮阴区", "district", "320804"),
        ("03", "清江浦区", "district", "320812"),
        ("04", "洪泽区", "district", "320813"),
        ("05", "涟水县", "county", "320826"),
        ("06", "盱眙县", "county", "320830"),
        ("07", "金湖县", "county", "320831"),
        ("08", "经济技术开发区", "zone", "320871"),
    ],
    "320400": [
        ("01", "天宁区", "district", "320402"),
        ("02", "钟楼区", "district", "320404"),
        ("03", "新北区", "district", "320411"),
        ("04", "武进区", "district", "320412"),
        ("05", "金坛区", "district", "320413"),
        ("06", "溧阳市", "county_city", "320481"),
    ],
}


def city_code_for(name: str) -> str | None:
    """The GB/T 2260 code of a city by its name (南通市 or 南通), or None."""
    for code, (full, short) in CITIES.items():
        if name in (full, short):
            return code
    return None


def province_code_for(city_code: str) -> str:
    """The province code of a city code: its first two digits, then 0000."""
    return city_code[:2] + "0000"
