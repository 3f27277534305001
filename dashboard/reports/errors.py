"""What a report can say instead of a PDF, without loading the figures (the CLI and the
dashboard catch it before any report module is imported)."""


class GeenGegevens(LookupError):
    """The chosen period has no delivered figures at all: there is nothing to report."""
