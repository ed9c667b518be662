"""Navigation for the signed-in user's role, and the unread-notice count."""

from django.urls import reverse

from .models import User

_NAV = {
    User.Role.ENTERPRISE: [
        ("首页", "home"),
        ("企业档案", "enterprises:mine"),
        ("课程学习", "courses:study"),
        ("培训报名", "enrollment:sessions"),
        ("承诺书", "enrollment:letters"),
        ("培训反馈", "reports:feedback_mine"),
    ],
    User.Role.TRAINER: [
        ("首页", "home"),
        ("企业", "enterprises:list"),
        ("重点企业", "enterprises:key_list"),
        ("课程管理", "wagtailadmin_home"),
        ("我的场次", "enrollment:trainer_sessions"),
    ],
    User.Role.COUNTY_OFFICE: [
        ("首页", "home"),
        ("企业档案", "enterprises:list"),
        ("名单导入", "enterprises:import"),
        ("学习进度", "courses:progress"),
        ("培训计划进度", "enrollment:progress"),
        ("数据看板", "reports:dashboard"),
        ("名单与导出", "reports:lists"),
    ],
    User.Role.CITY_OFFICE: [
        ("首页", "home"),
        ("企业档案", "enterprises:list"),
        ("名单导入", "enterprises:import"),
        ("学习进度", "courses:progress"),
        ("培训计划进度", "enrollment:progress"),
        ("数据看板", "reports:dashboard"),
        ("名单与导出", "reports:lists"),
        ("审计日志", "reports:audit"),
    ],
    User.Role.ADMIN: [
        ("首页", "home"),
        ("企业档案", "enterprises:list"),
        ("数据看板", "reports:dashboard"),
        ("审计日志", "reports:audit"),
    ],
}
# Exams (issue 7).
_NAV[User.Role.ENTERPRISE] += [("结业考试", "exams:mine")]
_NAV[User.Role.TRAINER] += [
    ("题库", "exams:questions"),
    ("试卷", "exams:papers"),
    ("考试成绩", "exams:results"),
]
_NAV[User.Role.COUNTY_OFFICE] += [("考试成绩", "exams:results")]
_NAV[User.Role.CITY_OFFICE] += [
    ("题库", "exams:questions"),
    ("考试成绩", "exams:results"),
]
_NAV[User.Role.ADMIN] += [("题库", "exams:questions"), ("考试成绩", "exams:results")]
# Live sessions (issue 6): sessions under way, their boards and consoles.
for _role in (User.Role.TRAINER, User.Role.COUNTY_OFFICE, User.Role.CITY_OFFICE):
    _NAV[_role].append(("实时出勤", "enrollment:live_office_list"))
# Certificates (issue 8).
_NAV[User.Role.ENTERPRISE].append(("结业证明", "certificates:list"))
_NAV[User.Role.TRAINER].append(("结业证明", "certificates:sessions"))
for _role in (User.Role.COUNTY_OFFICE, User.Role.CITY_OFFICE, User.Role.ADMIN):
    _NAV[_role] += [
        ("结业证明", "certificates:list"),
        ("修复进度", "certificates:repairs"),
    ]
# Programmes and plan lines (issue 10): the city office creates, counties read.
for _role in (User.Role.COUNTY_OFFICE, User.Role.CITY_OFFICE):
    _NAV[_role].append(("培训项目", "enrollment:programmes"))


def nav_items_for(user) -> list[tuple[str, str]]:
    """(label, url) pairs of the main navigation for `user`'s role."""
    if not user.is_authenticated:
        return []
    role = User.Role.ADMIN if user.is_superuser else user.role
    return [(label, reverse(name)) for label, name in _NAV.get(role, [])]


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    return {
        "nav_items": nav_items_for(user),
        "unread_notice_count": user.notices.filter(read_at__isnull=True).count(),
    }
