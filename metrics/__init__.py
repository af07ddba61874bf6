"""The metric layer: pure functions over the DataFrames of `data.queries`, returning tidy DataFrames.

No Streamlit, no SQL, never mutating an input. Rules and thresholds are documented in docs/METRICS.md.
"""
