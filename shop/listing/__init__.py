"""DOMAIN, read side: storefront listings (filters, sorts, pages, totals, deep-page anchors)."""
