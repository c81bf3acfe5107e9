"""The portal's pages (Jinja templates, autoescaped: every name, file name and message is shown
as text) and its one stylesheet.  No script: a page waiting for a check refreshes itself."""

CSS = """
*{box-sizing:border-box}
body{margin:0;background:#fafaf7;color:#1d1d1d;font:15px/1.6 "Microsoft YaHei","Noto Sans CJK SC",
"WenQuanYi Micro Hei",sans-serif}
#portal-bar{background:#24415f;color:#fff;padding:8px 24px;display:flex;gap:16px;align-items:center;
flex-wrap:wrap}
#portal-bar a{color:#fff}
#portal-bar .who{margin-left:auto}
#portal-bar form{display:inline;margin:0}
#portal-bar button{background:none;border:1px solid #fff;color:#fff;border-radius:4px;cursor:pointer}
.page{max-width:1200px;margin:0 auto;padding:16px 24px}
h1{font-size:21px}h2{font-size:17px}
table.list{border-collapse:collapse;width:100%;background:#fff;margin:8px 0 18px}
table.list th,table.list td{border:1px solid #e3e3e3;padding:4px 8px;text-align:left}
table.list th{background:#f0f0ec}
td.num{text-align:right}
.pass{color:#2e7d32;font-weight:bold}.return{color:#c62828;font-weight:bold}
.failed,.error{color:#c62828}
.msg{background:#fff7d1;border:1px solid #e6cf6e;padding:8px 12px;border-radius:4px}
.box{background:#fff;border:1px solid #e3e3e3;border-radius:6px;padding:12px 16px;margin:0 0 16px}
.status-queued,.status-checking{color:#b26a00;font-weight:bold}
.status-done{color:#2e7d32}.status-failed{color:#c62828}
label{display:inline-block;margin:4px 12px 4px 0}
input[type=text],input[type=password],select{padding:3px 6px}
.muted{color:#666}
.pw{font:bold 18px ui-monospace,monospace;background:#fff;border:1px dashed #333;padding:4px 10px}
.todo{color:#666;border-left:4px solid #bbb;padding-left:8px}
"""

BASE = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
{% if refresh %}<meta http-equiv="refresh" content="{{ refresh }}">{% endif %}
<title>{{ title }} · fzlint 审核平台</title><link rel="stylesheet" href="/static/portal.css">
</head><body>
{% include "bar.html" %}
<main class="page">
{% if message %}<p class="msg" id="message">{{ message }}</p>{% endif %}
{% block body %}{% endblock %}
</main></body></html>
"""

BAR = """<nav id="portal-bar"><strong>法治政府建设年度报告 审核平台</strong>
{% if user %}{% if user.reviewer %}<a href="/r">轮次与乡镇</a><a href="/r/audit">操作日志</a>
{% else %}<a href="/t">我的草稿</a>{% endif %}
<span class="who">{{ user.display }}（{{ "审核人" if user.reviewer else "报送单位" }}）</span>
<form method="post" action="/logout"><input type="hidden" name="csrf" value="{{ csrf }}">
<button type="submit">退出</button></form>{% endif %}</nav>
"""

LOGIN = """{% extends "base.html" %}{% block body %}
<h1>登录</h1>
<form method="post" action="/login" class="box" id="login">
<input type="hidden" name="csrf" value="{{ csrf }}">
<label>账号 <input type="text" name="name" autocomplete="username" required></label>
<label>密码 <input type="password" name="password" autocomplete="current-password" required></label>
<button type="submit">登录</button></form>
{% endblock %}"""

TOWNSHIP = """{% extends "base.html" %}{% block body %}
<h1>{{ user.display }} · 上传草稿</h1>
{% if open_rounds %}
<form method="post" action="/upload" enctype="multipart/form-data" class="box" id="upload">
<input type="hidden" name="csrf" value="{{ csrf }}">
<label>轮次 <select name="round">{% for r in open_rounds %}
<option value="{{ r.id }}">{{ r.title }}</option>{% endfor %}</select></label>
<label>草稿 <input type="file" name="draft" required
 accept=".docx,.doc,.wps,.wpt,.odt,.rtf,.pdf,.txt,.md,.docm,.dotx,.dotm"></label>
<button type="submit">上传并检查</button>
<p class="muted">可上传 Word（.docx/.doc）、WPS、OpenDocument、RTF、PDF 或文本文件；Word 和 PDF
文件不超过 {{ limit_mb }} MB。上传后检查结果和带批注的副本在本页下方。</p>
</form>
{% else %}<p class="msg">现在没有开放的轮次，请等待审核人开放后再上传。</p>{% endif %}
<h2>我上传的草稿</h2>
{% include "uploads.html" %}
{% endblock %}"""

UPLOADS = """<table class="list" id="uploads"><thead><tr><th>上传时间</th><th>轮次</th><th>文件</th>
<th>状态</th><th>实质问题</th><th>格式问题</th><th>结论</th><th>与上次相比</th><th>批注副本</th></tr></thead><tbody>
{% for u in uploads %}{% set row = u.result.row if u.result else None %}
<tr data-upload="{{ u.public_id }}"><td>{{ u.created | when }}</td><td>{{ round_titles.get(u.round_id, "") }}</td>
<td><a href="/d/{{ u.public_id }}">{{ u.client_name }}</a></td>
<td class="status-{{ u.status }}">{{ u.status | status_zh }}</td>
<td class="num">{{ row.tiers.get("实质问题", 0) if row else "" }}</td>
<td class="num">{{ row.tiers.get("格式问题", 0) if row else "" }}</td>
<td>{% if row %}<span class="{{ 'pass' if row.verdict == '通过' else 'return' }}">{{ row.verdict }}</span>{% endif %}</td>
<td>{% if u.result and u.result.baseline %}新增 {{ u.result.baseline.new }} · 已知 {{ u.result.baseline.known }} · 已修正 {{ u.result.baseline.fixed }}{% endif %}</td>
<td>{% if u.result and u.result.annotated %}<a href="/d/{{ u.public_id }}/annotated">下载</a>{% endif %}</td></tr>
{% else %}<tr><td colspan="9" class="muted">还没有上传过草稿。</td></tr>{% endfor %}
</tbody></table>"""

WAITING = """{% extends "base.html" %}{% block body %}
<h1>{{ upload.client_name }}</h1>
<div class="box" id="state">
{% if upload.status == "queued" %}<p class="status-queued">排队等待检查：前面还有 {{ ahead }} 份草稿。</p>
{% elif upload.status == "checking" %}<p class="status-checking">正在检查……</p>
{% elif upload.status == "failed" %}<p class="status-failed">未能检查：{{ upload.error }}</p>
{% else %}<p class="status-failed">这份草稿的文件已按保存期限删除。</p>{% endif %}
{% if upload.status in ("queued", "checking") %}<p class="muted">本页每 2 秒自动刷新。</p>{% endif %}
<p><a href="{{ back }}">返回</a></p></div>
{% endblock %}"""

DRAFT_BAR = """<div class="page" id="draft-bar"><div class="box">
<strong>{{ upload.client_name }}</strong> · {{ owner.display }} · {{ upload.created | when }} 上传 ·
结论 <span class="{{ 'pass' if row.verdict == '通过' else 'return' }}" id="verdict">{{ row.verdict }}</span>
{% if row.why %}（{{ row.why }}）{% endif %}
{% if upload.result.baseline %} · 与上次上传相比：<span id="baseline">新增 {{ upload.result.baseline.new }}，已知 {{ upload.result.baseline.known }}，已修正 {{ upload.result.baseline.fixed }}</span>{% endif %}
{% if upload.result.annotated %} · <a id="download" href="/d/{{ upload.public_id }}/annotated">下载带批注的副本（.docx）</a>{% endif %}
{% if upload.result.note %}<p class="error">{{ upload.result.note }}</p>{% endif %}
· <a href="{{ back }}">返回</a></div></div>
"""

REVIEWER = """{% extends "base.html" %}{% block body %}
<h1>轮次</h1>
<table class="list" id="rounds"><thead><tr><th>轮次</th><th>状态</th><th>开放时间</th><th>草稿</th><th></th></tr></thead><tbody>
{% for r in rounds %}<tr><td><a href="/r/round/{{ r.id }}">{{ r.title }}</a></td><td>{{ r.status | round_zh }}</td>
<td>{{ r.opened | when }}</td><td class="num">{{ counts.get(r.id, 0) }}</td><td>
{% if r.status == "open" %}<form method="post" action="/r/round/{{ r.id }}/close"><input type="hidden" name="csrf" value="{{ csrf }}"><button>关闭</button></form>{% endif %}
{% if r.status == "closed" %}<form method="post" action="/r/round/{{ r.id }}/archive"><input type="hidden" name="csrf" value="{{ csrf }}"><button>归档（删除草稿文件）</button></form>{% endif %}
</td></tr>{% else %}<tr><td colspan="5" class="muted">还没有轮次。</td></tr>{% endfor %}</tbody></table>
<form method="post" action="/r/rounds" class="box" id="new-round"><input type="hidden" name="csrf" value="{{ csrf }}">
<label>新轮次名称 <input type="text" name="title" placeholder="2025年度 第一轮" required maxlength="60"></label>
<button>开放</button></form>
<h1>报送单位</h1>
{% if new_password %}<p class="msg" id="new-account">账号 <strong>{{ new_name }}</strong> 的初始密码（只显示这一次，请交给该单位）：<span class="pw">{{ new_password }}</span></p>{% endif %}
<table class="list" id="townships"><thead><tr><th>名称</th><th>账号</th><th></th></tr></thead><tbody>
{% for t in townships %}<tr><td>{{ t.display }}</td><td>{{ t.name }}</td><td>
<form method="post" action="/r/user/{{ t.id }}/reset"><input type="hidden" name="csrf" value="{{ csrf }}"><button>重设密码</button></form></td></tr>
{% else %}<tr><td colspan="3" class="muted">还没有报送单位。</td></tr>{% endfor %}</tbody></table>
<form method="post" action="/r/users" class="box" id="new-township"><input type="hidden" name="csrf" value="{{ csrf }}">
<label>名称 <input type="text" name="display" placeholder="甲镇人民政府" required maxlength="60"></label>
<label>账号 <input type="text" name="name" placeholder="jiazhen" required maxlength="40" pattern="[A-Za-z0-9_.-]+"></label>
<button>添加</button></form>
<h1>设置</h1>
<form method="post" action="/r/settings" class="box" id="settings"><input type="hidden" name="csrf" value="{{ csrf }}">
<label>退回规则：有 <select name="return_on">{% for v, zh in levels %}
<option value="{{ v }}" {{ "selected" if v == verdict[0] }}>{{ zh }}</option>{% endfor %}</select> 即退回修改</label>
<span>以下类别有任何问题也退回：{% for c, zh in categories %}<label><input type="checkbox" name="return_categories"
 value="{{ c }}" {{ "checked" if c in verdict[1] }}> {{ zh }}</label>{% endfor %}</span><br>
<label>草稿保存天数（0 为不限）<input type="text" name="retention" value="{{ retention }}" size="4"></label>
<button>保存</button></form>
{% endblock %}"""

ROUND = """{% extends "base.html" %}{% block body %}
<h1>{{ round.title }}（{{ round.status | round_zh }}）</h1>
<p><a href="/r/round/{{ round.id }}/sheet.xlsx" id="sheet">下载审核汇总表（.xlsx）</a> ·
<a href="/r/round/{{ round.id }}/returns.zip" id="returns">下载全部退改意见（批注副本 .zip）</a></p>
<table class="list" id="round-table"><thead><tr><th>报送单位</th><th>是否报送</th><th>最后上传</th><th>上传次数</th>
<th>错误</th><th>警告</th><th>提示</th><th>实质问题</th><th>格式问题</th><th>结论</th><th>主要问题</th><th></th></tr></thead><tbody>
{% for line in table %}{% set u = line.last %}{% set row = u.result.row if u and u.result else None %}
<tr data-township="{{ line.user.name }}"><td>{{ line.user.display }}</td>
<td>{{ "已报送" if u else "未报送" }}</td><td>{{ u.created | when if u else "" }}</td><td class="num">{{ line.count }}</td>
{% if row %}<td class="num">{{ row.levels.get("error", 0) }}</td><td class="num">{{ row.levels.get("warning", 0) }}</td>
<td class="num">{{ row.levels.get("info", 0) }}</td><td class="num">{{ row.tiers.get("实质问题", 0) }}</td>
<td class="num">{{ row.tiers.get("格式问题", 0) }}</td>
<td class="{{ 'pass' if row.verdict == '通过' else 'return' }}">{{ row.verdict }}</td><td>{{ row.top | join("；") }}</td>
{% elif u %}<td colspan="7" class="status-{{ u.status }}">{{ u.status | status_zh }}{% if u.error %}：{{ u.error }}{% endif %}</td>
{% else %}<td colspan="7"></td>{% endif %}
<td>{% if u %}<a href="/d/{{ u.public_id }}">查看</a>{% endif %}</td></tr>
{% endfor %}</tbody></table>
<h2>各稿之间雷同的段落</h2>
{% if pairs %}<table class="list" id="pairs"><thead><tr><th>报送单位</th><th>位置</th><th>雷同于</th><th>说明</th></tr></thead><tbody>
{% for p in pairs %}<tr class="pair"><td>{{ p.township }}</td><td>{{ p.where }}</td><td class="others">{{ p.others }}</td><td>{{ p.message }}</td></tr>{% endfor %}
</tbody></table>{% else %}<p class="muted" id="no-pairs">本轮草稿之间没有发现雷同段落。</p>{% endif %}
<p class="muted">列出的是每个单位的最后一稿与它上传之前其他单位最后一稿之间雷同的段落；与往年报告的比对尚未接入门户（可在命令行用 --against 或 --index）。</p>
{% endblock %}"""

AUDIT = """{% extends "base.html" %}{% block body %}
<h1>操作日志（最近 {{ log | length }} 条）</h1>
<table class="list" id="audit"><thead><tr><th>时间</th><th>账号</th><th>操作</th><th>内容</th><th>地址</th></tr></thead><tbody>
{% for e in log %}<tr><td>{{ e.at | when }}</td><td>{{ e.user or "" }}</td><td>{{ e.action }}</td><td>{{ e.detail }}</td><td>{{ e.ip }}</td></tr>{% endfor %}
</tbody></table>{% endblock %}"""

ERROR = """{% extends "base.html" %}{% block body %}<h1>{{ heading }}</h1>{% endblock %}"""

TEMPLATES = {"base.html": BASE, "bar.html": BAR, "login.html": LOGIN, "township.html": TOWNSHIP,
             "uploads.html": UPLOADS, "waiting.html": WAITING, "draft_bar.html": DRAFT_BAR,
             "reviewer.html": REVIEWER, "round.html": ROUND, "audit.html": AUDIT,
             "error.html": ERROR}
