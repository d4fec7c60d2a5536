"""A conftest.py that gives every test in its directory the same seed data.

Copy it as conftest.py; tests there ask for pydynox_memory_backend_seeded.
"""

# conftest.py
import pytest

@pytest.fixture
def pydynox_seed():
    return {
        "users": [
            {"pk": "ADMIN#1", "name": "Admin", "role": "admin"},
            {"pk": "USER#1", "name": "Test User", "role": "user"},
        ]
    }
