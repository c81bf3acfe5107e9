"""`fzlint serve`: the county's browser portal (the top layer, above checker.app).  Townships
upload drafts and download annotated copies; the reviewer sees the round.  It is a front end to
the CLI's runner, annotated copy, report page and summary sheet, not a second checker."""
