"""Benchmarks: time the stages of `analyse` and `kaart` on the real CBS data.

    CULTUURREGIO_GEODATA=../shared/geodata .venv/bin/python benchmarks/run.py [--repeat N]

Prints a table and writes benchmarks/results.json. Work time excludes interpreter start and
imports, which are measured separately in a fresh interpreter.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _best(fn, repeat: int) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    geodata = Path(os.environ.get("CULTUURREGIO_GEODATA", HERE.parent.parent / "shared/geodata"))

    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import graphkit.cli"], check=True)
    imports = time.perf_counter() - start

    from graphkit.convert import map_data
    from graphkit.pipeline import run_analysis
    from graphkit.render_map import render_map_html
    from graphkit.render_png import render_map_png

    run = run_analysis(geodata)
    rows = {"interpreter + imports (fresh process)": (imports, imports)}
    rows["analyse work (read, resolve, graph, analyse)"] = _best(
        lambda: run_analysis(geodata), args.repeat
    )
    rows["kaart: shapes (clean, simplify, dissolve)"] = _best(
        lambda: map_data(run.reference, run.analysis), args.repeat
    )
    data = map_data(run.reference, run.analysis)
    rows["kaart: HTML (folium)"] = _best(
        lambda: render_map_html(data.to_wgs84()), args.repeat
    )
    rows["kaart: PNG (matplotlib)"] = _best(lambda: render_map_png(data), args.repeat)
    total_map = sum(rows[k][0] for k in rows if k.startswith("kaart"))
    rows["kaart: total work"] = (total_map, total_map)
    html_size = len(render_map_html(data.to_wgs84()).encode("utf-8"))

    from graphkit.convert import territories
    from graphkit.model import resolve
    from graphkit.pipeline import prepare, select_period
    from graphkit.registry import load_proposals, load_registry
    from graphkit.validate import validate

    example = HERE.parent / "geodata" / "voorstellen" / "achterhoek.yaml"

    def valideer() -> None:
        context = prepare(geodata)
        base = resolve(select_period(load_registry(), None), context.reference,
                       context.resolver)
        proposals, files = load_proposals([example])
        model = resolve(proposals, context.reference, context.resolver, strict=False)
        result = validate(context, base, model, files=files)
        shapes = map_data(context.reference, result.base)
        areas = territories(shapes, {p.id: (p.name, list(p.territory))
                                     for p in result.proposals})
        render_map_html(shapes.to_wgs84(), proposals=areas.to_crs(4326))

    rows["valideer one proposal: work incl. map (target < 2 s)"] = _best(valideer, args.repeat)

    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}")
    print(f"{'stage':50} {'best s':>8} {'median s':>9}")
    for name, (best, median) in rows.items():
        print(f"{name:50} {best:8.2f} {median:9.2f}")
    print(f"{'kaart.html size (bytes)':50} {html_size:8d}")
    result = {
        "machine": {"arch": platform.machine(), "cores": os.cpu_count(),
                    "python": platform.python_version()},
        "seconds": {k: {"best": round(v[0], 3), "median": round(v[1], 3)}
                    for k, v in rows.items()},
        "kaart_html_bytes": html_size,
    }
    (HERE / "results.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
