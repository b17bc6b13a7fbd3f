# 常用命令：make report（生成报告）、make test（运行测试）。make help 列出全部。
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.DEFAULT_GOAL := help
.PHONY: help report check test lint typecheck golden-update template clean docs

help: ## 列出全部命令
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  make %-14s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(TEST_STAMP): $(STAMP)
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

report: $(STAMP) ## 把 inputs/ 中的每个工作簿生成报告，写入 outputs/（FORCE=1 先备份审阅人改过的报告再覆盖；PDF=1 同时生成 PDF）
	$(PY) -m generator build inputs -o outputs$(if $(FORCE), --force)$(if $(PDF), --pdf)

check: $(STAMP) ## 只检查 inputs/ 中的工作簿，列出全部问题
	$(PY) -m generator check inputs

test: $(TEST_STAMP) ## 运行全部测试；TEMPLATE=模板.docx [WORKBOOK=工作簿.xlsx] 则对该模板运行行为测试
	$(PY) -m pytest $(if $(TEMPLATE),--template "$(TEMPLATE)") $(foreach w,$(WORKBOOK),--workbook "$(w)")

lint: $(TEST_STAMP) ## 代码风格检查（ruff）
	$(PY) -m ruff check generator tests scripts
	$(PY) -m ruff format --check generator tests scripts

typecheck: $(TEST_STAMP) ## 类型检查（mypy --strict）
	$(PY) -m mypy

golden-update: $(TEST_STAMP) ## 重新生成测试用的 golden 文本（改动后请在 git diff 中审阅）
	$(PY) -m pytest tests/test_golden.py tests/test_schemes.py --update-golden

template: $(STAMP) ## 从脚本重建 Word 模板；模板在上次生成后被手工改过时不覆盖（FORCE=1 强制）
	$(PY) scripts/make_template.py $(if $(FORCE),--force,--unless-edited)

clean: ## 删除虚拟环境和生成的报告（审阅人改过的报告保留，并说明原因）
	@if [ -x $(PY) ]; then $(PY) -m generator clean outputs; \
	else echo "没有 $(VENV)，无法核对 outputs/ 中的报告是否被审阅人改过，报告一律保留。"; fi
	rm -rf $(VENV)

docs: $(STAMP) ## （维护用）根据工作簿设计和模板重写 docs/workbook.md
	$(PY) -m generator docs
