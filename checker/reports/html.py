"""--format html: one self-contained page for a reviewer at the county level.

A summary table of all drafts (worst first, the verdict of the draft's config — 通过/退回修改 —
counts by severity and category, each row linking to its draft; it scrolls sideways on a phone),
with --cross/--against the pair overview (checker.reports.pairs: which drafts share text, each
pair linking to the first shared passage in both; each draft's share unchanged from last year),
then every draft in full with the findings highlighted in place and listed beside it,
实质问题 before 格式问题 (checker.model.findings.TIERS); a grouped finding is highlighted at each of
its places.  Office files say 第 N 段 and quote the paragraph (Word shows no line numbers).
Related places link to the line they name, in the same draft or in another draft of the report
(cross-draft duplicates).  A category filter works from the links at the top (``#filter=typo``).

Self-contained: CSS and script are inline and pinned by a Content-Security-Policy that allows
nothing else (no network, no fonts, no scripts but ours).  Every piece of draft text, path and
message is HTML-escaped, so a draft containing markup shows that markup as text.
"""

from __future__ import annotations

import base64
import hashlib
import os
from html import escape

from checker.errors import one_line
from checker.reports import finding_dict, summary
from checker.reports.table import CATEGORY_ZH, SEVERITY_ZH, used_categories, worst_first
from checker.model.findings import TIERS, severity_rank, tier
from checker.reports.text import by_paragraph, quote
from checker.reports.pairs import percent, unchanged_of

CSS = """
:root{--err:#c62828;--err-bg:#ffd9d6;--warn:#b26a00;--warn-bg:#ffe9a8;--info:#1e5fb4;
--info-bg:#d7e8ff;--line:#e3e3e3;--muted:#666;--bg:#fafaf7}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:#1d1d1d;font:15px/1.6 "PingFang SC","Hiragino Sans GB",
"Microsoft YaHei","Noto Sans CJK SC","Source Han Sans SC","WenQuanYi Micro Hei",sans-serif}
header,main{max-width:1500px;margin:0 auto;padding:0 24px}
header{padding-top:18px}
h1{font-size:22px;margin:0 0 4px}
.meta{color:var(--muted);margin:0 0 12px}
.sum-err{color:var(--err);font-weight:bold}.sum-warn{color:var(--warn);font-weight:bold}
.sum-info{color:var(--info);font-weight:bold}
#filter{display:flex;flex-wrap:wrap;gap:6px;align-items:center;margin:10px 0 4px}
#filter a{display:inline-block;padding:2px 10px;border:1px solid #bbb;border-radius:14px;
color:#333;text-decoration:none;background:#fff}
#filter a.on{background:#333;color:#fff;border-color:#333}
#filter-status{color:var(--muted);margin:2px 0 10px;min-height:1.6em}
table#summary{border-collapse:collapse;width:100%;background:#fff;margin-bottom:24px}
#summary th,#summary td{border:1px solid var(--line);padding:4px 8px;text-align:right;
white-space:nowrap}
#summary th{background:#f0f0ec;position:sticky;top:0}
#summary td.name,#summary th.name{text-align:left;white-space:normal;word-break:normal;
overflow-wrap:anywhere;min-width:14em}
.scroll{overflow-x:auto;-webkit-overflow-scrolling:touch;margin-bottom:24px;max-width:100%}
.scroll>table{margin-bottom:0}
#summary td.verdict,#summary th.verdict{text-align:left;white-space:nowrap}
#summary td.v-return{color:var(--err);font-weight:bold}#summary td.v-pass{color:#2e7d32}
#summary td.v-failed{color:var(--err)}
#pairs{margin:0 0 24px}
#pairs h2{font-size:17px;margin:0 0 4px}
#pairs p{margin:0 0 8px;color:var(--muted)}
table#pair-table{border-collapse:collapse;width:100%;background:#fff}
#pair-table th,#pair-table td{border:1px solid var(--line);padding:4px 8px;text-align:right;
white-space:nowrap}
#pair-table th{background:#f0f0ec}
#pair-table td.name,#pair-table th.name,#pair-table th.go{text-align:left}
#pair-table td.name{white-space:normal;overflow-wrap:anywhere;min-width:12em}
#pair-table td.go{text-align:left}
#pair-table tr.top td{background:#fff3f1}
h2 .unchanged{font-size:14px;font-weight:normal;color:var(--err)}
#summary td.zero{color:#bbb}
#summary td.n-err{color:var(--err);font-weight:bold}
#summary td.failed{text-align:left;color:var(--err)}
section.draft{background:#fff;border:1px solid var(--line);border-radius:6px;margin:0 0 28px;
scroll-margin-top:8px;content-visibility:auto;contain-intrinsic-size:auto 1600px}
section.draft>h2{font-size:17px;margin:0;padding:10px 14px;border-bottom:1px solid var(--line);
background:#f6f6f2;display:flex;gap:12px;align-items:baseline;flex-wrap:wrap}
h2 .rank{color:var(--muted);font-weight:normal}
h2 .path{overflow-wrap:anywhere;min-width:0}
h2 .counts{font-size:14px;font-weight:normal;color:var(--muted)}
h2 .top{margin-left:auto;font-size:13px;font-weight:normal}
.cols{display:grid;grid-template-columns:minmax(0,3fr) minmax(280px,2fr)}
.text{padding:10px 0;border-right:1px solid var(--line);min-width:0}
.ln{display:grid;grid-template-columns:3.2em minmax(0,1fr);scroll-margin-top:30vh}
.ln:target,.ln.flash{background:#fff7d1}
.ln .no{color:#aaa;text-align:right;padding-right:10px;user-select:none;text-decoration:none;
font-size:12px;padding-top:3px}
.ln .src{white-space:pre-wrap;overflow-wrap:anywhere;padding-right:14px;min-height:1.6em;
font-size:16px;line-height:1.8}
.hl{text-decoration:none;color:inherit;border-bottom:2px solid;border-radius:2px;cursor:pointer}
.hl.sev-error{background:var(--err-bg);border-color:var(--err)}
.hl.sev-warning{background:var(--warn-bg);border-color:var(--warn)}
.hl.sev-info{background:var(--info-bg);border-color:var(--info)}
.hl.pt{border:none;background:none;font-weight:bold;padding:0 1px}
.hl.pt::before{content:"‸"}
.hl.pt.sev-error{color:var(--err)}.hl.pt.sev-warning{color:var(--warn)}
.hl.pt.sev-info{color:var(--info)}
.hl.off{background:none;border-color:transparent}
.hl.pt.off{visibility:hidden}
.hl.flash{outline:3px solid #333}
aside{padding:10px 12px;position:sticky;top:0;align-self:start;max-height:100vh;overflow:auto}
aside .none{color:#2e7d32}
ol.findings{list-style:none;margin:0;padding:0}
li.finding{border-left:4px solid;padding:4px 8px;margin:0 0 8px;background:#fcfcfa;
scroll-margin-top:10px}
li.finding:target,li.finding.flash{outline:2px solid #333}
li.sev-error{border-color:var(--err)}li.sev-warning{border-color:var(--warn)}
li.sev-info{border-color:var(--info)}
li .head{font-size:13px;color:var(--muted);display:flex;gap:8px;flex-wrap:wrap}
li .sev{font-weight:bold}
li.sev-error .sev{color:var(--err)}li.sev-warning .sev{color:var(--warn)}
li.sev-info .sev{color:var(--info)}
li .msg{margin:2px 0}
li .rel,li .fix,li .suggest{font-size:13px;color:#444}
li .rel a.xdraft{font-weight:bold}
li .quote{color:var(--muted);font-size:13px;overflow-wrap:anywhere}
code{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:12px}
.failed{color:var(--err);padding:10px 14px}
[hidden]{display:none!important}
@media (max-width:900px){.cols{grid-template-columns:1fr}.text{border-right:none}
aside{position:static;max-height:none}}
@media (max-width:600px){header,main{padding:0 8px}header{padding-top:10px}h1{font-size:19px}
.ln{grid-template-columns:2.4em minmax(0,1fr)}.ln .src{padding-right:6px}
section.draft>h2{padding:8px}h2 .top{margin-left:0}}
"""

SCRIPT = """
(function(){
var status=document.getElementById('filter-status');
var names={};
document.querySelectorAll('#filter a[data-cat]').forEach(function(a){
  names[a.dataset.cat]=a.dataset.name;});
function apply(cat){
  document.querySelectorAll('#filter a[data-cat]').forEach(function(a){
    a.classList.toggle('on',a.dataset.cat===cat);});
  var shown=0,drafts=0;
  document.querySelectorAll('li.finding').forEach(function(li){
    var ok=!cat||li.dataset.cat===cat; li.hidden=!ok; if(ok)shown++;});
  document.querySelectorAll('.hl').forEach(function(m){
    m.classList.toggle('off',!!cat&&m.dataset.cats.split(' ').indexOf(cat)<0);});
  document.querySelectorAll('[data-draft-cats]').forEach(function(el){
    var ok=!cat||el.dataset.draftCats.split(' ').indexOf(cat)>=0;
    el.hidden=!ok; if(ok&&el.tagName==='SECTION')drafts++;});
  status.textContent=cat?('只显示“'+(names[cat]||cat)+'”类问题：'+shown+' 个，涉及 '+drafts+
    ' 份草稿。点“全部”恢复。'):'';
}
var current=null;
function fromHash(){
  var h=decodeURIComponent(location.hash.slice(1));
  if(h.indexOf('filter=')===0){current=h.slice(7);apply(current);return true;}
  return false;
}
if(!fromHash())apply('');
window.addEventListener('hashchange',fromHash);
function flash(el){el.classList.add('flash');setTimeout(function(){el.classList.remove('flash');},1600);}
document.addEventListener('click',function(ev){
  var t=ev.target.closest('a');
  if(!t)return;
  var href=t.getAttribute('href')||'';
  if(href.charAt(0)!=='#'||href.indexOf('#filter=')===0)return;
  var el=document.getElementById(href.slice(1));
  if(!el)return;
  ev.preventDefault();
  history.replaceState(null,'',href);
  if(t.classList.contains('hl')){
    el.scrollIntoView({block:'nearest'});
  }else{
    el.scrollIntoView({block:el.classList.contains('ln')?'center':'start'});
  }
  flash(el);
});
document.addEventListener('mouseover',function(ev){
  var m=ev.target.closest('.hl');
  if(!m||m.title)return;
  var sec=m.closest('section'),tips=[];
  m.dataset.f.split(' ').forEach(function(k){
    var li=document.getElementById(sec.id+'-f'+k);
    if(li)tips.push(li.querySelector('.rule').textContent+' '+li.querySelector('.msg').textContent);});
  m.title=tips.join('\\n');
});
document.documentElement.dataset.ready='1';
})();
"""


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def _key(path: str) -> str:
    """The same file however its path was written (relative, absolute, through a link)."""
    return os.path.normcase(os.path.realpath(path))


def _worst(severities) -> str:
    return max(severities, key=severity_rank)


def _text_with_marks(doc, findings, draft_id: str) -> list[str]:
    """Every line of the draft as HTML, with each finding's span wrapped in a highlight that
    links to the finding in the list; zero-width findings become a caret."""
    by_line: dict[int, list[tuple[int, int, int]]] = {}
    for k, f in enumerate(findings):
        # a grouped finding is marked at each of its places (engine.grouping)
        places = [(f.start, f.end)] + [(r.start, r.end if r.end is not None else r.start)
                                       for r in f.related if r.rule is not None
                                       and r.start is not None]
        for start, end in places:
            first = doc.position(start)[0]
            last = doc.position(max(start, end))[0]
            for n in range(first, last + 1):
                by_line.setdefault(n, []).append((k, start, end))
    out = []
    for line in doc.lines:
        ls, le = line.start, line.end
        spans, points = [], []
        for k, start, end in by_line.get(line.number, ()):
            s, e = max(start, ls), min(max(end, start), le)
            if end <= start:
                if ls <= start <= le:
                    points.append((start, k))
            elif e > s:
                spans.append((s, e, k))
        cuts = sorted({ls, le} | {s for s, _, _ in spans} | {e for _, e, _ in spans}
                      | {p for p, _ in points})
        parts = []
        for i, a in enumerate(cuts):
            for p, k in points:
                if p == a:
                    parts.append(_mark("", [k], findings, draft_id, point=True))
            if i + 1 == len(cuts):
                break
            b = cuts[i + 1]
            cover = list(dict.fromkeys(k for s, e, k in spans if s <= a and e >= b))
            piece = doc.text[a:b]
            parts.append(_mark(piece, cover, findings, draft_id) if cover else escape(piece))
        n = line.number
        out.append(f'<div class="ln" id="{draft_id}-L{n}"><a class="no" href="#{draft_id}-L{n}">'
                   f'{n}</a><span class="src">{"".join(parts)}</span></div>')
    return out


def _mark(piece: str, cover, findings, draft_id: str, point: bool = False) -> str:
    sev = _worst(findings[k].severity for k in cover)
    cats = " ".join(sorted({findings[k].category for k in cover}))
    first = min(cover, key=lambda k: (-severity_rank(findings[k].severity), k))
    cls = f"hl sev-{sev}" + (" pt" if point else "")
    return (f'<a class="{cls}" href="#{draft_id}-f{first}" data-cats="{escape(cats)}" '
            f'data-f="{" ".join(map(str, cover))}">{escape(piece)}</a>')


def _finding_item(result, f, k: int, draft_id: str, anchors: dict, ctx) -> str:
    d = finding_dict(result, f)
    rule = ctx.rules.get(f.rule) if ctx.rules else None
    name = getattr(rule, "name", None) or ""
    office = by_paragraph(result.doc)
    if office:      # Word shows no line numbers: the paragraph, and the text is quoted below
        where = f"第 {d['line']} 段"
    else:
        where = f"第 {d['line']} 行" + (f"第 {d['column']} 字" if d["column"] > 1 else "")
    parts = [f'<li class="finding sev-{escape(f.severity)}" id="{draft_id}-f{k}" '
             f'data-cat="{escape(f.category)}">',
             '<div class="head">'
             f'<span class="sev">{SEVERITY_ZH.get(f.severity, escape(f.severity))}</span>'
             f'<span class="cat">{escape(CATEGORY_ZH.get(f.category, f.category))}</span>'
             f'<code class="rule" title="{escape(name)}">{escape(f.rule)}</code>'
             f'<a class="where" href="#{draft_id}-L{d["line"]}">{where}</a></div>',
             f'<div class="msg">{escape(f.message)}</div>']
    if d["excerpt"] and f.end > f.start:
        parts.append(f'<div class="quote">“{escape(d["excerpt"])}”</div>')
    elif office:
        parts.append(f'<div class="quote">{escape(quote(result.doc.line_at(f.start).text))}</div>')
    merged = [raw for raw in f.related if raw.rule is not None]
    if merged:      # the other places of a grouped finding: marked in the text, counted here
        parts.append(f'<div class="rel">本条共 {f.count} 处，都已在左侧原文中标出</div>')
    for rel, raw in zip(d["related"], f.related):
        if raw.rule is not None:
            continue
        target = anchors.get(_key(raw.path or result.path)) if rel["path"] else draft_id
        same = target == draft_id
        unit = "段" if office else "行"
        label = (f"第 {rel['line']} {unit}" if same else f"{rel['path']} 第 {rel['line']} 行")
        if same and office and raw.start is not None:
            label += quote(result.doc.line_at(raw.start).text, 12)
        if target is None:
            link = f'<span class="elsewhere">{escape(label)}</span>'
        else:
            cls = "same" if same else "xdraft"
            link = (f'<a class="{cls}" href="#{target}-L{rel["line"]}" '
                    f'data-path="{escape(rel["path"])}">{escape(label)}</a>')
        msg = f"：{escape(rel['message'])}" if rel["message"] else ""
        parts.append(f'<div class="rel">另见 {link}{msg}</div>')
    if len(d["fixes"]) > 1:
        parts.append(f'<div class="fix">{len(d["fixes"])} 处都可自动修正（--fix）</div>')
    elif d["fix"] is not None:
        rep = d["fix"]["replacement"]
        parts.append(f'<div class="fix">建议改为“{escape(rep)}”</div>' if rep
                     else '<div class="fix">建议删去</div>')
    if d["suggestions"]:          # a person chooses: never applied by --fix
        choices = "或".join(f"“{escape(sg['replacement'])}”" if sg["replacement"] else "删去"
                           for sg in d["suggestions"])
        parts.append(f'<div class="suggest">可考虑改为{choices}（请按上下文确认）</div>')
    parts.append("</li>")
    return "".join(parts)


def _tier_totals(results) -> list[tuple[str, int]]:
    n = {t: 0 for t in TIERS}
    for r in results:
        for f in r.findings:
            n[tier(f.category)] += 1
    return list(n.items())


def _counts_text(t) -> str:
    if t.total == 0:
        return "没有发现问题"
    bits = [f"{label} {n}" for label, n in (("错误", t.errors), ("警告", t.warnings),
                                            ("提示", t.infos)) if n]
    return " · ".join(bits)


_VERDICT_CLASS = {"通过": "v-pass", "退回修改": "v-return", "无法检查": "v-failed"}


def _verdict_cell(judged) -> str:
    decision, why = judged
    cls = _VERDICT_CLASS.get(decision, "")
    title = f' title="{escape(why)}"' if why else ""
    return f'<td class="verdict {cls}"{title}>{escape(decision)}</td>'


def _unchanged_span(ov, r) -> str:
    u = unchanged_of(ov, r.path)
    return f'<span class="unchanged">{escape(u.sentence())}</span>' if u else ""


def _side_link(side, anchors: dict, units: dict) -> str:
    did = anchors.get(_key(side.path))
    label = f"第 {side.line} {units.get(_key(side.path), '行')}"
    if did is None:
        return f'<span class="elsewhere">{escape(label)}</span>'
    return f'<a href="#{did}-L{side.line}">{escape(label)}</a>'


def _draft_link(path: str, anchors: dict) -> str:
    did = anchors.get(_key(path))
    name = escape(path)
    return f'<a href="#{did}">{name}</a>' if did else name


def _pairs_section(ov, anchors: dict, units: dict) -> str:
    """Who shares text with whom (checker.reports.pairs): most shared first; each pair links
    to the first shared passage in both drafts."""
    parts = ['<section id="pairs"><h2>草稿之间共有的段落（谁抄了谁）</h2>',
             f'<p>共 {len(ov.pairs)} 对草稿有共有的段落，共有最多的在前。占比按字符计（不计空白），'
             f'最长一段是连续共有文字的字数；{ov.floor} 份以上草稿共有的段落（套话、统一要求的表述）不计。</p>']
    if ov.unchanged:
        parts.append('<ul class="unchanged-list">' + "".join(
            f'<li>{_draft_link(u.path, anchors)}：{escape(u.sentence())}</li>'
            for u in ov.unchanged) + "</ul>")
    if not ov.pairs:
        parts.append("<p>没有两份草稿共有套话以外的段落。</p></section>")
        return "".join(parts)
    parts.append('<div class="scroll"><table id="pair-table"><thead><tr><th>序号</th>'
                 '<th class="name">草稿 A</th><th class="name">草稿 B</th><th>共有段落</th>'
                 '<th>占 A</th><th>占 B</th><th>最长一段（字）</th><th class="go">第一处共有</th>'
                 "</tr></thead><tbody>")
    for i, p in enumerate(ov.pairs):
        top = ' class="top"' if p.top_share >= 0.5 else ""
        parts.append(f'<tr{top}><td>{i + 1}</td><td class="name">{_draft_link(p.a.path, anchors)}</td>'
                     f'<td class="name">{_draft_link(p.b.path, anchors)}</td>'
                     f"<td>{p.a.paragraphs}</td><td>{percent(p.a.share)}</td>"
                     f"<td>{percent(p.b.share)}</td><td>{p.longest}</td>"
                     f'<td class="go">A {_side_link(p.a, anchors, units)} · '
                     f'B {_side_link(p.b, anchors, units)}</td></tr>')
    parts.append("</tbody></table></div></section>")
    return "".join(parts)


def render(results, ctx) -> str:
    apart = [r for r in results if r.not_report]     # not reports (FZ100): listed apart
    pairs = worst_first([r for r in results if not r.not_report])
    ids = {id(r): f"d{i + 1}" for i, (r, _) in enumerate(pairs)}
    anchors: dict[str, str] = {}
    for r, _ in pairs:
        anchors.setdefault(_key(r.path), ids[id(r)])
    cats = used_categories(t for _, t in pairs)
    s = summary(results)
    cat_totals = {c: sum(t.categories[c] for _, t in pairs) for c in cats}

    body = ['<header id="top"><h1>法治政府建设年度报告草稿检查报告</h1>',
            f'<p class="meta">fzlint {escape(ctx.version)} · 共 {s["files"]} 份草稿 · '
            f'{s["findings"]} 个问题（<span class="sum-err">错误 {s["errors"]}</span>，'
            f'<span class="sum-warn">警告 {s["warnings"]}</span>，'
            f'<span class="sum-info">提示 {s["infos"]}</span>；'
            + "，".join(f"{t} {n}" for t, n in _tier_totals(results)) + '）'
            + (f' · <span class="sum-err">{s["failed"]} 份无法检查</span>' if s["failed"] else "")
            + '</p>']
    if cats:
        chips = ['<a href="#filter=" data-cat="" data-name="全部">全部</a>']
        for c in cats:
            zh = CATEGORY_ZH.get(c, c)
            chips.append(f'<a href="#filter={escape(c)}" data-cat="{escape(c)}" '
                         f'data-name="{escape(zh)}" title="{escape(c)}">{escape(zh)} '
                         f'{cat_totals[c]}</a>')
        body.append(f'<nav id="filter"><span>按类别筛选：</span>{"".join(chips)}</nav>')
    ov = getattr(ctx, "pairs", None)
    if ov is not None:
        body.append(f'<p class="meta"><a href="#pairs">草稿之间共有的段落：{len(ov.pairs)} 对</a>'
                    + (f"；与往年报告比对 {len(ov.unchanged)} 份" if ov.unchanged else "") + "</p>")
    body.append('<p id="filter-status"></p></header><main>')

    # --- summary table ---
    verdict = getattr(ctx, "verdict", None)
    heads = ["错误", "警告", "提示"] + [CATEGORY_ZH.get(c, c) for c in cats] + ["合计"]
    body.append('<div class="scroll"><table id="summary"><thead><tr><th>序号</th>'
                '<th class="name">草稿</th>' + ('<th class="verdict">结论</th>' if verdict else "")
                + "".join(f"<th>{escape(h)}</th>" for h in heads) + "</tr></thead><tbody>")
    for i, (r, t) in enumerate(pairs):
        did = ids[id(r)]
        name = f'<td class="name"><a href="#{did}">{escape(one_line(r.path))}</a></td>'
        dc = " ".join(sorted(c for c in t.categories if t.categories[c]))
        if verdict:
            name += _verdict_cell(verdict(r))
        if t.failed:
            body.append(f'<tr data-draft="{did}" data-draft-cats=""><td>{i + 1}</td>{name}'
                        f'<td class="failed" colspan="{len(heads)}">'
                        f'无法检查：{escape(one_line(r.error))}'
                        "</td></tr>")
            continue
        nums = [t.errors, t.warnings, t.infos] + [t.categories[c] for c in cats] + [t.total]
        cells = []
        for j, n in enumerate(nums):
            cls = "zero" if n == 0 else ("n-err" if j == 0 else "")
            cells.append(f'<td class="{cls}">{n}</td>' if cls else f"<td>{n}</td>")
        body.append(f'<tr data-draft="{did}" data-draft-cats="{escape(dc)}"><td>{i + 1}</td>'
                    f'{name}{"".join(cells)}</tr>')
    body.append("</tbody></table></div>")
    if ov is not None:
        units = {_key(r.path): "段" if by_paragraph(r.doc) else "行"
                 for r, _ in pairs if r.doc is not None}
        body.append(_pairs_section(ov, anchors, units))
    if apart:
        body.append(f'<section id="not-report"><h2>不像法治政府建设年度报告、未按报告检查的文件'
                    f'（{len(apart)} 个）</h2><ul>'
                    + "".join(f'<li><span class="path">{escape(one_line(r.path))}</span></li>'
                              for r in apart) + "</ul></section>")
    if ctx.skipped:
        body.append(f'<section id="not-checked"><h2>未检查的文件（{len(ctx.skipped)} 个，不是草稿格式）</h2><ul>'
                    + "".join(f'<li><span class="path">{escape(one_line(p))}</span>：{escape(why)}</li>'
                              for p, why in ctx.skipped) + "</ul></section>")

    # --- one section per draft ---
    for i, (r, t) in enumerate(pairs):
        did = ids[id(r)]
        dc = " ".join(sorted(c for c in t.categories if t.categories[c]))
        body.append(f'<section class="draft" id="{did}" data-path="{escape(one_line(r.path))}" '
                    f'data-draft-cats="{escape(dc)}"><h2><span class="rank">{i + 1}.</span>'
                    f'<span class="path">{escape(one_line(r.path))}</span>'
                    f'<span class="counts">{"无法检查" if t.failed else _counts_text(t)}</span>'
                    + _unchanged_span(ov, r) +
                    '<a class="top" href="#top">↑ 回到汇总</a></h2>')
        if t.failed or r.doc is None:
            body.append(f'<p class="failed">无法检查：{escape(one_line(r.error or ""))}</p>'
                        '</section>')
            continue
        findings = list(r.findings)     # f{k} is the k-th finding, as in JSON; listed by tier
        body.append('<div class="cols"><div class="text" lang="zh-CN">')
        body.extend(_text_with_marks(r.doc, findings, did))
        body.append("</div><aside>")
        if findings:
            for t in TIERS:
                ks = [k for k, f in enumerate(findings) if tier(f.category) == t]
                if not ks:
                    continue
                body.append(f'<h3 class="tier">{t}（{len(ks)}）</h3><ol class="findings">')
                body.extend(_finding_item(r, findings[k], k, did, anchors, ctx) for k in ks)
                body.append("</ol>")
        else:
            body.append('<p class="none">没有发现问题。</p>')
        body.append("</aside></div></section>")
    body.append("</main>")

    csp = (f"default-src 'none'; style-src {_sha256(CSS)}; script-src {_sha256(SCRIPT)}; "
           "base-uri 'none'; form-action 'none'")
    title = f"fzlint 检查报告（{s['files']} 份草稿）"
    return ("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
            f'<meta http-equiv="Content-Security-Policy" content="{csp}">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{escape(title)}</title><style>{CSS}</style></head><body>"
            + "\n".join(body) + f"<script>{SCRIPT}</script></body></html>\n")
