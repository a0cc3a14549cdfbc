"""The warnings a request's response carries, from the ones the server recorded for it.

apiserver's `filters.WithWarningRecorder`: each text once, in order; a text that no `Warning`
header can carry (not UTF-8, or with a control character: `net.NewWarningHeader`) is dropped;
and once the texts pass 4,096 runes in all, every text, those already kept included, is cut to
its first 256 runes, and texts that come after the total is reached again are dropped.
"""

from __future__ import annotations

from collections.abc import Iterable

TOTAL_RUNES = 4 * 1024
ITEM_RUNES = 256


def _headerable(text: str) -> bool:
    try:
        text.encode("utf-8")  # a lone surrogate (from JSON's \ud800) is not UTF-8
    except UnicodeEncodeError:
        return False
    # Go's unicode.IsControl: C0, DEL and C1 only
    return not any(c < " " or "\x7f" <= c <= "\x9f" for c in text)


def response_warnings(recorded: Iterable[str]) -> list[str]:
    """What the response's `Warning` headers say, `recorded` being the texts in the order the
    request recorded them (Python strings count runes as Go does for valid UTF-8)."""
    seen: set[str] = set()
    ordered: list[str] = []
    sent: list[str] = []
    written = 0
    truncating = False
    for text in recorded:
        if not text or text in seen:
            continue
        if truncating and written >= TOTAL_RUNES:
            break  # every later call returns at once
        seen.add(text)
        ordered.append(text)
        if truncating:
            text = text[:ITEM_RUNES]
        if not _headerable(text):
            continue
        if truncating or written + len(text) <= TOTAL_RUNES:
            written += len(text)
            sent.append(text)
            continue
        # over the limit: start again, every text so far cut short
        truncating = True
        sent = [short for short in (t[:ITEM_RUNES] for t in ordered) if _headerable(short)]
        written = sum(map(len, sent))
    return sent
