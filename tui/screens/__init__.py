"""The app's screens: browse (home) and help."""
