from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib.auth import password_validation

from common.validators import USCCField, validate_mobile

from .models import Region

PASSWORDS_DIFFER = "两次输入的密码不一致。"


class RegistrationForm(forms.Form):
    """Self-registration of an enterprise representative."""

    company_name = forms.CharField(label="企业名称", max_length=200)
    uscc = USCCField(help_text="18位，如 91320600MA1XXXXXXX；小写字母按大写处理。")
    region = forms.ModelChoiceField(
        label="所在地区",
        queryset=Region.objects.all(),
        required=False,
        help_text="企业已在信用办档案中的，可不选，系统自动关联。",
    )
    real_name = forms.CharField(label="代表姓名", max_length=50)
    mobile = forms.CharField(
        label="手机号码", max_length=11, validators=[validate_mobile]
    )
    password1 = forms.CharField(
        label="密码",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label="确认密码",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "注册", css_class="w-100"))

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("password1")
            and cleaned.get("password2")
            and cleaned["password1"] != cleaned["password2"]
        ):
            self.add_error("password2", PASSWORDS_DIFFER)
        return cleaned
