"""The YAML rule packs shipped with fzlint (data only; loaded by checker.packs)."""
