"""Every derived figure of a budget, computed in one place.

The document builder, the generator, the checker and the web app take totals, shares and
year-on-year changes from here and nowhere else.
"""

from yusuan.compute.cube import Cube, Entry
from yusuan.compute.figures import Change, Figures, compute

__all__ = ["Change", "Cube", "Entry", "Figures", "compute"]
