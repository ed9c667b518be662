"""Forms of the enrollment pages; validation of rules happens in the services."""

from django import forms

from accounts.models import Agency, Region, User
from enterprises.models import RuleProfile

from .models import CommitmentLetter, PlanLine, Programme, TrainingSession

DATETIME_WIDGET = forms.DateTimeInput(
    attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
)


class SessionForm(forms.Form):
    plan_line = forms.ModelChoiceField(
        label="计划行", queryset=PlanLine.objects.none(), required=True
    )
    title = forms.CharField(label="名称", max_length=200)
    mode = forms.ChoiceField(label="形式", choices=TrainingSession.Mode.choices)
    venue = forms.CharField(label="地点或线上会议室", max_length=300)
    starts_at = forms.DateTimeField(label="开始时间", widget=DATETIME_WIDGET)
    ends_at = forms.DateTimeField(label="结束时间", widget=DATETIME_WIDGET)
    capacity = forms.IntegerField(label="容量")
    trainers = forms.ModelMultipleChoiceField(
        label="讲师",
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="不选时由您本人授课。",
    )
    publish = forms.BooleanField(
        label="保存后立即发布报名",
        required=False,
        help_text="不勾选时场次保存为草稿，企业看不到，稍后可在编辑页发布。",
    )

    def __init__(self, *args, plan_lines=None, agency=None, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if plan_lines is not None:
            self.fields["plan_line"].queryset = plan_lines
        if agency is not None:
            self.fields["trainers"].queryset = User.objects.filter(
                role=User.Role.TRAINER, agency=agency
            )
        if editing:
            del self.fields["plan_line"]
            del self.fields["publish"]


class LastFourInput(forms.TextInput):
    """Never echo back more than four characters (a full ID number typed by mistake)."""

    def format_value(self, value):
        value = super().format_value(value)
        return value if value and len(value) <= 4 else None


class LetterSignForm(forms.Form):
    signer_name = forms.CharField(label="签署人姓名", max_length=50)
    id_type = forms.ChoiceField(
        label="证件类型", choices=CommitmentLetter.IdType.choices
    )
    id_last4 = forms.CharField(
        label="证件号码后四位",
        help_text="只填最后四位（数字，或最后一位为 X），不要填写完整证件号码。",
        widget=LastFourInput(attrs={"autocomplete": "off", "maxlength": 4}),
    )
    signature = forms.CharField(required=False, widget=forms.HiddenInput)
    typed_signature = forms.CharField(
        label="输入签名",
        required=False,
        max_length=50,
        help_text="无法手写签名时，请输入与签署人姓名一致的姓名作为签名。",
    )
    confirm = forms.BooleanField(label="我已阅读并确认以上承诺书内容", required=True)


class BulkEnrolForm(forms.Form):
    usccs = forms.CharField(
        label="企业名单",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="每行一个统一社会信用代码。",
    )


class QuotaForm(forms.Form):
    planned_count = forms.IntegerField(label="计划企业数")
    reason = forms.CharField(label="调整原因", max_length=200)


class ProgrammeForm(forms.Form):
    name = forms.CharField(label="名称", max_length=200)
    year = forms.IntegerField(label="年度")
    city = forms.CharField(label="城市", max_length=50, initial="南通市")
    kind = forms.ChoiceField(label="类型", choices=Programme.Kind.choices)
    rule_profile = forms.ModelChoiceField(
        label="信用修复规则", queryset=RuleProfile.objects.all()
    )


class PlanLineForm(forms.Form):
    label = forms.CharField(label="名称", max_length=100, help_text="如 海安市")
    region = forms.ModelChoiceField(
        label="地区",
        queryset=Region.objects.all(),
        required=False,
        empty_label="（无，按行业领域安排）",
    )
    extra_regions = forms.ModelMultipleChoiceField(
        label="联合地区",
        queryset=Region.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    planned_count = forms.IntegerField(label="计划企业数")
    agency = forms.ModelChoiceField(label="服务机构", queryset=Agency.objects.all())
    contact_person = forms.CharField(label="联系人", max_length=50, required=False)
    contact_phone = forms.CharField(label="联系电话", max_length=30, required=False)
    service_group = forms.CharField(label="线上服务群", max_length=100, required=False)
