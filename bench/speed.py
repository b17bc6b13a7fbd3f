"""Speed, measured side by side in one run: ratios, the stage table, the scaling table.

Run: .venv/bin/python bench/speed.py [--rounds N] [--only ratios,stages,scaling]

- ratios: each command runs as a subprocess, all of them once per round in turn (rotating the order),
  for `--rounds` rounds after one warm-up round; the time is CPU time (user + system) of the child. A
  ratio is the median over rounds of the ratio within a round (paired runs), so load on the machine
  that affects a whole round cancels out.
    build / naive      `generator build` of the sample vs bench/naive.py (same workbook, template, context)
    check / floor      `generator check` of the sample vs the bare import of docx, openpyxl, jinja2, babel, docxtpl
    --help / floor     `generator --help` vs the same import
    300 warnings / sample   `build` of a workbook with 300 projects each carrying a warning vs `build` of the sample
- stages: CPU time of each stage inside one in-process build of the sample (median of `--stage-runs`).
- scaling: CPU time of one in-process build as project rows, paragraphs and warnings grow; the growth
  exponent is the log-log slope of the time above the smallest size (t(n) - t(n0) against n - n0), fitted by
  least squares over the sizes above n0; 1 is linear, 2 quadratic.
First it says whether generator/ is byte-compiled, and compiles it if not: an installed wheel is, and
PYTHONDONTWRITEBYTECODE would otherwise make every run compile the package again.
Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import math
import os
import pickle
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import scaled  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "inputs" / "2022_广州市白云区残疾人联合会.xlsx"
TEMPLATE = ROOT / "templates" / "report.docx"
PY = sys.executable
FLOOR = "import docx, openpyxl, jinja2, babel, docxtpl"


def _byte_compile() -> None:
    """Say whether the generator's modules are byte-compiled and current; compile the ones that are not.

    A wheel install (and `生成报告.py`, for the editable install of a checkout) byte-compiles the package;
    with PYTHONDONTWRITEBYTECODE set, a module without a current .pyc is compiled again by every run.
    """
    import compileall
    import importlib.util

    stale = []
    for source in sorted((ROOT / "generator").glob("*.py")):
        cached = Path(importlib.util.cache_from_source(str(source)))
        stat = source.stat()
        header = cached.read_bytes()[8:16] if cached.is_file() else b""
        wanted = int(stat.st_mtime).to_bytes(4, "little") + (stat.st_size & 0xFFFFFFFF).to_bytes(4, "little")
        if header != wanted:
            stale.append(source.name)
    if not stale:
        print("generator/ is byte-compiled (every .pyc current)")
        return
    compileall.compile_dir(str(ROOT / "generator"), quiet=1)
    print(f"generator/ was not byte-compiled (without a current .pyc: {len(stale)} of its modules): compiled them now")


def _child_cpu(argv: list[str]) -> float:
    """Run `argv` in the repository folder; return its CPU time (user + system) in ms."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = subprocess.run(argv, cwd=ROOT, capture_output=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode not in (0,):
        raise SystemExit(f"{argv} failed ({result.returncode}):\n{result.stderr.decode()}")
    return ((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)) * 1000


def _context_json(folder: Path) -> Path:
    from generator import pipeline
    from generator.aggregate import aggregate
    from generator.render import context

    data = context(aggregate(pipeline.check(SAMPLE, TEMPLATE)))
    path = folder / "context.pickle"
    path.write_bytes(pickle.dumps(data))
    return path


def ratios(rounds: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        ctx = _context_json(folder)
        warned = scaled.make(folder, projects=300, warned=300)
        out = iter(range(1_000_000))
        commands: dict[str, Callable[[], list[str]]] = {
            "floor": lambda: [PY, "-c", FLOOR],
            "naive": lambda: [
                PY,
                "bench/naive.py",
                str(SAMPLE),
                str(TEMPLATE),
                str(ctx),
                str(folder / f"n{next(out)}.docx"),
            ],
            "build": lambda: [PY, "-m", "generator", "build", str(SAMPLE), "-o", str(folder / f"b{next(out)}")],
            "check": lambda: [PY, "-m", "generator", "check", str(SAMPLE)],
            "--help": lambda: [PY, "-m", "generator", "--help"],
            "300 warnings": lambda: [PY, "-m", "generator", "build", str(warned), "-o", str(folder / f"w{next(out)}")],
        }
        names = list(commands)
        times: dict[str, list[float]] = {name: [] for name in names}
        for r in range(rounds + 1):
            order = names[r % len(names) :] + names[: r % len(names)]
            for name in order:
                ms = _child_cpu(commands[name]())
                if r:  # -- round 0 warms the caches (.pyc, page cache) --
                    times[name].append(ms)
    print(f"CPU time of subprocesses, median of {rounds} rounds (ms):")
    for name in names:
        print(f"  {name:<14} {statistics.median(times[name]):8.0f}")
    print("ratios (median of the per-round ratios; target in brackets):")
    for a, b, target in [
        ("build", "naive", 1.3),
        ("check", "floor", 1.3),
        ("--help", "floor", 0.5),
        ("300 warnings", "build", 2.0),
    ]:
        ratio = statistics.median(x / y for x, y in zip(times[a], times[b], strict=True))
        label = f"{a} / {'sample build' if b == 'build' else b}"
        print(f"  {label:<28} {ratio:6.2f}×  (≤ {target}×) {'ok' if ratio <= target else 'OVER'}")


# -- stages -------------------------------------------------------------------------------------------------

STAGES: list[tuple[str, str, str, int]] = [
    ("read", "generator.read", "read_workbook", 0),
    ("validate + checks", "generator.validate", "collect", 0),
    ("template check", "generator.template_check", "inspect", 0),
    ("aggregate", "generator.aggregate", "aggregate", 0),
    ("open template", "generator.render", "open_template", 0),
    ("render", "generator.render", "render", 0),
    ("numbering", "generator.render", "number_paragraphs", 1),
    ("provenance (mark)", "generator.provenance", "mark", 0),
    ("provenance (anchor)", "generator.provenance", "anchor", 0),
    ("mend sentences", "generator.render", "mend_sentences", 0),
    ("comments", "generator.comments", "annotate", 0),
    ("figures and units", "generator.units", "apply", 0),
    ("typeset", "generator.typeset", "apply", 0),
    ("table layout", "generator.table_layout", "apply", 0),
    ("properties", "generator.write", "set_properties", 0),
    ("zip (to_bytes)", "generator.write", "to_bytes", 0),
    ("write + manifest", "generator.outputs", "write_output", 0),
    ("figures (Babel)", "generator.figures", "fmt", 1),
]
"""(label, module, function, depth): depth 1 is part of some stage above, not added to the total."""
INSIDE = "{} (inside {})"
"""The label of a top-level stage's time spent inside another stage (counted there)."""


@contextlib.contextmanager
def _timed(spent: dict[str, float]) -> Iterator[None]:
    """Wrap each function of STAGES (where it is defined and where the pipeline imported it) with a timer.

    A top-level stage called inside another (the first pass of mending sentences, inside render) is
    counted under `INSIDE`, not under its own label: each millisecond is counted once.
    """
    undo: list[tuple[Any, str, Any]] = []
    pipeline = importlib.import_module("generator.pipeline")
    active: list[str] = []
    for label, module_name, attr, depth in STAGES:
        try:
            module = importlib.import_module(module_name)
        except ImportError:  # -- a stage this version of the generator does not have --
            continue
        original = getattr(module, attr, None)
        if original is None:
            continue

        def wrapper(*args: Any, _f: Any = original, _label: str = label, _top: bool = not depth, **kwargs: Any) -> Any:
            key = INSIDE.format(_label, active[-1]) if _top and active else _label
            if _top:
                active.append(_label)
            start = time.process_time()
            try:
                return _f(*args, **kwargs)
            finally:
                spent[key] = spent.get(key, 0.0) + time.process_time() - start
                if _top:
                    active.pop()

        for holder in (module, pipeline):
            if getattr(holder, attr, None) is original:
                undo.append((holder, attr, original))
                setattr(holder, attr, wrapper)
    try:
        yield
    finally:
        for holder, attr, original in undo:
            setattr(holder, attr, original)


def stages(runs: int) -> None:
    from generator import pipeline

    per_stage: dict[str, list[float]] = {label: [] for label, *_ in STAGES}
    totals: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        pipeline.build(SAMPLE, Path(tmp) / "warm", TEMPLATE)
        for n in range(runs):
            spent: dict[str, float] = {}
            with _timed(spent):
                start = time.process_time()
                pipeline.build(SAMPLE, Path(tmp) / f"s{n}", TEMPLATE)
                totals.append(time.process_time() - start)
            for label in spent.keys() - per_stage.keys():
                per_stage[label] = [0.0] * n
            for label in per_stage:
                per_stage[label].append(spent.get(label, 0.0))
    total = statistics.median(totals) * 1000
    print(f"stages of one in-process build of the sample, CPU ms, median of {runs} runs:")
    top = 0.0
    for label, _, _, depth in STAGES:
        ms = statistics.median(per_stage[label]) * 1000
        top += ms if depth == 0 else 0
        name = ("  of which " if depth else "") + label
        print(f"  {name:<28} {ms:8.1f}  {ms / total:6.1%}")
        for inner, *_ in STAGES:  # -- top-level stages that also ran inside this one --
            if INSIDE.format(inner, label) in per_stage:
                ms = statistics.median(per_stage[INSIDE.format(inner, label)]) * 1000
                print(f"  {'  of which ' + inner:<28} {ms:8.1f}  {ms / total:6.1%}  (a pass inside {label})")
    print(f"  {'other':<28} {total - top:8.1f}  {(total - top) / total:6.1%}")
    print(f"  {'total':<28} {total:8.1f}")


# -- scaling ------------------------------------------------------------------------------------------------


def _exponent(points: list[tuple[int, float]]) -> float:
    """Least-squares slope of log(t - t0) against log(n - n0), over the points above the first."""
    (n0, t0), rest = points[0], points[1:]
    xs = [math.log(n - n0) for n, t in rest if t > t0]
    ys = [math.log(t - t0) for n, t in rest if t > t0]
    if len(xs) < 2:
        return float("nan")
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum((x - mx) ** 2 for x in xs)


def _build_cpu(path: Path, out: Path, repeat: int) -> float:
    from generator import pipeline

    times = []
    for n in range(repeat):
        start = time.process_time()
        pipeline.build(path, out / str(n), TEMPLATE)
        times.append(time.process_time() - start)
        if times[-1] > 5:  # -- one slow run is enough to see the growth --
            break
    return statistics.median(times) * 1000


def scaling(repeat: int) -> None:
    from generator import pipeline

    series: list[tuple[str, list[int], Callable[[Path, int], Path]]] = [
        ("project rows", [10, 100, 1000, 4999], lambda d, n: scaled.make(d, projects=n)),
        ("paragraphs", [10, 100, 1000], lambda d, n: scaled.make(d, paragraphs=n)),
        ("warnings (of 1,000 rows)", [10, 100, 1000], lambda d, n: scaled.make(d, projects=1000, warned=n)),
    ]
    print(f"scaling: CPU ms of one in-process build, median of {repeat} (one run when a run takes over 5 s):")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        pipeline.build(SAMPLE, folder / "warm", TEMPLATE)
        for name, sizes, make in series:
            points = []
            for size in sizes:
                path = make(folder, size)
                ms = _build_cpu(path, folder / f"{name[:4]}{size}", repeat)
                points.append((size, ms))
            cells = "  ".join(f"{n:>5}: {ms:8.0f}" for n, ms in points)
            per = (points[-1][1] - points[0][1]) / (points[-1][0] - points[0][0])
            print(f"  {name:<26} {cells}   exponent {_exponent(points):4.2f}   {per:6.2f} ms per item")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=11)
    parser.add_argument("--stage-runs", type=int, default=15)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", default="ratios,stages,scaling")
    args = parser.parse_args()
    parts = set(args.only.split(","))
    os.chdir(ROOT)
    _byte_compile()
    # -- other programs on the machine change the figures (the ratios less, being paired): say how busy it is --
    load = " ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "unknown"
    print(f"load average (1, 5, 15 min): {load} on {os.cpu_count()} processors")
    if "ratios" in parts:
        ratios(args.rounds)
    if "stages" in parts:
        stages(args.stage_runs)
    if "scaling" in parts:
        scaling(args.repeat)


if __name__ == "__main__":
    main()
