"""Distances from district centroids to the nearest facility, in the projected CRS (metres -> km)."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd

from data.geo import GEOGRAPHIC_CRS, PROJECTED_CRS
from metrics import contracts


@contracts.output(contracts.FacilityPointsOutput)
def facility_points(facilities: pd.DataFrame, centroids: pd.DataFrame, crs: str = PROJECTED_CRS) -> pd.DataFrame:
    """Facilities as points (x, y in `crs`): their own lat/lon projected with geopandas, else their district's
    centroid. Facilities that can be placed neither way are left out.

    centroids: code, x, y (in `crs`). Columns: facility_code, district_code, facility_type, x, y,
    location_basis ('district_centroid' when placed at the centroid; otherwise the registry's own basis,
    or 'coordinates' when it gives none).
    """
    f = facilities.reset_index(drop=True)
    lat, lon = pd.to_numeric(f["lat"], errors="coerce"), pd.to_numeric(f["lon"], errors="coerce")
    own = (lat.notna() & lon.notna()).to_numpy()
    x, y = np.full(len(f), np.nan), np.full(len(f), np.nan)
    if own.any():
        pts = gpd.GeoSeries(gpd.points_from_xy(lon[own], lat[own]), crs=GEOGRAPHIC_CRS).to_crs(crs)
        x[own], y[own] = pts.x.to_numpy(), pts.y.to_numpy()
    c = centroids.set_index("code")
    x[~own] = f.loc[~own, "district_code"].map(c["x"]).to_numpy(float)
    y[~own] = f.loc[~own, "district_code"].map(c["y"]).to_numpy(float)
    registry_basis = f["location_basis"] if "location_basis" in f else pd.Series(None, index=f.index, dtype=object)
    basis = np.where(own, registry_basis.fillna("coordinates").astype(object), "district_centroid")
    out = pd.DataFrame(
        {
            "facility_code": f["code"],
            "district_code": f["district_code"],
            "facility_type": f.get("facility_type"),
            "x": x,
            "y": y,
            "location_basis": basis,
        }
    )
    return out[out["x"].notna() & out["y"].notna()].reset_index(drop=True)


@contracts.output(contracts.NearestOutput)
def nearest(centroids: pd.DataFrame, points: pd.DataFrame, chunk: int = 2048) -> pd.DataFrame:
    """For each centroid (code, x, y) the nearest point (facility_code, x, y) and the distance in km.

    A numpy distance matrix, in chunks of centroids. Columns: code, nearest_facility_code, distance_km
    (NaN when the centroid has no coordinates or there are no points).
    """
    codes = centroids["code"].to_numpy()
    cx, cy = centroids["x"].to_numpy(float), centroids["y"].to_numpy(float)
    px, py = points["x"].to_numpy(float), points["y"].to_numpy(float)
    dist, idx = np.full(len(codes), np.nan), np.full(len(codes), -1)
    if len(px):
        for lo in range(0, len(codes), chunk):
            sl = slice(lo, lo + chunk)
            d2 = (cx[sl, None] - px[None, :]) ** 2 + (cy[sl, None] - py[None, :]) ** 2
            ok = ~np.isnan(cx[sl]) & ~np.isnan(cy[sl])
            best = np.argmin(np.where(np.isnan(d2), np.inf, d2), axis=1)
            idx[sl] = np.where(ok, best, -1)
            dist[sl] = np.where(ok, np.sqrt(d2[np.arange(len(best)), best]) / 1000.0, np.nan)
    fac = points["facility_code"].to_numpy(dtype=object)
    nearest_code = np.full(len(codes), None, dtype=object)
    hit = idx >= 0
    nearest_code[hit] = fac[idx[hit]]
    return pd.DataFrame({"code": codes, "nearest_facility_code": nearest_code, "distance_km": dist})


def weighted_mean(values: pd.Series, weights: pd.Series) -> float:
    """Mean of `values` weighted by `weights`, over rows where both are known and the weight is positive."""
    v, w = values.to_numpy(float), pd.to_numeric(weights, errors="coerce").to_numpy(float)
    ok = ~np.isnan(v) & ~np.isnan(w) & (w > 0)
    return float(np.sum(v[ok] * w[ok]) / np.sum(w[ok])) if ok.any() else float("nan")
