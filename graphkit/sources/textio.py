"""Reading small text inputs (YAML, CSV) with every failure turned into an `InputError`."""

from __future__ import annotations

from pathlib import Path

from ..messages import InputError, Problem

__all__ = ["MAX_BYTES", "read_text"]

MAX_BYTES = 20_000_000


def read_text(path: Path, *, max_bytes: int = MAX_BYTES) -> str:
    """The file's UTF-8 text (a byte-order mark is dropped)."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(path, Problem("file_too_large", size=size, limit=max_bytes))
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError(path, Problem("file_missing")) from None
    except IsADirectoryError:
        raise InputError(path, Problem("file_unreadable", reason="is a directory")) from None
    except OSError as exc:
        raise InputError(path, Problem("file_unreadable", reason=exc.strerror)) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(path, Problem("not_utf8", pos=exc.start)) from None
