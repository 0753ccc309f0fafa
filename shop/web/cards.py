"""Product cards for listings, built in Python with every value HTML-escaped by default."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache
from typing import Any

from markupsafe import Markup

from ..catalogue.rules import LOW_STOCK
from .links import media_url, slug_route
from .static_files import asset

SIZES = "(min-width: 1100px) 260px, (min-width: 700px) 30vw, 50vw"
LAZY = 'loading="lazy" '

# Markup and values meet only in `Markup % values`: the templates are constants of this
# module, and markupsafe escapes every value that fills a `%s` slot unless it is Markup
# itself. A new card field cannot skip escaping by being forgotten: it would have to be
# wrapped in Markup on purpose. A card is one template per image kind (not a tree of small
# ones) because listings render up to 96 cards and each fill costs a Markup and a tuple.
CARD_START = """\
  <li><article class="product-card">
    <a class="product-card__link" href="%s">
      <div class="product-card__image">
"""
CARD_END = """\
      </div>
      <{h} class="product-card__name">%s</{h}>
    </a>
    <p class="product-card__meta">
      <span class="price">%s</span>
%s    </p>
  </article></li>
"""
PICTURE = f"""\
        <picture>
          <source type="image/webp" srcset="%s" sizes="{SIZES}">
          <img src="%s" srcset="%s" sizes="{SIZES}" width="%s" height="%s" alt="%s" {{loading}}\
decoding="async">
        </picture>
"""
PLACEHOLDER = """\
        <img class="placeholder" src="%s" width="600" height="600" alt="" {loading}\
decoding="async">
"""
IN_STOCK = Markup('<span class="stock stock--in">In stock</span>')
FEW_LEFT = Markup('<span class="stock stock--low">Only %s left</span>')
OUT_OF_STOCK = Markup('<span class="stock stock--out">Out of stock</span>')


@cache
def _card_templates(heading_level: int) -> dict[tuple[bool, bool], Markup]:
    """The whole-card templates by (has a picture, loads lazily), for one heading level."""
    if not 1 <= heading_level <= 6:
        raise ValueError(f"heading_level must be 1 to 6, not {heading_level!r}")
    end = CARD_END.replace("{h}", f"h{heading_level}")
    return {
        (picture, lazy): Markup(  # noqa: S704 - this module's constants, no values
            CARD_START
            + (PICTURE if picture else PLACEHOLDER).replace("{loading}", LAZY if lazy else "")
            + end
        )
        for picture in (True, False)
        for lazy in (True, False)
    }


def _badge(stock: int) -> Markup:
    if stock > LOW_STOCK:
        return IN_STOCK
    if stock > 0:
        return FEW_LEFT % stock
    return OUT_OF_STOCK


def stock_badge(product: Any) -> Markup:
    """The `stock_badge(product)` template global: "In stock" above LOW_STOCK, "Only N left"
    down to one, then "Out of stock" (the product page shows the cards' badge)."""
    return _badge(product.stock)


def _srcset(media: str, renditions: list[dict], fmt: str) -> str:
    # A plain string: escaped as a whole when it fills its slot.
    return ", ".join([f"{media}{r.get(fmt, '')} {r['width']}w" for r in renditions])


def render_product_grid(
    products: Iterable[Any],
    money: Callable[[int | None], str],
    heading_level: int = 3,
    eager: int = 0,
) -> Markup:
    """The `<ul class="product-grid">` of card rows (id, name, slug, price_cents, stock,
    price_varies, image_renditions, image_alt): the first `eager` images load at once, the
    rest lazily. A product whose variants differ in price shows "from" its lowest."""
    templates = _card_templates(heading_level)
    product_url = slug_route("product").url
    media = media_url("")  # once per grid: a card has nine file URLs
    placeholder = asset("img/placeholder.svg")
    parts = ['<ul class="product-grid">\n']
    for index, product in enumerate(products):
        lazy = index >= eager
        badge = _badge(product.stock)
        renditions = product.image_renditions
        price = money(product.price_cents)
        price = f"from {price}" if product.price_varies else price
        if renditions:
            largest = renditions[-1]
            card = templates[True, lazy] % (
                product_url(product.slug),
                _srcset(media, renditions, "webp"),
                f"{media}{largest.get('jpeg', '')}",
                _srcset(media, renditions, "jpeg"),
                largest["width"],
                largest["height"],
                _alt(product.image_alt, product.name),
                product.name,
                price,
                badge,
            )
        else:
            card = templates[False, lazy] % (
                product_url(product.slug),
                placeholder,
                product.name,
                price,
                badge,
            )
        parts.append(card)
    parts.append("</ul>\n")
    return Markup("".join(parts))  # noqa: S704 - every part is Markup filled above


def product_grid_global(money: Callable[[int | None], str]) -> Callable[..., Markup]:
    """The `product_grid(products, heading_level=3, eager=0)` template global."""

    def product_grid(products: Iterable[Any], heading_level: int = 3, eager: int = 0) -> Markup:
        return render_product_grid(products, money, heading_level, eager)

    return product_grid


def _alt(alt_text: str | None, name: str) -> str:
    """A card's image alt: empty when it would only repeat the name under it (photos made
    before staff had to write alt text got the product's name)."""
    alt = alt_text or ""
    return "" if alt.strip().casefold() == name.strip().casefold() else alt
