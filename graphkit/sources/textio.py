"""Reading small text inputs (YAML, CSV) with every failure turned into an `InputError`.

Only regular files are read (a FIFO, `/dev/zero` or a terminal would block or never end),
and at most `max_bytes` are read whatever size the file claims: `st_size` is not trusted.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ..messages import InputError, Problem

__all__ = ["MAX_BYTES", "read_bytes", "read_text"]

MAX_BYTES = 20_000_000
_CHUNK = 1 << 20


def read_bytes(path: Path, *, max_bytes: int = MAX_BYTES) -> bytes:
    """The bytes of the regular file `path`, at most `max_bytes` of them."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):  # before open: a FIFO blocks in open
            raise InputError(path, Problem("file_not_regular"))
        # O_NONBLOCK: should the path be swapped for a FIFO after the check, open returns
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(
            os, "O_NOCTTY", 0))
    except FileNotFoundError:
        raise InputError(path, Problem("file_missing")) from None
    except OSError as exc:
        raise InputError(path, Problem("file_unreadable", reason=exc.strerror)) from None
    with os.fdopen(fd, "rb") as fh:
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise InputError(path, Problem("file_not_regular"))
            chunks: list[bytes] = []
            size = 0
            while size <= max_bytes:
                chunk = fh.read(min(_CHUNK, max_bytes + 1 - size))
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
        except OSError as exc:
            raise InputError(path, Problem("file_unreadable", reason=exc.strerror)) from None
    if size > max_bytes:
        raise InputError(path, Problem("file_too_large", limit=max_bytes))
    return b"".join(chunks)


def read_text(path: Path, *, max_bytes: int = MAX_BYTES) -> str:
    """The file's UTF-8 text (a byte-order mark is dropped)."""
    raw = read_bytes(path, max_bytes=max_bytes)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(path, Problem("not_utf8", pos=exc.start)) from None
