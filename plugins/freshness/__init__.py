"""Derived facts of chapters: last updated, stale, activity, working criteria, membership."""
