"""Where the program keeps its own files: config, data, cache; each overridable by environment."""

from __future__ import annotations

import os
from pathlib import Path


def _base(env_override: str, xdg: str, fallback: str) -> Path:
    override = os.environ.get(env_override)
    if override:
        return Path(override).expanduser()
    root = os.environ.get(xdg)
    return (Path(root).expanduser() if root else Path.home() / fallback) / "minutes"


def config_dir() -> Path:
    """User settings (theme, language): $MINUTES_CONFIG_DIR or $XDG_CONFIG_HOME/minutes."""
    return _base("MINUTES_CONFIG_DIR", "XDG_CONFIG_HOME", ".config")


def data_dir() -> Path:
    """Demo repositories: $MINUTES_DATA_DIR or $XDG_DATA_HOME/minutes."""
    return _base("MINUTES_DATA_DIR", "XDG_DATA_HOME", ".local/share")


def cache_dir() -> Path:
    """Rebuildable caches: $MINUTES_CACHE_DIR or $XDG_CACHE_HOME/minutes."""
    return _base("MINUTES_CACHE_DIR", "XDG_CACHE_HOME", ".cache")


def sample_repository() -> Path:
    """The sample repository shipped beside the packages (the source checkout)."""
    return Path(__file__).resolve().parent.parent / "sample-repo"
