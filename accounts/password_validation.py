"""Password rules worded for representatives: plain Chinese, saying what to do.

The checks are Django's own; only the guidance and the messages are ours.
Listed in settings.AUTH_PASSWORD_VALIDATORS.
"""

from django.contrib.auth import password_validation as django_rules
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

TOO_SHORT = "密码太短：至少要 %(min_length)d 位，现在只有 %(length)d 位。"
TOO_COMMON = "这个密码太常见，很容易被猜到，请换一个。"
ALL_DIGITS = "密码不能全是数字，请加上字母或符号，例如 Xinyong#2026。"
TOO_SIMILAR = "密码和您填写的%(verbose_name)s太像，请换一个别人猜不到的。"


class MinimumLengthValidator(django_rules.MinimumLengthValidator):
    def validate(self, password, user=None):
        if len(password) < self.min_length:
            raise ValidationError(
                _(TOO_SHORT),
                code="password_too_short",
                params={"min_length": self.min_length, "length": len(password)},
            )

    def get_help_text(self):
        return _("至少 %(min_length)d 位，字母、数字、符号都可以用。") % {
            "min_length": self.min_length
        }


class CommonPasswordValidator(django_rules.CommonPasswordValidator):
    def validate(self, password, user=None):
        try:
            super().validate(password, user)
        except ValidationError:
            raise ValidationError(_(TOO_COMMON), code="password_too_common") from None

    def get_help_text(self):
        return _("不要用 12345678、password 这类常见密码。")


class NumericPasswordValidator(django_rules.NumericPasswordValidator):
    def validate(self, password, user=None):
        if password.isdigit():
            raise ValidationError(_(ALL_DIGITS), code="password_entirely_numeric")

    def get_help_text(self):
        return _("不能全是数字（也不要用手机号或生日）。")


class UserAttributeSimilarityValidator(django_rules.UserAttributeSimilarityValidator):
    def validate(self, password, user=None):
        try:
            super().validate(password, user)
        except ValidationError as error:
            raise ValidationError(
                _(TOO_SIMILAR),
                code="password_too_similar",
                params=error.params,
            ) from None

    def get_help_text(self):
        return _("不要和用户名、手机号、姓名太像。")
