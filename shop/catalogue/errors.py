"""What the catalogue refuses: errors every door (forms, API, imports) maps to its answer."""

from __future__ import annotations


class CatalogueError(Exception):
    """A change the catalogue refuses; `field` names the form field it concerns, if any."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class StaleEdit(CatalogueError):
    """Someone saved the item after this form was loaded; nothing was overwritten."""


class NotFound(CatalogueError):
    """The item to change does not exist (any more)."""


class ImagesRejected(CatalogueError):
    """One or more uploads are not usable images; nothing was stored."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__(" ".join(messages), field="images")
        self.messages = messages


class BatchRejected(CatalogueError):
    """Items of a batch the catalogue refuses; nothing of the batch was applied.
    `errors` maps each refused item's index to {field: [messages]}."""

    def __init__(self, errors: dict[int, dict[str, list[str]]]) -> None:
        super().__init__(f"{len(errors)} item(s) of the batch were refused; nothing changed.")
        self.errors = errors


STALE_PRODUCT = "This product was changed by someone else since you opened it."
STALE_CATEGORY = "This category was changed by someone else since you opened it."


class VariantRowsRejected(CatalogueError):
    """Rows of a variants table the catalogue refuses; nothing of the table was saved.
    `errors` maps each refused variant's id to {field: message}."""

    def __init__(self, errors: dict[int, dict[str, str]]) -> None:
        super().__init__(f"{len(errors)} variant(s) need correcting; nothing was saved.")
        self.errors = errors
