"""The site index and the pure helpers every output shares; no Pelican here."""
