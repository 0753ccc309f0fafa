"""Curated demo catalogue: the category tree and, per product type, its materials, sizes, prices."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Material:
    name: str
    factor: float  # price relative to the type's base price
    coloured: bool = False  # comes in the family's colours; otherwise it shows its own tone


@dataclass(frozen=True)
class Family:
    """Product types made and cared for alike: the materials, colours and phrases they share."""

    materials: tuple[Material, ...]
    colours: tuple[str, ...]
    about: tuple[str, ...]  # how the family is made, one of them per description
    care: tuple[str, ...]


@dataclass(frozen=True)
class Kind:
    """One product type: what it is called, costs and comes in."""

    noun: str
    price: int  # base price in euros, for the cheapest material and size
    family: str
    sizes: tuple[tuple[str, float], ...] = ()  # (label, price factor)
    materials: tuple[Material, ...] = field(default=())  # overrides the family's
    care: tuple[str, ...] = ()  # overrides the family's

    def fitting_materials(self, families: dict[str, Family]) -> tuple[Material, ...]:
        return self.materials or families[self.family].materials


def M(name: str, factor: float = 1.0, coloured: bool = False) -> Material:
    return Material(name, factor, coloured)


def C(name: str, factor: float = 1.0) -> Material:
    return Material(name, factor, coloured=True)


def cm(*sizes: int, step: float = 0.12) -> tuple[tuple[str, float], ...]:
    """Round sizes in centimetres, each a little dearer than the one before."""
    return tuple((f"{s} cm", 1 + step * i) for i, s in enumerate(sizes))


def litres(*sizes: float, step: float = 0.15) -> tuple[tuple[str, float], ...]:
    return tuple((f"{s:g} l", 1 + step * i) for i, s in enumerate(sizes))


def sizes(*labels: str, step: float = 0.15) -> tuple[tuple[str, float], ...]:
    return tuple((label, 1 + step * i) for i, label in enumerate(labels))


GLAZES = ("Chalk", "Sage", "Ink Blue", "Oatmeal", "Slate", "Blush", "Rust", "Moss")
TEXTILE = ("Chalk", "Oatmeal", "Sage", "Slate", "Blush", "Ink Blue", "Rust", "Natural", "Moss")
BOLD = ("Rust", "Ink Blue", "Sage", "Charcoal", "Teal", "Mustard", "Forest", "Plum")
OUTDOOR = ("Sage", "Forest", "Ochre", "Charcoal", "Sand", "Teal")
BEDDING_SIZES = sizes("Single", "Double", "King", step=0.25)
CLOTHES = sizes("S", "M", "L", "XL", step=0.0)

FAMILIES: dict[str, Family] = {
    "pan": Family(
        (M("Cast Iron"), M("Carbon Steel", 0.8), C("Enamelled Cast Iron", 1.35)),
        BOLD,
        ("Heavy enough to brown properly, balanced enough to lift with one hand.", "It goes from hob to oven and holds its heat for an even sear."),
        ("Dry straight after washing and wipe with a drop of oil.",
         "Season it now and then and it only gets better."),
    ),
    "pot": Family(
        (M("Stainless Steel"), C("Enamelled Cast Iron", 1.5), M("Copper", 1.9)),
        BOLD,
        ("A thick, even base that works on every hob, induction included.", "Made to be used daily and handed down."),
        ("Let it cool before washing; a soak loosens anything stuck on.",
         "Oven safe to 250 °C, lid included."),
    ),
    "knife": Family(
        (M("Stainless Steel"), M("Carbon Steel", 1.15), M("Damascus Steel", 2.1)),
        (),
        ("Made in Seki by a family workshop and finished by hand.", "Balanced so that it does the work, not your wrist."),
        ("Hand wash and dry at once; keep it on a board, never in a drawer loose.",
         "Hone it weekly and it will rarely need a stone."),
    ),
    "wood": Family(
        (M("Oak"), M("Walnut", 1.4), M("Ash", 0.95), M("Olive Wood", 1.3), M("Beech", 0.85)),
        (),
        ("Each piece shows its own grain, so no two are quite the same.", "Cut from a single length of timber in a Devon workshop."),
        ("Wash by hand and oil it once a month.", "Never leave it to soak or put it in the dishwasher."),
    ),
    "ceramic": Family(
        (C("Stoneware"), C("Porcelain", 1.25), C("Earthenware", 0.85)),
        GLAZES,
        ("Each piece is glazed by hand, so no two are exactly alike.", "Thrown in a small pottery in Stoke-on-Trent."),
        ("Dishwasher and microwave safe.", "The reactive glaze varies a little from piece to piece."),
    ),
    "bakeware": Family(
        (M("Carbon Steel"), M("Aluminium", 0.9), M("Stainless Steel", 1.2)),
        (),
        ("Rolled edges keep it rigid through years of weekly baking.", "Bakes evenly and releases cleanly."),
        ("Wash by hand and dry in the cooling oven.", "Grease lightly before the first bake."),
    ),
    "cushion": Family(
        (C("Linen", 1.2), C("Cotton Velvet", 1.3), C("Wool", 1.4), C("Organic Cotton")),
        TEXTILE,
        ("Piped edges and a concealed zip make it look tailored.", "Filled with a generous feather pad."),
        ("Cover washable at 30 °C.", "Plump it daily and it keeps its shape."),
    ),
    "throw": Family(
        (C("Wool", 1.2), C("Merino Wool", 1.5), C("Linen"), C("Alpaca", 1.8)),
        TEXTILE,
        ("Woven on a traditional loom and finished with a soft fringe.", "Warm without weight."),
        ("Air it outside rather than washing it often.", "Dry clean or hand wash cool."),
    ),
    "lamp": Family(
        (M("Brass", 1.3), C("Ceramic"), M("Oak", 1.1), M("Black Steel", 0.9)),
        ("Chalk", "Sage", "Ochre", "Slate", "Ink Blue", "Rust"),
        ("Supplied with a fabric cable, an inline switch and an E27 fitting.", "Gives a warm, even light."),
        ("Use a warm LED bulb of up to 40 W.", "Dust the shade with a soft brush."),
    ),
    "woven": Family(
        (M("Rattan"), M("Seagrass", 0.9), M("Water Hyacinth", 1.1), M("Jute", 0.85)),
        (),
        ("Woven by hand, light to carry and strong enough for everyday use.", "Natural fibres, so the colour mellows over time."),
        ("Brush or vacuum to clean; keep it out of the damp.",),
    ),
    "furniture": Family(
        (M("Oak"), M("Walnut", 1.35), M("Ash", 1.0), C("Painted Pine", 0.7)),
        ("Chalk", "Sage", "Ink Blue", "Charcoal", "Forest"),
        ("Solid timber with joints that are meant to last.", "Simple lines that sit well in an old cottage or a new flat."),
        ("Wipe with a damp cloth and re-oil once a year.", "Arrives flat-packed with every tool you need."),
    ),
    "decor": Family(
        (C("Stoneware"), M("Brass", 1.4), M("Oak", 1.1), C("Recycled Glass", 0.9)),
        GLAZES,
        ("Small enough to move around until it finds its place.", "Made in a small studio in limited batches."),
        ("Dust with a dry cloth.",),
    ),
    "bedding": Family(
        (C("Linen", 1.3), C("Organic Cotton"), C("Cotton Percale", 1.1), C("Cotton Sateen", 1.2)),
        TEXTILE,
        ("Stone washed before it leaves the mill, so it arrives soft and relaxed.", "Cool in summer, cosy in winter and softer after every wash."),
        ("Machine wash at 40 °C; tumble dry low or line dry.", "No need to iron: it is meant to look lived in."),
    ),
    "sleepwear": Family(
        (C("Linen", 1.2), C("Organic Cotton"), C("Cotton Flannel", 1.1), C("Waffle Cotton", 1.05)),
        TEXTILE,
        ("Breathable fabric that feels good against the skin.", "Finished with soft seams that never rub."),
        ("Machine wash at 30 °C with similar colours.",),
    ),
    "towel": Family(
        (C("Cotton Terry"), C("Organic Cotton", 1.1), C("Waffle Cotton", 1.05), C("Turkish Cotton", 1.3)),
        (*TEXTILE, "Teal"),
        ("Long-staple cotton that stays soft wash after wash.", "Thirsty, quick to dry and generous in size."),
        ("Wash at 40 °C before first use; skip the fabric softener.",),
    ),
    "bath": Family(
        (C("Stoneware"), M("Teak", 1.4), M("Bamboo", 0.9), M("Brass", 1.5)),
        GLAZES,
        ("Stands up to steam and splashes day after day.", "Looks as good by the basin as on the bath."),
        ("Wipe dry after use.",),
    ),
    "tool": Family(
        (M("Stainless Steel", 1.2), M("Carbon Steel")),
        (),
        ("Forged head and an FSC ash handle, made for years of digging and planting.", "Well balanced and comfortable in a gloved hand."),
        ("Clean off soil and oil the blade before putting it away.", "Hang it up to keep the edge."),
    ),
    "planter": Family(
        (M("Terracotta"), C("Glazed Stoneware", 1.4), M("Concrete", 1.2), M("Zinc", 1.1)),
        OUTDOOR,
        ("Frost resistant, so it can stay outside all year.", "A drainage hole and plenty of room for roots."),
        ("Raise it on feet in winter so water can drain.",),
    ),
    "outdoor": Family(
        (C("Acrylic Canvas"), C("Recycled Polyester", 0.85), M("Teak", 1.6), C("Powder-coated Steel", 1.1)),
        OUTDOOR,
        ("Weatherproof materials that fade gracefully in the sun.", "Built for long summer evenings on the terrace."),
        ("Cover or bring it in over winter.",),
    ),
    "pantry": Family(
        (M("Glass"), C("Enamelled Steel", 1.2), M("Stainless Steel", 1.1), C("Tinplate", 0.9)),
        BOLD,
        ("Airtight seal that keeps its contents fresh.", "Sized to fit a standard cupboard shelf."),
        ("Hand wash and dry thoroughly before refilling.",),
    ),
}  # fmt: skip

WOODS = (M("Oak"), M("Walnut", 1.4), M("Ash", 0.95), M("Beech", 0.85))
BASKETRY = (M("Rattan"), M("Seagrass", 0.9), M("Willow", 1.05))
METALS_OUT = (M("Galvanised Steel"), C("Powder-coated Steel", 1.1), M("Copper", 2.2))

# top-level name -> (description, {subcategory: [product type, ...]})
CATALOGUE: dict[str, tuple[str, dict[str, list[Kind]]]] = {
    "Kitchen": (
        "Cookware, knives and tableware for everyday cooking and slow Sunday lunches.",
        {
            "Cookware": [
                Kind("Skillet", 39, "pan", cm(20, 26, 30)),
                Kind("Dutch Oven", 89, "pot", cm(20, 24, 28), (C("Enamelled Cast Iron"), M("Cast Iron", 0.75))),
                Kind("Saucepan", 35, "pot", cm(16, 18, 20)),
                Kind("Stock Pot", 59, "pot", litres(6, 9, 12)),
                Kind("Roasting Tin", 29, "pot", cm(32, 38), (M("Stainless Steel"), C("Enamelled Steel", 0.8))),
                Kind("Wok", 39, "pan", cm(30, 36), (M("Carbon Steel"), M("Cast Iron", 1.3))),
                Kind("Griddle Pan", 36, "pan", cm(26, 30)),
            ],
            "Knives & Boards": [
                Kind("Chef's Knife", 65, "knife", cm(18, 20, 24, step=0.1)),
                Kind("Paring Knife", 24, "knife", cm(9, 11, step=0.1)),
                Kind("Bread Knife", 39, "knife", cm(22, 25, step=0.1)),
                Kind("Chopping Board", 32, "wood", sizes("Small", "Medium", "Large", step=0.35)),
                Kind("Knife Block", 48, "wood"),
                Kind("Whetstone", 27, "knife", sizes("400/1000 grit", "1000/6000 grit", step=0.4),
                     (M("Ceramic"), M("Natural Stone", 1.8)), ("Soak the whetstone for ten minutes before use and let it dry flat.",)),
            ],
            "Tableware": [
                Kind("Dinner Plate", 14, "ceramic", cm(27, 29, step=0.1)),
                Kind("Serving Bowl", 26, "ceramic", cm(24, 30, step=0.3)),
                Kind("Mug", 12, "ceramic", sizes("300 ml", "400 ml", step=0.15)),
                Kind("Side Plate", 10, "ceramic", cm(19, 21, step=0.1)),
                Kind("Pasta Bowl", 15, "ceramic", cm(21, 23, step=0.1)),
                Kind("Jug", 22, "ceramic", litres(0.5, 1)),
                Kind("Teapot", 34, "ceramic", litres(0.8, 1.2), (C("Stoneware"), C("Porcelain", 1.25))),
            ],
            "Baking": [
                Kind("Loaf Tin", 16, "bakeware", sizes("1 lb", "2 lb", step=0.2)),
                Kind("Mixing Bowl", 21, "ceramic", litres(2, 3, 4, step=0.2), (C("Stoneware"), C("Earthenware", 0.85))),
                Kind("Cooling Rack", 13, "bakeware", sizes("Single", "Three-tier", step=1.2)),
                Kind("Rolling Pin", 17, "wood", cm(40, 50, step=0.2)),
                Kind("Cake Tin", 19, "bakeware", cm(20, 23, step=0.12)),
                Kind("Proving Basket", 18, "woven", sizes("Round", "Oval", step=0.1), (M("Rattan"), M("Cane", 1.1))),
            ],
        },
    ),
    "Living Room": (
        "Throws, cushions, lighting and furniture that make a room feel lived in.",
        {
            "Cushions & Throws": [
                Kind("Cushion Cover", 28, "cushion", sizes("45 \N{MULTIPLICATION SIGN} 45 cm", "50 \N{MULTIPLICATION SIGN} 50 cm", "30 \N{MULTIPLICATION SIGN} 50 cm", step=0.1)),
                Kind("Throw", 59, "throw", sizes("130 \N{MULTIPLICATION SIGN} 170 cm", "150 \N{MULTIPLICATION SIGN} 200 cm", step=0.3)),
                Kind("Floor Cushion", 64, "cushion"),
                Kind("Bolster", 35, "cushion"),
                Kind("Blanket", 72, "throw", sizes("150 \N{MULTIPLICATION SIGN} 200 cm", "200 \N{MULTIPLICATION SIGN} 240 cm", step=0.35)),
            ],
            "Lighting": [
                Kind("Table Lamp", 79, "lamp"),
                Kind("Floor Lamp", 149, "lamp", materials=(M("Brass", 1.3), M("Oak", 1.1), M("Black Steel"))),
                Kind("Pendant Shade", 54, "lamp", cm(30, 40, 50, step=0.3), (C("Linen"), M("Rattan", 1.1), C("Enamelled Steel", 1.2))),
                Kind("Reading Light", 66, "lamp", materials=(M("Brass", 1.3), M("Black Steel"), C("Enamelled Steel", 1.05))),
                Kind("Lantern", 31, "lamp", sizes("Small", "Large", step=0.5), (M("Brass", 1.4), M("Black Steel"))),
            ],
            "Furniture": [
                Kind("Dining Table", 549, "furniture", sizes("4 seats", "6 seats", "8 seats", step=0.3)),
                Kind("Dining Chair", 139, "furniture"),
                Kind("Coffee Table", 249, "furniture"),
                Kind("Side Table", 119, "furniture"),
            ],
            "Storage": [
                Kind("Storage Basket", 27, "woven", sizes("Small", "Medium", "Large", step=0.3)),
                Kind("Magazine Rack", 44, "furniture", materials=WOODS),
                Kind("Shelf", 58, "furniture", cm(60, 90, 120, step=0.3), WOODS),
                Kind("Trunk", 139, "furniture", materials=(M("Oak"), M("Rattan", 0.8), M("Walnut", 1.35))),
            ],
            "Decor": [
                Kind("Vase", 29, "decor", sizes("Small", "Tall", step=0.4), (C("Stoneware"), C("Recycled Glass", 0.9), M("Brass", 1.5))),
                Kind("Candle Holder", 18, "decor", materials=(M("Brass"), C("Stoneware", 0.8), M("Oak", 0.9))),
                Kind("Wall Mirror", 89, "decor", cm(50, 70, 90, step=0.35), (M("Oak"), M("Brass", 1.3), M("Rattan", 0.8))),
                Kind("Picture Frame", 21, "decor", sizes("A5", "A4", "A3", step=0.3), (M("Oak"), M("Walnut", 1.3), M("Brass", 1.4))),
                Kind("Planter", 24, "planter", cm(14, 20, 26, step=0.4)),
                Kind("Clock", 46, "decor", cm(25, 30, step=0.2), (M("Oak"), M("Walnut", 1.3), C("Enamelled Steel", 0.9))),
            ],
        },
    ),
    "Bedroom": (
        "Bedding and sleepwear in natural fibres, washed soft and made to last.",
        {
            "Bedding": [
                Kind("Duvet Cover", 89, "bedding", BEDDING_SIZES),
                Kind("Pillowcase Pair", 32, "bedding", sizes("Standard", "King", step=0.2)),
                Kind("Fitted Sheet", 44, "bedding", BEDDING_SIZES),
                Kind("Bedspread", 110, "bedding", BEDDING_SIZES, (C("Linen"), C("Cotton Quilted", 0.9))),
                Kind("Duvet", 129, "bedding", BEDDING_SIZES, (M("Wool"), M("Goose Down", 1.6), M("Hollowfibre", 0.5)), ("Air it on a dry day and shake it to restore the loft.",)),
            ],
            "Sleepwear": [
                Kind("Pyjama Set", 68, "sleepwear", CLOTHES),
                Kind("Dressing Gown", 85, "sleepwear", CLOTHES),
                Kind("Sleep Mask", 16, "sleepwear", materials=(C("Silk", 1.8), C("Linen"), C("Organic Cotton", 0.9))),
                Kind("Slippers", 34, "sleepwear", sizes("36\N{EN DASH}37", "38\N{EN DASH}39", "40\N{EN DASH}41", "42\N{EN DASH}43", "44\N{EN DASH}45", step=0.0),
                     (C("Wool Felt"), M("Sheepskin", 1.6), C("Linen", 0.9)), ("Air them now and then; spot clean with a damp cloth.",)),
            ],
            "Bedroom Furniture": [
                Kind("Bedside Table", 149, "furniture"),
                Kind("Laundry Hamper", 49, "woven", materials=BASKETRY),
                Kind("Clothes Rail", 99, "furniture", materials=(M("Oak"), M("Black Steel", 0.8), M("Ash"))),
                Kind("Stool", 79, "furniture"),
            ],
        },
    ),
    "Bathroom": (
        "Towels, bath mats and bathroom storage in cotton, linen and bamboo.",
        {
            "Towels": [
                Kind("Hand Towel", 14, "towel", sizes("50 \N{MULTIPLICATION SIGN} 90 cm")),
                Kind("Bath Towel", 26, "towel", sizes("70 \N{MULTIPLICATION SIGN} 140 cm")),
                Kind("Bath Sheet", 36, "towel", sizes("100 \N{MULTIPLICATION SIGN} 150 cm")),
                Kind("Face Cloth", 6, "towel", sizes("30 \N{MULTIPLICATION SIGN} 30 cm")),
                Kind("Hooded Towel", 24, "towel", sizes("Baby", "Child", step=0.2)),
            ],
            "Bath Accessories": [
                Kind("Bath Mat", 29, "towel", materials=(C("Cotton Terry"), M("Teak", 1.6), M("Cork", 1.2))),
                Kind("Soap Dish", 12, "bath"),
                Kind("Toothbrush Holder", 11, "bath", materials=(C("Stoneware"), M("Glass", 0.9), M("Brass", 1.5))),
                Kind("Shower Curtain", 39, "bath", sizes("180 \N{MULTIPLICATION SIGN} 180 cm", "180 \N{MULTIPLICATION SIGN} 200 cm", step=0.1),
                     (C("Waffle Cotton"), C("Linen", 1.4), C("Recycled Polyester", 0.8))),
                Kind("Bath Caddy", 33, "bath", materials=(M("Teak"), M("Bamboo", 0.8), M("Brass", 1.5))),
            ],
            "Bathroom Storage": [
                Kind("Towel Ladder", 69, "furniture", materials=(M("Oak"), M("Bamboo", 0.7), M("Ash"))),
                Kind("Wall Cabinet", 129, "furniture"),
                Kind("Laundry Basket", 45, "woven", materials=BASKETRY),
            ],
        },
    ),
    "Garden": (
        "Tools, pots and outdoor furniture for gardens, balconies and windowsills.",
        {
            "Garden Tools": [
                Kind("Trowel", 19, "tool"),
                Kind("Hand Fork", 18, "tool"),
                Kind("Pruning Shears", 34, "tool", materials=(M("Carbon Steel"), M("Forged Steel", 1.4))),
                Kind("Spade", 52, "tool"),
                Kind("Watering Can", 29, "outdoor", litres(1, 5, 9, step=0.3), METALS_OUT),
                Kind("Kneeler", 22, "outdoor", materials=(C("Waxed Canvas"), C("Recycled Rubber", 0.8))),
                Kind("Rake", 39, "tool"),
            ],
            "Pots & Planters": [
                Kind("Plant Pot", 16, "planter", cm(12, 18, 24, 30, step=0.45)),
                Kind("Window Box", 31, "planter", cm(60, 80, step=0.25), (M("Zinc"), M("Terracotta", 0.9), M("Larch", 1.1))),
                Kind("Hanging Basket", 24, "woven", cm(30, 35, step=0.2), (M("Willow"), M("Black Steel", 0.9))),
                Kind("Raised Bed", 119, "planter", sizes("120 \N{MULTIPLICATION SIGN} 60 cm", "180 \N{MULTIPLICATION SIGN} 90 cm", step=0.5), (M("Larch"), M("Galvanised Steel", 0.9))),
                Kind("Seed Tray", 9, "planter", materials=(M("Recycled Plastic"), M("Zinc", 2.2))),
            ],
            "Outdoor Living": [
                Kind("Bistro Chair", 79, "outdoor", materials=(C("Powder-coated Steel"), M("Teak", 1.5))),
                Kind("Garden Bench", 229, "outdoor", sizes("2 seats", "3 seats", step=0.3), (M("Teak"), M("Larch", 0.7), C("Powder-coated Steel", 0.9))),
                Kind("Outdoor Cushion", 36, "outdoor", materials=(C("Acrylic Canvas"), C("Recycled Polyester", 0.85))),
                Kind("Hammock", 89, "outdoor", materials=(C("Cotton Canvas"), M("Rope", 1.2))),
                Kind("Fire Pit", 159, "outdoor", cm(60, 80, step=0.35), (M("Cor-ten Steel"), M("Cast Iron", 0.9), M("Black Steel", 0.8))),
                Kind("Picnic Blanket", 42, "throw", materials=(C("Wool", 1.2), C("Waterproof-backed Cotton"))),
            ],
        },
    ),
    "Pantry": (
        "Jars, tins and food storage that keep the kitchen cupboard in order.",
        {
            "Jars & Tins": [
                Kind("Storage Jar", 12, "pantry", litres(0.5, 1, 2, step=0.3), (M("Glass"), C("Stoneware", 1.3))),
                Kind("Spice Tin", 9, "pantry", materials=(C("Tinplate"), M("Stainless Steel", 1.3))),
                Kind("Tea Caddy", 15, "pantry", materials=(C("Tinplate"), M("Copper", 2.0), M("Oak", 1.5))),
                Kind("Biscuit Tin", 19, "pantry", materials=(C("Enamelled Steel"), C("Tinplate", 0.8))),
                Kind("Kilner Jar", 8, "pantry", litres(0.5, 1, 2, step=0.3), (M("Glass"),)),
            ],
            "Food Storage": [
                Kind("Bread Bin", 39, "pantry", materials=(C("Enamelled Steel"), M("Bamboo", 0.9), M("Oak", 1.3))),
                Kind("Lunch Box", 22, "pantry", materials=(M("Stainless Steel"), M("Bamboo", 0.8))),
                Kind("Butter Dish", 17, "ceramic", materials=(C("Stoneware"), C("Porcelain", 1.2))),
                Kind("Vegetable Rack", 34, "woven", materials=(M("Willow"), M("Beech", 1.1), M("Black Steel", 0.9))),
                Kind("Oil Bottle", 14, "pantry", sizes("500 ml", "1 l", step=0.3), (M("Glass"), C("Stoneware", 1.2), M("Stainless Steel", 1.3))),
            ],
        },
    ),
}  # fmt: skip

# Made-up ranges a shop would give its own lines (a name sometimes starts with one).
RANGES = [
    "Halden", "Ashford", "Bramley", "Clover", "Dunmore", "Elmstead", "Fernhill", "Glenrock",
    "Harlow", "Ivybridge", "Juniper", "Kestrel", "Larkspur", "Marlow", "Northcote", "Pemberley",
    "Rowan", "Sedgwick", "Thornbury", "Upton", "Vale", "Wexford", "Yarrow", "Alder",
]  # fmt: skip

# The shop's colour names (variants and glazes); materials not "coloured" show their own tone.
COLOURS = [
    "Sage", "Charcoal", "Oatmeal", "Rust", "Ink Blue", "Moss", "Chalk", "Ochre", "Slate",
    "Blush", "Forest", "Sand", "Plum", "Teal", "Natural", "Mustard",
]  # fmt: skip

# One sentence on what the product is made of, per material.
MATERIAL_NOTES: dict[str, str] = {
    "Cast Iron": "Cast iron, pre-seasoned with vegetable oil and ready to cook with.",
    "Carbon Steel": "Carbon steel: light, fast to heat and naturally non-stick once seasoned.",
    "Enamelled Cast Iron": "Cast iron under a tough vitreous enamel that needs no seasoning.",
    "Stainless Steel": "Brushed 18/10 stainless steel that will not rust, stain or react with food.",
    "Copper": "Hammered copper, lined with tin, for the most responsive heat there is.",
    "Damascus Steel": "Sixty-seven layers of Damascus steel around a hard VG-10 core.",
    "Oak": "Solid European oak from managed forests, finished with hard wax oil.",
    "Walnut": "Solid American black walnut with a deep, warm grain.",
    "Ash": "Pale, straight-grained ash, as strong as it is light.",
    "Beech": "Close-grained beech, smooth to the touch.",
    "Olive Wood": "Olive wood from pruned branches, with a striking swirling grain.",
    "Stoneware": "High-fired stoneware with a soft satin glaze.",
    "Porcelain": "Fine porcelain, thin and light yet chip resistant.",
    "Earthenware": "Earthenware clay with a glossy hand-dipped glaze.",
    "Linen": "Pure European flax linen, stone washed for softness.",
    "Wool": "Pure new wool from British sheep.",
    "Merino Wool": "Fine merino wool, soft enough to wear against the skin.",
    "Organic Cotton": "GOTS-certified organic cotton.",
    "Brass": "Solid brass that develops a soft patina with age.",
    "Rattan": "Rattan cane woven by hand over a sturdy frame.",
    "Terracotta": "Traditional terracotta fired from local clay.",
    "Teak": "Grade A teak from certified plantations that weathers to silver grey.",
    "Glass": "Thick, clear soda-lime glass.",
    "Recycled Glass": "Mouth-blown recycled glass with the odd tiny bubble.",
}

# What each product type is for: the first sentence of its description.
USES: dict[str, str] = {
    "Skillet": "The pan for a crisp-edged steak, a tray of roast potatoes or a Sunday fry-up.",
    "Dutch Oven": "Made for slow braises, stews and crusty no-knead bread.",
    "Saucepan": "The everyday pan for sauces, porridge, rice and boiled eggs.",
    "Stock Pot": "Room for a batch of stock, a big soup or pasta for a crowd.",
    "Roasting Tin": "Deep enough for a whole chicken and all its vegetables.",
    "Wok": "Heats fast and high for proper stir-fries with a little smoky char.",
    "Griddle Pan": "Raised ridges give vegetables, halloumi and steaks their stripes.",
    "Chef's Knife": "The one knife that chops, slices, dices and minces.",
    "Paring Knife": "A short, nimble blade for peeling, trimming and fine work.",
    "Bread Knife": "A long serrated edge that saws through crusty loaves without crushing them.",
    "Chopping Board": "A generous board that is kind to knife edges and handsome enough to serve on.",
    "Knife Block": "Keeps five knives safe, sharp and within reach.",
    "Whetstone": "Brings a dull blade back to a razor edge in a few minutes.",
    "Dinner Plate": "A wide rim and a generous well for everyday meals.",
    "Serving Bowl": "Big enough for a salad for six or a mountain of pasta.",
    "Mug": "A proper mug of tea with a handle that fits four fingers.",
    "Side Plate": "For toast, cake or a starter.",
    "Pasta Bowl": "Shallow and wide, for pasta, risotto and salads.",
    "Jug": "Pours cleanly for water, milk or a handful of garden flowers.",
    "Teapot": "Brews four good cups, with a spout that does not drip.",
    "Loaf Tin": "Straight sides for a neat, tall loaf or a banana bread.",
    "Mixing Bowl": "Heavy enough to stay put while you beat, whisk and fold.",
    "Cooling Rack": "Lifts bakes off the counter so the bottoms stay crisp.",
    "Rolling Pin": "A smooth, straight pin for pastry, biscuits and pasta.",
    "Cake Tin": "A loose base lifts sponges and cheesecakes out cleanly.",
    "Proving Basket": "Gives sourdough its shape and its floury spiral.",
    "Cushion Cover": "Softens a sofa, a window seat or a reading corner.",
    "Throw": "For the end of the bed or the back of the sofa.",
    "Floor Cushion": "Extra seating for movie nights and children's dens.",
    "Bolster": "A long round cushion for the end of a sofa or a daybed.",
    "Blanket": "A large, warm blanket for the bed or a cold evening.",
    "Table Lamp": "A warm pool of light for a side table or a desk.",
    "Floor Lamp": "Lights a reading chair from above without taking up floor space.",
    "Pendant Shade": "Turns a bare bulb into a soft, glare-free light.",
    "Reading Light": "An adjustable arm points the light exactly where the page is.",
    "Lantern": "Holds a candle safely indoors or out on the table.",
    "Dining Table": "A table for weekday suppers and long Sunday lunches.",
    "Dining Chair": "A comfortable, upright chair that suits any table.",
    "Coffee Table": "A low table with room for books, mugs and feet.",
    "Side Table": "Keeps a lamp, a book and a cup of tea by the sofa.",
    "Storage Basket": "Swallows toys, throws and shoes in a moment.",
    "Magazine Rack": "Keeps papers and magazines tidy beside the sofa.",
    "Shelf": "A floating shelf for books, plants and favourite things.",
    "Trunk": "Stores blankets and doubles as a coffee table.",
    "Vase": "Holds a single stem or a generous armful of flowers.",
    "Candle Holder": "Holds a standard dinner candle steady.",
    "Wall Mirror": "Brings light into a hallway or a small room.",
    "Picture Frame": "Frames a print or a photograph behind clear glass.",
    "Planter": "A pot for houseplants, with a saucer to catch the drips.",
    "Clock": "A quiet sweep movement, so no ticking.",
    "Duvet Cover": "Buttons at the foot and ties inside keep the duvet in place.",
    "Pillowcase Pair": "Two pillowcases with a deep envelope closure.",
    "Fitted Sheet": "Deep corners fit mattresses up to 35 cm.",
    "Bedspread": "A quilted layer that dresses the bed by day.",
    "Duvet": "Warm in winter and breathable in summer.",
    "Pyjama Set": "A long-sleeved shirt and drawstring trousers.",
    "Dressing Gown": "A long gown with a shawl collar, two pockets and a belt.",
    "Sleep Mask": "Shuts out the light for naps and long journeys.",
    "Slippers": "Warm slippers with a soft, non-slip sole.",
    "Bedside Table": "A drawer and a shelf for books, glasses and a lamp.",
    "Laundry Hamper": "A lidded hamper that keeps laundry out of sight.",
    "Clothes Rail": "Freestanding rail for the clothes you wear most.",
    "Stool": "A sturdy stool for the bedside, the bathroom or the kitchen counter.",
    "Hand Towel": "A hand towel for the basin.",
    "Bath Towel": "A full-size bath towel.",
    "Bath Sheet": "An extra large sheet to wrap up in.",
    "Face Cloth": "A small cloth for washing the face.",
    "Hooded Towel": "A towel with a hood, for wrapping up little ones after the bath.",
    "Bath Mat": "Soaks up drips and keeps the bathroom floor dry.",
    "Soap Dish": "Drains so the soap stays dry between uses.",
    "Toothbrush Holder": "Holds toothbrushes and paste upright by the basin.",
    "Shower Curtain": "A shower curtain that hangs in soft folds.",
    "Bath Caddy": "Stretches across the bath to hold soap, a book and a glass.",
    "Towel Ladder": "Leans against the wall to air towels.",
    "Wall Cabinet": "A mirrored cabinet with two shelves inside.",
    "Laundry Basket": "Carries the washing to the line and back.",
    "Trowel": "For planting bulbs, bedding plants and potting on.",
    "Hand Fork": "Loosens soil and lifts weeds out by the root.",
    "Pruning Shears": "A bypass blade for clean cuts on stems up to 2 cm.",
    "Spade": "For digging beds, splitting perennials and planting trees.",
    "Watering Can": "A long spout and a brass rose for gentle watering.",
    "Kneeler": "A thick pad that saves knees when weeding.",
    "Rake": "For levelling soil and gathering leaves.",
    "Plant Pot": "A pot for herbs, shrubs and young trees.",
    "Window Box": "Fits a standard sill for herbs and summer flowers.",
    "Hanging Basket": "Hang it by the door for trailing flowers.",
    "Raised Bed": "Grows vegetables at a comfortable height.",
    "Seed Tray": "Starts seedlings on a windowsill or in the greenhouse.",
    "Bistro Chair": "A folding chair for a balcony or a small terrace.",
    "Garden Bench": "A bench for the sunniest corner of the garden.",
    "Outdoor Cushion": "Makes a garden chair comfortable for an afternoon.",
    "Hammock": "Slung between two trees for lazy summer afternoons.",
    "Fire Pit": "Keeps the evening going after the sun has gone down.",
    "Picnic Blanket": "Folds up with a carrying strap for picnics and the beach.",
    "Storage Jar": "For pasta, rice, oats and flour.",
    "Spice Tin": "Keeps spices dark, dry and full of flavour.",
    "Tea Caddy": "Keeps loose tea or tea bags fresh.",
    "Biscuit Tin": "Keeps biscuits crisp, if they last that long.",
    "Kilner Jar": "A clip-top jar for preserves, pickles and dry goods.",
    "Bread Bin": "Keeps bread fresh with a roll-top lid.",
    "Lunch Box": "A leak-proof box for lunch on the go.",
    "Butter Dish": "Keeps butter soft and covered on the table.",
    "Vegetable Rack": "Stores potatoes, onions and roots in the dark and the air.",
    "Oil Bottle": "Pours a thin stream of oil or vinegar without drips.",
}

# Notes that only hold for some families (seasoning suits a pan, not a fire pit).
NOTE_FAMILIES: dict[str, tuple[str, ...]] = {
    "Cast Iron": ("pan", "pot"),
    "Carbon Steel": ("pan",),
    "Stainless Steel": ("pot", "pantry", "bakeware"),
    "Copper": ("pot",),
}
