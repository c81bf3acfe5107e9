"""Input limits through the real CLI: zip bombs (from a file and from stdin, sizes that lie in the
zip headers, a large honest document.xml, too many parts), special files named as drafts, as
--against or as --index (devices, FIFOs, /dev/stdin), --follow-symlinks on folders that link back
to themselves, and runs that check nothing (empty folders, unreadable subfolders).

Every hostile case must end quickly: each run has a `timeout=` far below what the unguarded code
needed (it read FIFOs forever, walked 2**40 folders, inflated gigabytes), so a regression fails
the test instead of hanging the suite."""

from __future__ import annotations

import io
import json
import os
import struct
import subprocess
import sys
import zipfile
import zlib

import pytest

from util import as_nobody, run_cli, seed_text

QUICK = 60          # seconds: every hostile run below ends in a few


def _one_error(proc, *needles):
    """The run was refused: exit 2, exactly one line on stderr, an error naming what it says."""
    assert proc.returncode == 2, (proc.returncode, proc.stderr[-2000:])
    lines = proc.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("fzlint: 错误："), proc.stderr[-2000:]
    for needle in needles:
        assert str(needle) in lines[0], (needle, lines[0])
    assert "Traceback" not in proc.stdout + proc.stderr
    return lines[0]


# --- building Word packages ---------------------------------------------------------------------

def _parts(text: str, picture: bool = False) -> dict[str, bytes]:
    """The parts of a real .docx (python-docx) holding text, optionally with a small picture."""
    import docx
    from docx.shared import Cm
    d = docx.Document()
    for line in text.split("\n"):
        d.add_paragraph(line)
    if picture:
        d.add_picture(io.BytesIO(_png()), width=Cm(4))
    buf = io.BytesIO()
    d.save(buf)
    with zipfile.ZipFile(buf) as z:
        return {n: z.read(n) for n in z.namelist()}


def _png() -> bytes:
    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    raw = b"".join(b"\x00" + b"\xc0\x20\x20" * 4 for _ in range(3))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 3, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


class Deflated:
    """A member's deflate stream made of repeated blocks: gigabytes in a few megabytes, built in
    milliseconds (each block ends with a full flush, so the same bytes can follow each other).
    crc and size are those of the data it really inflates to."""

    def __init__(self, pieces):
        raw, crc, size = [], 0, 0
        for data, times in pieces:
            co = zlib.compressobj(6, zlib.DEFLATED, -15)
            raw.append((co.compress(data) + co.flush(zlib.Z_FULL_FLUSH)) * times)
            for _ in range(times):
                crc = zlib.crc32(data, crc)
            size += len(data) * times
        raw.append(zlib.compressobj(6, zlib.DEFLATED, -15).flush())   # the final, empty block
        self.raw, self.crc, self.size = b"".join(raw), crc, size


def _zip(members: dict) -> bytes:
    """A zip written by hand: bytes values are stored as they are, Deflated ones as given."""
    out, central = bytearray(), bytearray()
    for name, value in members.items():
        if isinstance(value, Deflated):
            method, crc, comp, size = 8, value.crc, value.raw, value.size
        else:
            method, crc, comp, size = 0, zlib.crc32(value), value, len(value)
        n = name.encode("utf-8")
        offset = len(out)
        out += struct.pack("<4s5H3I2H", b"PK\x03\x04", 20, 0, method, 0, 0x21, crc, len(comp),
                           size, len(n), 0) + n + comp
        central += struct.pack("<4s6H3I5H2I", b"PK\x01\x02", 20, 20, 0, method, 0, 0x21, crc,
                               len(comp), size, len(n), 0, 0, 0, 0, 0, offset) + n
    eocd = struct.pack("<4s4H2IH", b"PK\x05\x06", 0, 0, len(members), len(members), len(central),
                       len(out), 0)
    return bytes(out + central + eocd)


def _deflated_zip(members: dict) -> bytes:
    """A zip written by zipfile, every member deflated."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


def _lie_about_size(data: bytes, name: str, claimed: int) -> bytes:
    """The zip with the uncompressed size of member `name` patched to `claimed` in both its
    local header and its central directory entry (CRC and data untouched)."""
    buf = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        local, pos = z.getinfo(name).header_offset, z.start_dir
    assert buf[local:local + 4] == b"PK\x03\x04"
    struct.pack_into("<I", buf, local + 22, claimed)
    patched = 0
    while buf[pos:pos + 4] == b"PK\x01\x02":
        nlen, xlen, clen = struct.unpack_from("<3H", buf, pos + 28)
        if buf[pos + 46:pos + 46 + nlen] == name.encode("utf-8"):
            struct.pack_into("<I", buf, pos + 24, claimed)
            patched += 1
        pos += 46 + nlen + xlen + clen
    assert patched == 1
    with zipfile.ZipFile(io.BytesIO(bytes(buf))) as z:
        assert z.getinfo(name).file_size == claimed
    return bytes(buf)


def _from_file_and_stdin(tmp_path, data: bytes, *args, name="草稿.docx"):
    """Run `check` on the package as a file and as standard input; both results."""
    path = tmp_path / name
    path.write_bytes(data)
    as_file = run_cli("check", "--no-config", *args, path, timeout=QUICK)
    as_stdin = run_cli("check", "--no-config", *args, "--stdin-filename", name, "-", input=data,
                       timeout=QUICK)
    return (as_file, path), (as_stdin, name)


# --- item 4: zip bombs ----------------------------------------------------------------------------

def test_a_word_bomb_on_stdin_is_refused_like_the_same_file(tmp_path):
    """2 MB that inflate to 2 GB (the picture of a real draft): refused whether the package is a
    file or standard input, after inflating at most the allowance (not 2 GB)."""
    parts = _parts(seed_text("001"), picture=True)
    (media,) = [n for n in parts if n.startswith("word/media/")]
    parts[media] = Deflated([(b"\x89PNG\r\n\x1a\n", 1), (bytes(1 << 24), 128)])
    data = _zip(parts)
    assert len(data) < 3 * 1024 * 1024 and parts[media].size > 2 * 1024 ** 3
    for proc, name in _from_file_and_stdin(tmp_path, data):
        _one_error(proc, name, "解压后过大")


def test_a_bomb_in_a_part_word_never_reads_is_refused_from_stdin_too(tmp_path):
    """A part no relationship points to is still inflated by other zip readers: it counts."""
    parts = _parts(seed_text("001"))
    parts["word/padding.xml"] = Deflated([(bytes(1 << 20), 64)])
    for proc, name in _from_file_and_stdin(tmp_path, _zip(parts), "--max-size", "1"):
        _one_error(proc, name, "解压后过大")


def test_sizes_that_lie_in_the_zip_headers_are_not_believed(tmp_path):
    """A member whose headers claim 1,000 bytes but which inflates to 64 MB, one that claims
    3 GB but holds a few kilobytes, and a document.xml cut short by its headers: each refused,
    naming the member, from a file and from stdin."""
    parts = _parts(seed_text("002"))
    hidden = dict(parts, **{"word/padding.xml": bytes(64 * 1024 * 1024)})
    hidden = _lie_about_size(_deflated_zip(hidden), "word/padding.xml", 1000)
    inflated = _lie_about_size(_deflated_zip(parts), "word/document.xml", 3 * 1024 ** 3)
    short = _lie_about_size(_deflated_zip(parts), "word/document.xml",
                            len(parts["word/document.xml"]) // 2)
    for data, member in ((hidden, "word/padding.xml"), (inflated, "word/document.xml"),
                         (short, "word/document.xml")):
        assert len(data) < 1024 * 1024
        for proc, name in _from_file_and_stdin(tmp_path, data, "--max-size", "1"):
            _one_error(proc, name, member, "不符")
    # the same package with honest headers is read and checked, from a file and from stdin
    for proc, _ in _from_file_and_stdin(tmp_path, _deflated_zip(parts), "--max-size", "1",
                                        "-f", "json"):
        assert proc.returncode == 1, proc.stderr
        assert json.loads(proc.stdout)["files"][0]["findings"]


def test_a_large_honest_document_xml_is_refused_before_it_is_parsed(tmp_path):
    """95 MB of paragraphs (inside the old allowance of 5 x --max-size, valid sizes and CRC):
    refused before python-docx parses it (that took a minute and more than a gigabyte)."""
    parts = _parts(seed_text("001"))
    body = parts["word/document.xml"]
    at = body.index(b"<w:sectPr")
    paragraph = "<w:p><w:r><w:t>法治政府</w:t></w:r></w:p>".encode("utf-8")
    block = paragraph * (1024 * 1024 // len(paragraph))
    parts["word/document.xml"] = Deflated([(body[:at], 1), (block, 95), (body[at:], 1)])
    data = _zip(parts)
    assert len(data) < 2 * 1024 * 1024 and parts["word/document.xml"].size > 90 * 1024 * 1024
    for proc, name in _from_file_and_stdin(tmp_path, data):
        _one_error(proc, name, "解压后过大", "--max-size")


def test_a_word_file_on_stdin_gets_the_allowance_of_the_same_file(tmp_path):
    """Pictures make a .docx larger than its text: a 3 MB package with 10 KB of text is checked
    with --max-size 1, as a file and from stdin alike."""
    parts = _parts(seed_text("002"), picture=True)
    (media,) = [n for n in parts if n.startswith("word/media/")]
    parts[media] = _png() + os.urandom(3 * 1024 * 1024)       # incompressible
    data = _deflated_zip(parts)
    assert len(data) > 3 * 1024 * 1024
    for proc, _ in _from_file_and_stdin(tmp_path, data, "--max-size", "1", "-f", "json"):
        assert proc.returncode == 1, proc.stderr
        assert json.loads(proc.stdout)["files"][0]["findings"]


def test_a_package_of_too_many_parts_is_refused(tmp_path):
    parts = _parts(seed_text("001"))
    parts.update({f"word/p{i}.xml": b"" for i in range(20000)})
    for proc, name in _from_file_and_stdin(tmp_path, _zip(parts)):
        _one_error(proc, name, "过多")


# --- item 8: special files ------------------------------------------------------------------------

@pytest.fixture
def specials(tmp_path):
    """Names that are not regular files: devices, FIFOs (also named .docx) and links to them."""
    os.mkfifo(tmp_path / "管道.txt")
    os.mkfifo(tmp_path / "管道.docx")
    (tmp_path / "零.docx").symlink_to("/dev/zero")
    (tmp_path / "随机.txt").symlink_to("/dev/urandom")
    return [tmp_path / "管道.txt", tmp_path / "管道.docx", tmp_path / "零.docx",
            tmp_path / "随机.txt", "/dev/zero", "/dev/urandom"]


def test_special_files_named_as_drafts_are_refused_without_reading_them(specials):
    for path in specials:
        proc = run_cli("check", "--no-config", path, timeout=QUICK)
        _one_error(proc, path, "不是普通文件")
    # /dev/stdin is not a way round "-": a pipe behind it is refused, a file behind it is bounded
    proc = run_cli("check", "--no-config", "/dev/stdin", input=seed_text("001"), timeout=QUICK)
    _one_error(proc, "/dev/stdin", "不是普通文件", "标准输入请用 -")


def test_dev_stdin_on_a_large_file_is_bounded_by_max_size(tmp_path):
    big = tmp_path / "big.txt"
    big.write_bytes(seed_text("003").encode("utf-8") * (3 * 1024 * 1024 // 3000))
    assert big.stat().st_size > 1024 * 1024
    env = dict(os.environ, NO_COLOR="1", PYTHONIOENCODING="utf-8")
    with open(big, "rb") as stdin:
        proc = subprocess.run([sys.executable, "-m", "checker", "check", "--no-config",
                               "--max-size", "1", "/dev/stdin"], stdin=stdin, capture_output=True,
                              env=env, timeout=QUICK, text=True)
    _one_error(proc, "/dev/stdin", "过大")


def test_special_files_given_to_against_or_index_are_refused(tmp_path, specials):
    draft = tmp_path / "今年.txt"
    draft.write_text(seed_text("001"), encoding="utf-8")
    for path in specials:
        proc = run_cli("check", "--no-config", draft, "--against", path, timeout=QUICK)
        _one_error(proc, path, "不是普通文件")
        assert proc.stdout == ""
    proc = run_cli("check", "--no-config", draft, "--index", specials[0], timeout=QUICK)
    _one_error(proc, specials[0], "不是普通文件")
    # standard input is no --against file either (it used to end in an internal error)
    proc = run_cli("check", "--no-config", draft, "--against", "-", input=seed_text("001"),
                   timeout=QUICK)
    _one_error(proc, "--against", "标准输入")


def test_a_fifo_inside_an_against_folder_is_skipped_with_a_warning(tmp_path):
    draft = tmp_path / "今年.txt"
    draft.write_text(seed_text("001"), encoding="utf-8")
    folder = tmp_path / "往年"
    folder.mkdir()
    (folder / "去年.txt").write_text(seed_text("001"), encoding="utf-8")
    os.mkfifo(folder / "管道.docx")
    proc = run_cli("check", "--no-config", "-f", "json", "--select", "FZ303", draft,
                   "--against", folder, timeout=QUICK)
    assert proc.returncode == 1, proc.stderr
    assert json.loads(proc.stdout)["files"][0]["findings"]        # compared with 去年.txt
    (warning,) = proc.stderr.splitlines()
    assert warning.startswith("fzlint: 警告：") and "管道.docx" in warning


# --- item 9: --follow-symlinks loops --------------------------------------------------------------

def test_follow_symlinks_visits_each_folder_once(tmp_path):
    root = tmp_path / "草稿"
    (root / "乡镇").mkdir(parents=True)
    (root / "本级.txt").write_text(seed_text("001"), encoding="utf-8")
    (root / "乡镇" / "青山镇.txt").write_text(seed_text("002"), encoding="utf-8")
    (tmp_path / "旁边.txt").write_text(seed_text("003"), encoding="utf-8")
    (root / "这里").symlink_to(".")
    (root / "又是这里").symlink_to(".")
    (root / "乡镇" / "回去").symlink_to("..")
    (root / "上一级").symlink_to("..")                     # leaves the folder: only when followed
    followed = run_cli("check", "--no-config", "-f", "json", "--follow-symlinks", root,
                       timeout=QUICK)
    assert followed.returncode == 1, followed.stderr[-2000:]
    paths = [os.path.relpath(f["path"], root) for f in json.loads(followed.stdout)["files"]]
    assert sorted(os.path.basename(p) for p in paths) == ["旁边.txt", "本级.txt", "青山镇.txt"]
    assert "上一级/旁边.txt" in paths and len(paths) == len(set(paths)) == 3
    plain = run_cli("check", "--no-config", "-f", "json", root, timeout=QUICK)
    assert plain.returncode == 1, plain.stderr
    names = sorted(os.path.relpath(f["path"], root) for f in json.loads(plain.stdout)["files"])
    assert names == ["乡镇/青山镇.txt", "本级.txt"]


# --- item 17: runs that check nothing, unreadable folders ------------------------------------------

def test_a_run_that_checks_nothing_exits_2(tmp_path):
    empty = tmp_path / "空"
    empty.mkdir()
    named = tmp_path / "报告.txt"                               # a folder with a draft's name
    named.mkdir()
    others = tmp_path / "其他"
    others.mkdir()
    (others / "说明.xlsx").write_bytes(b"PK\x03\x04")       # not a draft format (.pdf now is)
    report = tmp_path / "结果.json"
    for args in ((empty,), (named,), (others,), ("--cross", empty), (empty, named)):
        proc = run_cli("check", "--no-config", "-f", "json", "-o", report, *args, timeout=QUICK)
        assert proc.returncode == 2, (args, proc.stderr)
        lines = proc.stderr.splitlines()
        errors = [line for line in lines if line.startswith("fzlint: 错误：")]
        assert errors == [lines[-1]] and "没有可检查的草稿" in errors[0], (args, lines)
        assert all(line.startswith("fzlint: 警告：") for line in lines[:-1])
        assert proc.stdout == "" and not report.exists()


def _unprivileged(*args):
    """Run a command as the unprivileged user `nobody` (root can read every folder)."""
    env = dict(os.environ, NO_COLOR="1", PYTHONIOENCODING="utf-8", HOME="/nonexistent")
    env.pop("FZLINT_DEBUG", None)
    return as_nobody(*args, env=env, timeout=QUICK, text=True)


def test_unreadable_folders_are_warned_about_one_line_each(nobody_tmp):
    tmp_path = nobody_tmp
    root = tmp_path / "草稿"
    for sub in ("可读", "保密", "可读/内部"):
        (root / sub).mkdir(parents=True)
    for rel in ("本级.txt", "可读/青山镇.txt", "保密/绿水镇.txt", "可读/内部/白云乡.txt"):
        (root / rel).write_text(seed_text("002"), encoding="utf-8")
    for folder in (root, root / "可读"):
        os.chmod(folder, 0o755)
    for folder in (root / "保密", root / "可读" / "内部"):
        os.chmod(folder, 0o700)                                 # root's; nobody cannot list it
    proc = _unprivileged(sys.executable, "-m", "checker", "check", "--no-config", "-f", "json",
                         root)
    assert proc.returncode == 1, proc.stderr
    names = sorted(os.path.relpath(f["path"], root) for f in json.loads(proc.stdout)["files"])
    assert names == ["可读/青山镇.txt", "本级.txt"]
    warnings = proc.stderr.splitlines()
    assert len(warnings) == 2 and all(w.startswith("fzlint: 警告：") for w in warnings)
    assert str(root / "保密") in warnings[0] + warnings[1]
    assert str(root / "可读" / "内部") in warnings[0] + warnings[1]
    assert all("无法读取" in w for w in warnings)
    # the folder itself unreadable: a warning naming it, and nothing checked is an error
    alone = _unprivileged(sys.executable, "-m", "checker", "check", "--no-config", root / "保密")
    assert alone.returncode == 2, alone.stderr
    warning, error = alone.stderr.splitlines()
    assert warning.startswith("fzlint: 警告：") and str(root / "保密") in warning
    assert error.startswith("fzlint: 错误：") and "没有可检查的草稿" in error


def test_a_word_file_with_too_much_text_stops_being_read_at_the_limit(tmp_path):
    """A small, honest package whose paragraphs hold 1.4 MB of text (it compresses to a few
    hundred KB): refused with --max-size 1 once the rendered text passes 1 MB — reading stops
    there (checker.readers.wordml.TextTooLong) instead of rendering every paragraph first."""
    sys.path.insert(0, os.path.dirname(__file__))
    import office_files as of
    para = of.p("镇司法所组织开展送法下乡活动，发放宣传资料，接受群众法律咨询。")
    data = of.package(para * 15_000)     # 1.4 MB of text in 2 MB of XML (under 3 x)
    assert len(data) < 1_000_000
    for proc, name in _from_file_and_stdin(tmp_path, data, "--max-size", "1"):
        _one_error(proc, name, "文字过多", "超过 1 MB 的上限")
    from checker.readers.wordml import TextTooLong, read_wordml
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        with pytest.raises(TextTooLong):
            read_wordml(z, text_limit=1_048_576)
        paragraphs = read_wordml(z).paragraphs
        assert len(paragraphs) == 15_000
        exact = len("\n".join(paragraphs).encode("utf-8"))    # the text as the reader joins it
        assert len(read_wordml(z, text_limit=exact).paragraphs) == 15_000
        with pytest.raises(TextTooLong):
            read_wordml(z, text_limit=exact - 1)
    # under the limit the same package is read and checked
    small = of.package(para * 100)
    for proc, _ in _from_file_and_stdin(tmp_path, small, "--max-size", "1", "-f", "json"):
        assert proc.returncode in (0, 1) and json.loads(proc.stdout)["summary"]["files"] == 1


def test_the_default_text_limit_is_1_mb_and_max_text_raises_it(tmp_path):
    """--max-text (default 1 MB of text) holds every way a draft comes in: a text file, stdin,
    a Word file; --max-size stays the file limit."""
    sys.path.insert(0, os.path.dirname(__file__))
    import office_files as of
    line = "镇司法所组织开展送法下乡活动，发放宣传资料，接受群众法律咨询。\n"
    big = tmp_path / "汇编.txt"
    big.write_text(line * 26_000, encoding="utf-8")            # 2.4 MB
    assert 2 * 1048576 < big.stat().st_size < 3 * 1048576
    proc = run_cli("check", "--no-config", big, timeout=QUICK)
    _one_error(proc, big, "文字过多", "上限 1 MB", "--max-text")
    proc = run_cli("check", "--no-config", "--stdin-filename", "汇编.txt", "-",
                   input=big.read_bytes(), timeout=QUICK)
    _one_error(proc, "汇编.txt", "文字过多", "上限 1 MB")
    docx_path = tmp_path / "汇编.docx"
    docx_path.write_bytes(of.package(of.p(line.strip()) * 26_000))
    _one_error(run_cli("check", "--no-config", docx_path, timeout=QUICK), docx_path, "文字过多")
    ok = run_cli("check", "--no-config", "--max-text", "3", "-f", "json", "--select", "FZ101", big,
                 timeout=300)
    assert ok.returncode == 1 and json.loads(ok.stdout)["summary"]["files"] == 1, ok.stderr
