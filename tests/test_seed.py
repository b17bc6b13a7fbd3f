"""The sample report carries all of the reference report's content, and none of its defects.

The seed's text is compared with white space removed and its defects (PRODUCT.md §5) corrected.
"""

from __future__ import annotations

import difflib
import os
import re
from pathlib import Path

import pytest

from tests.conftest import SEED
from tests.docx_dump import plain_text

# -- the seed's defects, corrected before comparing (PRODUCT.md §5) --
CORRECTIONS = [
    ("规范性文件and计划", "规范性文件和计划"),
    ("要求and部门实际需求", "要求和部门实际需求"),
    ("共支出276.48元", "共支出276.48万元"),
    ("支出8.27元", "支出8.27万元"),
    ("3.困难残疾人关怀慰问", "4.困难残疾人关怀慰问"),
    ("1.部门履职总体目标:", "1.部门履职总体目标"),
    ("2.总体工作和重点工作任务完成情况:", "2.总体工作和重点工作任务完成情况"),
    ("(", "（"),
    (")", "）"),
]
SENTENCE_END = re.compile(r"(?<=[。；！？])")
FIGURE = re.compile(r"\d+(?:\.\d+)?%?")


def _seed_text() -> str:
    if not SEED.exists():
        if os.environ.get("CI"):
            pytest.fail(f"the seed {SEED} is missing, and CI always has ../shared beside the repository")
        pytest.skip(f"the seed {SEED} is not beside the repository (../shared/seed); CI always has it")
    text = re.sub(r"\s+", "", SEED.read_text(encoding="utf-8"))
    for wrong, right in CORRECTIONS:
        text = text.replace(wrong, right)
    return text


def _sentences(text: str) -> list[str]:
    return [s for s in SENTENCE_END.split(text) if s]


def _output_sentences(report: Path) -> list[str]:
    # -- joined like the seed's text, so a heading runs into the sentence after it in both --
    return _sentences(re.sub(r"\s+", "", "".join(plain_text(report))))


def test_seed_defects_are_not_in_the_output(sample_report: Path) -> None:
    text = "".join(plain_text(sample_report))
    assert " and " not in text
    assert "and" not in re.sub(r"[A-Za-z]+://\S+", "", text)
    assert not re.search(r"\d元", text.replace("万元", "")), "an amount printed without 万"
    assert not re.search(r"[()]", text), "half-width brackets in Chinese text"
    assert not re.search(r"\d \S|\S \d", text), "spaces around figures"


def test_every_seed_sentence_is_in_the_output(sample_report: Path) -> None:
    seed = _sentences(_seed_text())
    output = _output_sentences(sample_report)
    exact = set(output)
    scores = []
    for sentence in seed:
        if sentence in exact:
            scores.append((1.0, sentence, sentence))
            continue
        best = max(output, key=lambda o: difflib.SequenceMatcher(None, sentence, o).ratio())
        scores.append((difflib.SequenceMatcher(None, sentence, best).ratio(), sentence, best))
    similarity = sum(s for s, _, _ in scores) / len(scores)
    worst = "\n".join(f"{s:.2f} seed: {a}\n     out:  {b}" for s, a, b in sorted(scores)[:5])
    assert similarity >= 0.97, f"sentence-level similarity {similarity:.4f} < 0.97; worst:\n{worst}"


def test_every_seed_figure_is_in_the_output(sample_report: Path) -> None:
    output = re.sub(r"\s+", "", "".join(plain_text(sample_report)))
    output_figures = set(FIGURE.findall(output))
    missing = sorted(set(FIGURE.findall(_seed_text())) - output_figures)
    assert missing == []
