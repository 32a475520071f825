"""cultuurregio: who is covered by a Dutch culture region, who is not, who is counted twice.

    >>> import cultuurregio
    >>> a = cultuurregio.analyse()                      # doctest: +SKIP

`analyse`, `validate`, `compare` and `report` return result objects; unusable input raises
`InputError` with the message the command line prints.
"""

__version__ = "0.1.0"

# after __version__, which the renderers import
from .api import (
    Analysis,
    Comparison,
    InputError,
    Report,
    Validation,
    analyse,
    compare,
    report,
    validate,
)

__all__ = [
    "Analysis", "Comparison", "InputError", "Report", "Validation", "__version__", "analyse",
    "compare", "report", "validate",
]
