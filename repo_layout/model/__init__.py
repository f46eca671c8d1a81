"""The meeting documents: typed views, finding them in the repository, checking them."""
