"""The public storefront: home, listings, product pages and search."""
