"""The search index: folded words, ranking, the decision log and actions, the cache on disk (start at `index`)."""
