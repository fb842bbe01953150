"""Renderers: the disclosure document and derived figures shown to people."""
