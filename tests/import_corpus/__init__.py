"""The import corpus: realistic minutes and what the importer must read from them (README.md)."""
