"""Events on a map: admin-0 boundaries, markers by rung, capitals, a scale bar, an inset.

The map is drawn in longitude and latitude with the aspect of an equirectangular
projection true at the map's middle latitude, which keeps shapes and the scale bar
right over the few hundred kilometres a conflict map covers (north is up).  Boundaries
are the shipped Natural Earth 1:50m admin-0 units (:func:`escalation.geo.load_boundaries`)
or a user's GeoJSON; capitals are the package's table of every UN member's capital.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ..aggregates import scale_for
from ..geo.boundaries import GEOMETRY_LOCK
from ..scale import EscalationScale
from . import _labels
from ._layout import Label, place_labels
from ._select import state_actions
from ._style import GUIDE, LAND, LAND_EDGE, new_mosaic, put_title, rung_colors, style

#: Precision of a point (``geo_precision``) drawn as an exact place (filled marker).
PRECISE = ("exact", "town")
#: Smallest map extent, degrees of latitude (a single point still shows its surroundings).
MIN_SPAN_DEG = 3.0
#: The inset locator is drawn when the map shows less than this share of the states' area.
INSET_BELOW = 0.35
DYAD_LAND = "#D6D6D6"
#: Marker area (points^2) of one event; n events at one place get n times the area.
EVENT_SIZE = 22
NICE = (1, 2, 2.5, 5)


def map_data(coded: pd.DataFrame, *, since=None, until=None, dyad: str | None = None,
             scale: EscalationScale | None = None, kinetic_only: bool = True) -> pd.DataFrame:
    """The events :func:`event_map` draws: state actions on dyadic rungs with a point
    (by default only uses of force: talks in a third country's capital or a statement in
    one's own are not where the fighting was).

    Columns: ``event_id``, ``date``, ``dyad``, ``direction``, ``rung``, ``level``,
    ``longitude``, ``latitude``, ``geo_precision``, ``precise`` (an exact place or a
    town), ``location``.  ``attrs["without_point"]`` counts the events left out for
    want of coordinates.

    Parameters
    ----------
    coded : DataFrame
        From :func:`escalation.code_events` (``latitude`` and ``longitude`` where
        known).
    since, until : date-like, optional
        Keep events starting in this window (both days included).
    dyad : str, optional
        One dyad (default: every dyad in the data).
    scale : EscalationScale, optional
        The ladder the events were coded on (default: the one recorded on ``coded``).
    kinetic_only : bool
        Only uses of force (the ladder's kinetic rungs); ``False`` adds talks,
        statements and threats where they have a place.

    Returns
    -------
    DataFrame
        One row per event with a point, lowest rung first (so higher rungs are drawn on
        top): the columns above.  ``attrs``: ``without_point`` (events left out for want
        of coordinates) and ``events`` (events selected, with or without a point).

    Examples
    --------
    >>> import escalation as esc
    >>> m = map_data(esc.code_events(esc.load_events()), dyad="AFG-PAK")
    >>> m.attrs["events"] == len(m) + m.attrs["without_point"]
    True
    >>> bool(m["latitude"].between(20, 40).all())
    True
    """
    scale = scale_for(coded, scale)
    ev = state_actions(coded, scale, dyad=dyad, since=since, until=until, kinetic_only=kinetic_only)
    for col in ("latitude", "longitude"):
        if col not in ev:
            ev = ev.assign(**{col: np.nan})
    precision = ev["geo_precision"].astype("object") if "geo_precision" in ev else pd.Series("", index=ev.index)
    has_point = ev["latitude"].notna() & ev["longitude"].notna()
    out = pd.DataFrame({
        "event_id": ev["event_id"].astype(str), "date": ev["date_start"], "dyad": ev["dyad"].astype(str),
        "direction": (ev["actor_state"] + "→" + ev["target_state"]).astype(str),
        "rung": ev["rung"].astype(str), "level": ev["level"].astype(float),
        "longitude": ev["longitude"].astype(float), "latitude": ev["latitude"].astype(float),
        "geo_precision": precision.fillna("").astype(str),
        "location": ev["location"].astype("object") if "location" in ev else "",
    })[has_point.to_numpy()]
    out["precise"] = out["geo_precision"].isin(PRECISE)
    out = out.sort_values(["level", "date", "event_id"], kind="stable").reset_index(drop=True)
    out.attrs = {"without_point": int((~has_point).sum()), "events": int(len(ev))}
    return out


def _nice_km(target: float) -> float:
    """The largest 1, 2, 2.5 or 5 times a power of ten not above ``target``."""
    power = 10 ** math.floor(math.log10(max(target, 1e-9)))
    return max(k * power for k in NICE if k * power <= target) if target >= power else power


def _map_extent(lon, lat, *, aspect: float = 1.45, min_span: float = MIN_SPAN_DEG):
    """(west, east, south, north) around the points: padded, at least ``min_span``
    degrees of latitude, widened to the map's width/height ``aspect`` (in km)."""
    lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    west, east, south, north = lon.min(), lon.max(), lat.min(), lat.max()
    mid = (south + north) / 2
    k = max(math.cos(math.radians(mid)), 0.05)
    height = max(north - south, min_span) * 1.25
    width = max((east - west) * 1.25 * k, height * aspect)  # in latitude degrees' units
    height = max(height, width / aspect)
    cx, cy = (west + east) / 2, mid
    south, north = max(cy - height / 2, -89.0), min(cy + height / 2, 89.0)
    return cx - width / k / 2, cx + width / k / 2, south, north


def _path(geom):
    """A matplotlib Path from a shapely (Multi)Polygon: every ring, holes included."""
    from matplotlib.path import Path

    verts, codes = [], []
    polys = getattr(geom, "geoms", [geom])
    for poly in polys:
        if poly.is_empty or poly.geom_type != "Polygon":
            continue
        for ring in [poly.exterior, *poly.interiors]:
            xy = np.asarray(ring.coords)
            if len(xy) < 3:
                continue
            verts.append(xy)
            codes.append(np.r_[Path.MOVETO, np.full(len(xy) - 2, Path.LINETO), Path.CLOSEPOLY])
    if not verts:
        return None
    return Path(np.concatenate(verts), np.concatenate(codes))


def _draw_land(ax, boundaries, extent, highlight, *, names: bool, lw: float = 0.6):
    """Grey land clipped to the extent (the states in ``highlight`` darker); returns the
    name labels of the units that show."""
    import shapely
    from matplotlib.collections import PathCollection

    west, east, south, north = extent
    dx, dy = (east - west) * 0.05, (north - south) * 0.05
    box = shapely.box(west - dx, south - dy, east + dx, north + dy)
    with GEOMETRY_LOCK:  # prepared geometries, shared with coding in other threads
        hits = [i for i in range(len(boundaries)) if shapely.intersects(boundaries.geometries[i], box)]
        clipped = {i: shapely.clip_by_rect(boundaries.geometries[i], west - dx, south - dy,
                                           east + dx, north + dy) for i in hits}
    paths, faces, labels = [], [], []
    area = (east - west) * (north - south)
    for i in hits:
        geom = clipped[i]
        path = _path(geom)
        if path is None:
            continue
        code = str(boundaries.codes[i])
        paths.append(path)
        faces.append(DYAD_LAND if code in highlight else LAND)
        shown = shapely.clip_by_rect(geom, west, south, east, north)
        if names and not shown.is_empty and shown.area > (0.01 if code in highlight else 0.04) * area:
            p = shown.representative_point() if code not in highlight else shown.point_on_surface()
            labels.append(Label(p.x, p.y, _labels.state_name(code) if bool(boundaries.iso[i]) else
                                str(boundaries.names[i]), first="center", fontsize=6.5,
                                color="#555555" if code in highlight else "#888888",
                                weight="bold" if code in highlight else "normal", gid="label:state"))
    ax.add_collection(PathCollection(paths, facecolors=faces, edgecolors=LAND_EDGE, linewidths=lw,
                                     gid="basemap:land", zorder=0))
    ax.set_facecolor("#FFFFFF")
    return labels


def _scale_bar(ax, extent, data: pd.DataFrame):
    """A scale bar about a fifth of the map's width, in the emptiest corner."""
    from ..geo.placement import KM_PER_DEGREE

    west, east, south, north = extent
    mid = (south + north) / 2
    km_per_lon = KM_PER_DEGREE * math.cos(math.radians(mid))
    km = _nice_km((east - west) * km_per_lon / 5)
    length = km / km_per_lon
    corners = {"lower left": (west + 0.05 * (east - west), south + 0.07 * (north - south)),
               "lower right": (east - 0.05 * (east - west) - length, south + 0.07 * (north - south)),
               "upper left": (west + 0.05 * (east - west), north - 0.1 * (north - south)),
               "upper right": (east - 0.05 * (east - west) - length, north - 0.1 * (north - south))}

    def crowd(xy):
        x, y = xy
        near = (data["longitude"].between(x - 0.05 * (east - west), x + length * 1.2)
                & data["latitude"].between(y - 0.06 * (north - south), y + 0.1 * (north - south)))
        return int(near.sum())

    x, y = min(corners.values(), key=crowd)
    tick = 0.012 * (north - south)
    ax.plot([x, x, x + length, x + length], [y + tick, y, y, y + tick], color="#222222", lw=0.9,
            solid_capstyle="butt", gid="scalebar", zorder=4)
    text = f"{km:,.0f} km" if km >= 1 else f"{km * 1000:,.0f} m"
    ax.text(x + length / 2, y + 2 * tick, text, ha="center", va="bottom", fontsize=6, gid="scalebar",
            zorder=4)
    return km


def event_map(coded: pd.DataFrame, *, since=None, until=None, dyad: str | None = None,
              scale: EscalationScale | None = None, boundaries=None, kinetic_only: bool = True,
              title: str | bool = True, inset: bool | None = None, ax=None):
    """Events on a map, coloured by rung, with admin-0 boundaries, capitals and a scale bar.

    Each use of force by a state on a dyadic rung (every dyadic rung with
    ``kinetic_only=False``) that has coordinates (``latitude``,
    ``longitude``) is a circle coloured by its rung (darker lower, on a colour-blind-safe
    scale), filled where the place is exact or a town and open where it is only known to a
    district or province (``geo_precision``).  Capitals in view are black-edged squares,
    named.  The extent is chosen from the events' points (padded, at least three degrees
    tall); an inset shows where it lies in the states concerned when it covers a small
    part of them (``inset`` forces it on or off).  Events without coordinates are not
    drawn: ``map_data(...).attrs["without_point"]`` counts them.

    Parameters
    ----------
    coded : DataFrame
        From :func:`escalation.code_events`.
    since, until : date-like, optional
    dyad : str, optional
        One dyad (default: every dyad in the data).
    scale : EscalationScale, optional
        The ladder the events were coded on (default: the one recorded on ``coded``).
    boundaries : str, Path or Boundaries, optional
        Admin-0 boundaries (default: the shipped Natural Earth 1:50m units).
    kinetic_only : bool
        Only uses of force (the ladder's kinetic rungs); ``False`` adds talks,
        statements and threats where they have a place.
    title : str or bool
        ``True``: what and when, from the data.
    inset : bool, optional
    ax : matplotlib Axes, optional
        Draw the map here (no inset, legend beside it).

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import escalation as esc
    >>> fig = esc.plots.event_map(esc.code_events(esc.load_events()), dyad="AFG-PAK")
    >>> bool(fig.axes[0].get_aspect() > 1)
    True
    """
    from matplotlib.lines import Line2D
    from matplotlib.patches import Rectangle

    from ..geo import capitals, load_boundaries

    scale = scale_for(coded, scale)
    b = load_boundaries(boundaries)
    data = map_data(coded, since=since, until=until, dyad=dyad, scale=scale, kinetic_only=kinetic_only)
    states = sorted({s for d in data["dyad"] for s in d.split("-")} if len(data) else
                    {s for d in coded.get("dyad", pd.Series(dtype=str)).dropna() if "-" in str(d)
                     for s in str(d).split("-")})
    if len(data):
        extent = _map_extent(data["longitude"], data["latitude"])
        # the states' capitals too, when that does not take more than a wider view
        caps = capitals()[lambda t: t["iso3"].isin(states) & (t["role"] == "official")]
        wider = _map_extent(np.r_[data["longitude"], caps["longitude"]], np.r_[data["latitude"], caps["latitude"]])
        if _area(wider) <= 2.5 * _area(extent):
            extent = wider
    else:  # nothing to place: the states themselves
        import shapely

        geoms = [b.geometry(s) for s in states if b.geometry(s) is not None]
        x0, y0, x1, y1 = shapely.total_bounds(geoms) if geoms else (-180, -60, 180, 80)
        extent = _map_extent([x0, x1], [y0, y1])
    west, east, south, north = extent
    mid = (south + north) / 2
    region = _states_bounds(b, states)
    if inset is None:
        inset = bool(region is not None and ax is None and (east - west) * (north - south)
                     < INSET_BELOW * (region[1] - region[0]) * (region[3] - region[2]))
    # rungs in ladder order (two rungs may share a level): one colour each
    order = {r.key: k for k, r in enumerate(scale.rungs)}
    rungs = sorted(set(data["rung"]), key=lambda k: (order.get(k, len(order)), k)) if len(data) else []
    colors = dict(zip(rungs, rung_colors(range(len(rungs))).values())) if rungs else {}
    points = (data.groupby(["rung", "precise", "longitude", "latitude"], sort=True)
              .size().rename("n").reset_index()) if len(data) else data.assign(n=[])
    with style():
        if ax is None:
            fig, axd = new_mosaic([["map", "inset"], ["map", "legend"]], 7.0, 4.2,
                                  width_ratios=[3.0, 1.15], height_ratios=[1.0, 1.25])
            ax, side, legend_ax = axd["map"], axd["inset"], axd["legend"]
        else:
            fig, side, legend_ax = ax.figure, None, None
        labels = _draw_land(ax, b, extent, set(states), names=True)
        for rung in rungs:
            color = colors[rung]
            for precise in (True, False):
                part = points[(points["rung"] == rung) & (points["precise"] == precise)]
                if len(part):
                    ax.scatter(part["longitude"], part["latitude"], s=EVENT_SIZE * part["n"],
                               c=[color if precise else "white"], edgecolors=["white" if precise else color],
                               linewidths=0.4 if precise else 1.1, zorder=3,
                               gid=f"events:{rung}:{'exact' if precise else 'approximate'}")
        caps = capitals()
        caps = caps[caps["longitude"].between(west, east) & caps["latitude"].between(south, north)]
        if len(caps):
            ax.plot(caps["longitude"], caps["latitude"], ls="none", marker="s", ms=5, color="#000000",
                    markerfacecolor="none", mew=0.9, zorder=4, gid="capitals")
            labels += [Label(r.longitude, r.latitude, r.capital, fontsize=6, color="#000000",
                             gid="label:capital") for r in caps.itertuples()]
        km = _scale_bar(ax, extent, data)
        ax.set_xlim(west, east)
        ax.set_ylim(south, north)
        ax.set_aspect(1 / max(math.cos(math.radians(mid)), 0.05))
        for spine in ax.spines.values():  # a map is framed on every side
            spine.set_visible(True)
            spine.set_linewidth(0.6)
        ax.tick_params(labelsize=6)
        ax.xaxis.set_major_formatter(_degrees("E", "W"))
        ax.yaxis.set_major_formatter(_degrees("N", "S"))
        from matplotlib.ticker import MaxNLocator

        ax.xaxis.set_major_locator(MaxNLocator(4))
        ax.yaxis.set_major_locator(MaxNLocator(4))
        place_labels(ax, labels, marker_pt=2.6)
        handles = [Line2D([], [], ls="none", marker="o", ms=5, color=colors[k], markeredgecolor="white",
                          label=_labels.rung_label(k)) for k in reversed(rungs)]
        if len(data) and not data["precise"].all():
            handles.append(Line2D([], [], ls="none", marker="o", ms=5, color=GUIDE, markerfacecolor="white",
                                  mew=1.1, label="place known to a district or province"))
        if len(caps):
            handles.append(Line2D([], [], ls="none", marker="s", ms=5, color="#000000",
                                  markerfacecolor="none", mew=0.9, label="capital"))
        most = int(points["n"].max()) if len(points) else 1
        if most > 1:  # marker area grows with the events at one place
            for n in sorted({1, most} | ({_nice_count(most / 2)} if most >= 4 else set())):
                handles.append(Line2D([], [], ls="none", marker="o", color=GUIDE, markeredgecolor="white",
                                      ms=math.sqrt(EVENT_SIZE * n), label=f"{n} event{'s' if n > 1 else ''} at one place"))
        where = legend_ax if legend_ax is not None else ax
        if legend_ax is not None:
            legend_ax.set_axis_off()
            legend_ax.legend(handles=handles, loc="upper left", title=f"rung ({scale.name} ladder)",
                             fontsize=6, title_fontsize=6.5, borderaxespad=0)
        else:
            where.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize=6,
                         title=f"rung ({scale.name} ladder)", title_fontsize=6.5)
        if side is not None:
            if inset and region is not None:
                r_extent = _map_extent([region[0], region[1]], [region[2], region[3]], aspect=1.2, min_span=1.0)
                _draw_land(side, b, r_extent, set(states), names=False, lw=0.4)
                side.add_patch(Rectangle((west, south), east - west, north - south, fill=False,
                                         edgecolor="#000000", lw=0.9, gid="basemap:extent", zorder=3))
                side.set_xlim(r_extent[0], r_extent[1])
                side.set_ylim(r_extent[2], r_extent[3])
                r_mid = (r_extent[2] + r_extent[3]) / 2
                side.set_aspect(1 / max(math.cos(math.radians(r_mid)), 0.05))
                side.set_xticks([])
                side.set_yticks([])
                for spine in side.spines.values():
                    spine.set_visible(True)
                    spine.set_color("#BBBBBB")
                side.set_title("the map's area (box)", fontsize=6.5, loc="left")
            else:
                side.set_axis_off()
        ax.map_scale_km = km
        if title:
            what = "uses of force on the map" if kinetic_only else "events on the map"
            if len(data):
                dyads, dates = data["dyad"], data["date"]
            else:  # nothing placed: say so, for the dyad and the window asked
                rows = coded[coded["dyad"] == dyad] if dyad else coded[coded["dyad"].astype(str).str.contains("-")]
                inside = rows["date_start"].between(pd.Timestamp(since or "1677-09-22"),
                                                    pd.Timestamp(until or "2262-04-11"))
                dyads, dates = rows["dyad"], rows.loc[inside, "date_start"]
                what += " (none has coordinates)"
            text = title if isinstance(title, str) else _labels.title(what, dyads, dates)
            put_title(fig if legend_ax is not None else ax, text)
    return fig


def _area(extent) -> float:
    west, east, south, north = extent
    return (east - west) * (north - south) * math.cos(math.radians((south + north) / 2))


def _nice_count(n: float) -> int:
    return int(max(2, round(n)))


def _states_bounds(b, states):
    import shapely

    geoms = [b.geometry(s) for s in states if b.geometry(s) is not None]
    if not geoms:
        return None
    x0, y0, x1, y1 = shapely.total_bounds(geoms)
    return x0, x1, y0, y1


def _degrees(positive: str, negative: str):
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda v, _: f"{abs(v):g}\u00b0{positive if v >= 0 else negative}")
