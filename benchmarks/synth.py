"""Write a synthetic federation: N national x M regional x K local chapters x P posts each."""

from __future__ import annotations

import argparse
import random
from pathlib import Path

WORDS = [
    "chapter",
    "meeting",
    "members",
    "organise",
    "vision",
    "economy",
    "ecology",
    "kinship",
    "culture",
    "polity",
    "workshop",
    "stall",
    "screening",
    "reading",
    "group",
    "solidarity",
    "participatory",
    "society",
    "action",
    "council",
    "assembly",
    "report",
    "minutes",
    "evaluation",
    "outreach",
    "newsletter",
    "campaign",
]


def paragraph(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


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
        lines = [f"name: {name}", f"level: {level}", f'country: "{country}"']
        if parent:
            lines.append(f"parent: {parent}")
        lines += [
            'meetings: {frequency: monthly, day: tuesday, time: "19:00", timezone: Europe/Oslo}',
            'members: {count: 9, women: 4, as_of: "2014-06-01"}',
            "admins:\n  - {name: Admin Person, github: admin-person}",
        ]
        (folder / "chapter.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
        for n in range(posts):
            month, day = rng.randint(1, 12), rng.randint(1, 28)
            body = "\n\n".join(paragraph(rng, 60) for _ in range(4))
            (folder / "posts" / f"post-{n:03d}.md").write_text(
                f'---\ntitle: "{name} post {n}"\ndate: "2014-{month:02d}-{day:02d}"\n'
                f"tags: [{rng.choice(WORDS)}, {rng.choice(WORDS)}]\n---\n{body}\n",
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
    args = parser.parse_args()
    count = write_federation(
        args.root, args.national, args.regional, args.local, args.posts
    )
    print(f"wrote {count} posts under {args.root}")


if __name__ == "__main__":
    main()
