"""Where the program keeps its own files: config, data, cache (platformdirs' folders); each overridable by environment."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import platformdirs

APP_NAME = "minutes"


def _base(env_override: str, platform_dir: Callable[..., str]) -> Path:
    override = os.environ.get(env_override)
    if override:
        return Path(override).expanduser()
    return Path(platform_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    """User settings (theme, language): $MINUTES_CONFIG_DIR, else the platform's (on Linux $XDG_CONFIG_HOME/minutes)."""
    return _base("MINUTES_CONFIG_DIR", platformdirs.user_config_dir)


def data_dir() -> Path:
    """Demo repositories: $MINUTES_DATA_DIR, else the platform's (on Linux $XDG_DATA_HOME/minutes)."""
    return _base("MINUTES_DATA_DIR", platformdirs.user_data_dir)


def cache_dir() -> Path:
    """Rebuildable caches: $MINUTES_CACHE_DIR, else the platform's (on Linux $XDG_CACHE_HOME/minutes)."""
    return _base("MINUTES_CACHE_DIR", platformdirs.user_cache_dir)


def sample_repository() -> Path:
    """The sample repository shipped inside the package (`repo_layout/sample_repo`, package data in an installed wheel)."""
    return Path(__file__).resolve().parent / "sample_repo"
