"""HTML that is balanced already skips the balancer's pass, and the result is the same."""

from __future__ import annotations

import random

import pytest

from plugins.model.render import _as_written, _rebalanced, balanced

# Python-Markdown's usual output: left as it is.
AS_WRITTEN = [
    "",
    "<p>Plain text &amp; more &lt;b&gt;</p>",
    '<p><a href="https://example.org/?a=1&amp;b=2" title="&quot;x&quot;">x</a></p>',
    '<p><img alt="A &#x27;quoted&#x27; picture" src="../images/a.png"></p>',
    "<ul>\n<li>one</li>\n<li>two <em>and</em> <strong>three</strong></li>\n</ul>",
    '<div class="highlight"><pre><span></span><code>x = 1\n</code></pre></div>',
    "<table>\n<thead>\n<tr>\n<th>a</th>\n</tr>\n</thead>\n</table>",
    "<hr>\n<p>a<br>\nb</p>",
    '<img alt="a line\nbreak" src="x">',
]
# What the balancer writes differently: each must take its pass.
REWRITTEN = [
    "<p>a<p>b",  # an implicitly closed paragraph
    "<li>a<li>b</li>",
    "<div><span></div>",  # an end tag closing more than the last element
    "<p>a</p></div>",  # a stray end tag
    "<div>",  # left open
    "<br/>",
    "<br></br>",
    "<P>upper case</P>",
    "<a href='single quotes'>x</a>",
    '<a  href="two spaces">x</a>',
    "<input disabled>",  # an attribute without a value
    '<a href="x">x</a >',
    "<p>&copy; &nbsp; &#169;</p>",  # references the balancer writes as characters
    "<p>a > b</p>",
    "<p>1 < 2</p>",
    "<!-- a comment --><p>x</p>",
    "<script>alert(1)</script>",
    "<style>p {}</style>",
    "<title>x</title>",
    '<img src="x" alt="a\'b">',
    "</p>",
    "<o:p>x</o:p>",
]


@pytest.mark.parametrize("html", AS_WRITTEN)
def test_html_as_the_balancer_writes_it_is_returned_unchanged(html):
    assert _as_written(html) is not None
    assert balanced(html) == _rebalanced(html) == (html, _rebalanced(html)[1])


@pytest.mark.parametrize("html", REWRITTEN)
def test_other_html_goes_through_the_balancer(html):
    assert _as_written(html) is None
    assert balanced(html) == _rebalanced(html)


def test_depth_is_the_balancers_count():
    html = "<blockquote>" * 70 + "<p>deep</p>" + "</blockquote>" * 70
    assert balanced(html) == (html, 71) == _rebalanced(html)


PIECES = [
    "<p>",
    "</p>",
    "<li>",
    "</li>",
    "<ul>",
    "</ul>",
    "<div>",
    "</div>",
    "<br>",
    "</br>",
    "<em>",
    "</em>",
    '<a href="x?a=1&amp;b">',
    "</a>",
    "<a href='x'>",
    "text",
    " & ",
    "&amp;",
    "&lt;",
    "&quot;",
    "<",
    ">",
    "<!--",
    "-->",
    "<script>",
    "</script>",
    "\n",
    '<img alt="&#x27;" src="a.png">',
    "<P>",
    "<td>",
    "<th>",
    "<tr>",
]


def test_random_html_is_balanced_as_the_balancer_would():
    chooser = random.Random(11)
    as_written = 0
    for _ in range(4000):
        html = "".join(chooser.choice(PIECES) for _ in range(chooser.randint(0, 12)))
        assert balanced(html) == _rebalanced(html), html
        as_written += _as_written(html) is not None
    assert as_written > 100  # the shortcut was taken, not only the long way
