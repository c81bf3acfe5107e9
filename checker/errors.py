"""The base of every error fzlint reports to a user: one line, whatever went into it.

File names, pack keys and values can hold newlines or control characters; they are shown
escaped so that an error is always exactly one line on stderr.  The same escaping is how every
output shows a file name (one_line): control characters as ``\\n``, ``\\x1b``, ``\\x07`` … (so a
name can never move the cursor, clear the screen or retitle a terminal), and the bytes of a
name that is not valid UTF-8 (a GBK name from a Windows zip, which Python holds as
surrogate-escaped characters) as ``\\xb2`` — text that is always valid UTF-8."""

from __future__ import annotations


def _escaped(ch: str) -> str:
    if "\udc80" <= ch <= "\udcff":          # an undecodable byte of a file name (surrogateescape)
        return f"\\x{ord(ch) - 0xdc00:02x}"
    return ascii(ch)[1:-1]


def one_line(text) -> str:
    """text with every character that is not printable (but the space) escaped."""
    text = str(text)
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() or ch == " " else _escaped(ch) for ch in text)


class OneLineError(Exception):
    def __init__(self, message: str = ""):
        super().__init__(one_line(message))
