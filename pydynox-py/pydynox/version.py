"""The version this package implements, and `version_info()`: a report of it and its environment."""

from __future__ import annotations

import platform
import sys
from importlib import metadata

__all__ = ["VERSION", "version_info"]

# The pydynox API this pure-Python package implements (its own distribution is "pydynox-py").
VERSION = "1.8.0"


def version_info() -> str:
    """pydynox's version, Python's, the platform and the related packages installed, one per line (as 1.8)."""
    wanted = {"boto3", "botocore", "pydantic", "typing_extensions"}
    related = sorted(
        f"{dist.metadata['Name']}-{dist.version}" for dist in metadata.distributions() if dist.metadata["Name"] in wanted
    )
    info = {
        "pydynox version": VERSION,
        "python version": sys.version,
        "platform": platform.platform(),
        "related packages": " ".join(related) or "none",
    }
    return "\n".join("{:>30} {}".format(key + ":", str(value).replace("\n", " ")) for key, value in info.items())
