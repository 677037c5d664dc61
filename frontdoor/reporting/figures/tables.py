"""Tables: what every chart shows, what the page lists and what CSV and XLSX downloads contain (pure)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from frontdoor.core.spreadsheets import escape_row

from .dashboard import AgencyRow, Dashboard, Figures, MixRow, RouteRow

Cell = str | int | float | date | None


@dataclass(frozen=True)
class Table:
    slug: str
    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    caption: str = ""


def percent(share: float | None) -> float | None:
    """A share as a percentage to one decimal place (None when there is nothing to divide by)."""
    return None if share is None else round(share * 100, 1)


def rounded(value: float | None, places: int = 1) -> float | None:
    return None if value is None else round(value, places)


WEEKLY_HEADERS = (
    "Week ending",
    "Contacts",
    "Families",
    "Children",
    "Contacts per child",
    "Decided",
    "Referrals",
    "Conversion (%)",
    "Decided within 1 working day (%)",
    "Median hours to decision",
    "Re-referrals",
    "Re-referral rate (%)",
)


def _weekly_cells(label: Cell, f: Figures) -> tuple[Cell, ...]:
    return (
        label,
        f.contacts,
        f.families,
        f.children,
        rounded(f.contacts_per_child, 2),
        f.decided,
        f.referrals,
        percent(f.conversion),
        percent(f.in_time_rate),
        rounded(f.median_hours_to_decision),
        f.re_referrals,
        percent(f.re_referral_rate),
    )


def _mix_table(slug: str, title: str, first: str, rows: Sequence[MixRow]) -> Table:
    return Table(
        slug,
        title,
        (first, "Number", "Share (%)"),
        tuple((row.label, row.count, percent(row.share)) for row in rows),
    )


def _agency_cells(row: AgencyRow) -> tuple[Cell, ...]:
    return (
        row.agency,
        row.contacts,
        row.decided,
        row.referral_contacts,
        percent(row.conversion),
        row.nfa_contacts,
        percent(row.nfa_rate),
        "; ".join(row.flags),
    )


def _route_cells(row: RouteRow) -> tuple[Cell, ...]:
    return (
        row.route,
        row.screened,
        row.confirmed,
        row.raised,
        row.lowered,
        row.not_comparable,
        percent(row.confirmed_rate),
    )


def dashboard_tables(dashboard: Dashboard) -> list[Table]:
    """Every table on the dashboard, in page order. The first is the scrutiny committee's weekly table."""
    weeks = dashboard.weeks
    return [
        Table(
            "scrutiny",
            "Weekly figures for the scrutiny committee",
            ("Week ending", "Contacts", "Families", "Referrals"),
            tuple(
                (w.week_ending, w.figures.contacts, w.figures.families, w.figures.referrals) for w in weeks
            ),
        ),
        Table(
            "weekly",
            "Week by week",
            WEEKLY_HEADERS,
            tuple(_weekly_cells(w.week_ending, w.figures) for w in weeks)
            + (_weekly_cells("Whole period", dashboard.total),),
        ),
        _mix_table("outcomes", "Outcome of contacts decided", "Outcome", dashboard.outcomes),
        _mix_table("sources", "Contacts by source (CIN referral source)", "Source", dashboard.sources),
        _mix_table("channels", "Contacts by channel", "Channel", dashboard.channels),
        Table(
            "agencies",
            "Referring agencies",
            (
                "Agency",
                "Contacts",
                "Decided",
                "Referrals",
                "Conversion (%)",
                "No further action",
                "NFA rate (%)",
                "Stands out",
            ),
            tuple(_agency_cells(row) for row in dashboard.agencies),
        ),
        Table(
            "screener",
            "Screener route against the final decision",
            (
                "Screener route",
                "Decided",
                "Confirmed",
                "Raised",
                "Lowered",
                "Not comparable",
                "Confirmed (%)",
            ),
            tuple(_route_cells(row) for row in dashboard.routes),
        ),
    ]


def format_cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def to_csv(table: Table) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(escape_row(table.headers))
    for row in table.rows:
        writer.writerow(escape_row(format_cell(cell) for cell in row))
    return buffer.getvalue()
