"""Domain errors of the data layer. Messages say what is wrong and where; pages translate them by `key`."""

from __future__ import annotations


class DataError(Exception):
    """Base class: every error the data layer raises on purpose."""

    key = "error.data"

    def __init__(self, message: str, **params: object) -> None:
        super().__init__(message)
        self.params = params


class PeriodError(DataError):
    """A period text that is not a year, year-month, year-quarter, half-year, date or range."""

    key = "error.period"

    def __init__(self, text: str) -> None:
        super().__init__(
            f"'{text}' is not a period: use a year (2025), year-month (2025-08), year-quarter (2025-Q1), "
            "half-year (2025-H1), a date (2025-12-23) or a range (2025-01..2025-08)",
            text=text,
        )


class ReferenceDataError(DataError):
    """The shipped reference data is inconsistent (a bug in data/reference, caught at build time)."""

    key = "error.reference"


class ImportDataError(DataError):
    """Base class of the import's errors (data/importer)."""

    key = "error.import"


class ImportRejectedError(ImportDataError):
    """The file has problems: nothing was written (the problems are in `problems`)."""

    key = "error.import.rejected"

    def __init__(self, problems: list) -> None:
        errors = [p for p in problems if getattr(p, "is_error", True)]
        super().__init__(f"the file was rejected: {len(errors)} problem(s), nothing was written", count=len(errors))
        self.problems = problems


class PreviewOutdatedError(ImportDataError):
    """The stored data changed between the preview and the commit (another import): nothing was written."""

    key = "error.import.preview_outdated"

    def __init__(self) -> None:
        super().__init__(
            "the stored data changed since the preview (another import?): nothing was written; check the new preview"
        )


class BatchNotFoundError(ImportDataError):
    """No import batch has this number."""

    key = "error.import.batch_not_found"

    def __init__(self, batch: int) -> None:
        super().__init__(f"there is no import batch {batch}", batch=batch)


class BatchAlreadyRolledBackError(ImportDataError):
    """The batch was rolled back before."""

    key = "error.import.already_rolled_back"

    def __init__(self, batch: int) -> None:
        super().__init__(f"import batch {batch} was already rolled back", batch=batch)


class RollbackBlockedError(ImportDataError):
    """A later batch builds on this one (changed its values or uses its facilities): roll that one back first."""

    key = "error.import.rollback_blocked"

    def __init__(self, batch: int, later: int) -> None:
        message = f"import batch {later} builds on batch {batch}: roll back batch {later} first"
        super().__init__(message, batch=batch, later=later)


class ImportBusyError(ImportDataError):
    """The same user already has an import running (on the page or the command line)."""

    key = "error.import.busy"

    def __init__(self, user: str) -> None:
        super().__init__(f"an import by {user!r} is running")


class DatabaseStateError(ImportDataError):
    """The database is not built (or not migrated): only `python -m data.build_db` builds it."""

    key = "error.import.database_not_built"

    def __init__(self, detail: str) -> None:
        super().__init__(f"the database is not built: {detail}", detail=detail)


class UserError(DataError):
    """A refused change of users, roles or regions (unknown user, role or region; removing one's own admin role)."""

    key = "error.users"
