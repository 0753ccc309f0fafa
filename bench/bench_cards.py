"""Product grid render time: the Python card renderer against the old hand-escaped macro.

Usage: python bench/bench_cards.py [--rounds R] [--seconds S]

Renders `{{ product_grid(rows, heading_level=2, eager=4) }}` for 24 and 96 realistic card rows
(SQLAlchemy Rows with four renditions of 64-hex file keys, one product in eight without a
photo) in one request context of the production app, with shop/web/cards.py and with the
grid macro it replaced (kept below for this comparison only). Rounds alternate old and new;
each round renders for about S seconds of CPU time (process time: steadier than wall time on
a shared machine); the median per render of each is printed with the ratio new/old. Both
must produce the same bytes, which the script checks first.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import JSON, Column, Integer, MetaData, String, Table, create_engine, insert, select

from shop import create_app

# The product_grid macro of shop/templates/_macros/products.html before the Python renderer:
# autoescaping off in the loop, every database value escaped by hand with |e.
OLD_MACRO = """\
{% macro product_grid(products, heading_level=3, eager=0) %}
{% set product_prefix = fixed_url('storefront.product_detail', slug='_')[:-1]|e %}
{% set media_prefix = media_url('')|e %}
{% set placeholder = asset('img/placeholder.svg')|e %}
{% set sizes = '(min-width: 1100px) 260px, (min-width: 700px) 30vw, 50vw' %}
{% set heading = 'h%d' % heading_level %}
{% autoescape false %}
<ul class="product-grid">
  {% for product, loading in with_loading_hints(products, eager) %}
  {% set renditions = product.image_renditions %}
  <li><article class="product-card">
    <a class="product-card__link" href="{{ product_prefix }}{{ product.slug|e }}">
      <div class="product-card__image">
      {% if renditions %}
        {% set largest = renditions[-1] %}
        <picture>
          <source type="image/webp" srcset="{% for r in renditions %}{{ media_prefix }}{{ r.webp|e }} {{ r.width|int }}w{{ ', ' if not loop.last }}{% endfor %}" sizes="{{ sizes }}">
          <img src="{{ media_prefix }}{{ largest.jpeg|e }}" srcset="{% for r in renditions %}{{ media_prefix }}{{ r.jpeg|e }} {{ r.width|int }}w{{ ', ' if not loop.last }}{% endfor %}" sizes="{{ sizes }}" width="{{ largest.width|int }}" height="{{ largest.height|int }}" alt="{{ product.image_alt|e }}" {{ loading }}decoding="async">
        </picture>
      {% else %}
        <img class="placeholder" src="{{ placeholder }}" width="600" height="600" alt="" {{ loading }}decoding="async">
      {% endif %}
      </div>
      <{{ heading }} class="product-card__name">{{ product.name|e }}</{{ heading }}>
    </a>
    <p class="product-card__meta">
      <span class="price">{{ product.price_cents|money }}</span>
      {% if product.stock > 5 %}<span class="stock stock--in">In stock</span>{% elif product.stock > 0 %}<span class="stock stock--low">Only {{ product.stock }} left</span>{% else %}<span class="stock stock--out">Out of stock</span>{% endif %}
    </p>
  </article></li>
  {% endfor %}
</ul>
{% endautoescape %}
{% endmacro %}
"""  # noqa: E501 - the macro as it was

PAGE = "{{ product_grid(rows, heading_level=2, eager=4) }}"
WOODS = ("walnut", "oak", "cherry", "ash", "maple", "elm", "beech", "teak")
THINGS = ("serving board", "bread knife", "salad bowl", "spice rack", "coat hook", "stool")


def with_loading_hints(items: Iterable, eager: int) -> Iterator[tuple[Any, str]]:
    """The old macro's helper (it left shop/web/templating.py with the macro)."""
    for index, item in enumerate(items):
        yield item, ("" if index < eager else 'loading="lazy" ')


def card_rows(count: int) -> list:
    """Card rows as listings get them: SQLAlchemy Rows with JSON renditions decoded."""
    metadata = MetaData()
    cards = Table(
        "cards",
        metadata,
        Column("id", Integer, primary_key=True),
        Column("name", String),
        Column("slug", String),
        Column("price_cents", Integer),
        Column("stock", Integer),
        Column("image_renditions", JSON),
        Column("image_alt", String),
    )
    engine = create_engine("sqlite://")
    metadata.create_all(engine)
    values = []
    for i in range(1, count + 1):
        name = f"{WOODS[i % len(WOODS)].title()} {THINGS[i % len(THINGS)]} No. {i}"
        slug = name.lower().replace(" ", "-").replace(".", "")
        key = f"{i:064x}"
        renditions = [
            {
                "width": width,
                "height": width * 3 // 4,
                "webp": f"{key[:2]}/{key[2:4]}/{key}w{width}.webp",
                "jpeg": f"{key[:2]}/{key[2:4]}/{key}w{width}.jpg",
            }
            for width in (320, 640, 1024, 1600)
        ]
        photo = i % 8 != 0
        values.append(
            {
                "id": i,
                "name": name,
                "slug": slug,
                "price_cents": 1999 + i * 137,
                "stock": (0, 2, 9, 40)[i % 4],
                "image_renditions": renditions if photo else None,
                "image_alt": f"{name} on a kitchen table" if photo else None,
            }
        )
    with engine.begin() as connection:
        connection.execute(insert(cards), values)
        rows = list(connection.execute(select(cards).order_by(cards.c.id)).all())
    engine.dispose()
    return rows


def per_render(render: Callable[[], str], seconds: float) -> float:
    """CPU seconds per render over about `seconds` of back-to-back renders."""
    count, started = 0, time.process_time()
    while True:
        for _ in range(20):
            render()
        count += 20
        elapsed = time.process_time() - started
        if elapsed >= seconds:
            return elapsed / count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--seconds", type=float, default=0.4)
    options = parser.parse_args()

    app = create_app(
        {
            "SHOP_CONFIG": "production",
            "SECRET_KEY": "bench-" * 8,
            "SQLALCHEMY_DATABASE_URI": "sqlite://",
            "TRUSTED_HOSTS": ["localhost"],
        }
    )
    env = app.jinja_env
    old_grid = env.from_string(
        OLD_MACRO, globals={"with_loading_hints": with_loading_hints}
    ).module.product_grid  # type: ignore[attr-defined]
    new_grid = env.globals["product_grid"]
    page = env.from_string(PAGE)

    print(f"{'cards':>5} {'old us':>9} {'new us':>9} {'new/old':>8}")
    with app.test_request_context():
        for count in (24, 96):
            rows = card_rows(count)
            old = page.render(product_grid=old_grid, rows=rows)
            new = page.render(product_grid=new_grid, rows=rows)
            assert new == old, "the renderers disagree"
            times: dict[str, list[float]] = {"old": [], "new": []}
            for _ in range(options.rounds):
                for name, grid in (("old", old_grid), ("new", new_grid)):
                    render = partial(page.render, product_grid=grid, rows=rows)
                    times[name].append(per_render(render, options.seconds))
            old_us = statistics.median(times["old"]) * 1e6
            new_us = statistics.median(times["new"]) * 1e6
            print(f"{count:>5} {old_us:>9.1f} {new_us:>9.1f} {new_us / old_us:>8.3f}")


if __name__ == "__main__":
    main()
