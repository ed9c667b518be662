"""Strings the templates translate from variables, so makemessages can't see them.

Never imported: it exists only for `makemessages` to put these msgids in the
catalog. Keep it in step with the sources named below.
"""

from django.utils.translation import gettext_noop

# accounts/context_processors.py `_NAV` (navbar: `{% translate label %}`).
NAV_LABELS = [
    gettext_noop("首页"),
    gettext_noop("企业"),
    gettext_noop("企业档案"),
    gettext_noop("重点企业"),
    gettext_noop("名单导入"),
    gettext_noop("课程学习"),
    gettext_noop("课程管理"),
    gettext_noop("学习进度"),
    gettext_noop("培训报名"),
    gettext_noop("承诺书"),
    gettext_noop("我的场次"),
    gettext_noop("培训计划进度"),
    gettext_noop("实时出勤"),
    gettext_noop("结业考试"),
    gettext_noop("题库"),
    gettext_noop("试卷"),
    gettext_noop("考试成绩"),
    gettext_noop("结业证明"),
    gettext_noop("修复进度"),
    gettext_noop("培训项目"),
    gettext_noop("数据看板"),
    gettext_noop("名单与导出"),
    gettext_noop("审计日志"),
    gettext_noop("培训反馈"),
    gettext_noop("更多"),
    gettext_noop("考试"),
    gettext_noop("培训"),
]

# accounts.models.User.Role labels (navbar: `{% translate user.get_role_display %}`).
ROLE_LABELS = [
    gettext_noop("企业代表"),
    gettext_noop("培训讲师"),
    gettext_noop("县级信用办"),
    gettext_noop("市级信用办"),
    gettext_noop("系统管理员"),
]

# enrollment.models.Enrolment.Status labels (representative's home).
ENROLMENT_STATUS_LABELS = [
    gettext_noop("已报名"),
    gettext_noop("候补"),
    gettext_noop("已取消"),
]

# certificates.selectors.journey_steps titles and hints (representative's home:
# `{% translate step.title %}`, `{% translate step.hint %}`).
JOURNEY_STEP_LABELS = [
    gettext_noop("签署信用修复承诺书"),
    gettext_noop("每条可修复的行政处罚一份，须在培训开始前签署。"),
    gettext_noop("报名参加培训"),
    gettext_noop("选择本地区的培训场次。"),
    gettext_noop("培训签到，出勤达标"),
    gettext_noop("现场扫码或输入讲师展示的签到码，出勤满规定学时。"),
    gettext_noop("通过结业考试"),
    gettext_noop("出勤达标且承诺书已签署后即可参加。"),
    gettext_noop("领取结业证明"),
    gettext_noop("用于向“信用中国”提交信用修复申请；可下载信用修复材料包。"),
]
