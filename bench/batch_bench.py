"""Benchmark: a bureau's batch of workbooks, built in parallel (generator/batch.py) against one worker.

Run: .venv/bin/python bench/batch_bench.py [--count 200] [--jobs N] [--singles 10]

Makes `count` workbooks from the sample (each its own unit), then builds them all:
1. with `jobs` worker processes (default: the cores this process may use), as `build FOLDER` does;
2. with one worker, one workbook after another in this process (200 single builds, no pool);
3. with `--singles K`, also K separate `python -m generator build` commands, scaled to `count`.
It prints wall time, CPU time (this process and its workers), CPU / wall, peak memory of this process
and of the largest worker, and the ratios. The machine's load average is printed first: on a shared
machine the figures are only as good as the quiet they were measured in. Asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import openpyxl

from generator import batch
from generator.summary import write_summary

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "inputs" / "2022_广州市白云区残疾人联合会.xlsx"
TEMPLATE = ROOT / "templates" / "report.docx"


def make_workbooks(folder: Path, count: int) -> list[Path]:
    book = openpyxl.load_workbook(SAMPLE)
    paths = []
    for n in range(1, count + 1):
        book["基本信息"]["B2"] = f"示例市第{n}区残疾人联合会"
        path = folder / f"2022_第{n}区.xlsx"
        book.save(path)
        paths.append(path)
    return paths


def cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def measure(paths: list[Path], out: Path, jobs: int) -> dict[str, float]:
    """Build `paths` into `out` with `jobs` workers; return wall and CPU seconds, outcomes' failures."""
    self_before, children_before = cpu(resource.RUSAGE_SELF), cpu(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    outcomes = batch.run(paths, TEMPLATE, out_dir=out, jobs=jobs)
    write_summary(outcomes, out, batch.SUMMARY_NAME)
    wall = time.perf_counter() - start
    parent = cpu(resource.RUSAGE_SELF) - self_before
    workers = cpu(resource.RUSAGE_CHILDREN) - children_before
    return {"wall": wall, "parent": parent, "workers": workers, "failed": batch.failed(outcomes)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--jobs", type=int, default=batch.default_jobs())
    parser.add_argument("--singles", type=int, default=0, help="also time K separate CLI builds, scaled to --count")
    args = parser.parse_args()

    load = os.getloadavg()
    print(
        f"cores usable: {batch.default_jobs()}, load average (1, 5, 15 min): {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "inputs"
        folder.mkdir()
        paths = make_workbooks(folder, args.count)
        print(f"{args.count} workbooks made from the sample")

        parallel = measure(paths, Path(tmp) / "out-parallel", args.jobs)
        worker_peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        serial = measure(paths, Path(tmp) / "out-serial", 1)
        parent_peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        written = len(list((Path(tmp) / "out-parallel").glob("*.docx")))

        def row(name: str, m: dict[str, float]) -> None:
            total = m["parent"] + m["workers"]
            print(
                f"  {name:<22} wall {m['wall']:7.2f} s   CPU {total:7.2f} s "
                f"(parent {m['parent']:6.2f}, workers {m['workers']:7.2f})   CPU/wall {total / m['wall']:4.2f}"
                f"   {m['wall'] / args.count * 1000:6.1f} ms/workbook   failed {int(m['failed'])}"
            )

        print("builds:")
        row(f"batch, {args.jobs} workers", parallel)
        row("one worker", serial)
        print(f"  reports written by the batch: {written}")
        print(f"  peak memory: largest worker {worker_peak_mb:.0f} MB, parent {parent_peak_mb:.0f} MB")
        print(f"  speed-up over one worker: {serial['wall'] / parallel['wall']:.2f}x")

        if args.singles:
            single_out = Path(tmp) / "out-single"
            start = time.perf_counter()
            for path in paths[: args.singles]:
                subprocess.run(
                    [
                        sys.executable,
                        "-m",
                        "generator",
                        "build",
                        str(path),
                        "-o",
                        str(single_out),
                        "--template",
                        str(TEMPLATE),
                    ],
                    check=False,
                    capture_output=True,
                    cwd=ROOT,
                )
            each = (time.perf_counter() - start) / args.singles
            print(
                f"  {args.singles} separate CLI builds: {each * 1000:.0f} ms each; {args.count} of them ≈ "
                f"{each * args.count:.1f} s, {each * args.count / parallel['wall']:.2f}x the batch"
            )
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
