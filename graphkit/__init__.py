"""cultuurregio: who is covered by a Dutch culture region, who is not, who is counted twice.

`analyse`, `validate`, `compare`, `report` and `advise` run the whole pipeline and return
result objects (see `cultuurregio.api`); `data_overview`, `data_download` and `data_import`
list and fetch CBS data; unusable input raises `InputError` with the message the command
line prints.

The API is imported on first use, so `import cultuurregio` (and `python -m cultuurregio`,
which imports this package first) stays instant and a Ctrl-C during start-up is handled by
the command line's own guard.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "Advice", "Analysis", "Comparison", "InputError", "Report", "Validation", "__version__",
    "advise", "analyse", "compare", "data_download", "data_import", "data_overview", "report",
    "validate",
]

_API = frozenset(__all__) - {"__version__"}

if TYPE_CHECKING:
    from .api import (
        Advice,
        Analysis,
        Comparison,
        InputError,
        Report,
        Validation,
        advise,
        analyse,
        compare,
        data_download,
        data_import,
        data_overview,
        report,
        validate,
    )


def __getattr__(name: str) -> Any:
    if name in _API:
        from . import api

        return getattr(api, name)
    raise AttributeError(f"module 'cultuurregio' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | _API)
