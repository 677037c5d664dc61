"""Shape the dashboard for the page: sections of chart + table, headline figures, download links."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from .figures.charts import bar_chart
from .figures.dashboard import Dashboard
from .figures.tables import Cell, Table, dashboard_tables, percent


def show(cell: Cell) -> str:
    if cell is None or cell == "":
        return "–"
    if isinstance(cell, date):
        return f"{cell.day} {cell:%b %Y}"
    if isinstance(cell, float):
        return f"{cell:,.2f}".rstrip("0").rstrip(".") if not cell.is_integer() else f"{cell:,.0f}"
    if isinstance(cell, int):
        return f"{cell:,}"
    return str(cell)


@dataclass
class Section:
    table: Table
    rows: list[list[str]]
    charts: list[SafeString]
    csv_url: str
    xlsx_url: str
    note: str = ""


def query_string(start: date, end: date, team: str) -> str:
    return urlencode(
        {
            "start_0": start.day,
            "start_1": start.month,
            "start_2": start.year,
            "end_0": end.day,
            "end_1": end.month,
            "end_2": end.year,
            "team": team,
        }
    )


def _chart(
    chart_id: str, title: str, labels: list[str], values: list[float | None], unit: str = ""
) -> SafeString:
    return mark_safe(bar_chart(chart_id, title, labels, values, unit))  # noqa: S308 (escaped in bar_chart)


def sections(dashboard: Dashboard, query: str) -> list[Section]:
    tables = dashboard_tables(dashboard)
    weeks = [show(w.week_ending) for w in dashboard.weeks]
    charts: dict[str, list[SafeString]] = {
        "scrutiny": [
            _chart(
                "chart-contacts",
                "Contacts by week ending",
                weeks,
                [w.figures.contacts for w in dashboard.weeks],
            ),
            _chart(
                "chart-referrals",
                "Referrals by week ending",
                weeks,
                [w.figures.referrals for w in dashboard.weeks],
            ),
        ],
        "weekly": [
            _chart(
                "chart-conversion",
                "Conversion from contact to referral by week ending (%)",
                weeks,
                [percent(w.figures.conversion) for w in dashboard.weeks],
                "%",
            ),
            _chart(
                "chart-timeliness",
                "Contacts decided within one working day by week ending (%)",
                weeks,
                [percent(w.figures.in_time_rate) for w in dashboard.weeks],
                "%",
            ),
        ],
        "outcomes": [
            _chart(
                "chart-outcomes",
                "Outcome of contacts decided",
                [r.label for r in dashboard.outcomes],
                [r.count for r in dashboard.outcomes],
            )
        ],
        "sources": [
            _chart(
                "chart-sources",
                "Contacts by source",
                [r.label for r in dashboard.sources if r.count],
                [r.count for r in dashboard.sources if r.count],
            )
        ],
        "channels": [
            _chart(
                "chart-channels",
                "Contacts by channel",
                [r.label for r in dashboard.channels],
                [r.count for r in dashboard.channels],
            )
        ],
    }
    notes = {
        "agencies": "An agency stands out when, over 5 or more decisions, its no-further-action rate is well "
        "above the front door's own or its conversion well below (2 standard errors or more).",
        "screener": "Levels of need are compared where both were recorded; otherwise the kind of help "
        "(advice or universal, early help, children's social care).",
    }
    out = []
    for table in tables:
        base = reverse("reporting:download", args=[table.slug])
        out.append(
            Section(
                table=table,
                rows=[[show(cell) for cell in row] for row in table.rows],
                charts=charts.get(table.slug, []),
                csv_url=f"{base}?{query}&format=csv",
                xlsx_url=f"{base}?{query}&format=xlsx",
                note=notes.get(table.slug, ""),
            )
        )
    return out


def headline(dashboard: Dashboard) -> list[tuple[str, str]]:
    f = dashboard.total

    def pct(share: float | None) -> str:
        value = percent(share)
        return "–" if value is None else f"{value}%"

    return [
        ("Contacts", show(f.contacts)),
        ("Families", show(f.families)),
        ("Children", show(f.children)),
        ("Contacts per child", show(round(f.contacts_per_child, 2) if f.contacts_per_child else None)),
        ("Referrals to children's social care", show(f.referrals)),
        ("Conversion (contact to referral)", pct(f.conversion)),
        ("No further action (of contacts decided)", pct(f.nfa_rate)),
        ("Decided within one working day", pct(f.in_time_rate)),
        (
            "Median time to decision",
            "–" if f.median_hours_to_decision is None else f"{f.median_hours_to_decision:.1f} hours",
        ),
        ("Re-referrals within 12 months", f"{show(f.re_referrals)} ({pct(f.re_referral_rate)})"),
    ]


@dataclass(frozen=True)
class ReadinessRow:
    child_id: str
    name: str  # "" for users who may not see people (analysts see aggregates and child ids)
    defects: tuple[tuple[str, str, str], ...]  # (item, problem, rule)
    fix_url: str  # "" when the user cannot open the record
    fix_label: str


def readiness_rows(result, user) -> list[ReadinessRow]:  # type: ignore[no-untyped-def]
    """The readiness table: a person page link to fix it for staff who may open people; the child id only
    for analysts (who pass the list to the team)."""

    sees_people = user.has_perm("people.view_person")
    rows = []
    for entry in result.children:
        child = entry.child
        if child.person_id:
            url = reverse("people:person", args=[child.person_id])
            label = "Open the person record"
        elif entry.contact_id:
            url = reverse("people:contact_people", args=[entry.contact_id])
            label = "Link the child to a person record"
        else:
            url, label = "", ""
        rows.append(
            ReadinessRow(
                child_id=child.key,
                name=" ".join(p for p in (child.given_name, child.family_name) if p) if sees_people else "",
                defects=tuple((d.item, d.problem, d.rule) for d in entry.defects),
                fix_url=url if sees_people else "",
                fix_label=label,
            )
        )
    return rows
