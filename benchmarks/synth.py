"""Write a synthetic federation whose posts look like real ones, the same for every seed.

N national x M regional x K local chapters, P posts each. Posts have headings,
lists, links (outside, and to the chapter's other posts), emphasis, pictures
from the chapter's own images/ folder and now and then a table; their lengths
vary as real writing does (a few short notices, most a few hundred words, a
few long reports).
"""

from __future__ import annotations

import argparse
import math
import random
import struct
import zlib
from pathlib import Path

# One string reads better than 130 quoted words.
WORDS = (  # noqa: SIM905
    "the a of and to in for with on at our we they this that from about after "
    "before chapter meeting members organise vision economy ecology kinship "
    "culture polity workshop stall screening reading group solidarity "
    "participatory society action council assembly report minutes evaluation "
    "outreach newsletter campaign housing tenants union wages workplace "
    "neighbourhood library market festival school parents students teachers "
    "budget decisions delegates proposal vote consensus agenda discussion "
    "people city town region nation history future planning cooperative "
    "garden food bank transport climate energy local regional "
    "national international worked talked agreed decided shared invited "
    "visited learned started finished continued hosted joined welcomed "
    "questions answers ideas books films speakers volunteers friends "
    "neighbours evening morning weekend month year spring summer autumn "
    "winter new old small large open public free together again soon"
).split()
TAGS = [
    "assembly",
    "campaign",
    "climate",
    "economy",
    "education",
    "events",
    "film",
    "food",
    "housing",
    "international",
    "media",
    "minutes",
    "newsletter",
    "outreach",
    "reading-group",
    "solidarity",
    "students",
    "transport",
    "union",
    "workshop",
]
DOMAINS = ["example.org", "example.net", "news.example.com", "archive.example.org"]
IMAGES = ("photo.png", "poster.png")


def png(width: int, height: int, seed: int) -> bytes:
    """A real, small RGB PNG: a two-colour gradient picked by ``seed``."""
    rng = random.Random(seed)
    top = [rng.randrange(256) for _ in range(3)]
    bottom = [rng.randrange(256) for _ in range(3)]
    rows = bytearray()
    for y in range(height):
        mix = y / max(height - 1, 1)
        pixel = bytes(
            round(a + (b - a) * mix) for a, b in zip(top, bottom, strict=True)
        )
        rows += b"\x00" + pixel * width  # filter type 0 for each row

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(bytes(rows), 9))
        + chunk(b"IEND", b"")
    )


class Writer:
    """Markdown text of one post, built block by block until its length is reached."""

    def __init__(self, rng: random.Random, number: int):
        self.rng = rng
        self.number = number  # links go to this chapter's earlier posts only
        self.words = 0

    def phrase(self, low: int, high: int) -> str:
        count = self.rng.randint(low, high)
        self.words += count
        return " ".join(self.rng.choice(WORDS) for _ in range(count))

    def inline(self, low: int, high: int) -> str:
        """A run of words, perhaps with emphasis, a link or code in it."""
        text = self.phrase(low, high)
        roll = self.rng.random()
        if roll < 0.15:
            text += f" *{self.phrase(1, 3)}*"
        elif roll < 0.25:
            text += f" **{self.phrase(1, 3)}**"
        elif roll < 0.35:
            url = f"https://{self.rng.choice(DOMAINS)}/{self.rng.choice(WORDS)}/{self.rng.randint(1, 999)}"
            text += f" [{self.phrase(1, 4)}]({url})"
        elif roll < 0.40 and self.number > 0:
            other = self.rng.randrange(self.number)
            text += f" [{self.phrase(2, 4)}](../posts/post-{other:03d}.md)"
        elif roll < 0.43:
            text += f" `{self.rng.choice(WORDS)}`"
        return text

    def sentence(self) -> str:
        text = self.inline(5, 16)
        return text[0].upper() + text[1:] + "."

    def paragraph(self) -> str:
        return " ".join(self.sentence() for _ in range(self.rng.randint(2, 5)))

    def heading(self) -> str:
        level = "##" if self.rng.random() < 0.75 else "###"
        return f"{level} {self.phrase(2, 5).capitalize()}"

    def bullets(self) -> str:
        numbered = self.rng.random() < 0.3
        return "\n".join(
            f"{f'{i}.' if numbered else '-'} {self.inline(3, 12)}"
            for i in range(1, self.rng.randint(3, 7))
        )

    def picture(self) -> str:
        alt = self.phrase(2, 6).capitalize()
        return f"![{alt}](../images/{self.rng.choice(IMAGES)})"

    def quote(self) -> str:
        return f"> {self.sentence()} {self.sentence()}"

    def table(self) -> str:
        rows = ["| Date | Place | People | Notes |", "|---|---|---:|---|"]
        rows.extend(
            f"| 2014-{self.rng.randint(1, 12):02d}-{self.rng.randint(1, 28):02d} "
            f"| {self.phrase(1, 2).title()} | {self.rng.randint(3, 120)} "
            f"| {self.inline(2, 6)} |"
            for _ in range(self.rng.randint(3, 8))
        )
        return "\n".join(rows)

    def body(self, length: int) -> str:
        blocks = [self.paragraph()]  # the first paragraph is the summary
        if self.rng.random() < 0.5:
            blocks.append(self.picture())
        has_table = self.rng.random() < 0.12
        while self.words < length:
            roll = self.rng.random()
            if roll < 0.15 and length > 200:
                blocks.append(self.heading())
                blocks.append(self.paragraph())
            elif roll < 0.35:
                blocks.append(self.bullets())
            elif roll < 0.40:
                blocks.append(self.quote())
            elif roll < 0.44:
                blocks.append(self.picture())
            elif roll < 0.50 and has_table:
                blocks.append(self.table())
                has_table = False
            else:
                blocks.append(self.paragraph())
        if has_table:  # a short post had no room for it: put it in anyway
            blocks.insert(self.rng.randint(1, len(blocks)), self.table())
        return "\n\n".join(blocks)


def post_length(rng: random.Random) -> int:
    """Words in one post: lognormal around 280, from short notices to long reports."""
    return min(3000, max(40, round(rng.lognormvariate(math.log(280), 0.7))))


def write_federation(
    root: Path, national: int, regional: int, local: int, posts: int, seed: int = 1
) -> int:
    """Returns the number of posts written."""
    rng = random.Random(seed)
    countries = ["NO", "GB", "AT", "AU", "IE", "SE", "DE", "NZ", "FR", "NL"]
    written = 0

    def chapter(slug: str, name: str, level: str, country: str, parent: str | None):
        nonlocal written
        folder = root / "chapters" / slug
        (folder / "posts").mkdir(parents=True, exist_ok=True)
        (folder / "images").mkdir(exist_ok=True)
        for n, image in enumerate(IMAGES):
            (folder / "images" / image).write_bytes(
                png(120 + 40 * n, 80, rng.randrange(2**32))
            )
        lines = [f"name: {name}", f"level: {level}", f'country: "{country}"']
        if parent:
            lines.append(f"parent: {parent}")
        lines += [
            "meetings: {frequency: monthly, day: tuesday, week: first,"
            ' time: "19:00", timezone: Europe/Oslo}',
            'members: {count: 9, women: 4, as_of: "2014-06-01"}',
            "admins:\n  - {name: Admin Person, github: admin-person}",
        ]
        (folder / "chapter.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
        for n in range(posts):
            month, day = rng.randint(1, 12), rng.randint(1, 28)
            writer = Writer(rng, n)
            title = f"{writer.phrase(2, 6).capitalize()} in {name}"
            tags = ", ".join(rng.sample(TAGS, rng.randint(1, 4)))
            body = writer.body(post_length(rng))
            (folder / "posts" / f"post-{n:03d}.md").write_text(
                f'---\ntitle: "{title}"\ndate: "2014-{month:02d}-{day:02d}"\n'
                f"tags: [{tags}]\n---\n{body}\n",
                encoding="utf-8",
            )
            written += 1

    for i in range(national):
        country = countries[i % len(countries)]
        nat = f"nation-{i}"
        chapter(nat, f"Nation {i}", "national", country, None)
        for j in range(regional):
            reg = f"{nat}-region-{j}"
            chapter(reg, f"Region {i}.{j}", "regional", country, nat)
            for k in range(local):
                chapter(f"{reg}-local-{k}", f"Local {i}.{j}.{k}", "local", country, reg)
    (root / "content").mkdir(parents=True, exist_ok=True)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("root", type=Path)
    parser.add_argument("--national", type=int, default=2)
    parser.add_argument("--regional", type=int, default=2)
    parser.add_argument("--local", type=int, default=3)
    parser.add_argument("--posts", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    count = write_federation(
        args.root, args.national, args.regional, args.local, args.posts, args.seed
    )
    print(f"wrote {count} posts under {args.root}")


if __name__ == "__main__":
    main()
