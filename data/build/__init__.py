"""Build scripts: curate ../shared/reference into data/reference, rebuild boundaries. Not imported at run time."""
