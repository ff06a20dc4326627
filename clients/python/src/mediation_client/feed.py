"""A follower of the change feed (``GET /api/v1/events``): long-polls, yields each event once in
commit order, and keeps its cursor (optionally in a file, written after each page is handed
out), so a restarted follower goes on where it stopped."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .client import Client

Json = dict[str, Any]


class FeedFollower:
    """Iterate it for events. ``after`` (or the cursor in ``cursor_file``) is where to start;
    none: from the beginning. ``stop_when_idle``: end the iteration at the first empty answer
    instead of waiting for more. ``stop()`` ends it after the current request."""

    def __init__(self, client: Client, *, after: str | None = None,
                 types: list[str] | None = None, case_id: int | None = None, wait: int = 25,
                 limit: int = 100, cursor_file: str | os.PathLike[str] | None = None,
                 stop_when_idle: bool = False) -> None:
        self.client = client
        self.types = types
        self.case_id = case_id
        self.wait = wait
        self.limit = limit
        self.cursor_file = os.fspath(cursor_file) if cursor_file is not None else None
        self.stop_when_idle = stop_when_idle
        self.cursor = after
        if self.cursor is None and self.cursor_file and os.path.exists(self.cursor_file):
            with open(self.cursor_file, encoding="utf-8") as f:
                self.cursor = f.read().strip() or None
        self._stopped = False

    def stop(self) -> None:
        self._stopped = True

    def poll(self, wait: int | None = None) -> list[Json]:
        """One request; advances the cursor past what it returns."""
        page = self.client.events(after=self.cursor, limit=self.limit, types=self.types,
                                  case_id=self.case_id,
                                  wait=self.wait if wait is None else wait)
        if page.next_cursor is None:
            raise ValueError("the feed answered without next_cursor")
        self.cursor = page.next_cursor
        return page.items

    def _save(self) -> None:
        if not self.cursor_file or self.cursor is None:
            return
        folder = os.path.dirname(os.path.abspath(self.cursor_file))
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".cursor-")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(self.cursor + "\n")
        os.replace(tmp, self.cursor_file)

    def __iter__(self) -> Iterator[Json]:
        while not self._stopped:
            items = self.poll(0 if self.stop_when_idle else None)
            yield from items
            # saved once the page's events were taken, so a crash replays at most one page
            self._save()
            if not items and self.stop_when_idle:
                return
