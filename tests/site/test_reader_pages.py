"""What a new reader finds: a front door, a way to join from every page, chapters that say how to meet them."""

from __future__ import annotations

import lxml.html
import pytest

from tests.conftest import Site

SITE = {
    "chapters/norway/chapter.yaml": """
        name: IOPS Norway
        level: national
        country: "NO"
        contact: {email: norge@example.org}
    """,
    "chapters/oslo/chapter.yaml": """
        name: IOPS Oslo
        level: local
        parent: norway
        country: "NO"
        founded: "2013-02"
        languages: [en, nb]  # English first: the text below is English, and so is the interface
        summary: Oslo's chapter reads, talks and organises.
        joining: Come to any meeting, no need to sign up. Write first if you want someone to meet you at the door.
        meetings: {frequency: monthly, day: tuesday, week: first, time: "19:00", timezone: Europe/Oslo, venue: "Kafé Hjertet, Oslo", access: Step-free entrance.}
        contact: {email: oslo@example.org}
        admins:
          - {name: Kari Nordmann}
    """,
    "chapters/oslo/events/reading-group.md": """
        ---
        title: Winter reading group
        date: "2014-12-10"
        starts: "2015-01-20T19:00:00+01:00"
        ends: "2015-01-20T21:00:00+01:00"
        location: Kafé Hjertet, Oslo
        summary: Four evenings of reading.
        ---
        Come.
    """,
    "chapters/oslo/events/autumn-walk.md": """
        ---
        title: Autumn walk
        date: "2014-12-20"
        starts: "2015-01-10T11:00:00+01:00"
        summary: A walk round the lake.
        ---
        We walked.
    """,
    "chapters/bergen/chapter.yaml": """
        name: IOPS Bergen
        level: local
        parent: norway
        country: "NO"
        status: closed
        closed: "2014-03-01"
        meetings: {frequency: weekly, day: monday, time: "19:00", timezone: Europe/Oslo, venue: Old room}
        contact: {email: bergen@example.org}
    """,
    "chapters/bergen/posts/closing.md": """
        ---
        title: Closing
        date: "2014-02-27"
        ---
        We close.
    """,
    "content/pages/about.md": "---\ntitle: About us\nsummary: Who we are.\n---\nWho we are.\n",
    "content/pages/join.md": "---\ntitle: Join\n---\nHow to join.\n",
    "content/pages/contact.md": "---\ntitle: Contact\n---\nWhom to write to.\n",
}
EVENT_TIME = "Tuesday 20 January 2015, 19:00\u201321:00 CET"


@pytest.fixture(scope="module")
def oslo(tmp_path_factory) -> Site:
    site = Site(tmp_path_factory.mktemp("reader"))
    site.write(SITE)
    code, out = site.build(build_date="2015-01-15")
    assert code == 0, out
    return site


def every_page(site: Site) -> list[str]:
    return sorted(
        p.relative_to(site.output).as_posix().removesuffix("index.html")
        for p in site.output.rglob("*.html")
        if not p.relative_to(site.output).as_posix().startswith("theme/")
    )


def test_every_page_reaches_about_join_and_contact_in_one_step(oslo):
    pages = every_page(oslo)
    assert "404.html" in pages and "chapters/oslo/events/reading-group/" in pages
    for url in pages:
        nav = oslo.page(url).xpath("//header//nav[@aria-label='Site']")[0]
        links = dict(
            zip(nav.xpath(".//a/text()"), nav.xpath(".//a/@href"), strict=True)
        )
        assert links["About"] == "/pages/about/", url
        assert links["Join"] == "/pages/join/", url
        assert links["Contact"] == "/pages/contact/", url
        assert links["Chapters"] == "/chapters/", url
        assert links["Events"] == "/events/", url


def test_the_navigation_marks_the_current_page(oslo):
    def current(url):
        return oslo.page(url).xpath("//nav[@aria-label='Site']//a[@aria-current]")

    [link] = current("chapters/")
    assert (link.text, link.get("aria-current")) == ("Chapters", "page")
    [link] = current("chapters/oslo/")
    assert (link.text, link.get("aria-current")) == ("Chapters", "true")
    [link] = current("pages/join/")
    assert link.text == "Join"


def test_the_home_page_says_what_the_organisation_is_and_finds_a_chapter(oslo):
    home = oslo.page("")
    tagline = home.xpath("string(//p[@class='tagline'])")
    assert tagline.startswith("IOPS is an international organisation")
    [find] = home.xpath("//a[.='Find a chapter near you']/@href")
    assert find == "/chapters/"


def test_every_page_shows_the_organisations_contact_address(oslo):
    for url in ("", "chapters/oslo/", "404.html"):
        footer = oslo.page(url).xpath("//footer[@class='site-footer']")[0]
        assert "E-mail: info@example.org" in " ".join(footer.text_content().split())


def test_a_chapter_page_opens_with_joining_meeting_and_contact(oslo):
    page = oslo.page("chapters/oslo/")
    sections = page.xpath("//article[@class='chapter']/section")
    assert sections[0].get("class") == "join"
    join = " ".join(sections[0].text_content().split())
    assert "Come to any meeting, no need to sign up." in join
    assert "Next meeting: Tuesday 3 February 2015, 19:00 CET" in join
    assert "Where Kafé Hjertet, Oslo" in join and "Access Step-free entrance." in join
    assert "E-mail: oslo@example.org" in join
    order = [s.get("aria-labelledby") for s in sections]
    assert order.index("activity-heading") < order.index("profile-heading")


def test_a_closed_chapter_advertises_no_meeting_and_no_calendar(oslo):
    page = oslo.page("chapters/bergen/")
    text = oslo.text("chapters/bergen/")
    assert page.xpath("//section[@class='join']/h2/text()") == [
        "This chapter has closed"
    ]
    assert not page.xpath("//*[@class='next-meeting' or @class='meetings']")
    assert not page.xpath("//a[contains(@href, 'calendar.ics')]")
    assert "Meets every" not in text and "Add the meetings" not in text
    assert "closed on 1 March 2014" in text


@pytest.mark.parametrize(
    "url",
    [
        "",
        "chapters/oslo/",
        "chapters/norway/",
        "events/",
        "chapters/oslo/events/",
        "areas/nord-neth/",
    ],
)
def test_an_event_is_listed_at_its_start_not_its_announcement_date(oslo, url):
    page = oslo.page(url)
    [entry] = page.xpath("//li[.//a[.='Winter reading group']]")[:1]
    text = " ".join(entry.text_content().split())
    assert EVENT_TIME in text
    assert "10 December 2014" not in text
    assert "UTC+01:00" not in text
    assert entry.xpath(".//time[@class='when']/@datetime") == [
        "2015-01-20T19:00:00+01:00"
    ]


@pytest.mark.parametrize("url", ["", "chapters/oslo/", "areas/nord-neth/"])
def test_a_listed_event_that_has_taken_place_says_so(oslo, url):
    """Activity lists go by publication: the walk, published after the reading
    group was announced, is listed first, and its date must not read as one to
    come. (The events pages list past events apart.)"""
    page = oslo.page(url)

    def kind(title):
        entry = page.xpath(f"//li[@class='item-summary'][.//a[.='{title}']]")[0]
        return entry.xpath("string(.//p[contains(@class, 'meta')]/span[@class='kind'])")

    assert kind("Autumn walk") == "Past event"
    assert kind("Winter reading group") == "Event"


def test_the_event_page_writes_its_time_once_with_the_zone_name(oslo):
    page = oslo.page("chapters/oslo/events/reading-group/")
    details = page.xpath("//dl[@class='event-details']")[0]
    assert details.xpath("dt/text()")[0] == "When"
    assert details.xpath("string(dd[1])") == EVENT_TIME


def test_profile_dates_and_languages_are_in_words(oslo):
    profile = oslo.page("chapters/oslo/").xpath("//section[@class='profile']/dl")[0]
    terms = dict(zip(profile.xpath("dt/text()"), profile.xpath("dd"), strict=True))
    assert terms["Founded"].text_content() == "February 2013"
    assert terms["Languages"].text_content() == "English and Norwegian Bokmål"


@pytest.mark.parametrize(
    ("url", "description", "kind"),
    [
        ("", "IOPS is an international organisation", "website"),
        ("chapters/", "Every chapter of", "website"),
        ("chapters/oslo/", "Oslo's chapter reads, talks and organises.", "website"),
        ("areas/nord-neth/", "Chapters of", "website"),
        ("events/", "Upcoming and past events of", "website"),
        ("chapters/oslo/events/reading-group/", "Four evenings of reading.", "article"),
        ("pages/about/", "Who we are.", "article"),
        ("report/", "The state of", "website"),
        ("404.html", "There is no page at this address", "website"),
    ],
)
def test_every_page_kind_has_a_description_and_a_card(oslo, url, description, kind):
    page = oslo.page(url)

    def meta(attribute, name):
        return page.xpath(f"string(//head/meta[@{attribute}='{name}']/@content)")

    assert meta("name", "description").startswith(description)
    assert meta("property", "og:description") == meta("name", "description")
    assert meta("property", "og:title") == page.xpath("string(//title)")
    assert meta("property", "og:type") == kind
    if url == "404.html":  # served at any missing address: none of its own
        assert page.xpath("//head/meta[@property='og:url']") == []
    else:
        assert meta("property", "og:url") == "http://localhost:8000/" + url
    assert meta("property", "og:image").startswith("http://localhost:8000/theme/")
    assert meta("name", "twitter:card") == "summary"
    assert page.xpath("//head/link[@rel='icon']/@href") == [
        "/favicon.ico",
        "/theme/images/icon.svg",
    ]


def test_an_event_in_a_feed_carries_its_date_time_and_place(oslo):
    import feedparser

    for name in ("atom.xml", "rss.xml"):
        feed = feedparser.parse((oslo.output / "chapters/oslo" / name).read_bytes())
        [entry] = [e for e in feed.entries if e.title == "Winter reading group"]
        text = " ".join(lxml.html.fromstring(entry.summary).text_content().split())
        assert text.startswith(f"When: {EVENT_TIME} Where: Kafé Hjertet, Oslo"), name


def test_a_site_page_without_date_or_chapter_shows_no_lone_kind_label(oslo):
    about = oslo.page("pages/about/")
    assert about.xpath("//article//p[@class='meta']") == []
    event = oslo.page("chapters/oslo/events/reading-group/")
    assert event.xpath("//article//p[@class='meta']/span[@class='kind']/text()") == [
        "Event"
    ]
