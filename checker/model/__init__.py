"""Document model: the Document built from a draft's text (lines, paragraphs, sentences, headings,
sections, metadata, the normalized copy) and the Findings reported on it.  Imports nothing of
fzlint above checker.errors."""
