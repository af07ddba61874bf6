"""Text that came from data (reference files, imports: facility names, notes, source titles, district names) shown
as plain text: the one place the pages, the figures and the deck escape it.

- `plain_markdown(text)` for everything Streamlit renders as Markdown (st.markdown, st.caption, st.write, st.info,
  widget labels): every ASCII punctuation character is backslash-escaped (CommonMark allows it for all of them),
  so `![x](http://host/p.png)` stays those characters, `[a](https://phish)` is no link, `<b>` no tag, `:red[x]`
  no colour, `$x$` no formula; and, as Streamlit links bare addresses even when escaped, an invisible word joiner
  (U+2060) inside `://`, after `www` and after `@` keeps `https://host`, `www.host` and `a@b.c` text.
- `plain_hover(text)` for plotly's hover and label texts, which understand a little HTML (`<b>`, `<a href>`,
  `<br>`, `<span style>`): `<`, `>`, `&` and quotes become entities, which plotly shows as the characters.
"""

from __future__ import annotations

import html
import re
import string

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


def plain_hover(text: object) -> str:
    """`text` escaped for plotly's hover, tick and text labels (its small HTML subset shows as characters)."""
    if text is None:
        return ""
    return html.escape(str(text), quote=True)
