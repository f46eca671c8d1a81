"""Everything that runs git: the runner, commits, repository state, the write lock, repair after a kill."""
