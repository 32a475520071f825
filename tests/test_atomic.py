"""Atomic writes: all files or none, never a half-written one."""

from __future__ import annotations

from pathlib import Path

import pytest

from cultuurregio.messages import InputError
from cultuurregio.render.files import write_files


def test_writes_all(tmp_path: Path) -> None:
    written = write_files({tmp_path / "a" / "x.txt": "één", tmp_path / "y.bin": b"\x00"})
    assert (tmp_path / "a" / "x.txt").read_text(encoding="utf-8") == "één"
    assert (tmp_path / "y.bin").read_bytes() == b"\x00"
    assert len(written) == 2


def test_failure_leaves_nothing(tmp_path: Path) -> None:
    blocker = tmp_path / "blocked"
    blocker.write_text("a file where a folder should be")
    with pytest.raises(InputError, match="kan niet schrijven"):
        write_files({tmp_path / "first.txt": "1", blocker / "second.txt": "2"})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["blocked"]


def test_failure_keeps_old_content(tmp_path: Path) -> None:
    target = tmp_path / "keep.txt"
    target.write_text("old")

    with pytest.raises(TypeError):  # the second file's content is not writable
        write_files({target: "new", tmp_path / "other.txt": object()})  # type: ignore[dict-item]
    assert target.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.txt"]
