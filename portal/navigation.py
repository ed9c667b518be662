"""The main navigation of each role: where every app's pages are reached from.

Labels are marked for translation here, where they are defined; the navbar shows
them as they are (`{{ item.label }}`).
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.models import User


@dataclass(frozen=True)
class Link:
    """One entry of the navigation: a label and the URL name it opens."""

    label: Promise
    url_name: str


@dataclass(frozen=True)
class Group:
    """A dropdown of links under one label."""

    label: Promise
    links: tuple[Link, ...]


HOME = Link(_("首页"), "home")
CERTIFICATES = Group(
    _("结业证明"),
    (
        Link(_("结业证明"), "certificates:list"),
        Link(_("修复进度"), "certificates:repairs"),
    ),
)
OFFICE_TRAINING = (
    Link(_("培训项目"), "enrollment:programmes"),
    Link(_("培训计划进度"), "enrollment:progress"),
    Link(_("实时出勤"), "enrollment:live_office_list"),
    Link(_("学习进度"), "courses:progress"),
    Link(_("考试成绩"), "exams:results"),
)
QUESTION_BANK = Link(_("题库"), "exams:questions")
OFFICE_ENTERPRISES = Group(
    _("企业"),
    (
        Link(_("企业档案"), "enterprises:list"),
        Link(_("名单导入"), "enterprises:import"),
        Link(_("认领申请"), "enterprises:claims"),
    ),
)
DASHBOARD = Link(_("数据看板"), "reports:dashboard")
LISTS = Link(_("名单与导出"), "reports:lists")
AUDIT = Link(_("审计日志"), "reports:audit")
RULE_HISTORY = Link(_("规则变更记录"), "reports:rule_history")

NAVIGATION: dict[str, tuple[Link | Group, ...]] = {
    User.Role.ENTERPRISE: (
        HOME,
        Link(_("承诺书"), "enrollment:letters"),
        Link(_("培训报名"), "enrollment:sessions"),
        Link(_("课程学习"), "courses:study"),
        Link(_("结业考试"), "exams:mine"),
        Link(_("结业证明"), "certificates:list"),
        Group(
            _("更多"),
            (
                Link(_("企业档案"), "enterprises:mine"),
                Link(_("培训反馈"), "reports:feedback_mine"),
            ),
        ),
    ),
    User.Role.TRAINER: (
        HOME,
        Link(_("我的场次"), "enrollment:trainer_sessions"),
        Link(_("实时出勤"), "enrollment:live_office_list"),
        Link(_("课程管理"), "wagtailadmin_home"),
        Group(
            _("考试"),
            (
                QUESTION_BANK,
                Link(_("试卷"), "exams:papers"),
                Link(_("考试成绩"), "exams:results"),
            ),
        ),
        Link(_("结业证明"), "certificates:sessions"),
        Group(
            _("企业"),
            (
                Link(_("企业"), "enterprises:list"),
                Link(_("重点企业"), "enterprises:key_list"),
            ),
        ),
    ),
    User.Role.COUNTY_OFFICE: (
        HOME,
        DASHBOARD,
        LISTS,
        Group(_("培训"), OFFICE_TRAINING),
        OFFICE_ENTERPRISES,
        CERTIFICATES,
        RULE_HISTORY,
    ),
    User.Role.CITY_OFFICE: (
        HOME,
        DASHBOARD,
        LISTS,
        Group(_("培训"), (*OFFICE_TRAINING, QUESTION_BANK)),
        OFFICE_ENTERPRISES,
        CERTIFICATES,
        AUDIT,
        RULE_HISTORY,
    ),
    # Reads every city: dashboards, lists and the audit log, nothing to change.
    User.Role.PROVINCE_OFFICE: (HOME, DASHBOARD, LISTS, AUDIT),
    User.Role.PENALTY_AUTHORITY: (HOME, Link(_("处罚决定"), "enterprises:decisions")),
    User.Role.ADMIN: (
        HOME,
        DASHBOARD,
        Link(_("企业档案"), "enterprises:list"),
        Group(_("考试"), (QUESTION_BANK, Link(_("考试成绩"), "exams:results"))),
        CERTIFICATES,
        AUDIT,
        RULE_HISTORY,
    ),
}


def role_of(user: User) -> str:
    """The role whose pages `user` sees: a superuser counts as an administrator."""
    return User.Role.ADMIN if user.is_superuser else user.role


def nav_items_for(*, user: User) -> list[dict]:
    """The main navigation for `user`'s role: label, url, and children for groups."""
    if not user.is_authenticated:
        return []
    items = []
    for entry in NAVIGATION.get(role_of(user), ()):
        if isinstance(entry, Group):
            children = [
                {"label": link.label, "url": reverse(link.url_name)}
                for link in entry.links
            ]
            items.append({"label": entry.label, "url": "", "children": children})
        else:
            url = reverse(entry.url_name)
            items.append({"label": entry.label, "url": url, "children": []})
    return items


def nav_labels() -> set[str]:
    """Every label the navigation can show, as its Chinese source string (msgid)."""
    labels = set()
    with translation.override(None):
        for entries in NAVIGATION.values():
            for entry in entries:
                labels.add(str(entry.label))
                if isinstance(entry, Group):
                    labels.update(str(link.label) for link in entry.links)
    return labels
