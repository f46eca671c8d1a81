"""A meeting to Markdown, HTML or text; a forum or repository to a static site."""
