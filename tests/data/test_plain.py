"""The one escaping module (data/plain.py): plotly hover entities plotly decodes, and figures whose plain texts are
escaped wherever they sit."""

import plotly.graph_objects as go
import pytest

from data.plain import plain_figure, plain_hover, plain_html, plain_markdown

HOSTILE = ["<b>x</b>", '<a href="https://p.example">a</a>', 'Tom & Jerry\'s "DOST"', "<img src=x onerror=alert(1)>"]


@pytest.mark.parametrize("text", HOSTILE)
def test_hover_text_has_no_tag_and_only_entities_plotly_decodes(text):
    out = plain_hover(text)
    assert "<" not in out and ">" not in out and '"' not in out and "'" not in out
    # plotly.js decodes &amp; &lt; &gt; and numeric entities, but shows &quot; and &#x27; as typed
    assert "&quot;" not in out and "&#x27;" not in out
    decoded = out.replace("&lt;", "<").replace("&gt;", ">").replace("&#34;", '"').replace("&#39;", "'")
    assert decoded.replace("&amp;", "&") == text


def test_html_and_markdown_escape():
    assert plain_html('<a href="x">') == "&lt;a href=&quot;x&quot;&gt;"
    assert plain_markdown("![x](http://h/p.png)") == "\\!\\[x\\]\\(http\\:\\/\u2060\\/h\\/p\\.png\\)"


def test_every_plain_text_of_a_figure_is_escaped_and_hover_is_left_to_its_builder():
    tag = "<b>t</b>"
    fig = go.Figure(
        [
            go.Bar(y=[tag, "b"], x=[1, 2], orientation="h", name=tag, hovertext=["<b>mine</b>", ""]),
            go.Scatter(
                x=[1], y=[2], name="n", legendgrouptitle={"text": tag}, marker={"colorbar": {"title": {"text": tag}}}
            ),
            go.Choroplethmap(locations=["a"], z=[1], colorbar={"title": {"text": tag}}, name=tag),
        ],
        layout={
            "title": {"text": f"{tag}\nsecond line"},
            "xaxis": {"title": {"text": tag}, "ticktext": [tag], "tickvals": [1]},
            "yaxis2": {"title": {"text": tag}, "categoryarray": [tag, "b"]},
            "legend": {"title": {"text": tag}},
            "coloraxis": {"colorbar": {"title": {"text": tag}}},
            "annotations": [{"text": tag}],
        },
    )
    plain_figure(fig)
    d = fig.to_plotly_json()
    d["layout"].pop("template", None)
    texts = []

    def walk(v, path=""):
        if isinstance(v, dict):
            for k, x in v.items():
                walk(x, f"{path}.{k}")
        elif isinstance(v, list | tuple):
            for x in v:
                walk(x, path)
        elif isinstance(v, str):
            texts.append((path, v))

    walk(d)
    raw = [(p, v) for p, v in texts if "<b>t" in v]
    assert raw == []
    escaped = [p for p, v in texts if "&lt;b&gt;t&lt;/b&gt;" in v]
    assert len(escaped) >= 12, escaped
    assert d["layout"]["title"]["text"] == "&lt;b&gt;t&lt;/b&gt;<br>second line"
    assert list(d["data"][0]["hovertext"]) == ["<b>mine</b>", ""]  # the builder's own mark-up stays
