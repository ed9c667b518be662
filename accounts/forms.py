from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib.auth import password_validation

from common.validators import validate_mobile

PASSWORDS_DIFFER = "两次输入的密码不一致。"


class RegistrationForm(forms.Form):
    """Self-registration of an enterprise representative's account; the enterprise
    is claimed afterwards (enterprises: claim page)."""

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


class _CodeForm(forms.Form):
    """A username (or mobile) and, once sent, the 6-digit code."""

    username = forms.CharField(label="手机号码或账号", max_length=150)
    code = forms.CharField(
        label="验证码",
        max_length=6,
        required=False,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}
        ),
    )

    def clean_code(self):
        code = self.cleaned_data.get("code", "").strip()
        if code and not (len(code) == 6 and code.isdigit()):
            raise forms.ValidationError(CODE_FORMAT)
        return code

    def code_required(self) -> bool:
        """Whether a code was given; adds the error to the code field if not."""
        if not self.cleaned_data.get("code"):
            self.add_error("code", CODE_REQUIRED)
            return False
        return True


CODE_FORMAT = "验证码为 6 位数字。"
CODE_REQUIRED = "请输入验证码。"


class CodeLoginForm(_CodeForm):
    """Representatives: log in with a code sent to the account's mobile."""

    username = forms.CharField(
        label="手机号码",
        max_length=150,
        widget=forms.TextInput(attrs={"inputmode": "tel"}),
    )


class PasswordResetForm(_CodeForm):
    """Reset a password with a code sent to the account's mobile (staff: mail)."""

    password1 = forms.CharField(
        label="新密码",
        strip=False,
        required=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label="确认新密码",
        strip=False,
        required=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def passwords_ok(self) -> bool:
        """Both new passwords given and equal; errors on the fields otherwise."""
        p1, p2 = self.cleaned_data.get("password1"), self.cleaned_data.get("password2")
        if not p1:
            self.add_error("password1", "请输入新密码。")
            return False
        if p1 != p2:
            self.add_error("password2", PASSWORDS_DIFFER)
            return False
        return True
