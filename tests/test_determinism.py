"""Same inputs, byte-identical outputs: every command, in fresh processes with different
hash seeds."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parent.parent / "geodata" / "voorstellen"

COMMANDS = {
    "analyse": ["analyse", "--kaart"],
    "valideer": ["valideer", str(EXAMPLES / "achterhoek.yaml"),
                 str(EXAMPLES / "noord-limburg.yaml")],
    "vergelijk": ["vergelijk", "2018", "2025-2028", "--coverage", "listed"],
    "rapport": ["rapport", "--lang", "en"],
}


def _run(args: list[str], out: Path, geodata: Path, seed: str) -> dict[str, bytes]:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    result = subprocess.run(
        [sys.executable, "-m", "cultuurregio.cli", *args, "--geodata", str(geodata), "--out",
         str(out)], capture_output=True, env=env, check=False,
    )
    assert result.returncode == 0, result.stderr
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


@pytest.mark.parametrize("command", list(COMMANDS))
def test_byte_identical_across_hash_seeds(command: str, geodata: Path, tmp_path: Path) -> None:
    first = _run(COMMANDS[command], tmp_path / "a", geodata, "1")
    second = _run(COMMANDS[command], tmp_path / "b", geodata, "4242")
    assert first and list(first) == list(second)
    for name in first:
        assert first[name] == second[name], f"{command}: {name} differs"
