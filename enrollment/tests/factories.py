"""Factories and helpers for the enrollment tests (built on tests/factories.py)."""

import base64
import io

from PIL import Image, ImageDraw

from tests.factories import (  # noqa: F401 - re-exported for the tests
    CityOfficerFactory,
    CountyOfficerFactory,
    EnterpriseFactory,
    PenaltyRecordFactory,
    PlanLineFactory,
    ProgrammeFactory,
    RegionFactory,
    RepresentativeFactory,
    TrainerFactory,
    TrainingSessionFactory,
)


def signature_data_url(width: int = 300, height: int = 120) -> str:
    """A small PNG with a scribble, as a canvas would post it."""
    image = Image.new("RGBA", (width, height), (255, 255, 255, 0))
    ImageDraw.Draw(image).line(
        [(10, 100), (80, 20), (160, 90), (290, 15)], fill="black", width=4
    )
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def representative_in(region, **kwargs):
    """A representative whose enterprise is in `region`."""
    return RepresentativeFactory(enterprise=EnterpriseFactory(region=region), **kwargs)
