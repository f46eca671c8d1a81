"""The user's settings (theme, keymap, automatic fetch), kept as JSON in the config directory.

The file is the user's: a save changes only the values the app sets (the theme) and keeps every other entry, and a
file that cannot be read is reported and never overwritten.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from repo_layout.locations import config_dir
from tui.actions import Keymap
from tui.i18n import t
from tui.keymap import KeymapProblem, check_keymap

HIGH_CONTRAST = "minutes-high-contrast"
"""The high-contrast theme's name, as `"theme"` in the settings file holds it."""


class SettingsNotSaved(Exception):
    """The settings file cannot be read, so a save would lose what the user wrote in it."""


@dataclass
class Settings:
    """What the app remembers between runs, and what is wrong in the file it was read from."""

    theme: str | None = None
    auto_fetch_minutes: int | None = None
    keys: Keymap = field(default_factory=dict)
    problems: list[KeymapProblem] = field(default_factory=list)


def settings_path() -> Path:
    return config_dir() / "settings.json"


def _read(path: Path) -> tuple[dict[str, object], str, KeymapProblem | None]:
    """The file's entries and text; a problem (and no entries) when it exists but is not a JSON object."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}, "", None
    except (OSError, UnicodeDecodeError) as error:
        return {}, "", KeymapProblem(1, t("settings_unreadable", where=f"{path}:1", error=error))
    try:
        data = json.loads(text)
    except ValueError as error:
        line = getattr(error, "lineno", 1)
        reason = getattr(error, "msg", str(error))
        return {}, text, KeymapProblem(line, t("settings_unreadable", where=f"{path}:{line}", error=reason))
    if not isinstance(data, dict):
        return {}, text, KeymapProblem(1, t("settings_unreadable", where=f"{path}:1", error="{ … }"))
    return data, text, None


def load_settings() -> Settings:
    """The saved settings and the keymap's valid entries; defaults, with a problem, for what cannot be used."""
    path = settings_path()
    data, text, problem = _read(path)
    theme = data.get("theme")
    minutes = data.get("auto_fetch_minutes")
    keys, problems = check_keymap(data.get("keys"), text, path)
    return Settings(
        theme=theme if isinstance(theme, str) else None,
        auto_fetch_minutes=minutes if isinstance(minutes, int) and minutes > 0 else None,
        keys=keys,
        problems=[problem] if problem is not None else problems,
    )


def save_settings(settings: Settings) -> None:
    """Write the theme and the fetch interval into the file atomically, keeping its other entries (the keymap as the
    user wrote it); raises OSError when the folder cannot be written, SettingsNotSaved when the file cannot be read."""
    from repo_layout.yaml.yamlio import atomic_write

    path = settings_path()
    data, _text, problem = _read(path)
    if problem is not None:
        raise SettingsNotSaved(t("settings_file_broken"))
    data.update(theme=settings.theme, auto_fetch_minutes=settings.auto_fetch_minutes)
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, json.dumps(data, indent=2, ensure_ascii=False) + "\n")
