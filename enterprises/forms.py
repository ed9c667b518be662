"""Forms of the archive pages; they only shape input, services decide."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms

from accounts.models import Region, User
from common.validators import USCCField, validate_mobile

from .choices import EXIT_REASON_CHOICES, GOVERNANCE_MEASURES
from .models import ClaimRequest, Enterprise, FollowUp, PenaltyDomain, Severity

ARCHIVE_FIELDS = [
    "name",
    "business_status",
    "legal_representative",
    "legal_representative_id_last4",
    "registered_address",
    "actual_address",
    "contact_person",
    "contact_phone",
    "responsible_person",
    "responsible_person_id_last4",
    "dishonesty_type",
    "dishonesty_summary",
    "reporting_authority",
    "listed_on",
    "list_received_on",
    "survey_department",
    "surveyor",
    "survey_date",
    "land_status",
    "buildings_status",
    "machinery_status",
    "machinery_notes",
    "operating_status",
    "site_notes",
    "governance_type",
    "governance_measures",
    "exit_reasons",
    "office_notes",
    "office_handler",
    "agency_handler",
    "repair_intention",
    "repair_progress",
    "notes",
]
_DATE = forms.DateInput(attrs={"type": "date"})


def _helper(label: str) -> FormHelper:
    helper = FormHelper()
    helper.add_input(Submit("submit", label))
    return helper


class ArchiveForm(forms.ModelForm):
    """The survey form of seed 000 and the archive template of seed 001 att. 4."""

    governance_measures = forms.MultipleChoiceField(
        label="治理措施",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[(kind.label, items) for kind, items in GOVERNANCE_MEASURES.items()],
    )
    exit_reasons = forms.MultipleChoiceField(
        label="治理退出原因",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=EXIT_REASON_CHOICES,
    )

    class Meta:
        model = Enterprise
        fields = ARCHIVE_FIELDS
        widgets = {
            "listed_on": _DATE,
            "list_received_on": _DATE,
            "survey_date": _DATE,
            "dishonesty_summary": forms.Textarea(attrs={"rows": 2}),
            "site_notes": forms.Textarea(attrs={"rows": 2}),
            "office_notes": forms.Textarea(attrs={"rows": 2}),
            "repair_progress": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("保存档案")

    def _post_clean(self):
        # The service runs full_clean; skip the model validation of ModelForm here.
        pass


class PenaltyForm(forms.Form):
    decision_no = forms.CharField(label="行政处罚决定书文号", max_length=100)
    authority = forms.CharField(label="处罚机关", max_length=100)
    decision_date = forms.DateField(label="处罚决定日期", widget=_DATE)
    content = forms.CharField(
        label="处罚内容", widget=forms.Textarea(attrs={"rows": 2})
    )
    severity = forms.ChoiceField(label="失信程度", choices=Severity.choices)
    domain = forms.ChoiceField(label="领域", choices=PenaltyDomain.choices)
    facts = forms.CharField(
        label="主要违法事实", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    legal_basis = forms.CharField(label="处罚法律依据", required=False, max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("添加处罚记录")


class FollowUpForm(forms.Form):
    date = forms.DateField(label="日期", widget=_DATE)
    kind = forms.ChoiceField(label="类别", choices=FollowUp.Kind.choices)
    note = forms.CharField(label="进展", widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("添加跟进记录")


class KeyHelperForm(forms.Form):
    helper = forms.ModelChoiceField(label="一对一帮扶人", queryset=User.objects.none())
    reason = forms.CharField(label="重点企业原因", max_length=300, required=False)

    def __init__(self, *args, enterprise: Enterprise, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["helper"].queryset = User.objects.filter(
            role=User.Role.TRAINER, agency__regions=enterprise.region_id, is_active=True
        ).distinct()
        self.helper = _helper("设为重点企业并指定帮扶人")


class ImportForm(forms.Form):
    region = forms.ModelChoiceField(label="地区", queryset=Region.objects.none())
    file = forms.FileField(label="名单文件", help_text="xlsx 或 csv（UTF-8 或 GBK）。")

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions
        if regions.count() == 1:
            self.fields["region"].initial = regions.first()
        self.helper = _helper("上传并预览")


class InvitationAcceptForm(forms.Form):
    real_name = forms.CharField(label="代表姓名", max_length=50)
    mobile = forms.CharField(
        label="手机号码", max_length=11, validators=[validate_mobile]
    )
    password = forms.CharField(
        label="密码",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("注册并关联企业")


class DecisionForm(forms.Form):
    """A penalty authority's decision (its reminder letter goes out with it)."""

    region = forms.ModelChoiceField(
        label="企业所在地区", queryset=Region.objects.none()
    )
    uscc = forms.CharField(label="统一社会信用代码", max_length=18)
    name = forms.CharField(label="企业名称", max_length=200)
    decision_no = forms.CharField(label="行政处罚决定书文号", max_length=100)
    decision_date = forms.DateField(label="处罚决定日期", widget=_DATE)
    content = forms.CharField(
        label="处罚内容", widget=forms.Textarea(attrs={"rows": 2})
    )
    severity = forms.ChoiceField(label="失信程度", choices=Severity.choices)
    domain = forms.ChoiceField(label="领域", choices=PenaltyDomain.choices)
    rectification_due_on = forms.DateField(
        label="整改期限", widget=_DATE, required=False
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        city_id = user.authority.city_id if user.authority_id else 0
        self.fields["region"].queryset = Region.objects.filter(city_id=city_id)
        self.helper = _helper("录入并送达提醒函")


class DecisionFollowUpForm(forms.Form):
    kind = forms.ChoiceField(
        label="类别",
        choices=[
            (
                FollowUp.Kind.RECTIFICATION_CHECK,
                FollowUp.Kind.RECTIFICATION_CHECK.label,
            ),
            (FollowUp.Kind.INTERVIEW, FollowUp.Kind.INTERVIEW.label),
        ],
    )
    date = forms.DateField(label="日期", widget=_DATE)
    note = forms.CharField(label="情况", max_length=500)


class ClaimCodeForm(forms.Form):
    """Claim by a code sent to the archive's contact mobile."""

    uscc = USCCField()
    code = forms.CharField(
        label="短信验证码",
        max_length=6,
        required=False,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}
        ),
    )


class ClaimRequestForm(forms.Form):
    """Claim by a request with the business licence, decided by the county office."""

    uscc = USCCField()
    company_name = forms.CharField(label="企业名称", max_length=200)
    region = forms.ModelChoiceField(
        label="企业所在地区",
        queryset=Region.objects.all(),
        help_text="企业尚未建档的，由该地区信用办审核。",
    )
    applicant_role = forms.ChoiceField(
        label="申请人身份", choices=ClaimRequest.ApplicantRole.choices
    )
    licence = forms.FileField(
        label="营业执照",
        help_text="JPG、PNG 或 PDF，不超过 5 MB。",
        widget=forms.ClearableFileInput(attrs={"accept": ".jpg,.jpeg,.png,.pdf"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("提交认领申请")


class ClaimRejectForm(forms.Form):
    reason = forms.CharField(label="驳回理由", max_length=300)
