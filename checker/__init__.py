"""fzlint: a linter for 法治政府建设年度报告 drafts.

The package is split by layer (README "架构"; tests/test_layers.py enforces it): readers turn
files into text, model builds the Document of a draft, ruleset and engine load YAML packs and run
the rule kinds (kinds/), corpus compares drafts, reports render, app holds the command line.
"""

__version__ = "0.1.0"
