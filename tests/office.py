"""Word files for the tests, and a real LibreOffice to open them.

``build_docx`` turns a seed's text into a .docx the way a clerk's draft looks: every paragraph
cut into runs of a few characters, some bold, some red, some italic and underlined, so that a
fix or a comment span crosses run boundaries and formatting that is lost shows.  ``extras`` adds
what a real draft carries: a comment of its own, a tracked insertion and deletion of its own,
a picture.

``ensure_libreoffice`` finds soffice (installing Debian's libreoffice-writer-nogui, or
libreoffice-writer, and poppler-utils, python3-uno and a Chinese font with apt-get when they
are missing) and raises OfficeUnavailable when it cannot: the tests turn that into a failure,
never a skip.  ``to_pdf`` converts with ``soffice --headless --convert-to pdf``, ``render_png``
renders a page with pdftoppm, ``libreoffice_accept_all`` has LibreOffice accept every tracked
change (tests/lo_accept.py, run by Debian's python3 with python3-uno).

``accept_all`` is the same done by hand on the XML (w:del dropped, w:ins unwrapped, a deleted
paragraph mark joins its paragraph to the next), ``anchored_texts`` the text each comment is
anchored on (the text before fzlint's tracked changes).
"""

from __future__ import annotations

import io
import os
import shutil
import struct
import subprocess
import tempfile
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
PACKAGES = ("poppler-utils", "python3-uno", "fonts-wqy-microhei")
WRITERS = ("libreoffice-writer-nogui", "libreoffice-writer")
SYSTEM_PYTHON = "/usr/bin/python3"


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


class OfficeUnavailable(RuntimeError):
    """LibreOffice (or poppler, python3-uno) is missing and could not be installed."""


# --- building drafts ---------------------------------------------------------------------------
def build_docx(text: str, path, extras: bool = False, picture: bool = False) -> Path:
    """A .docx with one paragraph per line of text, cut into formatted runs."""
    import docx
    from docx.shared import Inches, RGBColor
    d = docx.Document()
    for n, line in enumerate(text.split("\n")):
        p = d.add_paragraph()
        for k in range(0, len(line), 7):
            r = p.add_run(line[k:k + 7])
            kind = (k // 7 + n) % 4
            if kind == 1:
                r.bold = True
            elif kind == 2:
                r.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)
            elif kind == 3:
                r.italic = True
                r.underline = True
    if extras:
        first = d.paragraphs[0]
        d.add_comment(first.runs, text="请核对单位全称", author="审核人", initials="审")
        _own_revisions(first)
    if picture:
        d.add_paragraph().add_run().add_picture(io.BytesIO(tiny_png()), width=Inches(0.5))
    path = Path(path)
    d.save(path)
    return path


def tricky_docx(path) -> Path:
    """Runs holding tabs, line and page breaks, a non-breaking hyphen, a carriage return and a
    newline inside w:t, and a hyperlink; findings fall on all of them."""
    import docx
    from docx.oxml import parse_xml
    d = docx.Document()
    d.add_paragraph("某某镇人民政府2024年法治政府建设情况报告")
    p = d.add_paragraph()
    ns = f'xmlns:w="{W}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    xml = (f'<x {ns}><w:r><w:rPr><w:b/></w:rPr><w:t>我镇,</w:t><w:tab/><w:t>推进</w:t></w:r>'
           f'<w:hyperlink r:id="rIdX"><w:r><w:rPr><w:color w:val="0000FF"/></w:rPr>'
           f'<w:t>法治,宣传</w:t></w:r></w:hyperlink>'
           f'<w:r><w:t xml:space="preserve">工作&#13;,</w:t><w:br/><w:t>成效</w:t>'
           f'<w:br w:type="page"/><w:noBreakHyphen/><w:t>明显,</w:t></w:r>'
           f'<w:r><w:rPr><w:i/></w:rPr><w:t xml:space="preserve">党委政府\n政府要求,，。</w:t></w:r></x>')
    for el in list(parse_xml(xml)):
        p._p.append(el)
    d.save(path)
    return Path(path)


def _own_revisions(p) -> None:
    """A tracked insertion and deletion by 张三 at the end of paragraph p (the reader reads
    neither, so the line's text is unchanged)."""
    from docx.oxml import parse_xml
    xml = (f'<w:ins xmlns:w="{W}" w:id="9001" w:author="张三" w:date="2024-12-01T08:00:00Z">'
           f'<w:r><w:t>（初稿）</w:t></w:r></w:ins>'
           f'<w:del xmlns:w="{W}" w:id="9002" w:author="张三" w:date="2024-12-01T08:00:00Z">'
           f'<w:r><w:delText>草案</w:delText></w:r></w:del>')
    for el in parse_xml(f'<x xmlns:w="{W}">{xml}</x>'):
        p._p.append(el)


def tiny_png() -> bytes:
    """A 4×4 red PNG."""
    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    raw = b"".join(b"\x00" + b"\xff\x00\x00" * 4 for _ in range(4))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 4, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


# --- reading them back --------------------------------------------------------------------------
def body_of(data: bytes):
    import docx
    d = docx.Document(io.BytesIO(data))
    return d, d.element.body


_CHARS = {w("t"): None, w("delText"): None, w("tab"): " ", w("ptab"): " ", w("br"): " ",
          w("cr"): " ", w("noBreakHyphen"): "-"}    # as the reader reads them


def anchored_texts(data: bytes, author: str = "fzlint") -> dict[str, str]:
    """comment id → the text the reader read, between the comment's commentRangeStart and
    commentRangeEnd (paragraphs joined with \\n): w:t outside `author`'s w:ins and others'
    w:del (the draft's own insertions read as accepted, as the reader reads them), and the
    w:delText of `author`'s deletions (the text before its tracked changes)."""
    _, body = body_of(data)
    texts: dict[str, list[str]] = {}
    active: set[str] = set()
    for p in body.iterchildren(w("p")):
        for cid in active:
            texts[cid].append("\n")
        for el in p.iter():
            if el.tag == w("commentRangeStart"):
                cid = el.get(w("id"))
                active.add(cid)
                texts[cid] = []
            elif el.tag == w("commentRangeEnd"):
                active.discard(el.get(w("id")))
            elif el.tag in _CHARS and el.getparent().tag == w("r"):
                if any(a.tag == w("ins") and a.get(w("author")) == author
                       or a.tag == w("del") and a.get(w("author")) != author
                       for a in el.iterancestors()):
                    continue
                if el.tag in (w("t"), w("delText")):
                    chars = (el.text or "").replace("\r", "").replace("\n", " ").replace("\v", " ")
                elif el.tag == w("br") and el.get(w("type")) not in (None, "textWrapping"):
                    chars = ""
                else:
                    chars = _CHARS[el.tag]
                for cid in active:
                    texts[cid].append(chars)
    return {cid: "".join(parts) for cid, parts in texts.items()}


def accept_all(data: bytes, author: str | None = None) -> bytes:
    """Accept the tracked changes (all, or only those by `author`) on the XML: a w:del goes
    (its range marks stay), a w:ins is unwrapped, a deleted paragraph mark joins the paragraph
    to the next (which gives up its properties)."""
    d, body = body_of(data)

    def mine(el):
        return author is None or el.get(w("author")) == author
    for de in body.xpath(".//w:del[not(ancestor::w:rPr)]"):
        if mine(de):
            for child in list(de):
                if child.tag != w("r"):
                    de.addprevious(child)
            de.getparent().remove(de)
    for ins in body.xpath(".//w:ins[not(ancestor::w:rPr)]"):
        if mine(ins):
            for child in list(ins):
                ins.addprevious(child)
            ins.getparent().remove(ins)
    for p in reversed(body.xpath("./w:p[w:pPr/w:rPr/w:del]")):
        mark = p.find(w("pPr")).find(w("rPr")).find(w("del"))
        if not mine(mark):
            continue
        mark.getparent().remove(mark)
        nxt = p.getnext()
        if nxt is not None and nxt.tag == w("p"):
            for child in list(nxt):
                if child.tag != w("pPr"):
                    p.append(child)
            body.remove(nxt)
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def strip_comments(data: bytes) -> bytes:
    """The package without its comments (ranges, references and the comments part)."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    d, body = body_of(data)
    for el in body.xpath(".//w:commentRangeStart | .//w:commentRangeEnd"):
        el.getparent().remove(el)
    for r in body.xpath(".//w:r[w:commentReference]"):
        r.getparent().remove(r)
    for rid, rel in list(d.part.rels.items()):
        if rel.reltype == RT.COMMENTS:
            d.part.drop_rel(rid)
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


# --- LibreOffice ---------------------------------------------------------------------------
def find_soffice() -> str | None:
    for path in ("/usr/bin/soffice", "/usr/bin/libreoffice"):
        if os.access(path, os.X_OK):
            return path
    return shutil.which("soffice") or shutil.which("libreoffice")


def _has_uno() -> bool:
    return os.access(SYSTEM_PYTHON, os.X_OK) and subprocess.run(
        [SYSTEM_PYTHON, "-c", "import uno"], capture_output=True, timeout=60).returncode == 0


def _has_chinese_font() -> bool:
    if not shutil.which("fc-list"):
        return False
    out = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True,
                         timeout=60).stdout
    return bool(out.strip())


def _apt(*packages) -> None:
    if os.geteuid() != 0:
        raise OfficeUnavailable(f"需要 {' '.join(packages)}，但不是 root，无法用 apt-get 安装")
    if not shutil.which("apt-get"):
        raise OfficeUnavailable(f"需要 {' '.join(packages)}，但这台机器没有 apt-get")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    for cmd in (["apt-get", "update"],
                ["apt-get", "install", "-y", "--no-install-recommends",
                 "-o", "DPkg::Lock::Timeout=600", *packages]):
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=1800)
        if proc.returncode != 0:
            tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
            raise OfficeUnavailable(f"{' '.join(cmd)} 失败（{proc.returncode}）：{' / '.join(tail)}")


def ensure_libreoffice() -> str:
    """The path of soffice, with pdftoppm, python3-uno and a Chinese font beside it."""
    if find_soffice() is None:
        try:
            _apt(WRITERS[0])
        except OfficeUnavailable:
            _apt(WRITERS[1])
    missing = [pkg for pkg, have in zip(PACKAGES, (shutil.which("pdftoppm"), _has_uno(),
                                                   _has_chinese_font())) if not have]
    if missing:
        _apt(*missing)
    soffice = find_soffice()
    if soffice is None or not shutil.which("pdftoppm") or not _has_uno():
        raise OfficeUnavailable("安装后仍找不到 soffice、pdftoppm 或 python3-uno")
    return soffice


def profile_url(folder) -> str:
    """A LibreOffice user profile of the tests' own (never the user's, never shared with
    another run), as -env:UserInstallation wants it."""
    return Path(folder).resolve().as_uri()


PDF_WITH_COMMENTS = 'pdf:writer_pdf_Export:{"ExportNotes":{"type":"boolean","value":"true"}}'


def to_pdf(soffice: str, files, outdir, profile) -> subprocess.CompletedProcess:
    """soffice --headless --convert-to pdf, all files in one run; the comments become PDF
    text annotations (count them with pdf_comments)."""
    return subprocess.run([soffice, f"-env:UserInstallation={profile_url(profile)}",
                           "--headless", "--norestore", "--convert-to", PDF_WITH_COMMENTS,
                           "--outdir", str(outdir), *map(str, files)],
                          capture_output=True, text=True, timeout=600)


def pdf_comments(pdf) -> int:
    """How many comments (text annotations) LibreOffice put into a PDF."""
    import re
    return len(re.findall(rb"/Subtype\s*/Text\b", Path(pdf).read_bytes()))


def render_png(pdf, out_prefix, page: int = 1, dpi: int = 80) -> Path:
    subprocess.run(["pdftoppm", "-r", str(dpi), "-f", str(page), "-l", str(page), "-png",
                    "-singlefile", str(pdf), str(out_prefix)], check=True, capture_output=True,
                   timeout=120)
    return Path(f"{out_prefix}.png")


def libreoffice_accept_all(files, outdir, profile) -> dict[str, tuple[int, int]]:
    """Have LibreOffice accept all tracked changes of each file and save it as .docx in outdir:
    {file name: (tracked changes before, after)}."""
    proc = subprocess.run([SYSTEM_PYTHON, str(HERE / "lo_accept.py"), str(Path(profile).resolve()),
                           str(outdir), *map(str, files)], capture_output=True, text=True,
                          timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    out = {}
    for line in proc.stdout.splitlines():
        name, before, after = line.split("\t")
        out[os.path.basename(name)] = (int(before), int(after))
    return out


def temp_profile() -> str:
    return tempfile.mkdtemp(prefix="fzlint-lo-profile-")
