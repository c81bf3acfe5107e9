"""Office files for the reading tests, built here from nothing: WordprocessingML packages written
as raw XML into a zip (numbering, tracked changes, text boxes, fields, tables, soft breaks …),
and LibreOffice conversions of them to .doc/.odt/.rtf/.pdf (``convert``).

``p()`` and friends return XML strings for the body; ``package()`` zips a body (and optional
numbering.xml / styles.xml) into a .docx.  Everything is UTF-8 and deterministic.
"""

from __future__ import annotations

import io
import os
import shutil
import signal
import subprocess
import tempfile
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = (f'xmlns:w="{W}" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
      'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
      'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
      'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
      'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
      'xmlns:v="urn:schemas-microsoft-com:vml" '
      'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" '
      'mc:Ignorable="w14"')

MAIN_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
DOCM_TYPE = "application/vnd.ms-word.document.macroEnabled.main+xml"
DOTX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


# --- runs and paragraphs -----------------------------------------------------------------------
def t(text: str) -> str:
    """A run of plain text."""
    return f'<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def br() -> str:
    return "<w:r><w:br/></w:r>"


def tab() -> str:
    return "<w:r><w:tab/></w:r>"


def ins(inner: str, rid: int = 1) -> str:
    return f'<w:ins w:id="{rid}" w:author="审核人" w:date="2024-01-10T09:00:00Z">{inner}</w:ins>'


def dele(text: str, rid: int = 2) -> str:
    return (f'<w:del w:id="{rid}" w:author="审核人" w:date="2024-01-10T09:00:00Z"><w:r>'
            f'<w:delText xml:space="preserve">{escape(text)}</w:delText></w:r></w:del>')


def field(instr: str, shown: str) -> str:
    """A complex field: instruction dropped by a reader, result shown."""
    return ('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            f'<w:r><w:instrText xml:space="preserve"> {escape(instr)} </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
            f'{t(shown)}<w:r><w:fldChar w:fldCharType="end"/></w:r>')


def p(*runs: str, num: int | None = None, ilvl: int = 0, style: str | None = None,
      jc: str | None = None, mark: str = "", ppr_extra: str = "") -> str:
    """A paragraph of runs (strings are text runs; XML fragments starting with '<' go as is)."""
    ppr = ""
    if style:
        ppr += f'<w:pStyle w:val="{style}"/>'
    if num is not None:
        ppr += f'<w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num}"/></w:numPr>'
    ppr += ppr_extra
    if jc:
        ppr += f'<w:jc w:val="{jc}"/>'
    if mark:
        ppr += f"<w:rPr>{mark}</w:rPr>"
    body = "".join(r if r.startswith("<") else t(r) for r in runs)
    return f"<w:p>{'<w:pPr>' + ppr + '</w:pPr>' if ppr else ''}{body}</w:p>"


def table(rows: list[list[str]]) -> str:
    """A table; each cell holds one paragraph of text (or a list of paragraph XML strings)."""
    out = ['<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid>']
    out += ['<w:gridCol w:w="2000"/>' for _ in rows[0]]
    out.append("</w:tblGrid>")
    for row in rows:
        out.append("<w:tr>")
        for cell in row:
            paras = cell if isinstance(cell, list) else [p(cell)]
            out.append('<w:tc><w:tcPr><w:tcW w:w="2000" w:type="dxa"/></w:tcPr>'
                       + "".join(paras) + "</w:tc>")
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def text_box(paragraphs: list[str], vml_fallback: bool = True) -> str:
    """A run holding a floating text box (DrawingML in mc:Choice, VML copy in mc:Fallback,
    as Word writes it); the paragraphs are XML strings."""
    inner = "".join(paragraphs)
    choice = ('<mc:Choice Requires="wps"><w:drawing><wp:anchor distT="0" distB="0" distL="0" '
              'distR="0" simplePos="0" relativeHeight="1" behindDoc="0" locked="0" '
              'layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
              '<wp:positionH relativeFrom="margin"><wp:align>right</wp:align></wp:positionH>'
              '<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset>'
              '</wp:positionV><wp:extent cx="2400000" cy="700000"/><wp:wrapNone/>'
              '<wp:docPr id="1" name="文本框 1"/><a:graphic><a:graphicData '
              'uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
              '<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/>'
              '<a:ext cx="2400000" cy="700000"/></a:xfrm><a:prstGeom prst="rect">'
              '<a:avLst/></a:prstGeom></wps:spPr><wps:txbx><w:txbxContent>'
              f'{inner}</w:txbxContent></wps:txbx><wps:bodyPr/></wps:wsp></a:graphicData>'
              '</a:graphic></wp:anchor></w:drawing></mc:Choice>')
    fallback = ('<mc:Fallback><w:pict><v:shape style="position:absolute;width:189pt;'
                f'height:55pt"><v:textbox><w:txbxContent>{inner}</w:txbxContent></v:textbox>'
                '</v:shape></w:pict></mc:Fallback>') if vml_fallback else ""
    return f"<w:r><mc:AlternateContent>{choice}{fallback}</mc:AlternateContent></w:r>"


# --- numbering and styles ------------------------------------------------------------------------
def lvl(ilvl: int, fmt: str, text: str, start: int = 1, restart: int | None = None,
        pstyle: str | None = None, suff: str | None = None) -> str:
    extra = f'<w:lvlRestart w:val="{restart}"/>' if restart is not None else ""
    extra += f'<w:pStyle w:val="{pstyle}"/>' if pstyle else ""
    extra += f'<w:suff w:val="{suff}"/>' if suff else ""
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/>{extra}'
            f'<w:numFmt w:val="{fmt}"/><w:lvlText w:val="{escape(text)}"/>'
            '<w:lvlJc w:val="left"/></w:lvl>')


def abstract(aid: int, *levels: str) -> str:
    return f'<w:abstractNum w:abstractNumId="{aid}">{"".join(levels)}</w:abstractNum>'


def num(nid: int, aid: int, overrides: dict[int, int] | None = None) -> str:
    over = "".join(f'<w:lvlOverride w:ilvl="{k}"><w:startOverride w:val="{v}"/></w:lvlOverride>'
                   for k, v in (overrides or {}).items())
    return f'<w:num w:numId="{nid}"><w:abstractNumId w:val="{aid}"/>{over}</w:num>'


def numbering(*parts: str) -> str:
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering {NS}>' \
           f'{"".join(parts)}</w:numbering>'


def style(sid: str, name: str, num_id: int | None = None, ilvl: int | None = None,
          based_on: str | None = None) -> str:
    ppr = ""
    if num_id is not None or ilvl is not None:
        ppr = "<w:pPr><w:numPr>"
        ppr += f'<w:ilvl w:val="{ilvl}"/>' if ilvl is not None else ""
        ppr += f'<w:numId w:val="{num_id}"/>' if num_id is not None else ""
        ppr += "</w:numPr></w:pPr>"
    based = f'<w:basedOn w:val="{based_on}"/>' if based_on else ""
    return (f'<w:style w:type="paragraph" w:styleId="{sid}"><w:name w:val="{name}"/>{based}'
            f'{ppr}</w:style>')


def styles(*parts: str) -> str:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles {NS}>'
            '<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" '
            'w:eastAsia="宋体"/><w:sz w:val="32"/></w:rPr></w:rPrDefault></w:docDefaults>'
            '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name '
            f'w:val="Normal"/></w:style>{"".join(parts)}</w:styles>')


# --- the package -------------------------------------------------------------------------------
def package(body: str, numbering_xml: str | None = None, styles_xml: str | None = None,
            main_type: str = MAIN_TYPE, main_path: str = "word/document.xml",
            headers: dict[str, str] | None = None, footnotes: str | None = None,
            comments: str | None = None) -> bytes:
    """A WordprocessingML package (bytes) whose main part holds body."""
    folder, name = main_path.rsplit("/", 1)
    rels, overrides = [], [f'<Override PartName="/{main_path}" ContentType="{main_type}"/>']
    parts: dict[str, str] = {}
    sect = ""

    def add(rid, rtype, target, ctype, xml):
        rels.append(f'<Relationship Id="{rid}" Type="{REL}/{rtype}" Target="{target}"/>')
        overrides.append(f'<Override PartName="/{folder}/{target}" ContentType="{ctype}"/>')
        parts[f"{folder}/{target}"] = xml

    ct = "application/vnd.openxmlformats-officedocument.wordprocessingml."
    if numbering_xml:
        add("rIdNum", "numbering", "numbering.xml", ct + "numbering+xml", numbering_xml)
    add("rIdSty", "styles", "styles.xml", ct + "styles+xml", styles_xml or styles())
    for i, (kind, para) in enumerate((headers or {}).items()):
        tag = "hdr" if kind == "header" else "ftr"
        para = para if para.startswith("<") else p(para)
        xml = (f'<?xml version="1.0" encoding="UTF-8"?><w:{tag} {NS}>{para}</w:{tag}>')
        add(f"rIdH{i}", kind, f"{kind}{i}.xml", ct + f"{kind}+xml", xml)
        sect += f'<w:{kind}Reference w:type="default" r:id="rIdH{i}"/>'
    if footnotes:
        add("rIdFn", "footnotes", "footnotes.xml", ct + "footnotes+xml", footnotes)
    if comments:
        add("rIdCm", "comments", "comments.xml", ct + "comments+xml", comments)
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {NS}>'
                f'<w:body>{body}<w:sectPr>{sect}<w:pgSz w:w="11906" w:h="16838"/>'
                '<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1588" '
                'w:header="851" w:footer="992" w:gutter="0"/></w:sectPr></w:body></w:document>')
    content_types = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types '
                     'xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                     '<Default Extension="rels" ContentType="application/vnd.openxmlformats-'
                     'package.relationships+xml"/><Default Extension="xml" '
                     'ContentType="application/xml"/>' + "".join(overrides) + "</Types>")
    root_rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships '
                 'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                 f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="{main_path}"/>'
                 '</Relationships>')
    doc_rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships '
                'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                + "".join(rels) + "</Relationships>")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", content_types)
        z.writestr("_rels/.rels", root_rels)
        z.writestr(main_path, document)
        z.writestr(f"{folder}/_rels/{name}.rels", doc_rels)
        for part, xml in parts.items():
            z.writestr(part, xml)
    return buf.getvalue()


GONGWEN_BODY = ('<w:spacing w:line="560" w:lineRule="exact"/>'
                '<w:ind w:firstLineChars="200" w:firstLine="640"/>')
FANGSONG = ('<w:rPr><w:rFonts w:ascii="仿宋_GB2312" w:eastAsia="仿宋_GB2312" w:hAnsi="仿宋_GB2312"/>'
            '<w:sz w:val="32"/></w:rPr>')


def gongwen(lines: list[str], header: str | None = None, page_numbers: bool = True,
            closing: int = 2) -> bytes:
    """A report laid out as a 公文 (GB/T 9704): title centred in 小标宋 二号, body 仿宋 三号 with a
    two-character first-line indent and a fixed 28-point line, the last `closing` lines (落款,
    成文日期) right-aligned, page numbers "- N -" in the footer, an optional running header."""
    body = []
    title_done = False
    n = len(lines)
    while n and not lines[n - 1].strip():
        n -= 1
    tail = n
    while tail > n - closing and tail > 0 and len(lines[tail - 1].strip()) <= 25 \
            and "。" not in lines[tail - 1]:
        tail -= 1                      # the 落款 and 成文日期: short lines at the end
    for i, line in enumerate(lines):
        if not line.strip():
            body.append("<w:p/>")
            continue
        run = (f'<w:r>{FANGSONG}<w:t xml:space="preserve">{escape(line)}</w:t></w:r>')
        if not title_done:
            title_done = True
            run = ('<w:r><w:rPr><w:rFonts w:eastAsia="方正小标宋简体"/><w:sz w:val="44"/></w:rPr>'
                   f'<w:t xml:space="preserve">{escape(line)}</w:t></w:r>')
            body.append(p(run, jc="center", ppr_extra='<w:spacing w:line="700" w:lineRule="exact"/>'))
        elif tail <= i < n:
            body.append(p(run, jc="right", ppr_extra='<w:spacing w:line="560" w:lineRule="exact"/>'))
        else:
            body.append(p(run, jc="both", ppr_extra=GONGWEN_BODY))
    parts = {}
    if header:
        parts["header"] = p(header, jc="center")
    if page_numbers:
        parts["footer"] = p(t("- "), field("PAGE", "1"), t(" -"), jc="center")
    return package("".join(body), headers=parts)


def plain_paragraphs(lines: list[str]) -> str:
    """Body XML: one paragraph per line of text."""
    return "".join(p(line) if line else "<w:p/>" for line in lines)


# --- LibreOffice conversions -------------------------------------------------------------------
def convert(soffice: str, files: list[Path], fmt: str, outdir: Path, timeout: int = 300) -> list[Path]:
    """Convert files with one LibreOffice start (a private profile); the converted paths.
    fmt is a --convert-to argument ("doc", "odt", "rtf", "pdf", 'doc:"MS Word 97"' …)."""
    outdir.mkdir(parents=True, exist_ok=True)
    profile = tempfile.mkdtemp(prefix="lo-profile-")
    try:
        proc = subprocess.Popen(
            [soffice, "--headless", "--norestore", "--nologo", "--nodefault",
             f"-env:UserInstallation=file://{profile}", "--convert-to", fmt, "--outdir",
             str(outdir), *map(str, files)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            raise AssertionError(f"soffice --convert-to {fmt} took over {timeout} s")
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    ext = fmt.split(":")[0]
    result = [outdir / (Path(f).stem + "." + ext) for f in files]
    missing = [str(r) for r in result if not r.exists()]
    if missing:
        raise AssertionError(f"soffice did not write {missing}: {err.decode('utf-8', 'replace')[-500:]}")
    return result


# --- LibreOffice for the tests -------------------------------------------------------------------
# LibreOffice (and what the office tests need beside it) is installed by one fixture helper
from office import OfficeUnavailable, ensure_libreoffice  # noqa: E402,F401
