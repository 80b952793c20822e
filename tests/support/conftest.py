"""The support tests' fixture: a later version with a Processtöd item more."""

from tests.support.helpers import later_version

__all__ = ["later_version"]
