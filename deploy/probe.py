"""The probe that shows an import through one replica reaching another: one value imported, read back from the map's
hover texts in the browser. Shared by tests/deploy/test_topology.py and deploy/containers_check.py."""

VALUE = 9876  # home care recipients in Qəbələ in 2025: far from the demonstration figure (a few hundred)
SHOWN = f"{VALUE:,}"  # as the map's hover text writes it in English
MAP = "/map?lang=en&indicator=home_care_recipients&level=district&period=2025&measure=total"
# The hover texts of Qəbələ (Gabala in English) on the map's choropleth.
GABALA = """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"] .js-plotly-plot')]
    .flatMap(gd => (gd.data || []).filter(t => t.type === 'choroplethmap' || t.type === 'choroplethmapbox'))
    .flatMap(t => Array.from(t.hovertext || t.text || [])).filter(h => h.includes('Gabala'))"""


def import_csv(source: str) -> str:
    """The import file: VALUE for Qəbələ in 2025, from `source`."""
    return f"indicator,geo_level,geo,period,value,source\nhome_care_recipients,district,Qəbələ,2025,{VALUE},{source}\n"
