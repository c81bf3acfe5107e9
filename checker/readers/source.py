"""What a reader gives (Source), the error it raises (InputError), the formats and limits, and
the one bounded, non-blocking way a named file's bytes are read."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field

from checker.errors import OneLineError

TEXT_SUFFIXES = (".txt", ".md")
DOCX_SUFFIXES = (".docx", ".docm", ".dotx", ".dotm")        # WordprocessingML (checker.readers.wordml)
OFFICE_SUFFIXES = (".doc", ".wps", ".wpt", ".odt", ".rtf")  # through LibreOffice (…readers.office)
PDF_SUFFIXES = (".pdf",)
BINARY_SUFFIXES = DOCX_SUFFIXES + OFFICE_SUFFIXES + PDF_SUFFIXES
SUFFIXES = TEXT_SUFFIXES + BINARY_SUFFIXES
MAX_BYTES = 20 * 1024 * 1024  # default size limit of a file; the CLI may change it
# default limit of the text read from a draft (--max-text): 1 MB of UTF-8 is some 350,000
# Chinese characters, over 30 times the longest real report, and the most that every kind of
# valid text is checked in under 10 s (bench/worst_cases.py: 2 MB of report text took 9–13 s)
MAX_TEXT = 1024 * 1024


class InputError(OneLineError):
    """A file that cannot be read as a draft; str(err) is the one-line message."""


@dataclass(frozen=True)
class Source:
    path: str          # as given by the user ("-" or "<stdin>" for standard input)
    text: str          # lines joined with "\n"; original characters otherwise untouched
    format: str        # "text", "docx" (any WordprocessingML), "doc", "odt", "rtf" or "pdf"
    encoding: str      # "utf-8", "utf-8-sig", "gb18030", … (the format for binary files)
    newline: str = "\n"  # the file's line ending, kept by --fix
    # line number (1-based) → region name the reader knows (e.g. "table" for lines from table
    # cells); checker.model.regions adds these names to the lines' regions
    regions: dict = field(default_factory=dict, hash=False, compare=False)
    revisions: int = 0   # tracked changes not yet accepted in a Word file
    # a Word file's own comments: (first line, last line, text), lines 1-based, of the text they
    # are anchored on (ignore directives: checker.model.suppressions)
    comments: tuple = field(default=(), hash=False, compare=False)


def _read_bytes(path: str, max_bytes: int) -> bytes:
    return read_file(path, max_bytes)[0]


class NotRegularFile(OSError):
    """A FIFO, a device or a socket where a file was expected."""


class FileTooLarge(OSError):
    """More bytes than the limit (the size in the directory, or the bytes actually read)."""

    def __init__(self, path: str, size: int | None = None):
        super().__init__(path)
        self.size = size           # the size the directory gave, when that was already too much


def read_regular(path: str, max_bytes: int) -> tuple[bytes, os.stat_result]:
    """(bytes, stat of the file read) of a regular file, at most max_bytes: the one way fzlint
    reads a file a user named (drafts here; packs and config files too).

    The file is opened without blocking (a FIFO never hangs the run) and refused unless it is
    a regular file; the read stops after max_bytes + 1 bytes whatever the size in the
    directory says (/proc files, a file that grows while it is read).  Raises OSError:
    FileNotFoundError, PermissionError, IsADirectoryError, NotRegularFile, FileTooLarge …"""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise IsADirectoryError(path)
        if not stat.S_ISREG(st.st_mode):
            raise NotRegularFile(path)
        if st.st_size > max_bytes:
            raise FileTooLarge(path, st.st_size)
        os.set_blocking(fd, True)
        chunks, total = [], 0
        while total <= max_bytes:
            chunk = os.read(fd, min(1 << 20, max_bytes + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > max_bytes:
            raise FileTooLarge(path)
        return b"".join(chunks), st
    finally:
        os.close(fd)


def read_file(path: str, max_bytes: int) -> tuple[bytes, os.stat_result]:
    """read_regular for a draft: every failure an InputError with a one-line message."""
    mb = max_bytes / 1048576
    try:
        return read_regular(path, max_bytes)
    except FileNotFoundError:
        raise InputError(f"{path}: 文件不存在") from None
    except PermissionError:
        raise InputError(f"{path}: 没有读取权限") from None
    except IsADirectoryError:
        raise InputError(f"{path}: 是文件夹，不是文件") from None
    except NotRegularFile:
        raise InputError(f"{path}: 不是普通文件（设备、管道或套接字），未检查；"
                         "标准输入请用 -") from None
    except FileTooLarge as err:
        if err.size is not None:
            raise InputError(f"{path}: 文件过大（{err.size / 1048576:.1f} MB，上限 "
                             f"{mb:.0f} MB），请拆分后再检查") from None
        raise InputError(f"{path}: 文件过大（超过 {mb:.0f} MB），请拆分后再检查") from None
    except OSError as err:
        raise InputError(f"{path}: 无法读取（{err.strerror or err}）") from None
