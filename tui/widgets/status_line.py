"""The status line: branch, commits ahead/behind the remote, how many edits are unsaved, a sync running or failed."""

from __future__ import annotations

from rich.text import Text
from textual.screen import Screen
from textual.widgets import Static

from repo_layout.display import safe_line
from repo_layout.sync.session import RepoStatus
from tui.i18n import t


def key_of(screen: Screen[object], binding_id: str, default: str = "ctrl+s") -> str:
    """The key of the screen's binding `binding_id` as the footer shows it ("^s"; a user's keymap may have moved it)."""
    for active in screen.active_bindings.values():
        if active.binding.id == binding_id:
            return screen.app.get_key_display(active.binding)
    return default


class StatusLine(Static):
    """One line of repository state under the panes."""

    def show(
        self, status: RepoStatus | None, unsaved: int, sync_state: str | None = None, detail: str = "", save_key: str = "ctrl+s"
    ) -> None:
        """Render the state: `unsaved` changes not committed (said with the key that saves them); sync_state is None,
        "running" or "failed"."""
        text = Text()
        if status is None:
            text.append(t("no_git"), style="dim")
        else:
            if status.detached:
                text.append(f"⎇ {t('detached')}", style="bold yellow")
            else:
                text.append(f"⎇ {safe_line(status.branch or '?')}", style="bold")
            if status.upstream:
                text.append(f"  ↑{status.ahead} ↓{status.behind}")
                text.append(f"  {safe_line(status.upstream)}", style="dim")
            else:
                text.append(f"  {t('no_remote')}", style="dim")
            if status.operation:
                text.append(f"  {t('operation_in_progress', operation=safe_line(status.operation))}", style="bold red")
        if unsaved:
            count = t("unsaved_one") if unsaved == 1 else t("unsaved_many", count=unsaved)
            text.append(f"  ● {count}", style="bold yellow")
            text.append(f" ({t('save_key_hint', keys=save_key)})", style="dim")
        if sync_state == "running":
            text.append(f"  ⟳ {t('sync_running')} {safe_line(detail)}", style="bold cyan")
        elif sync_state == "failed":
            text.append(f"  ✗ {t('sync_failed')}: {safe_line(detail)}", style="bold red")
        self.update(text)
