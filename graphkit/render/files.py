"""The one place that writes files: all of a command's outputs, or none of them.

What `write_files` promises (README, "Security and failure behaviour"):

1. Every target is checked before anything changes: a folder (or device, pipe) where a
   file should go, or a folder that cannot be written, is a one-line `InputError`.
2. Everything is written to temporary files beside the targets and flushed to disk first
   (`.NAME.PID.XXXXXXXX.tmp`); a write error (disk full, file too large, no permission)
   removes them and becomes a one-line `InputError`.
3. Only then are the temporaries renamed over the targets, one `os.replace` each, with
   SIGINT, SIGTERM and SIGHUP held until the last rename is done. Should a rename still
   fail, the targets already replaced are put back (from hard links taken just before).
4. Temporaries left by an earlier run that was killed (SIGKILL, power cut) are removed
   when a later run writes to the same folder; those of a live process are left alone.

Only SIGKILL or a power cut during the renames themselves (a few milliseconds) can leave
new files beside old ones.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import signal
import stat
import tempfile
import threading
from collections.abc import Iterator, Mapping
from pathlib import Path

from ..messages import InputError, Problem

__all__ = ["remove_files", "write_files"]

_HELD = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP")
              if hasattr(signal, name))


def write_files(files: Mapping[Path, bytes | str]) -> list[Path]:
    """Write every file in `files` or none of them (see the module docstring)."""
    targets = {Path(t): c for t, c in files.items()}
    created = _check_targets(targets)
    for folder in sorted({t.parent for t in targets}):
        _remove_stale(folder, {t.name for t in targets if t.parent == folder})
    staged: list[tuple[Path, Path]] = []
    umask = os.umask(0)
    os.umask(umask)
    try:
        for target, content in targets.items():
            data = content.encode("utf-8") if isinstance(content, str) else content
            staged.append((_write_temporary(target, data, umask), target))
        with _signals_held():
            _replace_all(staged)
    except BaseException:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        for folder in reversed(created):
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise
    for folder in sorted({t.parent for t in targets}):
        _sync_folder(folder)
    return list(targets)


def remove_files(paths: list[Path]) -> None:
    """Remove files (the cache's damaged ones); a file already gone is fine, any other
    failure is the one-line error."""
    for path in paths:
        try:
            path.unlink(missing_ok=True)
        except OSError as exc:
            raise _unwritable(path, exc) from None


def _unwritable(target: Path, exc: OSError | None = None, key: str = "output_unwritable",
                ) -> InputError:
    if exc is None:
        return InputError(target, Problem(key))
    return InputError(target, Problem(key, reason=exc.strerror or type(exc).__name__))


def _check_targets(targets: Mapping[Path, object]) -> list[Path]:
    """Check every target before anything is written; the folders created, outermost first."""
    created: list[Path] = []
    try:
        for target in targets:
            folder = target.parent
            missing = [p for p in (folder, *folder.parents) if not p.exists()]
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise _unwritable(target, exc) from None
            created += [p for p in reversed(missing) if p not in created]
            if not os.access(folder, os.W_OK | os.X_OK):
                raise _unwritable(target, PermissionError(13, os.strerror(13)))
            try:
                mode = os.stat(target).st_mode
            except FileNotFoundError:
                continue
            except OSError as exc:
                raise _unwritable(target, exc) from None
            if stat.S_ISDIR(mode):
                raise InputError(target, Problem("output_is_folder"))
            if not stat.S_ISREG(mode):
                raise InputError(target, Problem("file_not_regular"))
    except InputError:
        for folder in reversed(created):
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise
    return created


def _temporary_pattern(name: str) -> re.Pattern[str]:
    """Temporary names of `name`: `.NAME.PID.XXXXXXXX.tmp` (and `.NAME.XXXXXXXX.tmp` of
    versions before the process id was part of the name)."""
    return re.compile(rf"\.{re.escape(name)}\.(?:(\d+)\.)?[A-Za-z0-9_]{{8}}\.tmp")


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, but belongs to someone else
        return True
    return True


def _remove_stale(folder: Path, names: set[str]) -> None:
    patterns = [_temporary_pattern(n) for n in sorted(names)]
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        for pattern in patterns:
            found = pattern.fullmatch(entry.name)
            if found and not (found.group(1) and _alive(int(found.group(1)))):
                with contextlib.suppress(OSError):
                    if entry.is_file(follow_symlinks=False):
                        os.unlink(entry.path)
                break


def _write_temporary(target: Path, data: bytes, umask: int) -> Path:
    try:
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp",
                                    dir=target.parent)
    except OSError as exc:
        raise _unwritable(target, exc) from None
    tmp = Path(name)
    try:
        os.fchmod(fd, 0o666 & ~umask)  # mkstemp makes files private; outputs are not
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
    except OSError as exc:  # disk full, file too large (RLIMIT_FSIZE), I/O error
        tmp.unlink(missing_ok=True)
        raise _unwritable(target, exc) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def _replace_all(staged: list[tuple[Path, Path]]) -> None:
    """Rename every temporary over its target; on a failure put the old targets back."""
    backups: list[tuple[Path, Path | None]] = []  # (target, hard link to its old content)
    try:
        for _, target in staged:
            backups.append((target, _backup(target)))
        done: list[tuple[Path, Path | None]] = []
        try:
            for (tmp, target), backup in zip(staged, backups, strict=True):
                os.replace(tmp, target)
                done.append(backup)
        except OSError as exc:
            failed = target
            for replaced, old in reversed(done):
                with contextlib.suppress(OSError):
                    if old is not None:
                        os.replace(old, replaced)
                    else:
                        replaced.unlink()
            raise _unwritable(failed, exc) from None
    finally:
        for _, old in backups:
            if old is not None:
                old.unlink(missing_ok=True)


def _backup(target: Path) -> Path | None:
    """A hard link to `target`'s current content (None when there is none, or the file
    system has no hard links)."""
    link = target.with_name(f".{target.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    try:
        os.link(target, link)
    except OSError:
        return None
    return link


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Hold SIGINT, SIGTERM and SIGHUP; deliver the first one caught when leaving."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = {sig: signal.signal(sig, lambda s, _f: caught.append(s)) for sig in _HELD}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler if handler is not None else signal.SIG_DFL)
        if caught:
            signal.raise_signal(caught[0])


def _sync_folder(folder: Path) -> None:
    """Make the renames durable (where the platform lets a folder be synced)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
