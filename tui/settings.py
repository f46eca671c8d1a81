"""The user's settings (theme for now), kept as JSON in the config directory."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from repo_layout.locations import config_dir


@dataclass
class Settings:
    """What the app remembers between runs."""

    theme: str | None = None
    auto_fetch_minutes: int | None = None


def settings_path() -> Path:
    return config_dir() / "settings.json"


def load_settings() -> Settings:
    """The saved settings; defaults when the file is missing or unreadable."""
    try:
        data = json.loads(settings_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Settings()
    if not isinstance(data, dict):
        return Settings()
    theme = data.get("theme")
    minutes = data.get("auto_fetch_minutes")
    return Settings(
        theme=theme if isinstance(theme, str) else None,
        auto_fetch_minutes=minutes if isinstance(minutes, int) and minutes > 0 else None,
    )


def save_settings(settings: Settings) -> None:
    """Write the settings atomically; raises OSError when the folder cannot be written."""
    from repo_layout.yaml.yamlio import atomic_write

    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, json.dumps(asdict(settings), indent=2) + "\n")
