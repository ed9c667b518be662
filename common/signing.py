"""PAdES signatures on the platform's official PDFs, and their verification.

Certificates, repair proofs and signed commitment letters are signed with the
platform's document-signing key (pyHanko, PAdES baseline, signing time embedded; an
RFC 3161 timestamp when DOCUMENT_SIGNING_TSA_URL is set). `manage.py signing_setup`
makes a local CA and signing certificate under var/signing/ on first run; production
points the DOCUMENT_SIGNING_* settings at the operator's key and certificate.

The signature's /Reason carries the document's kind and serial, so an uploaded copy
names the record it claims to be, and the signature proves the claim.
"""

import datetime
import functools
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from django.conf import settings
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.general import load_cert_from_pemder
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

REASON_PREFIX = "本平台签发"
_REASON = re.compile(rf"^{REASON_PREFIX}：(?P<kind>[^，]+)，编号 (?P<serial>\S+)$")

NOT_A_PDF = "文件无法读取：不是有效的 PDF 文件。"
NOT_SIGNED = "文件没有数字签名：不是本平台出具的电子文件，或已被打印、扫描、转换过。"
SIGNATURE_BROKEN = "签名校验失败：文件内容在签署后被修改过。"
NOT_OUR_SIGNER = "签名证书不是本平台的文件签署证书：文件不是本平台出具的。"
CHANGED_AFTER = "文件在签署后又被追加修改，签署范围之外的内容不可信。"
NO_RECORD = "签名有效，但平台上查无此编号的文件。"


class SigningNotConfigured(RuntimeError):
    """No signing key/certificate at the configured paths (run signing_setup)."""


def _paths() -> tuple[Path, Path, Path]:
    return (
        Path(settings.DOCUMENT_SIGNING_KEY),
        Path(settings.DOCUMENT_SIGNING_CERT),
        Path(settings.DOCUMENT_SIGNING_CA_CERT),
    )


def _name(common: str) -> x509.Name:
    org = settings.DOCUMENT_SIGNING_ORG
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, org),
            x509.NameAttribute(NameOID.COMMON_NAME, common),
        ]
    )


def _write(path: Path, data: bytes, *, private: bool = False) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    if private:
        path.chmod(0o600)


def make_local_ca(directory: Path, *, days: int = 3650) -> dict[str, Path]:
    """A small CA of its own and a document-signing certificate it issued."""
    now = datetime.datetime.now(datetime.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = _name(f"{settings.DOCUMENT_SIGNING_ORG} 文件签署根证书")
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(f"{settings.DOCUMENT_SIGNING_ORG} 文件签署"))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(ca_key, hashes.SHA256())
    )
    pem = serialization.Encoding.PEM
    paths = {
        "ca_key": directory / "ca.key",
        "ca_cert": directory / "ca.crt",
        "key": directory / "signing.key",
        "cert": directory / "signing.crt",
    }
    for name, private_key in (("ca_key", ca_key), ("key", key)):
        _write(
            paths[name],
            private_key.private_bytes(
                pem,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            ),
            private=True,
        )
    _write(paths["ca_cert"], ca_cert.public_bytes(pem))
    _write(paths["cert"], cert.public_bytes(pem))
    return paths


def signing_setup(*, force: bool = False) -> tuple[bool, dict[str, Path]]:
    """Create the local CA and signing certificate unless they exist already.

    Returns (created, paths)."""
    key, cert, ca = _paths()
    paths = {"key": key, "cert": cert, "ca_cert": ca}
    if not force and key.exists() and cert.exists() and ca.exists():
        return False, paths
    made = make_local_ca(key.parent)
    for name in ("key", "cert", "ca_cert"):
        if made[name] != paths[name]:
            _write(paths[name], made[name].read_bytes(), private=name == "key")
    signer.cache_clear()
    return True, paths


@functools.cache
def signer() -> signers.SimpleSigner:
    """The platform's signer, loaded once per process."""
    key, cert, ca = _paths()
    if not (key.exists() and cert.exists()):
        if not settings.DOCUMENT_SIGNING_AUTO_SETUP:
            raise SigningNotConfigured(
                "文件签署密钥或证书不存在：请运行 manage.py signing_setup，"
                "或设置 DOCUMENT_SIGNING_KEY / DOCUMENT_SIGNING_CERT。"
            )
        signing_setup()
    passphrase = settings.DOCUMENT_SIGNING_KEY_PASSPHRASE
    loaded = signers.SimpleSigner.load(
        str(key),
        str(cert),
        ca_chain_files=[str(ca)] if ca.exists() else None,
        key_passphrase=passphrase.encode() if passphrase else None,
    )
    if loaded is None:
        raise SigningNotConfigured("文件签署密钥或证书无法读取。")
    return loaded


def _timestamper():
    url = settings.DOCUMENT_SIGNING_TSA_URL
    if not url:
        return None
    from pyhanko.sign.timestamps.requests_client import RequestsHTTPTimeStamper

    return RequestsHTTPTimeStamper(url, timeout=10)


def reason_for(*, kind: str, serial: str) -> str:
    """The /Reason that names the document inside its signature."""
    return f"{REASON_PREFIX}：{kind}，编号 {serial}"


def sign_pdf(data: bytes, *, kind: str, serial: str) -> bytes:
    """`data` signed (PAdES) by the platform, naming `kind` and `serial`."""
    if not settings.DOCUMENT_SIGNING_ENABLED:
        return data
    writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    metadata = signers.PdfSignatureMetadata(
        field_name="PlatformSignature",
        reason=reason_for(kind=kind, serial=serial),
        location=settings.SITE_BASE_URL,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
    )
    out = signers.sign_pdf(
        writer, metadata, signer=signer(), timestamper=_timestamper()
    )
    return out.getvalue()


def trust_roots() -> list:
    """The certificates a platform signature must chain to."""
    roots = [load_cert_from_pemder(settings.DOCUMENT_SIGNING_CA_CERT)]
    roots += [load_cert_from_pemder(p) for p in settings.DOCUMENT_SIGNING_EXTRA_ROOTS]
    return roots


@dataclass
class PdfCheck:
    """What an uploaded PDF's signature says."""

    problems: list[str] = field(default_factory=list)
    kind: str = ""
    serial: str = ""
    signed_at: datetime.datetime | None = None
    timestamped: bool = False

    @property
    def authentic(self) -> bool:
        return not self.problems


def check_pdf(data: bytes) -> PdfCheck:
    """Validate the platform signature of `data`; each failure as a Chinese reason."""
    check = PdfCheck()
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = reader.embedded_signatures
    except Exception:  # noqa: BLE001 - any parse failure means "not a PDF we read"
        check.problems.append(NOT_A_PDF)
        return check
    if not signatures:
        check.problems.append(NOT_SIGNED)
        return check
    embedded = signatures[0]
    reason = str(embedded.sig_object.get("/Reason", ""))
    match = _REASON.match(reason)
    if match:
        check.kind, check.serial = match["kind"], match["serial"]
    try:
        context = ValidationContext(trust_roots=trust_roots(), allow_fetching=False)
        status = validate_pdf_signature(embedded, signer_validation_context=context)
    except Exception:  # noqa: BLE001 - a malformed signature is a broken one
        check.problems.append(SIGNATURE_BROKEN)
        return check
    if not (status.intact and status.valid):
        check.problems.append(SIGNATURE_BROKEN)
    elif not status.trusted or not match:
        check.problems.append(NOT_OUR_SIGNER)
    if status.coverage is not None and status.coverage.name != "ENTIRE_FILE":
        check.problems.append(CHANGED_AFTER)
    check.signed_at = status.signer_reported_dt
    check.timestamped = status.timestamp_validity is not None
    return check
