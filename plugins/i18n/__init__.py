"""The interface in many languages: messages, gettext catalogues, each page's language."""
