"""What the build publishes is exactly what check validated, read once."""

from __future__ import annotations

import os
from types import SimpleNamespace

from tests.conftest import NORWAY, OSLO, Site

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def published_under(site, folder: str) -> list[str]:
    root = site.output / folder
    return sorted(
        p.relative_to(site.output).as_posix() for p in root.rglob("*") if p.is_file()
    )


def test_the_site_publishes_exactly_the_validated_pictures(norway):
    norway.write(
        {
            "chapters/oslo/images/venue.jpg": PNG,
            "chapters/oslo/images/2014/map.png": PNG,
            "chapters/oslo/images/.gitkeep": "",
            "content/images/logo.png": PNG,
            "chapters/oslo/posts/venue.md": """
            ---
            title: The venue
            date: "2014-10-02"
            ---
            ![The venue](../images/venue.jpg)
        """,
        }
    )
    code, out = norway.build()
    assert code == 0, out
    assert published_under(norway, "chapters/oslo/images") == [
        "chapters/oslo/images/2014/map.png",
        "chapters/oslo/images/venue.jpg",
    ]
    assert published_under(norway, "images") == ["images/logo.png"]
    assert (norway.output / "chapters/oslo/images/venue.jpg").read_bytes() == PNG
    image = norway.page("chapters/oslo/posts/venue/").xpath("//main//img/@src")
    assert image == ["/chapters/oslo/images/venue.jpg"]


def test_a_hidden_script_or_a_link_stops_the_build_and_publishes_nothing(norway):
    norway.write({"chapters/oslo/images/.evil.svg": "<svg onload=alert(1)/>"})
    os.symlink("../../..", norway.root / "chapters/oslo/images/up")
    code, out = norway.build()
    assert code == 1
    assert "chapters/oslo/images/.evil.svg: hidden file '.evil.svg'" in out
    assert "chapters/oslo/images/up: is a symbolic link" in out
    assert not norway.output.exists()


def test_about_with_a_byte_order_mark_renders_clean(norway):
    norway.write(
        {"chapters/oslo/about.md": "\ufeff# Who we are\n\nReaders.\n".encode()}
    )
    code, out = norway.build()
    assert code == 0, out
    assert "Who we are Readers." in norway.text("chapters/oslo/")
    raw = (norway.output / "chapters/oslo/index.html").read_text(encoding="utf-8")
    assert "\ufeff" not in raw


def test_markdown_extensions_render_tables_and_footnotes(norway):
    norway.write(
        {
            "chapters/oslo/posts/minutes.md": """
            ---
            title: Minutes
            date: "2014-10-03"
            ---
            | item | decision |
            |---|---|
            | venue | Café Sør |

            We agreed.[^1]

            [^1]: Unanimously.
        """,
        }
    )
    code, out = norway.build()
    assert code == 0, out
    page = norway.page("chapters/oslo/posts/minutes/")
    assert page.xpath("//main//table//td/text()") == ["venue", "Café Sør"]
    (ref,) = page.xpath("//main//a[@class='footnote-ref']/@href")
    assert page.xpath(f"//main//*[@id='{ref[1:]}']")


def test_a_linked_content_folder_stops_the_build_and_publishes_nothing(norway):
    norway.write(
        {
            ".stash/images/evil.png": PNG,
            ".stash/posts/secret.md": """
            ---
            title: Hidden
            date: "2014-10-02"
            ---
            From a hidden folder.
        """,
        }
    )
    os.symlink(".stash", norway.root / "content")
    settings = norway.settings()
    assert settings["CHAPTERS_CONTENT_PATH"] == str(norway.root / "content")
    code, out = norway.build()
    assert code == 1
    assert "content: is a symbolic link" in out
    assert not norway.output.exists()


def test_a_repository_inside_a_linked_folder_builds_with_its_pictures(tmp_path):
    # Links above the repository (a checkout under a linked home folder) are
    # not the contributors' to make, and the pages still find the pictures.
    (tmp_path / "real").mkdir()
    os.symlink("real", tmp_path / "home")
    site = Site(tmp_path / "home")
    site.write(
        {
            "chapters/norway/chapter.yaml": NORWAY,
            "chapters/oslo/chapter.yaml": OSLO,
            "chapters/oslo/images/venue.png": PNG,
            "chapters/oslo/posts/venue.md": """
            ---
            title: The venue
            date: "2014-10-02"
            ---
            ![The venue](../images/venue.png) and [more](../pages/about-us.md)
        """,
            "chapters/oslo/pages/about-us.md": "---\ntitle: Us\n---\nWe.\n",
        }
    )
    code, out = site.build()
    assert code == 0, out
    page = site.page("chapters/oslo/posts/venue/")
    assert page.xpath("//main//img/@src") == ["/chapters/oslo/images/venue.png"]
    assert page.xpath("//main//a[text()='more']/@href") == [
        "/chapters/oslo/pages/about-us/"
    ]


def test_a_picture_address_is_percent_encoded_should_an_odd_name_get_through(
    tmp_path,
):
    # The walk refuses such names; this is the second line of defence.
    from pelican.settings import DEFAULT_CONFIG

    from plugins.content.static import add_validated_files
    from plugins.model.federation import StaticFile

    generator = SimpleNamespace(
        settings={**DEFAULT_CONFIG, "PATH": str(tmp_path)},
        context={},
        staticfiles=[],
        add_source_path=lambda content, static=False: None,
    )
    odd = 'images/x" onerror="alert(1).png'
    federation = SimpleNamespace(static_files=[StaticFile(tmp_path / odd, odd)])
    add_validated_files(generator, federation)
    (static,) = generator.staticfiles
    assert static.url == "images/x%22%20onerror%3D%22alert%281%29.png"
    assert static.save_as == odd
