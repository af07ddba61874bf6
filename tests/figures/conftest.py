"""The metric tests' builders of tiny inputs, for the sentences written from metric outputs."""

from tests.metrics.conftest import indicators, obs, targets  # noqa: F401 - fixtures
