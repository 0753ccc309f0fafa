"""Imports every model so Alembic and create_all() see the whole schema."""

from .accounts.models import User
from .audit.models import AuditEntry
from .catalogue.bulk_jobs import BulkJob
from .catalogue.csv_import_jobs import ImportJob
from .catalogue.models import (
    Attribute,
    AttributeChoice,
    CatalogueState,
    Category,
    Product,
    ProductAttributeValue,
    ProductImage,
    ProductSlugHistory,
)
from .catalogue.variant_models import ProductOption, ProductOptionValue, ProductVariant

__all__ = [
    "Attribute",
    "AttributeChoice",
    "AuditEntry",
    "BulkJob",
    "CatalogueState",
    "Category",
    "ImportJob",
    "Product",
    "ProductAttributeValue",
    "ProductImage",
    "ProductOption",
    "ProductOptionValue",
    "ProductSlugHistory",
    "ProductVariant",
    "User",
]
