"""Applications: the command line, the runner that turns paths into results, parallel checking,
--fix and safe writing, configuration files, the progress bar and the language server."""
