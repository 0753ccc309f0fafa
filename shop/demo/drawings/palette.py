"""Fixed tones for the parts of a drawing that do not take the product's colour."""

from __future__ import annotations

from ..canvas import RGB

STEEL: RGB = (176, 180, 184)
IRON: RGB = (58, 58, 62)
WOOD: RGB = (182, 134, 86)
DARK_WOOD: RGB = (104, 70, 46)
BRASS: RGB = (198, 160, 84)
GLASS: RGB = (214, 230, 232)
LINEN: RGB = (234, 226, 210)
SOIL: RGB = (92, 66, 48)
LEAF: RGB = (88, 134, 76)
FLOOR = 84  # where objects stand
