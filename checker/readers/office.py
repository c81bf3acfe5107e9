"""Older and other word-processor files (.doc, WPS .wps/.wpt, .odt, .rtf, and the HTML/MHT files
saved with a .doc name) read through LibreOffice: converted headless to .docx, then rendered by
checker.readers.wordml like any Word file.

- LibreOffice is found on PATH (soffice, libreoffice) and in its usual folders
  (/usr/bin, /usr/lib/libreoffice/program, /opt/libreoffice*/program, the macOS and Windows
  install folders); FZLINT_SOFFICE names it explicitly.  Missing: an InputError for that file
  only, saying how to install it and that saving as .docx in Word/WPS works too.
- One LibreOffice start converts a whole batch: ``expect(items)`` (called through
  checker.readers.prepare, which the runner calls with every file it will check) registers the
  files; the first one read converts all the pending
  ones at once (``soffice --headless --convert-to docx --outdir TMP FILES…``).  The results live
  in a private folder, so worker processes forked after ``expect`` share them (a lock file
  makes the first one convert and the others wait).  Without ``expect`` a file is converted
  alone.
- Each run of LibreOffice has its own user profile (-env:UserInstallation=file:///tmp/…), so
  parallel runs never meet; it runs in its own process group with a time limit
  (60 s + 10 s a file, FZLINT_OFFICE_TIMEOUT seconds if set) and the whole group is killed
  when the limit passes.
- Files are staged as copies under neutral names (0001.doc …), so two drafts with one name in
  different folders, odd characters or a wrong suffix never confuse LibreOffice.
"""

from __future__ import annotations

import atexit
import glob
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile

from checker.readers.source import InputError, Source, read_file

SOFFICE_ENV = "FZLINT_SOFFICE"
TIMEOUT_ENV = "FZLINT_OFFICE_TIMEOUT"
BASE_TIMEOUT, PER_FILE_TIMEOUT = 60, 10
KINDS = ("word97", "odt", "rtf", "markup")
_EXT = {"word97": "doc", "odt": "odt", "rtf": "rtf", "markup": "htm"}
LABEL = {"word97": "Word 97-2003 / WPS 文件", "odt": "OpenDocument 文本（.odt）",
         "rtf": "RTF 文件", "markup": "网页格式的 Word 文件"}
FORMAT = {"word97": "doc", "odt": "odt", "rtf": "rtf", "markup": "doc"}
INSTALL = ("安装：apt-get install libreoffice-writer-nogui，或从 libreoffice.org 下载 LibreOffice；"
           "也可以在 Word 或 WPS 中另存为 .docx 后再检查")


def _candidates() -> list[str]:
    out = [shutil.which("soffice"), shutil.which("libreoffice"), "/usr/bin/soffice",
           "/usr/bin/libreoffice", "/usr/lib/libreoffice/program/soffice",
           "/usr/local/bin/soffice", "/snap/bin/libreoffice"]
    out += sorted(glob.glob("/opt/libreoffice*/program/soffice"), reverse=True)
    out += sorted(glob.glob("/usr/lib64/libreoffice/program/soffice"))
    out += ["/Applications/LibreOffice.app/Contents/MacOS/soffice"]
    for base in (os.environ.get("ProgramFiles"), os.environ.get("ProgramFiles(x86)")):
        if base:
            out.append(os.path.join(base, "LibreOffice", "program", "soffice.exe"))
    return [c for c in out if c]


def find_soffice() -> str | None:
    """The LibreOffice program, or None."""
    explicit = os.environ.get(SOFFICE_ENV)
    if explicit is not None:
        return explicit if explicit and os.access(explicit, os.X_OK) else None
    for cand in _candidates():
        if os.path.isfile(cand) and os.access(cand, os.X_OK):
            return cand
    return None


def missing_message(path: str, kind: str) -> str:
    return f"{path}: 读取{LABEL.get(kind, '此类文件')}需要 LibreOffice，但本机没有找到（{INSTALL}）"


# --- the batch --------------------------------------------------------------------------------------
class _Batch:
    """Files waiting for conversion and the folder holding the results of this run."""

    def __init__(self):
        self.pending: dict[str, tuple[str, str]] = {}   # key → (path, kind)
        self.folder: str | None = None
        self.owner = os.getpid()

    def ensure_folder(self) -> str:
        if self.folder is None or not os.path.isdir(self.folder):
            self.folder = tempfile.mkdtemp(prefix="fzlint-office-")
            self.owner = os.getpid()
            atexit.register(_cleanup, self.folder, self.owner)
        return self.folder


def _cleanup(folder: str, owner: int) -> None:
    if os.getpid() == owner:
        shutil.rmtree(folder, ignore_errors=True)


_batch = _Batch()


def _key(path: str) -> str:
    try:
        st = os.stat(path)
        ident = f"{os.path.realpath(path)}\0{st.st_size}\0{st.st_mtime_ns}"
    except OSError:
        ident = os.path.abspath(path)
    return hashlib.sha1(ident.encode("utf-8", "surrogateescape")).hexdigest()


def expect(items) -> None:
    """Register (path, kind) pairs that will be read, so that one LibreOffice start converts
    them all."""
    for path, kind in items:
        if kind in KINDS:
            _batch.pending[_key(path)] = (path, kind)
    if _batch.pending:
        _batch.ensure_folder()


def _result_paths(folder: str, key: str) -> tuple[str, str]:
    return os.path.join(folder, key + ".docx"), os.path.join(folder, key + ".err")


def _timeout(n: int) -> float:
    env = os.environ.get(TIMEOUT_ENV)
    try:
        if env:
            return max(1.0, float(env))
    except ValueError:
        pass
    return BASE_TIMEOUT + PER_FILE_TIMEOUT * n


def convert_files(soffice: str, jobs: list[tuple[str, bytes, str]], outdir: str) -> dict:
    """Convert [(key, bytes, kind)] with one LibreOffice start, in a folder made under outdir;
    {key: (True, docx path) or (False, error message)}."""
    work = tempfile.mkdtemp(prefix="run-", dir=outdir)
    stage, out, profile = (os.path.join(work, d) for d in ("in", "out", "profile"))
    os.makedirs(stage)
    os.makedirs(out)
    names = {}
    for i, (key, data, kind) in enumerate(jobs):
        name = f"{i + 1:04d}"
        with open(os.path.join(stage, f"{name}.{_EXT[kind]}"), "wb") as f:
            f.write(data)
        names[key] = name
    files = sorted(os.path.join(stage, n) for n in os.listdir(stage))
    cmd = [soffice, "--headless", "--invisible", "--norestore", "--nologo", "--nodefault",
           "--nolockcheck", f"-env:UserInstallation=file://{os.path.abspath(profile)}",
           "--convert-to", "docx:MS Word 2007 XML", "--outdir", out, *files]
    limit = _timeout(len(files))
    timed_out = False
    failure = ""
    try:
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, start_new_session=True, cwd=work)
    except OSError as err:
        return {key: (False, f"无法启动 LibreOffice（{err.strerror or err}）") for key in names}
    try:
        _, err = proc.communicate(timeout=limit)
        if proc.returncode:
            failure = err.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
            failure = f"LibreOffice 退出码 {proc.returncode}" + (f"：{failure[0][:120]}"
                                                                if failure[0] else "")
    except subprocess.TimeoutExpired:
        timed_out = True
        _kill_group(proc)
    result = {}
    for key, name in names.items():
        docx = os.path.join(out, name + ".docx")
        if os.path.isfile(docx) and os.path.getsize(docx) > 0:
            result[key] = (True, docx)
        elif timed_out:
            result[key] = (False, f"LibreOffice 转换超时（超过 {limit:.0f} 秒）")
        else:
            result[key] = (False, failure or "LibreOffice 无法转换这个文件（文件可能已损坏或有密码保护）")
    shutil.rmtree(stage, ignore_errors=True)
    shutil.rmtree(profile, ignore_errors=True)
    return result


def _kill_group(proc) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError, AttributeError):
        proc.kill()
    try:
        proc.communicate(timeout=10)
    except subprocess.TimeoutExpired:
        pass


def _lock(folder: str):
    f = open(os.path.join(folder, ".lock"), "a+")
    try:
        import fcntl
        fcntl.flock(f, fcntl.LOCK_EX)
    except ImportError:            # Windows: a single process converts; no lock needed
        pass
    return f


def converted(path: str, data: bytes, kind: str, max_bytes: int) -> bytes:
    """The .docx bytes LibreOffice makes of a file (its data as read), converting every
    pending file of the batch along with it; InputError when it cannot."""
    soffice = find_soffice()
    if soffice is None:
        raise InputError(missing_message(path, kind))
    key = _key(path) if path not in ("-", "<stdin>") else hashlib.sha1(data).hexdigest()
    folder = _batch.ensure_folder()
    docx, err = _result_paths(folder, key)
    lock = _lock(folder)
    try:
        if not (os.path.exists(docx) or os.path.exists(err)):
            jobs = [(key, data, kind)]
            for other, (opath, okind) in list(_batch.pending.items()):
                if other == key or any(os.path.exists(p) for p in _result_paths(folder, other)):
                    continue
                try:
                    odata = read_file(opath, max_bytes)[0]
                except InputError:
                    continue                     # read again, and reported, on its own turn
                jobs.append((other, odata, okind))
            results = convert_files(soffice, jobs, folder)
            for k, (ok, res) in results.items():
                d, e = _result_paths(folder, k)
                if ok:
                    os.replace(res, d)
                else:
                    with open(e, "w", encoding="utf-8") as f:
                        f.write(res)
            for run in glob.glob(os.path.join(folder, "run-*")):
                shutil.rmtree(run, ignore_errors=True)
            for k in results:
                _batch.pending.pop(k, None)
    finally:
        lock.close()
    if os.path.exists(docx):
        with open(docx, "rb") as f:
            return f.read()
    with open(err, encoding="utf-8") as f:
        raise InputError(f"{path}: {f.read().strip()}")


def read_office(path: str, data: bytes, kind: str, max_bytes: int,
                text_limit: int | None = None) -> Source:
    """A .doc/.wps/.odt/.rtf file as a Source (via LibreOffice and the WordprocessingML reader)."""
    from checker.readers.docx import docx_from
    docx = converted(path, data, kind, max_bytes)
    return docx_from(docx, path, max_bytes, FORMAT[kind], text_limit=text_limit)


if __name__ == "__main__":   # python -m checker.readers.office: where LibreOffice is
    print(find_soffice() or "LibreOffice: not found", file=sys.stdout)
