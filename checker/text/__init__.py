"""Text helpers shared by rule kinds and the corpus: regex matching with a time limit,
Chinese word segmentation (jieba), quantities and numerals, and the folding and similarity of
duplicate detection."""
