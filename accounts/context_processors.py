"""Navigation for the signed-in user's role, and the unread-notice count."""

from django.urls import reverse

from .models import User

# A nav entry is (label, url name) or (group label, [(label, url name), ...]), which
# renders as a dropdown. Labels are translated in the navbar; list new ones in
# accounts/nav_labels.py so the English catalog has them.
_CERTIFICATES = (
    "结业证明",
    [("结业证明", "certificates:list"), ("修复进度", "certificates:repairs")],
)
_OFFICE_TRAINING = [
    ("培训项目", "enrollment:programmes"),
    ("培训计划进度", "enrollment:progress"),
    ("实时出勤", "enrollment:live_office_list"),
    ("学习进度", "courses:progress"),
    ("考试成绩", "exams:results"),
]
_NAV = {
    User.Role.ENTERPRISE: [
        ("首页", "home"),
        ("承诺书", "enrollment:letters"),
        ("培训报名", "enrollment:sessions"),
        ("课程学习", "courses:study"),
        ("结业考试", "exams:mine"),
        ("结业证明", "certificates:list"),
        (
            "更多",
            [("企业档案", "enterprises:mine"), ("培训反馈", "reports:feedback_mine")],
        ),
    ],
    User.Role.TRAINER: [
        ("首页", "home"),
        ("我的场次", "enrollment:trainer_sessions"),
        ("实时出勤", "enrollment:live_office_list"),
        ("课程管理", "wagtailadmin_home"),
        (
            "考试",
            [
                ("题库", "exams:questions"),
                ("试卷", "exams:papers"),
                ("考试成绩", "exams:results"),
            ],
        ),
        ("结业证明", "certificates:sessions"),
        ("企业", [("企业", "enterprises:list"), ("重点企业", "enterprises:key_list")]),
    ],
    User.Role.COUNTY_OFFICE: [
        ("首页", "home"),
        ("数据看板", "reports:dashboard"),
        ("名单与导出", "reports:lists"),
        ("培训", _OFFICE_TRAINING),
        (
            "企业",
            [("企业档案", "enterprises:list"), ("名单导入", "enterprises:import")],
        ),
        _CERTIFICATES,
    ],
    User.Role.CITY_OFFICE: [
        ("首页", "home"),
        ("数据看板", "reports:dashboard"),
        ("名单与导出", "reports:lists"),
        ("培训", [*_OFFICE_TRAINING, ("题库", "exams:questions")]),
        (
            "企业",
            [("企业档案", "enterprises:list"), ("名单导入", "enterprises:import")],
        ),
        _CERTIFICATES,
        ("审计日志", "reports:audit"),
    ],
    User.Role.ADMIN: [
        ("首页", "home"),
        ("数据看板", "reports:dashboard"),
        ("企业档案", "enterprises:list"),
        ("考试", [("题库", "exams:questions"), ("考试成绩", "exams:results")]),
        _CERTIFICATES,
        ("审计日志", "reports:audit"),
    ],
}


def nav_labels() -> set[str]:
    """Every label the navigation can show (for the translation catalog test)."""
    labels = set()
    for entries in _NAV.values():
        for label, target in entries:
            labels.add(label)
            if isinstance(target, list):
                labels.update(child for child, _name in target)
    return labels


def nav_items_for(user) -> list[dict]:
    """The main navigation for `user`'s role: label, url, and children for groups."""
    if not user.is_authenticated:
        return []
    role = User.Role.ADMIN if user.is_superuser else user.role
    items = []
    for label, target in _NAV.get(role, []):
        if isinstance(target, list):
            children = [{"label": c, "url": reverse(name)} for c, name in target]
            items.append({"label": label, "url": "", "children": children})
        else:
            items.append({"label": label, "url": reverse(target), "children": []})
    return items


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    return {
        "nav_items": nav_items_for(user),
        "unread_notice_count": user.notices.filter(read_at__isnull=True).count(),
    }
