"""The catalogue domain: categories, products and their images, read and written."""
