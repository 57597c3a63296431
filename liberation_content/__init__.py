"""Patient information about the liberation procedure (CCSVI venous angioplasty) for MS.

Importing this package uses only the standard library.
"""

from liberation_content._version import __version__
from liberation_content.errors import LiberationError

__all__ = ["LiberationError", "__version__"]
