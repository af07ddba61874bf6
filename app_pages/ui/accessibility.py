"""What the browser needs for WCAG 2.1 AA that Streamlit's own markup does not give, in one place.

Streamlit 1.67 offers no setting for the page language (`<html lang="en">` always) and draws the sidebar
navigation as `<ul>` > `<div>` (section) > `<header>` + `<li>`, which axe-core reports as the serious
`list` / `listitem` violations. Both are mended in the browser by one small script (st.html with
`unsafe_allow_javascript`, a public API): it sets `lang`, gives each navigation section the list role (named
by its header) and takes the role from the outer `<ul>`; a MutationObserver re-applies it when Streamlit
redraws. Captions and other faded text get a colour with at least 4.5:1 contrast on white and on the
sidebar's background. `tests/browser/test_accessibility.py` audits every page in both languages with axe-core
and fails if a Streamlit upgrade changes the markup this relies on.
"""

from __future__ import annotations

import json

import streamlit as st

# 5.9:1 on white, 5.3:1 on the sidebar's #F2F5F9 (the theme's text colour is #1B1F24).
FADED_TEXT = "#4F555C"

_CSS = f"""
<style>
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p,
[data-testid="stWidgetLabel"] p, [data-testid="stMetricDelta"] ~ div,
.stButton button p {{ color: {FADED_TEXT}; }}
[data-testid="stCaptionContainer"] {{ opacity: 1; }}
.stButton button[kind="primary"] p {{ color: #FFFFFF; }}
[data-testid="stSidebarNavLink"] span[color] {{ color: {FADED_TEXT} !important; }}
</style>
"""

_SCRIPT = """
<script>
(function () {
  const doc = window.parent && window.parent.document ? window.parent.document : document;
  doc.__a11yLang = %s;
  const mend = () => {
    const root = doc;
    const lang = doc.__a11yLang;
    if (root.documentElement.lang !== lang) root.documentElement.lang = lang;
    const nav = root.querySelector('[data-testid="stSidebarNavItems"]');
    if (nav) {
      if (nav.getAttribute("role") !== "none") nav.setAttribute("role", "none");
      for (const section of nav.children) {
        if (section.tagName === "LI") continue;
        if (section.getAttribute("role") !== "list") section.setAttribute("role", "list");
        const header = section.querySelector('[data-testid="stNavSectionHeader"]');
        if (header) {
          if (header.getAttribute("role") !== "presentation") header.setAttribute("role", "presentation");
          const label = header.innerText.trim();
          if (label && section.getAttribute("aria-label") !== label) section.setAttribute("aria-label", label);
        }
      }
    }
  };
  mend();
  if (!doc.__a11yObserver) {
    doc.__a11yObserver = new MutationObserver(() => mend());
    doc.__a11yObserver.observe(doc.body, {childList: true, subtree: true});
  }
})();
</script>
"""


def apply(lang: str) -> None:
    """Set the page language and the accessibility mends for this run (call once per run, from the frame).

    Drawn in the sidebar so that the script's element takes no room in a page (presenter mode fills the window)."""
    with st.sidebar:
        st.html(_CSS)
        st.html(_SCRIPT % json.dumps(lang), unsafe_allow_javascript=True)
