"""Filter forms of the offices' view; every error names its field in Chinese."""

from django import forms

from accounts.models import Agency
from common.models import AuditEntry
from enrollment.models import Programme

from .selectors import ATTENDANCE_STATUSES, LIST_KINDS, PASS_STATUSES

DATE_ORDER_ERROR = "结束日期不能早于开始日期。"
MONTH_FORMAT_ERROR = "月份格式应为 YYYY-MM，如 2026-11。"


class _DateRangeMixin:
    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", DATE_ORDER_ERROR)
        return data


class ListFilterForm(_DateRangeMixin, forms.Form):
    kind = forms.ChoiceField(label="名单", choices=LIST_KINDS.items(), required=False)
    programme = forms.ModelChoiceField(
        label="培训项目", queryset=Programme.objects.all(), required=False
    )
    agency = forms.ModelChoiceField(
        label="服务机构", queryset=Agency.objects.none(), required=False
    )
    status = forms.ChoiceField(label="状态", required=False)
    date_from = forms.DateField(label="培训日期自", required=False)
    date_to = forms.DateField(label="至", required=False)
    q = forms.CharField(label="企业名称或信用代码", required=False, max_length=100)

    def __init__(self, *args, agencies=None, kind="attendance", **kwargs):
        super().__init__(*args, **kwargs)
        if agencies is not None:
            self.fields["agency"].queryset = agencies
        statuses = PASS_STATUSES if kind == "pass" else ATTENDANCE_STATUSES
        self.fields["status"].choices = [("", "全部"), *statuses.items()]
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control form-control-sm")
        for name in ("kind", "programme", "agency", "status"):
            self.fields[name].widget.attrs["class"] = "form-select form-select-sm"
        for name in ("date_from", "date_to"):
            self.fields[name].widget.input_type = "date"


class DashboardFilterForm(forms.Form):
    programme = forms.ModelChoiceField(
        label="培训项目",
        queryset=Programme.objects.all(),
        required=False,
        empty_label="全部项目",
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )


class AuditSearchForm(_DateRangeMixin, forms.Form):
    actor = forms.CharField(label="操作人", required=False, max_length=50)
    action = forms.CharField(label="动作", required=False, max_length=100)
    kind = forms.ChoiceField(
        label="类别", choices=[("", "全部"), *AuditEntry.Kind.choices], required=False
    )
    date_from = forms.DateField(label="日期自", required=False)
    date_to = forms.DateField(label="至", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control form-control-sm")
        self.fields["kind"].widget.attrs["class"] = "form-select form-select-sm"
        for name in ("date_from", "date_to"):
            self.fields[name].widget.input_type = "date"
