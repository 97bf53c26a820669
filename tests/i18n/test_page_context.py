"""gettext in templates: Jinja's newstyle output, with the page's language worked out once a context."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from jinja2 import DictLoader, Environment
from markupsafe import Markup

from plugins.i18n.jinja import Languages, PageContext, filled, install
from plugins.i18n.messages import Message

TEMPLATES = Path(__file__).resolve().parents[2] / "theme" / "templates"


class Quoting:
    """A catalogue that says everything in quotes: easy to tell from English."""

    def gettext(self, message):
        return f"«{message}»"

    def ngettext(self, singular, plural, n):
        return f"«{singular if n == 1 else plural}»"

    def pgettext(self, context, message):
        return f"«{context}|{message}»"


# Each uses gettext the ways the theme does: _(), {% trans %}, plurals, contexts,
# percent signs and markup in parameters, calls in loops and blocks after a {% set %}.
SOURCES = {
    "plain": '{{ _("Tom & Jerry") }}|{{ _("100%% sure") }}|{{ gettext("<b>bold</b>") }}',
    "trans": '{% trans name="<i>x</i>" %}Hi {{ name }}, 100% & more{% endtrans %}',
    "params": '{{ _("%(a)s and %(b)s", a="<a>", b=3) }}|{{ _("50%% off") }}',
    "plural": '{{ ngettext("%(num)s cat", "%(num)s cats", 1) }}|'
    "{% trans count=3 %}{{ count }} dog{% pluralize %}{{ count }} dogs{% endtrans %}",
    "context": '{{ pgettext("menu", "Open %(context)s") }}',
    "loop": "{% for x in [1, 2] %}{% set y = x %}{{ _('item %(n)s', n=y) }}"
    "{{ _('same') }}{% endfor %}",
    "block": "{% block b %}{% set z = 1 %}{{ _('in a block') }}{{ z }}{% endblock %}",
    "unused": '{{ _("only %(a)s", a="<x>", b="<y>") }}',
    "conversions": '{{ _("%(n)d of %(m)s, %(m)r, 5%%", n=3, m="<m>") }}',
    "message_parameter": "{% trans m=message %}Say {{ m }} & go{% endtrans %}",
    "message": "{{ message }}",
}


def environment(autoescape: bool, ours: bool) -> Environment:
    env = Environment(
        loader=DictLoader(SOURCES),
        autoescape=autoescape,
        extensions=["jinja2.ext.i18n"],
    )
    if ours:
        languages = Languages({"xx": Quoting()}, "en")
        install(env, languages, lambda value, lang: str(value))
    else:
        env.install_gettext_translations(Quoting(), newstyle=True)
        env.policies["ext.i18n.trimmed"] = True
    return env


def page(lang: str) -> dict:
    return {"item": SimpleNamespace(lang=lang), "message": Message("Hello")}


@pytest.mark.parametrize("autoescape", [True, False])
@pytest.mark.parametrize("name", sorted(set(SOURCES) - {"message"}))
def test_the_same_output_as_jinjas_own_newstyle_gettext(name, autoescape):
    ours = environment(autoescape, ours=True).get_template(name)
    jinja = environment(autoescape, ours=False).get_template(name)
    assert ours.render(page("xx")) == jinja.render(page("xx"))


@pytest.mark.parametrize(
    "text",
    [
        "plain",
        "%(a)s & %(b)s",
        "100%% %(a)s",
        "%(a)s %(a)s",
        "%(n)d",
        "%(a)r",
        "%(a)-5s|",
    ],
)
def test_filled_is_markups_own_percent(text):
    variables = {"a": "<i>&", "b": Markup("<b>"), "n": 7, "unused": "<u>"}
    assert filled(text, variables, True) == Markup(text) % variables
    assert type(filled(text, variables, True)) is Markup
    assert filled(text, variables, False) == text % variables


def test_each_render_in_its_own_pages_language():
    template = environment(True, ours=True).get_template("plain")
    assert template.render(page("xx")) == "«Tom & Jerry»|«100% sure»|«<b>bold</b>»"
    assert template.render(page("en")) == "Tom & Jerry|100% sure|<b>bold</b>"
    assert template.render(page("xx")).startswith("«Tom")


def test_a_message_is_written_in_the_pages_language():
    template = environment(True, ours=True).get_template("message")
    assert template.render(page("xx")) == "«Hello»"
    assert template.render(page("en")) == "Hello"


def test_a_chapter_set_in_a_loop_is_that_loops_language():
    env = environment(True, ours=True)
    template = env.from_string(
        "{{ _('a') }}{% for c in chapters %}{% set chapter = c %}{{ _('a') }}{% endfor %}{{ _('a') }}"
    )
    chapters = [SimpleNamespace(languages=["xx"])]
    home = SimpleNamespace(languages=["en"])
    assert template.render(chapter=home, chapters=chapters) == "a«a»a"


def test_the_translated_filter_reads_a_plain_mapping():
    env = environment(True, ours=True)
    say = env.filters["translated"]
    assert say(page("xx"), Message("Hello")) == "«Hello»"
    assert say({}, Message("Hello")) == "Hello"


def test_contexts_are_page_contexts():
    env = environment(True, ours=True)
    assert env.context_class is PageContext


def test_no_template_sets_the_pages_item_or_chapter():
    """A context keeps the language of its first gettext: a template must not
    assign ``item`` or ``chapter`` at its top level afterwards (PageContext)."""
    assignment = re.compile(r"{%-?\s*set\s+(?:[\w\s,]*,\s*)?(item|chapter)\b")
    found = [
        path.name
        for path in sorted(TEMPLATES.glob("*.html"))
        if assignment.search(path.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_a_fragment_is_rendered_once_per_key_and_language():
    env = environment(True, ours=True)
    template = env.from_string(
        "{% for n in numbers %}{% call once_per_language('t', n % 2) %}"
        "{{ n }}{{ _('x') }}{% endcall %}|{% endfor %}"
    )
    numbers = [1, 2, 3, 4]
    assert template.render(page("xx"), numbers=numbers) == "1«x»|2«x»|1«x»|2«x»|"
    assert template.render(page("en"), numbers=numbers) == "1x|2x|1x|2x|"
    assert template.render(page("xx"), numbers=[4]) == "2«x»|"
