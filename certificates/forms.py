"""Forms of the certificate pages; rules live in services."""

from django import forms
from django.utils import timezone

from .models import RepairApplication


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="原因",
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "原因：请填写撤销或重新签发的原因。"},
    )


class VerifyForm(forms.Form):
    serial = forms.CharField(
        label="证书编号",
        max_length=40,
        error_messages={"required": "证书编号：请输入证书上的编号。"},
    )
    code = forms.CharField(
        label="验证码",
        max_length=40,
        error_messages={"required": "验证码：请输入证书上的验证码。"},
    )

    def clean_serial(self):
        return self.cleaned_data["serial"].strip().upper()

    def clean_code(self):
        return self.cleaned_data["code"].strip()


PDF_UPLOAD_MAX_BYTES = 10 * 1024 * 1024
PDF_TOO_LARGE = "PDF 文件：文件超过 10 MB，请上传本平台出具的原始电子文件。"
PDF_NOT_PDF = "PDF 文件：只能上传 PDF 文件。"


class VerifyUploadForm(forms.Form):
    pdf = forms.FileField(
        label="PDF 文件",
        error_messages={"required": "PDF 文件：请选择要核验的电子文件。"},
    )

    def clean_pdf(self):
        upload = self.cleaned_data["pdf"]
        if upload.size > PDF_UPLOAD_MAX_BYTES:
            raise forms.ValidationError(PDF_TOO_LARGE)
        head = upload.read(5)
        upload.seek(0)
        if head != b"%PDF-":
            raise forms.ValidationError(PDF_NOT_PDF)
        return upload


class RepairApplicationForm(forms.Form):
    status = forms.ChoiceField(
        label="状态",
        choices=RepairApplication.Status.choices,
        error_messages={"invalid_choice": "状态：请选择有效的状态。"},
    )
    on = forms.DateField(
        label="日期",
        initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "required": "日期：请填写该状态对应的日期。",
            "invalid": "日期：格式应为 年-月-日。",
        },
    )
    note = forms.CharField(label="备注", max_length=500, required=False)


class SealForm(forms.Form):
    image = forms.ImageField(
        label="印章图片（PNG，透明背景为佳）",
        error_messages={
            "required": "印章图片：请选择图片文件。",
            "invalid_image": "印章图片：无法识别的图片文件。",
        },
    )
