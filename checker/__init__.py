"""fzlint: a linter for 法治政府建设年度报告 drafts.

The package is split by job: readers turn files into text, document builds the model of a draft,
packs load YAML rule packs, kinds/ hold one module per rule kind, engine runs them, outputs/ render.
"""

__version__ = "0.1.0"
