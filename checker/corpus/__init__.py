"""Corpus: the cross-draft index (SQLite) that finds passages shared with other drafts; it sits
beside the engine and knows nothing of outputs or the command line."""
