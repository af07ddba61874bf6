"""Text that came from data (reference files, imports: facility names, notes, source titles, district names) shown
as plain text: the one place the pages, the figures and the deck escape it.

- `plain_markdown(text)` for everything Streamlit renders as Markdown (st.markdown, st.caption, st.write, st.info,
  widget labels): every ASCII punctuation character is backslash-escaped (CommonMark allows it for all of them),
  so `![x](http://host/p.png)` stays those characters, `[a](https://phish)` is no link, `<b>` no tag, `:red[x]`
  no colour, `$x$` no formula; and, as Streamlit links bare addresses even when escaped, an invisible word joiner
  (U+2060) inside `://`, after `www` and after `@` keeps `https://host`, `www.host` and `a@b.c` text.
- `plain_hover(text)` for plotly's hover and label texts, which understand a little HTML (`<b>`, `<a href>`,
  `<br>`, `<span style>`): `<`, `>`, `&` and quotes become entities, which plotly shows as the characters
  (numeric ones for quotes: plotly decodes `&#34;` but shows `&quot;` as typed).
- `plain_html(text)` for HTML the product writes itself (the deck's slides, presenter mode, badges).
- `web_address(text)` for a link made from data (a source's address): the text when it is an http(s) address with
  a host and nothing a browser would read otherwise (no space, quote, angle bracket or control character), else
  None, so that `javascript:`, `data:` and the like never become a link.
- `plain_figure(fig)`: a figure's titles, axis and legend titles, annotations, trace names and category labels are
  plain text by contract (a "\n" in them is a line break); this escapes them all, in place, where the builders
  return. Only hover texts may carry the builders' own mark-up, and the builders escape what they put there.
"""

from __future__ import annotations

import html
import re
import string
from typing import Any

_MARKDOWN = str.maketrans({c: "\\" + c for c in string.punctuation})
_LINES = str.maketrans({"\r": " ", "\n": " "})
# Streamlit links bare addresses after the escapes are resolved: a WORD JOINER (U+2060, invisible) inside "://",
# after "www" and after "@" keeps them text.
_AUTOLINK = re.compile(r"(?<=:/)(?=/)|(?i:(?<=\bwww)(?=\.))|(?<=@)")


def plain_markdown(text: object) -> str:
    """`text` escaped so that Streamlit's Markdown shows it character for character (line breaks become spaces)."""
    if text is None:
        return ""
    return _AUTOLINK.sub("\u2060", str(text).translate(_LINES)).translate(_MARKDOWN)


_HTML = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&#34;", "'": "&#39;"})


def plain_hover(text: object) -> str:
    """`text` escaped for plotly's hover, tick and text labels (its small HTML subset shows as characters)."""
    if text is None:
        return ""
    return str(text).translate(_HTML)


def plain_html(text: object) -> str:
    """`text` escaped for HTML (element content and quoted attribute values)."""
    if text is None:
        return ""
    return html.escape(str(text), quote=True)


def _plain_label(value: object) -> object:
    """A plain text for plotly (escaped, "\n" a line break); anything else as it is."""
    return plain_hover(value).replace("\n", "<br>") if isinstance(value, str) else value


def plain_figure(fig: Any) -> Any:
    """Escape, in place, every text of a plotly Figure that is plain by contract (titles, axis, legend and colour
    bar titles, annotations, trace names, category labels, tick texts); hover texts are left to their builder (and
    escaped there). Returns `fig`."""
    layout = fig.layout
    _titled(layout)
    for name in layout.to_plotly_json():  # only what is set: xaxis, yaxis2, coloraxis, legend, ...
        part = layout[name]
        if hasattr(part, "to_plotly_json") and name != "title":
            _titled(part)
            if "colorbar" in part:
                _titled(part.colorbar)
            for attr in ("ticktext", "categoryarray"):
                if attr in part and part[attr] is not None:
                    part[attr] = [_plain_label(x) for x in part[attr]]
    for note in layout.annotations or ():
        note.text = _plain_label(note.text)
    for trace in fig.data:
        if trace.name:
            trace.name = _plain_label(trace.name)
        if "legendgrouptitle" in trace and trace.legendgrouptitle.text:
            trace.legendgrouptitle.text = _plain_label(trace.legendgrouptitle.text)
        if "colorbar" in trace:
            _titled(trace.colorbar)
        if "marker" in trace and "colorbar" in trace.marker:
            _titled(trace.marker.colorbar)
        for axis in ("x", "y", "labels"):
            values = getattr(trace, axis, None)
            if values is not None and not isinstance(values, str) and any(isinstance(v, str) for v in values):
                trace[axis] = [_plain_label(v) for v in values]
    return fig


def _titled(part: Any) -> None:
    """Escape the title of a layout, axis, legend or colour bar."""
    if "title" not in part or part.title is None:
        return
    if part.title.text:
        part.title.text = _plain_label(part.title.text)


_WEB_ADDRESS = re.compile(r"https?://[^\s/?#\"'<>`\\]+[^\s\"'<>`\\]*", re.IGNORECASE)


def web_address(text: object) -> str | None:
    """`text` when it is a web address fit for a link (http or https, a host, no character that would end or
    change the address in HTML), else None (`javascript:alert(1)`, `data:...`, a quote or a space inside)."""
    if not isinstance(text, str):
        return None
    t = text.strip()
    if not _WEB_ADDRESS.fullmatch(t) or any(ord(c) < 32 or ord(c) == 127 for c in t):
        return None
    return t
