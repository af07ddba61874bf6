"""Data layer: schema, reference data, queries, geography, importer. Knows nothing of metrics or Streamlit."""
