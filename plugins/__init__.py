"""Chapterhouse Pelican plugins: the content model, its reader and the roll-up pages."""
