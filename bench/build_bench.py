"""Benchmark: how long one report takes, stage by stage, and a bureau's batch of workbooks.

Run: .venv/bin/python bench/build_bench.py [--repeat N] [--batch M]
Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
import tracemalloc
from pathlib import Path

from generator import pipeline
from generator.aggregate import aggregate
from generator.read import read_workbook
from generator.render import render
from generator.validate import validate
from generator.write import to_bytes

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "inputs" / "2022_广州市白云区残疾人联合会.xlsx"
TEMPLATE = ROOT / "templates" / "report.docx"


def _time(fn, repeat):  # type: ignore[no-untyped-def]
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000, result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--batch", type=int, default=20)
    args = parser.parse_args()

    read_ms, raw = _time(lambda: read_workbook(SAMPLE), args.repeat)
    validate_ms, book = _time(lambda: validate(raw), args.repeat)
    aggregate_ms, report = _time(lambda: aggregate(book), args.repeat)
    render_ms, document = _time(lambda: render(report, TEMPLATE), args.repeat)
    write_ms, data = _time(lambda: to_bytes(document), args.repeat)
    print(f"sample workbook, median of {args.repeat} runs (ms):")
    for name, ms in [
        ("read", read_ms),
        ("validate", validate_ms),
        ("aggregate", aggregate_ms),
        ("render", render_ms),
        ("write (bytes)", write_ms),
    ]:
        print(f"  {name:<14} {ms:8.1f}")
    print(f"  {'total':<14} {read_ms + validate_ms + aggregate_ms + render_ms + write_ms:8.1f}")
    print(f"  output size    {len(data) / 1024:8.1f} KiB")

    with tempfile.TemporaryDirectory() as tmp:
        inputs = Path(tmp) / "inputs"
        inputs.mkdir()
        for i in range(args.batch):
            shutil.copy(SAMPLE, inputs / f"2022_单位{i:03d}.xlsx")
        start = time.perf_counter()
        for path in pipeline.find_workbooks([inputs]):
            pipeline.build(path, Path(tmp) / "out", TEMPLATE)
        elapsed = time.perf_counter() - start
        # -- memory in a second pass: tracemalloc slows the run it traces --
        tracemalloc.start()
        pipeline.build(SAMPLE, Path(tmp) / "mem", TEMPLATE)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    print(
        f"batch of {args.batch} workbooks: {elapsed:.2f} s total, {elapsed / args.batch * 1000:.0f} ms each, "
        f"peak traced memory of one build {peak / 1024 / 1024:.1f} MiB"
    )


if __name__ == "__main__":
    main()
