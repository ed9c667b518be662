"""Media on an S3-compatible bucket: a local S3 server (moto's server mode) stands in
for MinIO / Aliyun OSS / Tencent COS, configured as config.settings.base does it."""

import io
import urllib.request

import boto3
import pytest
from django.core.files.images import ImageFile
from django.core.files.uploadedfile import SimpleUploadedFile
from moto.server import ThreadedMotoServer
from PIL import Image
from pypdf import PdfReader
from wagtail.images.models import Image as WagtailImage

from certificates import documents, services
from certificates.tests.factories import eligible_enrolment
from config.settings.base import s3_media_storage
from tests.factories import TrainerFactory
from tests.servers import free_port

pytestmark = pytest.mark.django_db

BUCKET = "xyxf-media"


@pytest.fixture
def bucket(settings):
    """A private bucket on a local S3 server, and media stored there."""
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    keys = {"access_key": "test-key", "secret_key": "test-secret"}
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id=keys["access_key"],
        aws_secret_access_key=keys["secret_key"],
    )
    client.create_bucket(Bucket=BUCKET)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": s3_media_storage(
            bucket=BUCKET, endpoint_url=endpoint, region="us-east-1", **keys
        ),
    }
    yield client
    server.stop()


def _png(colour=(200, 0, 0, 255)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGBA", (120, 120), colour).save(buffer, "PNG")
    return buffer.getvalue()


def _keys(client) -> list[str]:
    listing = client.list_objects_v2(Bucket=BUCKET)
    return [item["Key"] for item in listing.get("Contents", [])]


def test_seal_is_stored_in_the_bucket_printed_from_it_and_served_signed(bucket):
    certificate = services.certificate_issue(
        enrolment=eligible_enrolment(penalties=1), exam_score=90
    )
    pdf = documents.certificate_pdf(certificate=certificate)
    without = len(PdfReader(io.BytesIO(pdf)).pages[0].images)
    seal = services.agency_seal_set(
        agency=certificate.agency,
        image=SimpleUploadedFile("seal.png", _png(), "image/png"),
        actor=TrainerFactory(agency=certificate.agency),
    )

    assert f"media/{seal.image.name}" in _keys(bucket)
    pdf = documents.certificate_pdf(certificate=certificate)
    assert len(PdfReader(io.BytesIO(pdf)).pages[0].images) == without + 1
    url = seal.image.url
    assert "X-Amz-Signature=" in url and "X-Amz-Expires=3600" in url
    with urllib.request.urlopen(url, timeout=10) as response:
        assert response.read() == _png()


def test_wagtail_image_and_its_rendition_live_in_the_bucket(bucket):
    image = WagtailImage.objects.create(
        title="课程配图", file=ImageFile(io.BytesIO(_png((0, 0, 200, 255))), "pic.png")
    )

    rendition = image.get_rendition("fill-60x40")

    keys = _keys(bucket)
    assert f"media/{image.file.name}" in keys
    assert f"media/{rendition.file.name}" in keys
    assert (rendition.width, rendition.height) == (60, 40)
