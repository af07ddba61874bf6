"""Alembic environment: runs migrations on the engine handed over by data.db.upgrade."""

from alembic import context
from sqlalchemy import create_engine

from data.schema import metadata

config = context.config
engine = config.attributes.get("engine") or create_engine(config.get_main_option("sqlalchemy.url"))

with engine.begin() as connection:
    context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()
