"""The base of every error fzlint reports to a user: one line, whatever went into it.

File names, pack keys and values can hold newlines or control characters; they are shown
escaped so that an error is always exactly one line on stderr."""

from __future__ import annotations


def one_line(text: str) -> str:
    return "".join(ch if ch.isprintable() or ch == " " else ascii(ch)[1:-1] for ch in str(text))


class OneLineError(Exception):
    def __init__(self, message: str = ""):
        super().__init__(one_line(message))
