"""Layout profiles (one region/year/scope's table set and section order) and the document builder."""

from yusuan.layout.profile import LayoutProfile, available_layouts, load_layout

__all__ = ["LayoutProfile", "available_layouts", "load_layout"]
