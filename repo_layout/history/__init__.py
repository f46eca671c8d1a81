"""A meeting's past: its log (kept and prefetched), old versions, the worded changes, blame by point."""
