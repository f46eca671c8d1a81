"""Everything that runs git: the runner (command), where things are (paths), repository state (state), commits (commit),
git's words as errors (errors), the write lock, repair after a kill. No other library module starts a program."""
