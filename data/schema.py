"""The database schema (SQLAlchemy Core), shared by SQLite and PostgreSQL.

Vocabularies are kept as CHECK-free strings validated by the loader and importer, so that adding a
facility type or status needs a data change, not a migration. Migrations live in data/migrations.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
    text,
    true,
)

metadata = MetaData()

GEO_LEVELS = ("country", "region", "district", "facility")
DATA_STATUSES = ("reported", "official", "demonstration")
# How certain each data status is: for the same figure, a higher one wins (official over reported over demonstration).
STATUS_PRIORITY = {"demonstration": 0, "reported": 1, "official": 2}
FACILITY_STATUSES = ("planned", "design", "under_construction", "open", "closed")
DIRECTIONS = ("higher", "lower", "none")
COUNTRY_CODE = "AZ"
# Vocabularies of the facility registry (checked by the importer).
FACILITY_NETWORKS = ("dost", "rehabilitation", "social")
FACILITY_TYPES = (
    "centre", "regional_centre", "branch", "service_point", "smart_point", "inclusive_centre", "rehab_centre",
    "child_rehab_centre", "psychoneurological", "social_institution", "child_home", "other",
)  # fmt: skip
# effective: the status began on that date; as_of: a source reported it on that date; inferred: no source gives the
# date, it is implied by other published facts (a network total, a list) named in the row's note.
DATE_BASES = ("effective", "as_of", "inferred")
# Observation semantics (data/semantics.py, docs/DATA.md).
QUALIFIERS = ("exact", "approx", "more_than", "less_than", "up_to", "range")
DATE_PRECISIONS = ("day", "month", "year", "interval")
TARGET_KINDS = ("throughput_year", "capacity", "stock_level", "network_size", "share", "count_year")
SEGMENT_REASONS = ("start", "definition", "coverage", "source_family")
TOTAL_KINDS = ("count", "list")
BATCH_STATUSES = ("committed", "rolled_back")

sources = Table(
    "sources",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("title", Text, nullable=False),
    Column("publisher", String(200), nullable=False),
    Column("url", Text),
    # As the page shows it: YYYY-MM-DD, YYYY-MM, YYYY or "n.d." (no date on the page).
    Column("published", String(20), nullable=False),
    # Inferred dating for undated pages, e.g. "c. 2023-01" (an inference, marked as such).
    Column("published_approx", String(40)),
    Column("note", Text),
    Column("batch_id", Integer),  # the import batch that created this source (NULL: reference data)
)

economic_regions = Table(
    "economic_regions",
    metadata,
    Column("code", String(16), primary_key=True),
    Column("name_az", String(100), nullable=False),
    Column("name_en", String(100), nullable=False),
    Column("name_ru", String(100), nullable=False),
    Column("sort_order", Integer, nullable=False),
    Column("source_id", String(32), ForeignKey("sources.id"), nullable=False),
)

districts = Table(
    "districts",
    metadata,
    Column("code", String(16), primary_key=True),
    Column("iso_code", String(16)),  # ISO 3166-2:AZ where one exists
    Column("name_az", String(100), nullable=False),
    Column("name_en", String(100), nullable=False),
    Column("name_ru", String(100), nullable=False),
    Column("kind", String(16), nullable=False),  # rayon | city
    Column("economic_region_code", String(16), ForeignKey("economic_regions.code"), nullable=False),
    # The district a city is counted inside in the population series (Lənkəran, Şəki, Yevlax, Şuşa).
    Column("stat_parent_code", String(16), ForeignKey("districts.code")),
    Column("population", Integer),
    Column("population_date", String(20)),
    Column("population_source_id", String(32), ForeignKey("sources.id")),
    Column("population_note", Text),
    Column("population_alt", Integer),
    Column("population_alt_date", String(20)),
    Column("population_alt_source_id", String(32), ForeignKey("sources.id")),
    Column("shape_status", String(16), nullable=False),  # own | none
    Column("shape_note", Text),
    Column("economic_region_source_id", String(32), ForeignKey("sources.id")),
    Column("note", Text),
)

district_aliases = Table(
    "district_aliases",
    metadata,
    Column("alias", String(100), primary_key=True),
    Column("district_code", String(16), ForeignKey("districts.code"), primary_key=True),
    Column("kind", String(16), nullable=False),  # name_az | name_en | name_ru | variant | old_name
    Column("note", Text),
)

facilities = Table(
    "facilities",
    metadata,
    Column("code", String(40), primary_key=True),
    Column("name_az", Text, nullable=False),
    Column("name_en", Text, nullable=False),
    Column("network", String(20), nullable=False),  # dost | rehabilitation | social
    Column("facility_type", String(30), nullable=False),
    Column("district_code", String(16), ForeignKey("districts.code")),
    Column("settlement", String(100)),
    Column("parent_code", String(40), ForeignKey("facilities.code")),
    Column("beds", Integer),
    Column("annual_capacity", Integer),
    Column("capacity_note", Text),
    Column("lat", Float),
    Column("lon", Float),
    Column("location_basis", String(20)),  # town | district_centroid | coordinates | unknown
    Column("note", Text),
    Column("batch_id", Integer),  # the import batch that added this facility (NULL: reference data)
)

facility_status = Table(
    "facility_status",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("facility_code", String(40), ForeignKey("facilities.code"), nullable=False),
    Column("status", String(20), nullable=False),
    # The date as published (YYYY-MM-DD, YYYY-MM, YYYY, or an interval A..B) and its first day as a Date.
    Column("status_date", String(30), nullable=False),
    Column("status_day", Date, nullable=False),
    # day | month | year | interval, and the last day the published date may mean: the status is certain from
    # date_latest on ("open on D" counts only when date_latest <= D).
    Column("date_precision", String(10), nullable=False, server_default="day"),
    Column("date_latest", Date, nullable=False),
    # effective | as_of | inferred (see DATE_BASES; an inferred date names its basis in the note).
    Column("date_basis", String(10), nullable=False),
    Column("expected_open", String(20)),  # what the source promised at that date, if anything
    Column("source_id", String(32), ForeignKey("sources.id")),
    Column("data_status", String(16), nullable=False, server_default="reported"),
    Column("note", Text),
    Column("batch_id", Integer),
    Index("ix_facility_status_facility", "facility_code", "status_day"),
    Index("ix_facility_status_batch", "batch_id"),
)

facility_catchment = Table(
    "facility_catchment",
    metadata,
    Column("facility_code", String(40), ForeignKey("facilities.code"), primary_key=True),
    Column("district_code", String(16), ForeignKey("districts.code"), primary_key=True),
    Column("source_id", String(32), ForeignKey("sources.id")),
)

goals = Table(
    "goals",
    metadata,
    Column("code", String(20), primary_key=True),
    Column("name_az", Text, nullable=False),
    Column("name_en", Text, nullable=False),
    Column("description_az", Text, nullable=False),
    Column("description_en", Text, nullable=False),
    Column("source_id", String(32), ForeignKey("sources.id"), nullable=False),
    Column("sort_order", Integer, nullable=False),
)

indicators = Table(
    "indicators",
    metadata,
    Column("code", String(60), primary_key=True),
    Column("area", String(20), nullable=False),  # children | rehabilitation | dost | other
    Column("goal", String(20), ForeignKey("goals.code"), nullable=False),
    Column("name_az", Text, nullable=False),
    Column("name_en", Text, nullable=False),
    Column("definition_az", Text, nullable=False),
    Column("definition_en", Text, nullable=False),
    Column("unit", String(40), nullable=False),
    Column("kind", String(10), nullable=False),  # count | share | stock | ratio
    Column("direction", String(10), nullable=False),
    Column("levels", String(60), nullable=False),  # comma list of geography levels
    Column("has_target", Boolean, nullable=False),
    Column("sort_order", Integer, nullable=False),
)

targets = Table(
    "targets",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("indicator_code", String(60), ForeignKey("indicators.code"), nullable=False),
    Column("geo_level", String(10), nullable=False),
    Column("geo_code", String(40), nullable=False),
    Column("value", Float),
    Column("value_text", Text, nullable=False),
    Column("target_year", Integer),
    # False: no source states a deadline (target_year, if any, is the product's assumption, never shown as fact).
    Column("deadline_stated", Boolean, nullable=False, server_default=false()),
    # throughput_year | capacity | stock_level | network_size | share | count_year (TARGET_KINDS)
    Column("target_kind", String(20)),
    Column("date_set", String(20), nullable=False),
    Column("is_current", Boolean, nullable=False),
    Column("source_id", String(32), ForeignKey("sources.id"), nullable=False),
    Column("note", Text),
)

observations = Table(
    "observations",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("indicator_code", String(60), ForeignKey("indicators.code"), nullable=False),
    Column("geo_level", String(10), nullable=False),
    Column("geo_code", String(40), nullable=False),
    Column("period", String(30), nullable=False),  # 2025 | 2025-08 | 2025-Q1 | 2025-H1 | 2025-01..2025-08 | 2025-12-23
    Column("period_start", Date, nullable=False),
    Column("period_end", Date, nullable=False),
    Column("period_type", String(10), nullable=False),  # year | half | quarter | month | range | date
    Column("value", Float, nullable=False),
    Column("value_text", Text),  # the value as published ("~50000", ">8000", "25-30")
    Column("value_rule", String(40)),  # how value_text became value (approximate, lower_bound, midpoint ...)
    # exact | approx | more_than | less_than | up_to | range, read from value_text (data/semantics.py); the ends of
    # a range (NULL otherwise); the comparable segment of the series ('' = the only one; series_segments).
    Column("qualifier", String(12), nullable=False, server_default="exact"),
    Column("value_low", Float),
    Column("value_high", Float),
    Column("segment", String(40), nullable=False, server_default=""),
    Column("data_status", String(16), nullable=False),
    Column("source_id", String(32), ForeignKey("sources.id")),
    # Conflicting figures are all kept; exactly one per (indicator, geo, period, status) is used.
    Column("is_preferred", Boolean, nullable=False, server_default=true()),
    Column("note", Text),
    Column("batch_id", Integer),
    Column("recorded_at", DateTime),
    Column("superseded_at", DateTime),  # set when a later import replaced this value (history kept)
    Column("superseded_by_batch", Integer),  # the import batch that replaced it (NULL again if that one is rolled back)
    Index("ix_obs_lookup", "indicator_code", "geo_level", "geo_code", "period_start"),
    Index("ix_obs_level", "geo_level", "indicator_code"),  # the pages read a level first (issue 14: 10 M rows)
    Index("ix_obs_status", "data_status"),
    Index("ix_obs_batch", "batch_id"),
    Index("ix_obs_superseded_by", "superseded_by_batch"),
    Index("ix_obs_source", "source_id"),  # a rollback's source deletes check no row cites them (issue 14)
    # The summary's refresh reads a key's year by period end (data/summary.py).
    Index("ix_obs_key_end", "indicator_code", "geo_level", "geo_code", "period_end"),
    # The rows below zero (the data-quality rules look for them; none expected): an index of few or no rows.
    Index("ix_obs_negative", "value", postgresql_where=text("value < 0"), sqlite_where=text("value < 0")),
)

# Which observations can be a page's figure (data/summary.py): per indicator, level, geo, data status and year (a
# stock: per period end) the one current preferred row a yearly value or a chart point would take. Written in the
# transaction of every change of observations (build, import commit, rollback); the pages read it (issue 14).
obs_summary = Table(
    "obs_summary",
    metadata,
    Column("observation_id", Integer, primary_key=True, autoincrement=False),
    Column("indicator_code", String(60), nullable=False),
    Column("geo_level", String(10), nullable=False),
    Column("geo_code", String(40), nullable=False),
    Column("data_status", String(16), nullable=False),
    Column("year", Integer, nullable=False),  # the year of the period's end
    Column("annual", Boolean, nullable=False),  # a yearly value may use it (a stock's row, a flow's full year)
    Index("ix_obs_summary_key", "indicator_code", "geo_level", "geo_code", "year"),
    Index("ix_obs_summary_annual", "geo_level", "annual", "indicator_code", "year"),
)

# Breaks in a series: a new segment starts where the definition, the coverage or the source family changes.
series_segments = Table(
    "series_segments",
    metadata,
    Column("indicator_code", String(60), ForeignKey("indicators.code"), primary_key=True),
    Column("segment", String(40), primary_key=True),
    Column("starts", String(30), nullable=False),  # a period text; the segment runs until the next one starts
    Column("starts_day", Date, nullable=False),
    Column("reason", String(20), nullable=False),  # definition | coverage | source_family (the first: the start)
    Column("label_az", Text, nullable=False),
    Column("label_en", Text, nullable=False),
    Column("note_az", Text, nullable=False),
    Column("note_en", Text, nullable=False),
    Column("source_id", String(32), ForeignKey("sources.id")),
)

# The facility networks and the day each began: no facility of a network opens before it.
networks = Table(
    "networks",
    metadata,
    Column("code", String(20), primary_key=True),
    Column("name_az", Text, nullable=False),
    Column("name_en", Text, nullable=False),
    Column("started", String(30)),  # as published; NULL: older than any facility in the register
    Column("started_day", Date),
    Column("source_id", String(32), ForeignKey("sources.id")),
    Column("note", Text),
)

# Published network totals (how many facilities of some types stood in a status on a date), to reconcile the
# register with; kind 'list' is an official list whose members are the status rows of its source on its date.
network_totals = Table(
    "network_totals",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("network", String(20), nullable=False),
    Column("facility_types", String(120), nullable=False),  # comma list of facility types counted together
    Column("status", String(40), nullable=False),  # a status, or several joined by '|' (design|under_construction)
    Column("published_date", String(30), nullable=False),
    Column("date_latest", Date, nullable=False),  # the total is compared with the register on this day
    Column("count", Integer, nullable=False),
    Column("kind", String(10), nullable=False, server_default="count"),  # count | list
    Column("source_id", String(32), ForeignKey("sources.id"), nullable=False),
    Column("note", Text),
)

# One row per import (data/importer): who, when, which file, what it did. Never deleted: a rollback marks it.
# The batch columns of the fact tables are plain integers (no foreign key), so that migration 0002 adds them
# without recreating the large tables on SQLite.
import_batches = Table(
    "import_batches",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("created_at", DateTime, nullable=False),
    Column("user_name", String(100)),  # NULL until sign-in exists (or when nobody gave a name)
    Column("file_name", String(255), nullable=False),
    Column("file_sha256", String(64), nullable=False),
    # Observation and facility-status rows: written with nothing stored before / written over (or against) a
    # stored value / already stored as they are (not written).
    Column("rows_new", Integer, nullable=False),
    Column("rows_changed", Integer, nullable=False),
    Column("rows_unchanged", Integer, nullable=False),
    Column("facilities_new", Integer, nullable=False),
    Column("status", String(16), nullable=False),  # committed | rolled_back
    Column("rolled_back_at", DateTime),
    Column("rolled_back_by", String(100)),
    Index("ix_import_batches_sha", "file_sha256"),
)

meta_info = Table(
    "meta_info",
    metadata,
    Column("key", String(60), primary_key=True),
    Column("value", Text, nullable=False),
)

# Collegium meetings (issue 6): the figures exactly as presented, frozen as one JSON payload per meeting, so that
# the deck can be produced again identically after new data has been imported (see docs/COLLEGIUM.md).
collegium_snapshots = Table(
    "collegium_snapshots",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("meeting_date", Date, nullable=False),
    Column("frozen_at", DateTime, nullable=False),
    Column("statuses", String(60), nullable=False),  # the data statuses shown, comma-separated
    Column("payload_version", Integer, nullable=False),
    Column("payload", Text, nullable=False),  # canonical JSON (sorted keys), built by metrics.snapshot
    Column("payload_sha256", String(64), nullable=False),
    Column("note", Text),
    UniqueConstraint("meeting_date", name="uq_collegium_snapshots_meeting_date"),
)

# Sign-in (issue 11): users keyed by the identity provider's subject, their roles and (for analysts) the economic
# regions they may see, and the append-only audit trail. ROLES is the one list of roles.
ROLES = ("leadership", "analyst", "steward", "admin")
ROLE_SOURCES = ("admin", "groups")  # assigned by an administrator / taken from the provider's groups claim

users = Table(
    "users",
    metadata,
    Column("subject", String(255), primary_key=True),  # the provider's `sub` (stable, unlike the e-mail)
    Column("email", String(320)),
    Column("display_name", String(200)),
    Column("created_at", DateTime, nullable=False),
    Column("last_seen_at", DateTime),
    Column("signed_out_at", DateTime),  # the last sign-out: identity tokens issued at or before it are refused
)

user_roles = Table(
    "user_roles",
    metadata,
    Column("subject", String(255), ForeignKey("users.subject"), primary_key=True),
    Column("role", String(20), primary_key=True),
    Column("source", String(10), nullable=False),  # admin | groups
    Column("granted_at", DateTime, nullable=False),
    Column("granted_by", String(255)),
)

user_regions = Table(
    "user_regions",
    metadata,
    Column("subject", String(255), ForeignKey("users.subject"), primary_key=True),
    Column("region_code", String(16), ForeignKey("economic_regions.code"), primary_key=True),
    Column("granted_at", DateTime, nullable=False),
    Column("granted_by", String(255)),
)

# Append-only: the product has no update or delete path, and triggers (migration 0006) refuse both on the database.
audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime, nullable=False),  # UTC
    Column("subject", String(255)),  # NULL: nobody signed in
    Column("user_label", String(320)),  # display name or e-mail at the time
    Column("action", String(40), nullable=False),
    Column("outcome", String(10), nullable=False),  # ok | denied | failed
    Column("target", String(255)),  # page, batch id, meeting date, file name, user changed ...
    Column("detail", Text),  # JSON object
    Column("address", String(64)),  # the client's address as the server saw it
    Index("ix_audit_log_at", "at"),
    Index("ix_audit_log_subject", "subject"),
)
