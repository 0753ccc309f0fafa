"""Word lists for the demo catalogue: a two-level category tree and what each category sells."""

from __future__ import annotations

# top-level name -> (description, {subcategory: [(product noun, base price in euros), ...]})
CATALOGUE: dict[str, tuple[str, dict[str, list[tuple[str, int]]]]] = {
    "Kitchen": (
        "Cookware, knives and tableware for everyday cooking and slow Sunday lunches.",
        {
            "Cookware": [
                ("Skillet", 45),
                ("Dutch Oven", 95),
                ("Saucepan", 38),
                ("Stock Pot", 62),
                ("Roasting Tin", 29),
                ("Wok", 41),
                ("Griddle Pan", 36),
            ],
            "Knives & Boards": [
                ("Chef's Knife", 69),
                ("Paring Knife", 24),
                ("Bread Knife", 39),
                ("Chopping Board", 32),
                ("Knife Block", 48),
                ("Sharpening Stone", 27),
            ],
            "Tableware": [
                ("Dinner Plate", 14),
                ("Serving Bowl", 26),
                ("Mug", 12),
                ("Side Plate", 11),
                ("Pasta Bowl", 15),
                ("Jug", 22),
                ("Teapot", 34),
            ],
            "Baking": [
                ("Loaf Tin", 16),
                ("Mixing Bowl", 21),
                ("Cooling Rack", 13),
                ("Rolling Pin", 17),
                ("Cake Tin", 19),
                ("Proving Basket", 18),
            ],
        },
    ),
    "Living Room": (
        "Throws, cushions, lighting and small furniture that make a room feel lived in.",
        {
            "Cushions & Throws": [
                ("Cushion Cover", 28),
                ("Throw", 59),
                ("Floor Cushion", 64),
                ("Bolster", 35),
                ("Blanket", 72),
            ],
            "Lighting": [
                ("Table Lamp", 79),
                ("Floor Lamp", 149),
                ("Pendant Shade", 54),
                ("Reading Light", 66),
                ("Lantern", 31),
            ],
            "Storage": [
                ("Storage Basket", 27),
                ("Magazine Rack", 44),
                ("Side Table", 119),
                ("Shelf", 58),
                ("Trunk", 139),
            ],
            "Decor": [
                ("Vase", 29),
                ("Candle Holder", 18),
                ("Wall Mirror", 89),
                ("Picture Frame", 21),
                ("Planter", 24),
                ("Clock", 46),
            ],
        },
    ),
    "Bedroom": (
        "Bedding and sleepwear in natural fibres, washed soft and made to last.",
        {
            "Bedding": [
                ("Duvet Cover", 89),
                ("Pillowcase Pair", 32),
                ("Fitted Sheet", 44),
                ("Bedspread", 110),
                ("Duvet", 129),
            ],
            "Sleepwear": [
                ("Pyjama Set", 68),
                ("Dressing Gown", 85),
                ("Sleep Mask", 16),
                ("Slippers", 34),
            ],
            "Bedroom Furniture": [
                ("Bedside Table", 149),
                ("Laundry Hamper", 49),
                ("Clothes Rail", 99),
                ("Stool", 79),
            ],
        },
    ),
    "Bathroom": (
        "Towels, bath mats and bathroom storage in cotton, linen and bamboo.",
        {
            "Towels": [
                ("Hand Towel", 14),
                ("Bath Towel", 26),
                ("Bath Sheet", 36),
                ("Face Cloth", 6),
                ("Hooded Towel", 24),
            ],
            "Bath Accessories": [
                ("Bath Mat", 29),
                ("Soap Dish", 12),
                ("Toothbrush Holder", 11),
                ("Shower Curtain", 39),
                ("Bath Caddy", 33),
            ],
            "Bathroom Storage": [
                ("Towel Ladder", 69),
                ("Wall Cabinet", 129),
                ("Laundry Basket", 45),
            ],
        },
    ),
    "Garden": (
        "Tools, pots and outdoor furniture for gardens, balconies and windowsills.",
        {
            "Garden Tools": [
                ("Trowel", 19),
                ("Hand Fork", 18),
                ("Pruning Shears", 34),
                ("Spade", 52),
                ("Watering Can", 29),
                ("Kneeler", 22),
                ("Rake", 39),
            ],
            "Pots & Planters": [
                ("Plant Pot", 16),
                ("Window Box", 31),
                ("Hanging Basket", 24),
                ("Raised Bed", 119),
                ("Seed Tray", 9),
            ],
            "Outdoor Living": [
                ("Bistro Chair", 79),
                ("Garden Bench", 229),
                ("Outdoor Cushion", 36),
                ("Hammock", 89),
                ("Fire Pit", 159),
                ("Picnic Blanket", 42),
            ],
        },
    ),
    "Pantry": (
        "Jars, tins and food storage that keep the kitchen cupboard in order.",
        {
            "Jars & Tins": [
                ("Storage Jar", 12),
                ("Spice Tin", 9),
                ("Tea Caddy", 15),
                ("Biscuit Tin", 19),
                ("Kilner Jar", 8),
            ],
            "Food Storage": [
                ("Bread Bin", 39),
                ("Lunch Box", 22),
                ("Butter Dish", 17),
                ("Vegetable Rack", 34),
                ("Oil Bottle", 14),
            ],
        },
    ),
}

COLLECTIONS = [
    "Ashford", "Bramley", "Clover", "Dunmore", "Elmstead", "Fernhill", "Glenrock", "Harlow",
    "Ivybridge", "Juniper", "Kestrel", "Larkspur", "Marlow", "Northcote", "Oakwell", "Pemberley",
    "Quarry", "Rowan", "Sedgwick", "Thornbury", "Upton", "Vale", "Wexford", "Yarrow",
]  # fmt: skip

# (material, price factor)
MATERIALS = [
    ("Cast Iron", 1.3), ("Stoneware", 1.0), ("Linen", 1.2), ("Oak", 1.5), ("Walnut", 1.8),
    ("Enamel", 1.1), ("Copper", 1.9), ("Recycled Glass", 0.9), ("Rattan", 1.1), ("Wool", 1.4),
    ("Organic Cotton", 1.15), ("Bamboo", 0.85), ("Terracotta", 0.8), ("Brass", 1.6),
    ("Stainless Steel", 1.05), ("Ceramic", 0.95), ("Jute", 0.8), ("Ash Wood", 1.35),
]  # fmt: skip

COLOURS = [
    "Sage", "Charcoal", "Oatmeal", "Rust", "Ink Blue", "Moss", "Chalk", "Ochre", "Slate",
    "Blush", "Forest", "Sand", "Plum", "Teal", "Natural", "Mustard",
]  # fmt: skip

FEATURES = [
    "Made in a small workshop that has been making {noun}s for three generations.",
    "Finished by hand, so each piece is slightly different.",
    "Dishwasher safe and built for daily use.",
    "Wipe clean with a damp cloth; no harsh detergents needed.",
    "Ships in plastic-free, recyclable packaging.",
    "Backed by our five-year guarantee.",
    "Pairs well with the rest of the {collection} collection.",
    "Gets better looking with age and use.",
    "Responsibly sourced {material_lower}.",
    "Designed in-house and tested in our own kitchens and gardens.",
]
