"""`python -m checker` runs the fzlint command line."""

from .cli import run

run()
