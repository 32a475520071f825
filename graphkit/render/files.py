"""The one place that writes files: atomically, so no reader ever sees half a file."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

from ..messages import InputError, Problem

__all__ = ["write_files"]


def write_files(files: Mapping[Path, bytes | str]) -> list[Path]:
    """Write every file in `files` or none of them.

    Each file is first written to a temporary file in its target folder and flushed; only
    when all temporaries exist are they renamed into place. On any failure the temporaries
    are removed and an `InputError` names the target that could not be written.
    """
    staged: list[tuple[Path, Path]] = []
    umask = os.umask(0)
    os.umask(umask)
    try:
        for target, content in files.items():
            target = Path(target)
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                fd, tmp = tempfile.mkstemp(
                    prefix=f".{target.name}.", suffix=".tmp", dir=target.parent
                )
            except OSError as exc:
                problem = Problem("output_unwritable", reason=exc.strerror)
                raise InputError(target, problem) from None
            staged.append((Path(tmp), target))
            data = content.encode("utf-8") if isinstance(content, str) else content
            os.fchmod(fd, 0o666 & ~umask)  # mkstemp makes files private; outputs are not
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
        for tmp, target in staged:
            os.replace(tmp, target)
    except BaseException:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        raise
    return [target for _, target in staged]
