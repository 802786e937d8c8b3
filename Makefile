# The two set-up commands of the README. Each creates .venv when needed and installs tixi
# with its dependencies into it; nothing is fetched at run time.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: demo test lint bench clean cjk-font

# Figures in the report need a font with Chinese glyphs (Debian: fonts-wqy-microhei); without one
# they fall back to English labels and the report says so.
CJK_FONT := /usr/share/fonts/truetype/wqy/wqy-microhei.ttc
CJK_PACKAGE := fonts-wqy-microhei

$(STAMP): pyproject.toml constraints.txt
	@$(MAKE) --no-print-directory cjk-font
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

cjk-font:
	@if [ -f $(CJK_FONT) ] || fc-list :lang=zh 2>/dev/null | grep -q .; then \
		true; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
		echo "installing $(CJK_PACKAGE) (Chinese labels in report figures)"; \
		apt-get install -y -q $(CJK_PACKAGE) >/dev/null || (apt-get update -q >/dev/null && apt-get install -y -q $(CJK_PACKAGE) >/dev/null) || \
		echo "warning: could not install $(CJK_PACKAGE); report figures will use English labels"; \
	else \
		echo "note: no font with Chinese glyphs found; install one for Chinese labels in report figures:"; \
		echo "      sudo apt-get install $(CJK_PACKAGE)   (Debian/Ubuntu; or any Noto Sans CJK font)"; \
	fi

demo: $(STAMP)
	$(BIN)/tixi demo --out tixi-demo --quiet
	@echo "The report is at $(CURDIR)/tixi-demo/report/report.html (Markdown: tixi-demo/report/report.md)"

test: $(STAMP)
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check tixi tests bench validation
	$(BIN)/mypy --strict tixi
	$(BIN)/lint-imports

bench: $(STAMP)
	$(BIN)/python bench/ingest.py
	$(BIN)/python bench/demo.py
	$(BIN)/python bench/startup.py

clean:
	rm -rf $(VENV) tixi-demo .pytest_cache .mypy_cache .ruff_cache
