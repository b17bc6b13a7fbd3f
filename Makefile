# 常用命令：make report（生成报告）、make test（运行测试）。make help 列出全部。
# 建立 .venv、安装和生成都由 生成报告.py 完成（不用 make 时直接运行它），两条路线做的是同一件事。
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
BOOT := $(PYTHON) 生成报告.py
LOCK_ARGS := --generate-hashes --universal --python-version 3.11 --custom-compile-command "make lock" -q

.DEFAULT_GOAL := help
.PHONY: help install dev report check test lint typecheck golden-update template clean docs lock

help: ## 列出全部命令
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  make %-14s %s\n", $$1, $$2}'

install: ## 建立或修复 .venv，按 requirements.lock 安装所需软件
	@$(BOOT) 安装

dev: ## 同上，另按 requirements-test.lock 安装测试和开发工具
	@$(BOOT) 安装测试

report: ## 把 inputs/ 中的每个工作簿生成报告，写入 outputs/（FORCE=1 先备份审阅人改过的报告再覆盖；PDF=1 同时生成 PDF）
	@$(BOOT) 生成$(if $(FORCE), --force)$(if $(PDF), --pdf)

check: ## 只检查 inputs/ 中的工作簿，列出全部问题
	@$(BOOT) 检查

test: dev ## 运行全部测试；TEMPLATE=模板.docx [WORKBOOK=工作簿.xlsx] 则对该模板运行行为测试
	$(PY) -m pytest $(if $(TEMPLATE),tests --template="$(TEMPLATE)") $(foreach w,$(WORKBOOK),--workbook="$(w)")

lint: dev ## 代码风格检查（ruff）
	$(PY) -m ruff check generator tests scripts
	$(PY) -m ruff format --check generator tests scripts

typecheck: dev ## 类型检查（mypy --strict）
	$(PY) -m mypy

golden-update: dev ## 重新生成测试用的 golden 文本（改动后请在 git diff 中审阅）
	$(PY) -m pytest tests/test_golden.py tests/test_schemes.py --update-golden

template: install ## 从脚本重建 Word 模板；模板在上次生成后被手工改过时不覆盖（FORCE=1 强制）
	$(PY) scripts/make_template.py $(if $(FORCE),--force,--unless-edited)

clean: ## 删除虚拟环境和生成的报告（审阅人改过的报告保留，并说明原因）
	@if [ -x $(PY) ]; then $(PY) -m generator clean outputs; \
	else echo "没有 $(VENV)，无法核对 outputs/ 中的报告是否被审阅人改过，报告一律保留。"; fi
	rm -rf $(VENV)

docs: install ## （维护用）根据工作簿设计和模板重写 docs/workbook.md
	$(PY) -m generator docs

lock: dev ## （维护用）升级依赖：按 pyproject.toml 重新求解最新版本，写入 requirements*.lock（带哈希）
	$(PY) -m pip install --quiet uv
	echo "setuptools>=70.1" | $(PY) -m uv pip compile pyproject.toml - --upgrade $(LOCK_ARGS) -o requirements.lock
	echo "setuptools>=70.1" | $(PY) -m uv pip compile pyproject.toml - --extra test -c requirements.lock $(LOCK_ARGS) -o requirements-test.lock
