import pytest


@pytest.fixture(autouse=True)
def _media(media_root):
    """Uploaded import files go to a temporary directory."""
    return media_root
