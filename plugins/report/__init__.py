"""Report plugin: /report/, the state of the federation."""


def register() -> None:
    pass
