"""Build scripts: curate data/curation into data/reference, rebuild boundaries. Not imported at run time."""
