"""Exports plugin: /data/chapters.json and /data/chapters.csv."""


def register() -> None:
    pass
