"""Requirement texts: the items of the HTML lists in older ePerusteet documents."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from html.parser import HTMLParser

from .fields import (
    _collapse,
)

# --------------------------------------------------------------------------------------------
# HTML lists
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HtmlList:
    """Plain-text view of an HTML fragment built around a list.

    ``lead`` is the text before the first list (e.g. "Opiskelija osaa"), ``items`` the list
    items in document order as ``(text, parent index or None)``, ``tail`` the text outside
    lists after the first list started. Block elements in ``lead``/``tail`` are separated by
    newlines; all other whitespace is collapsed.
    """

    lead: str
    items: tuple[tuple[str, int | None], ...]
    tail: str

    @property
    def structure(self) -> tuple[int | None, ...]:
        """Parent index of every item; equal structures can be paired by position."""
        return tuple(parent for _, parent in self.items)


_LIST_TAGS = frozenset({"ul", "ol"})
_BLOCK_TAGS = frozenset(
    {
        "p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "table", "tr", "td", "th",
        "blockquote", "dl", "dt", "dd", "pre", "hr", "section", "article",
    }
)  # fmt: skip
_IGNORED_CONTENT_TAGS = frozenset({"script", "style", "template"})


class _ListExtractor(HTMLParser):
    """Collects ``<li>`` texts with their nesting, plus the text around the lists."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._item_parts: list[list[str]] = []
        self._item_parents: list[int | None] = []
        self._item_depths: list[int] = []
        self._open_items: list[int] = []
        self._list_depth = 0
        self._seen_list = False
        self._lead_blocks: list[list[str]] = [[]]
        self._tail_blocks: list[list[str]] = [[]]
        self._ignored = 0

    # -- helpers -------------------------------------------------------------------------
    def _outside_blocks(self) -> list[list[str]]:
        return self._tail_blocks if self._seen_list else self._lead_blocks

    def _close_items_from_depth(self, depth: int) -> None:
        while self._open_items and self._item_depths[self._open_items[-1]] >= depth:
            self._open_items.pop()

    def _separate(self) -> None:
        if self._open_items:
            self._item_parts[self._open_items[-1]].append(" ")
        elif self._list_depth == 0:
            self._outside_blocks().append([])

    # -- HTMLParser callbacks ---------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _IGNORED_CONTENT_TAGS:
            self._ignored += 1
        elif tag in _LIST_TAGS:
            self._separate()
            self._list_depth += 1
            self._seen_list = True
        elif tag == "li":
            depth = max(self._list_depth, 1)
            self._seen_list = True
            # A new <li> implicitly closes an unclosed sibling (or deeper) item.
            self._close_items_from_depth(depth)
            parent = self._open_items[-1] if self._open_items else None
            self._item_parts.append([])
            self._item_parents.append(parent)
            self._item_depths.append(depth)
            self._open_items.append(len(self._item_parts) - 1)
        elif tag in _BLOCK_TAGS:
            self._separate()

    def handle_endtag(self, tag: str) -> None:
        if tag in _IGNORED_CONTENT_TAGS:
            self._ignored = max(0, self._ignored - 1)
        elif tag in _LIST_TAGS:
            if self._list_depth > 0:
                self._close_items_from_depth(self._list_depth)
                self._list_depth -= 1
            self._separate()
        elif tag == "li":
            if self._open_items:
                self._open_items.pop()
        elif tag in _BLOCK_TAGS:
            self._separate()

    def handle_data(self, data: str) -> None:
        if self._ignored:
            return
        if self._open_items:
            self._item_parts[self._open_items[-1]].append(data)
        else:
            # Stray text inside <ul> but outside <li> is kept as a note, not a requirement.
            self._outside_blocks()[-1].append(data)

    # -- result -----------------------------------------------------------------------------
    def result(self) -> HtmlList:
        items: list[tuple[str, int | None]] = []
        # Maps raw item index -> index in `items` that stands for it (itself, or for an item
        # without own text, its nearest ancestor that has text).
        effective: list[int | None] = []
        for index, parts in enumerate(self._item_parts):
            raw_parent = self._item_parents[index]
            parent = None if raw_parent is None else effective[raw_parent]
            text = _collapse("".join(parts))
            if text:
                items.append((text, parent))
                effective.append(len(items) - 1)
            else:
                effective.append(parent)
        return HtmlList(
            lead=_join_blocks(self._lead_blocks),
            items=tuple(items),
            tail=_join_blocks(self._tail_blocks),
        )


def _join_blocks(blocks: Iterable[list[str]]) -> str:
    texts = (_collapse("".join(block)) for block in blocks)
    return "\n".join(text for text in texts if text)


def parse_html_list(html: str) -> HtmlList:
    """Extract list items and surrounding text from an ePerusteet HTML fragment.

    Uses :class:`html.parser.HTMLParser`, so entities are decoded, unknown tags are ignored and
    unclosed ``<li>`` elements are closed by the next sibling or the end of their list.
    """
    parser = _ListExtractor()
    parser.feed(html)
    parser.close()
    return parser.result()
