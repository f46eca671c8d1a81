"""Minutes in text and Markdown turned into meetings; every line ends up somewhere."""
