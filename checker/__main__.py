"""`python -m checker` runs the fzlint command line."""

from checker.app.cli import run

run()
