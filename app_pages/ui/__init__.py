"""Shared UI helpers for the pages: translation binding, URL state, caching, figure and map builders."""
