"""Package data: the compact jieba dictionary and other data files (no code)."""
