"""Fuzz the registry loader (and name normalisation) for a while with hypothesis.

    .venv/bin/python benchmarks/fuzz_registry.py [--seconds 180]

Every input must either load or raise InputError with a one-line message; anything else is
a finding, printed with the input that caused it (and kept as a regression test in
tests/test_hardening.py or tests/test_properties.py once fixed). Prints one JSON line.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

from hypothesis import HealthCheck, given, seed, settings

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cultuurregio.messages import InputError
from cultuurregio.model.names import normalise
from cultuurregio.sources.registry import parse_registry
from tests.strategies import yaml_texts


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=180)
    args = parser.parse_args()
    findings: list[dict[str, str]] = []
    count = 0
    start = time.monotonic()

    def check(text: str) -> None:
        nonlocal count
        count += 1
        assert normalise(normalise(text)) == normalise(text), "normalise not idempotent"
        try:
            parse_registry(text, label="fuzz.yaml")
        except InputError as exc:
            assert "\n" not in exc.render("nl") and "\n" not in exc.render("en")

    while time.monotonic() - start < args.seconds:
        batch = seed(random.randrange(2**32))(
            settings(max_examples=500, deadline=None, database=None,
                     suppress_health_check=list(HealthCheck))(given(yaml_texts)(check))
        )
        try:
            batch()
        except Exception as exc:  # a finding: keep the (shrunk) example
            findings.append({"error": f"{type(exc).__name__}: {exc}"[:500]})
    elapsed = time.monotonic() - start
    print(json.dumps({"inputs": count, "seconds": round(elapsed, 1),
                      "per_second": round(count / elapsed), "findings": findings}))
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
