"""Domain-neutral image handling: validating and re-encoding uploads, and storing media files."""

from .processing import (
    ALLOWED_FORMATS,
    RENDITION_WIDTHS,
    ImageRejected,
    ProcessedImage,
    Rendition,
    declared_pixels,
    process_image,
)
from .storage import MediaStorage, StagedWrites, StorageFull

__all__ = [
    "ALLOWED_FORMATS",
    "RENDITION_WIDTHS",
    "ImageRejected",
    "MediaStorage",
    "ProcessedImage",
    "Rendition",
    "StagedWrites",
    "StorageFull",
    "declared_pixels",
    "process_image",
]
