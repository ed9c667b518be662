"""PAdES signing of the platform's PDFs, validated with pyHanko."""

import datetime
import io
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from asn1crypto import keys, tsp
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from django.conf import settings
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import signers
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from common import signing
from common.pdf import font_css, html_to_pdf

pytestmark = pytest.mark.smoke


@pytest.fixture(scope="module")
def pdf() -> bytes:
    return html_to_pdf(
        f"<html><head><style>{font_css()}</style></head>"
        "<body><p>培训结业证明 XY2026-01-0001</p></body></html>"
    )


@pytest.fixture(scope="module")
def signed(pdf) -> bytes:
    return signing.sign_pdf(pdf, kind="培训结业证明", serial="XY2026-01-0001")


def test_signature_validates_with_pyhanko_against_the_platform_ca(signed):
    embedded = PdfFileReader(io.BytesIO(signed)).embedded_signatures[0]
    context = ValidationContext(trust_roots=signing.trust_roots())
    status = validate_pdf_signature(embedded, signer_validation_context=context)
    assert status.intact and status.valid and status.trusted
    assert status.coverage.name == "ENTIRE_FILE"
    assert status.signer_reported_dt is not None  # signing time embedded
    check = signing.check_pdf(signed)
    assert check.authentic
    assert (check.kind, check.serial) == ("培训结业证明", "XY2026-01-0001")


def test_changing_one_byte_of_the_signed_content_fails_validation(signed):
    # a byte inside the first content stream, well before the signature
    data = bytearray(signed)
    position = data.find(b"stream") + 20
    assert position < data.find(b"/ByteRange")
    data[position] ^= 0x01
    check = signing.check_pdf(bytes(data))
    assert check.problems == [signing.SIGNATURE_BROKEN]


def test_an_appended_revision_is_reported(signed):
    writer = IncrementalPdfFileWriter(io.BytesIO(signed))
    writer.root["/Lang"] = generic.TextStringObject("en")
    writer.update_root()
    out = io.BytesIO()
    writer.write(out)
    assert signing.CHANGED_AFTER in signing.check_pdf(out.getvalue()).problems


def test_unsigned_garbage_and_foreign_signatures_are_refused(pdf, tmp_path):
    assert signing.check_pdf(pdf).problems == [signing.NOT_SIGNED]
    assert signing.check_pdf(b"%PDF-1.4 nonsense").problems == [signing.NOT_A_PDF]
    other = signing.make_local_ca(tmp_path)
    foreign = signers.SimpleSigner.load(
        str(other["key"]), str(other["cert"]), ca_chain_files=[str(other["ca_cert"])]
    )
    out = signers.sign_pdf(
        IncrementalPdfFileWriter(io.BytesIO(pdf)),
        signers.PdfSignatureMetadata(
            field_name="Sig",
            reason=signing.reason_for(kind="培训结业证明", serial="XY2026-01-0001"),
        ),
        signer=foreign,
    )
    assert signing.check_pdf(out.getvalue()).problems == [signing.NOT_OUR_SIGNER]


def test_signing_setup_creates_once_and_keeps_the_key(settings, tmp_path):
    settings.DOCUMENT_SIGNING_KEY = str(tmp_path / "k" / "signing.key")
    settings.DOCUMENT_SIGNING_CERT = str(tmp_path / "k" / "signing.crt")
    settings.DOCUMENT_SIGNING_CA_CERT = str(tmp_path / "k" / "ca.crt")
    created, paths = signing.signing_setup()
    assert created and paths["key"].stat().st_mode & 0o077 == 0
    first = paths["key"].read_bytes()
    assert signing.signing_setup() == (False, paths)
    assert paths["key"].read_bytes() == first
    signing.signer.cache_clear()


def _tsa_material():
    """A timestamping certificate issued by the platform's local CA."""
    ca_dir = settings.DOCUMENT_SIGNING_DIR
    ca_key = serialization.load_pem_private_key((ca_dir / "ca.key").read_bytes(), None)
    ca_cert = x509.load_pem_x509_certificate((ca_dir / "ca.crt").read_bytes())
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "测试 TSA")]))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True
        )
        .sign(ca_key, hashes.SHA256())
    )
    der = serialization.Encoding.DER
    return (
        asn1_x509.Certificate.load(cert.public_bytes(der)),
        keys.PrivateKeyInfo.load(
            key.private_bytes(
                der,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        ),
    )


@pytest.fixture
def fake_tsa(signed):  # `signed` first: the local CA exists
    stamper = DummyTimeStamper(*_tsa_material())

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - http.server's name
            body = self.rfile.read(int(self.headers["Content-Length"]))
            response = stamper.request_tsa_response(tsp.TimeStampReq.load(body))
            data = response.dump()
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/tsr"
    server.shutdown()


def test_an_rfc3161_timestamp_is_embedded_when_a_tsa_is_set(settings, pdf, fake_tsa):
    settings.DOCUMENT_SIGNING_TSA_URL = fake_tsa
    stamped = signing.sign_pdf(pdf, kind="培训结业证明", serial="XY2026-01-0001")
    check = signing.check_pdf(stamped)
    assert check.authentic and check.timestamped
    settings.DOCUMENT_SIGNING_TSA_URL = ""
    assert not signing.check_pdf(
        signing.sign_pdf(pdf, kind="k", serial="s")
    ).timestamped
