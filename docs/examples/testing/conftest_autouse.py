"""A conftest.py that puts every test of its directory on the memory backend.

Copy it as conftest.py: tests there need not ask for any fixture.
"""

# conftest.py
import pytest

@pytest.fixture(autouse=True)
def use_memory_backend(pydynox_memory_backend):
    yield
