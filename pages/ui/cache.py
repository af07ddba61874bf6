"""All caching in one place: the engine as a resource, query results as data keyed on plain arguments.

Every cached function is keyed on the database URL too, so two databases never share a cache entry.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st
from sqlalchemy import Engine

from data import queries
from data.config import database_url
from data.db import make_engine
from data.loader import build_database

TTL = 600


@st.cache_resource(show_spinner=False)
def _engine_for(url: str) -> Engine:
    """The engine for one database URL; the database is built from the reference data on first start."""
    e = make_engine(url)
    build_database(e)
    return e


def engine() -> Engine:
    """The engine of the configured database (DATABASE_URL or the embedded SQLite file)."""
    return _engine_for(database_url())


@st.cache_data(ttl=TTL, show_spinner=False)
def _table(url: str, name: str) -> pd.DataFrame:
    return getattr(queries, name)(_engine_for(url))


def table(name: str) -> pd.DataFrame:
    """A whole small table through its query function (districts, indicators, facilities, ...)."""
    return _table(database_url(), name)


@st.cache_data(ttl=TTL, show_spinner=False)
def _observations(url: str, statuses: tuple[str, ...], codes: tuple[str, ...] | None, level: str | None) -> pd.DataFrame:
    return queries.observations(
        _engine_for(url), indicator_codes=list(codes) if codes else None, geo_level=level, statuses=statuses
    )


def observations(
    statuses: tuple[str, ...], indicator_codes: tuple[str, ...] | None = None, geo_level: str | None = None
) -> pd.DataFrame:
    """Current preferred observations for the given data statuses."""
    return _observations(database_url(), tuple(statuses), indicator_codes, geo_level)


@st.cache_data(ttl=TTL, show_spinner=False)
def _observation_count(url: str) -> int:
    return queries.observation_count(_engine_for(url))


def observation_count() -> int:
    """How many current observations the database holds."""
    return _observation_count(database_url())


def clear() -> None:
    """Forget every cached query result (after an import or a rollback)."""
    st.cache_data.clear()
