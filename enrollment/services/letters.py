"""Writes about commitment letters: render the seed text and sign it, once."""

import base64
import binascii
import datetime
import hashlib
import io
import re

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from PIL import Image, UnidentifiedImageError

import journey
from accounts.models import User
from common.audit import audit_record
from enterprises.models import PenaltyRecord

from ..models import CommitmentLetter

LETTER_TEMPLATE = "enrollment/letter_text.txt"

ID_LAST4_INVALID = "证件号码后四位：请输入 4 位，均为数字，或前三位数字加最后一位 X。"
ID_TYPE_INVALID = "证件类型：请选择证件类型。"
SIGNER_NAME_REQUIRED = "签署人姓名：请输入签署人的完整姓名。"
SIGNATURE_REQUIRED = "签名：请在签名框内手写签名；无法手写时请输入姓名作为签名。"
SIGNATURE_NOT_PNG = "签名：手写签名不是有效的 PNG 图片，请重新签名。"
SIGNATURE_TOO_LARGE = "签名：手写签名图片过大（不超过 {kb} KB），请清除后重签。"
TYPED_SIGNATURE_MISMATCH = "输入签名：输入的签名须与签署人姓名一致。"
LETTER_ALREADY_SIGNED = (
    "承诺书：该行政处罚的信用修复承诺书已于 {at} 签署，不能重复签署。"
)
LETTER_OUT_OF_SCOPE = "承诺书：只能为本企业的行政处罚签署承诺书。"
LETTER_NOT_REPAIRABLE = (
    "承诺书：该行政处罚属于依规不可修复的失信程度（如特定严重失信），"
    "无需也不能签署承诺书。"
)

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
PNG_PREFIX = "data:image/png;base64,"
MAX_SIGNATURE_BYTES = 200 * 1024
MAX_SIGNATURE_SIDE = 2000
ID_LAST4_RE = re.compile(r"^[0-9]{3}[0-9X]$")


def letter_text(
    *,
    penalty: PenaltyRecord,
    signer_name: str = "",
    id_type: str = "",
    id_last4: str = "",
    signed_on: datetime.date | None = None,
) -> str:
    """The seed's attachment-2 text filled in from the archive (blanks when unknown).

    The same string is stored, hashed and printed in the PDF.
    """
    enterprise = penalty.enterprise
    region = enterprise.region
    labels = dict(CommitmentLetter.IdType.choices)
    return render_to_string(
        LETTER_TEMPLATE,
        {
            "enterprise": enterprise,
            "penalty": penalty,
            "signer_name": signer_name,
            "id_type_label": labels.get(id_type, ""),
            "id_last4": id_last4,
            "decided": penalty.decision_date,
            "signed": signed_on or timezone.localdate(),
            "province": region.city.province.short_name,
            "city": region.city.short_name,
            "county": region.name,
        },
    ).strip()


def text_sha256(text: str) -> str:
    """SHA-256 (hex) of the UTF-8 bytes of `text`."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def signature_png(data_url: str) -> bytes:
    """Decode a canvas PNG data URL; refuse anything but a real, small PNG."""
    if not data_url.startswith(PNG_PREFIX):
        raise ValidationError({"signature": SIGNATURE_NOT_PNG})
    payload = data_url[len(PNG_PREFIX) :]
    too_large = SIGNATURE_TOO_LARGE.format(kb=MAX_SIGNATURE_BYTES // 1024)
    if len(payload) > MAX_SIGNATURE_BYTES * 4 // 3 + 4:
        raise ValidationError({"signature": too_large})
    try:
        raw = base64.b64decode(payload, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ValidationError({"signature": SIGNATURE_NOT_PNG}) from exc
    if len(raw) > MAX_SIGNATURE_BYTES:
        raise ValidationError({"signature": too_large})
    if not raw.startswith(PNG_MAGIC):
        raise ValidationError({"signature": SIGNATURE_NOT_PNG})
    try:
        with Image.open(io.BytesIO(raw)) as image:
            image.verify()
            fmt, (width, height) = image.format, image.size
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ValidationError({"signature": SIGNATURE_NOT_PNG}) from exc
    if fmt != "PNG" or max(width, height) > MAX_SIGNATURE_SIDE:
        raise ValidationError({"signature": SIGNATURE_NOT_PNG})
    return raw


def _clean_fields(
    *, signer_name, id_type, id_last4, signature_data_url, typed_signature
) -> tuple[dict, bytes | None]:
    errors = {}
    if not signer_name:
        errors["signer_name"] = SIGNER_NAME_REQUIRED
    if id_type not in CommitmentLetter.IdType.values:
        errors["id_type"] = ID_TYPE_INVALID
    if not ID_LAST4_RE.match(id_last4):
        errors["id_last4"] = ID_LAST4_INVALID
    raw = None
    if signature_data_url:
        try:
            raw = signature_png(signature_data_url)
        except ValidationError as exc:
            errors.update({k: v[0] for k, v in exc.message_dict.items()})
    elif not typed_signature:
        errors["signature"] = SIGNATURE_REQUIRED
    elif typed_signature != signer_name:
        errors["typed_signature"] = TYPED_SIGNATURE_MISMATCH
    return errors, raw


@transaction.atomic
def letter_sign(
    *,
    actor: User,
    penalty: PenaltyRecord,
    signer_name: str,
    id_type: str,
    id_last4: str,
    ip_address: str,
    user_agent: str = "",
    signature_data_url: str = "",
    typed_signature: str = "",
) -> CommitmentLetter:
    """Sign the commitment letter of `penalty` for the actor's own enterprise."""
    if not actor.enterprise_id or penalty.enterprise_id != actor.enterprise_id:
        raise ValidationError({"penalty": LETTER_OUT_OF_SCOPE})
    if not journey.letters_required(enterprise=penalty.enterprise).filter(
        pk=penalty.pk
    ):
        raise ValidationError({"penalty": LETTER_NOT_REPAIRABLE})
    signer_name = (signer_name or "").strip()
    id_last4 = (id_last4 or "").strip().upper()
    typed_signature = (typed_signature or "").strip()
    errors, raw = _clean_fields(
        signer_name=signer_name,
        id_type=id_type,
        id_last4=id_last4,
        signature_data_url=(signature_data_url or "").strip(),
        typed_signature=typed_signature,
    )
    if errors:
        raise ValidationError(errors)
    penalty = (
        PenaltyRecord.objects.select_for_update()
        .select_related("enterprise__region")
        .get(pk=penalty.pk)
    )
    existing = CommitmentLetter.objects.filter(penalty=penalty).first()
    if existing is not None:
        at = timezone.localtime(existing.signed_at).strftime("%Y-%m-%d %H:%M")
        raise ValidationError({"penalty": LETTER_ALREADY_SIGNED.format(at=at)})
    now = timezone.now()
    text = letter_text(
        penalty=penalty,
        signer_name=signer_name,
        id_type=id_type,
        id_last4=id_last4,
        signed_on=timezone.localdate(now),
    )
    letter = CommitmentLetter(
        penalty=penalty,
        enterprise=penalty.enterprise,
        signer=actor,
        signer_name=signer_name,
        id_type=id_type,
        id_last4=id_last4,
        signature_kind=(
            CommitmentLetter.SignatureKind.DRAWN
            if raw
            else CommitmentLetter.SignatureKind.TYPED
        ),
        rendered_text=text,
        text_sha256=text_sha256(text),
        signed_at=now,
        ip_address=ip_address or "0.0.0.0",  # noqa: S104 - a placeholder, not a bind
        user_agent=(user_agent or "")[:500],
    )
    if raw:
        letter.signature_image.save(
            f"letter-{penalty.pk}.png", ContentFile(raw), save=False
        )
    letter.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            letter.save()
    except IntegrityError as exc:  # signed concurrently in another request
        raise ValidationError(
            {"penalty": LETTER_ALREADY_SIGNED.format(at="刚才")}
        ) from exc
    audit_record(
        actor=actor,
        action="letter.sign",
        obj=letter,
        detail={"sha256": letter.text_sha256},
        ip_address=letter.ip_address,
    )
    return letter
