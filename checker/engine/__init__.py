"""Engine: load packs (checking each rule against its kind's schema), choose the rules to run and
apply them to a Document.  Above the kinds, below the corpus, reports and app."""
