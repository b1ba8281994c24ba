"""The progress-report draft (lägesrapport): a Word file with the ESF report's headings, the figures filled in and an
empty place under each heading for the project leader's own words."""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd

from dashboard import figures, formatting, narrative, rules
from dashboard.tables import Column
from dashboard.filters import Filters
from dashboard.i18n import in_language, language, t
from dashboard.report import content

PLACEHOLDER_COLOUR = (0x59, 0x59, 0x59)


def build(view: Filters, date_from: dt.date, date_to: dt.date, lang: str = "sv") -> bytes:
    """The progress-report draft for one project and period as .docx bytes."""
    from docx import Document

    if view.project_id is None:
        raise ValueError("Lägesrapporten gäller ett projekt: välj ett projekt.")
    with in_language(lang):
        period = figures.period_view(view, date_from, date_to)
        document = Document()
        _set_language(document, "sv-SE" if language() == "sv" else "en-GB")
        props = document.core_properties
        props.title = t("progress.doc_title", project=view.project_name, start=formatting.date(date_from),
                        end=formatting.date(date_to))
        props.author = "Styrbord"
        props.language = "sv-SE" if language() == "sv" else "en-GB"
        # a fixed date: the same figures give the same file
        props.created = props.modified = dt.datetime.combine(date_to, dt.time())
        props.last_modified_by = "Styrbord"
        props.revision = 1
        write(document, view, period, date_from, date_to)
        buffer = io.BytesIO()
        document.save(buffer)
        return buffer.getvalue()


def write(document, view: Filters, period: Filters, date_from: dt.date, date_to: dt.date) -> None:
    facts = figures.project_facts(view.project_id)
    document.add_heading(t("progress.title", project=view.project_name), level=0)
    document.add_paragraph(t("progress.period_line", start=formatting.date(date_from), end=formatting.date(date_to)))
    document.add_paragraph(t("progress.draft_note"))
    _pairs(document, [
        (t("pack.owner"), _text(facts["owner"])),
        (t("pack.period"), f"{formatting.date(view.project_start)} – {formatting.date(view.project_end)}"),
        (t("progress.esf_grant"), formatting.money(facts["esf_grant_sek"])),
        (t("progress.total_budget"), formatting.money(facts["total_budget_sek"])),
        (t("progress.report_period"), f"{formatting.date(date_from)} – {formatting.date(date_to)}"),
    ])

    # 1. Activities in the period, per focus area
    document.add_heading(t("progress.activities_title"), level=1)
    areas = figures.activities_between(view, date_from, date_to)
    by_gender = figures.participation_by_focus_area(period)
    rows = areas.assign(
        women=[_gender_value(by_gender, a, "K", "participants") for a in areas["focus_area_id"]],
        men=[_gender_value(by_gender, a, "M", "participants") for a in areas["focus_area_id"]],
    )
    for code, column in (("K", "women"), ("M", "men")):
        rows[f"hidden_{column}"] = [_gender_hidden(by_gender, a, code) for a in areas["focus_area_id"]]
    _table(document, content.table(rows, {
        "name": Column(t("focus.area")),
        "activities_in_period": Column(t("progress.activities_in_period"), "int"),
        "women": Column(t("gender.K"), "int"),
        "men": Column(t("gender.M"), "int"),
        "participants": Column(t("progress.participants_total"), "int"),
        "hours": Column(t("participation.hours"), "int"),
    }))
    _placeholder(document, t("progress.activities_prompt"))

    # 2. Participants against the target group
    document.add_heading(t("progress.participants_title"), level=1)
    in_period, so_far = figures.participation(period), figures.participation(figures.period_view(
        view, view.project_start, date_to))
    rows = []
    for code in ("K", "M", "T"):
        rows.append([t(f"gender.{code}"), formatting.number(narrative.by_gender(in_period, code, "participants")),
                     formatting.number(narrative.by_gender(so_far, code, "participants")),
                     formatting.number(narrative.by_gender(so_far, code, "staff")),
                     formatting.percent(narrative.by_gender(so_far, code, "reached_share"))])
    _table(document, {"kind": "table", "columns": [
        t("filter.gender"), t("progress.in_period"), t("progress.so_far"), t("progress.target_group"),
        t("progress.reached_share")], "rows": rows, "align": ["left", "right", "right", "right", "right"]})
    sentence = narrative.participation_sentence(so_far)
    if sentence:
        document.add_paragraph(sentence)
    _placeholder(document, t("progress.participants_prompt"))

    # 3. Budget and outcome per cost heading, and the financing
    document.add_heading(t("progress.budget_title"), level=1)
    headings = figures.heading_spending_between(view, date_from, date_to)
    _table(document, content.table(headings, {
        "cost_heading": Column(t("budget.cost_heading")),
        "planned_total_sek": Column(t("budget.planned_total"), "money"),
        "period_spent_sek": Column(t("progress.spent_in_period"), "money"),
        "spent_sek": Column(t("progress.spent_so_far"), "money"),
    }))
    forecast = figures.budget(figures.period_view(view, view.project_start, date_to))
    document.add_paragraph(t("sentence.budget", spent=formatting.money(forecast.spent_to_date),
                             total=formatting.money(forecast.planned_total),
                             share_total=formatting.percent(forecast.spent_share),
                             share_plan=formatting.percent(forecast.spent_share_of_plan_to_date)))
    document.add_heading(t("pack.financing_title"), level=2)
    financing = figures.financing(figures.period_view(view, view.project_start, date_to))
    _table(document, content.table(financing, {
        "financing_source": Column(t("budget.financing_source")),
        "planned_sek": Column(t("budget.planned"), "money"),
        "granted_sek": Column(t("budget.granted"), "money"),
        "actual_sek": Column(t("budget.participant_pay_so_far"), "money"),
    }))
    document.add_paragraph(t("budget.financing_note"))
    _placeholder(document, t("progress.budget_prompt"))

    # 4. Sub-goals
    document.add_heading(t("pack.goals_title"), level=1)
    goals = figures.goals(period)
    if len(goals):
        _table(document, content.table(goals, content.goal_columns(with_comment=False)))
        document.add_paragraph(t("goals.rule"))
    _placeholder(document, t("progress.goals_prompt"))

    # 5. Horizontal principles
    document.add_heading(t("progress.principles_title"), level=1)
    document.add_heading(t("progress.gender_equality"), level=2)
    shares = figures.women_share(period)
    total = shares[shares["level"] == "total"]
    rows = pd.concat([total.assign(department_name=t("pack.whole_project")), shares[shares["level"] == "department"]])
    _table(document, content.table(rows, {
        "department_name": Column(t("filter.department")),
        "participant_women_share": Column(t("participation.women_participants"), "percent"),
        "staff_women_share": Column(t("participation.women_target_group"), "percent"),
        "gap_points": Column(t("participation.gap"), "points"),
        "flag": Column(t("participation.flag", threshold=rules.GAP_POINTS)),
    }))
    _project_page(document, facts, "gender_equality")
    _placeholder(document, t("progress.gender_prompt"))
    document.add_heading(t("progress.accessibility"), level=2)
    _project_page(document, facts, "accessibility")
    _placeholder(document, t("progress.accessibility_prompt"))
    if not _blank(facts.get("transnational")):
        document.add_heading(t("progress.transnational"), level=2)
        _project_page(document, facts, "transnational")
        _placeholder(document, t("progress.transnational_prompt"))

    # 6. Deviations and risks
    document.add_heading(t("pack.risks_title"), level=1)
    found = figures.risks(period)
    if found:
        for risk in found:
            document.add_paragraph(content.risk_sentence(risk), style="List Bullet")
    else:
        document.add_paragraph(t("pack.risks_none"))
    _placeholder(document, t("progress.risks_prompt"))

    # 7. Next period
    document.add_heading(t("progress.next_title"), level=1)
    _placeholder(document, t("progress.next_prompt"))
    document.add_paragraph(t("pack.dash"))


def _blank(value: object) -> bool:
    """Missing (formatting.missing) or empty text: nothing to write in the report."""
    return value == "" or formatting.missing(value)


def _text(value: object) -> str:
    return "" if _blank(value) else str(value)


def _gender_value(frame: pd.DataFrame, area: str, code: str, column: str) -> float | None:
    rows = frame[(frame["key"] == area) & (frame["gender"] == code)]
    if rows.empty:  # nobody of this gender (or nobody at all) took part in the area in the period
        return 0.0
    return None if pd.isna(rows[column].iloc[0]) else float(rows[column].iloc[0])


def _gender_hidden(frame: pd.DataFrame, area: str, code: str) -> bool:
    rows = frame[(frame["key"] == area) & (frame["gender"] == code)]
    return bool(len(rows)) and bool(rows["hidden_participants"].iloc[0])


def _project_page(document, facts: pd.Series, section: str) -> None:
    """The project page's own words on the principle, when the page was loaded."""
    words = facts.get(section)
    if _blank(words):
        return
    document.add_paragraph(t("progress.from_project_page"))
    document.add_paragraph(str(words), style="Quote")


def _placeholder(document, prompt: str) -> None:
    """An empty place for the project leader's words, marked so that it is not sent as it is."""
    from docx.shared import RGBColor

    paragraph = document.add_paragraph()
    run = paragraph.add_run(f"[{prompt}]")
    run.italic = True
    run.font.color.rgb = RGBColor(*PLACEHOLDER_COLOUR)


def _pairs(document, pairs: list[tuple[str, str]]) -> None:
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in pairs:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = label, value


def _table(document, block: dict) -> None:
    """A table block (content.table) as a Word table with a header row that repeats on every page."""
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    table = document.add_table(rows=1, cols=len(block["columns"]))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    header = table.rows[0]
    marker = OxmlElement("w:tblHeader")  # the heading row repeats, and screen readers know it as headings
    marker.set(qn("w:val"), "true")
    header._tr.get_or_add_trPr().append(marker)
    for cell, label in zip(header.cells, block["columns"]):
        cell.text = ""
        cell.paragraphs[0].add_run(label).bold = True
    for row in block["rows"]:
        cells = table.add_row().cells
        for cell, value, align in zip(cells, row, block["align"]):
            cell.text = value["text"] if isinstance(value, dict) else str(value)
            if align == "right":
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if content.has_dash(block):
        document.add_paragraph(t("pack.dash"))


def _set_language(document, code: str) -> None:
    """The document's language in the default run properties (spelling and screen readers follow it)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    defaults = document.styles.element.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault"))
    if run_defaults is None:
        run_defaults = OxmlElement("w:rPrDefault")
        defaults.append(run_defaults)
    properties = run_defaults.find(qn("w:rPr"))
    if properties is None:
        properties = OxmlElement("w:rPr")
        run_defaults.append(properties)
    lang = properties.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        properties.append(lang)
    lang.set(qn("w:val"), code)
