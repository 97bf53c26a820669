"""Template values made on first use, once."""

from __future__ import annotations

from jinja2 import Environment
from markupsafe import Markup

from plugins.site.lazy import LazyMapping, LazyMarkup, LazyValues


def test_a_lazy_mapping_is_made_on_the_first_lookup_and_only_once():
    calls = []

    def make():
        calls.append(1)
        return {"oslo": 1}

    records = LazyMapping(make)
    assert calls == []
    assert records.get("oslo") == 1 and records.get("bergen") is None
    assert "oslo" in records and list(records) == ["oslo"] and len(records) == 1
    assert calls == [1]


def test_lazy_values_are_each_made_on_their_own_first_lookup_and_only_once():
    made = []

    def maker(name):
        return lambda: made.append(name) or name.upper()

    values = LazyValues(lambda: {"oslo": maker("oslo"), "bergen": maker("bergen")})
    assert made == []
    assert values["oslo"] == "OSLO" and values.get("oslo") == "OSLO"
    assert values.get("trondheim") is None
    assert made == ["oslo"]
    assert list(values) == ["oslo", "bergen"] and len(values) == 2 and made == ["oslo"]


def test_lazy_markup_is_shown_unescaped_by_an_autoescaping_template_and_made_once():
    calls = []

    def draw():
        calls.append(1)
        return Markup("<svg></svg>")

    template = Environment(autoescape=True).from_string("{{ m }}{{ m }}")
    value = LazyMarkup(draw)
    assert calls == []
    assert template.render(m=value) == "<svg></svg><svg></svg>"
    assert calls == [1]


def test_a_template_that_never_reads_a_lazy_value_never_makes_it():
    def fail():
        raise AssertionError("made")

    template = Environment(autoescape=True).from_string("{{ 1 }}")
    assert (
        template.render(m=LazyMarkup(fail), r=LazyMapping(fail), v=LazyValues(fail))
        == "1"
    )
