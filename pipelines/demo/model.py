"""What a demo project is made of: the spec a project is generated from (organisation, plan, surveys, money)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

# The demo's "today": the ongoing project has data up to this day; the generator never reads the clock.
DEMO_TODAY = dt.date(2026, 11, 15)


@dataclass(frozen=True)
class Occupation:
    """An occupation in a unit: title, education level, how common, hourly cost range incl. social fees."""

    title: str
    education: str
    weight: float
    wage: tuple[int, int]


@dataclass(frozen=True)
class Subunit:
    """A unit (avdelning/enhet) under a department, with the occupations found there."""

    code: str
    name: str
    weight: float
    occupations: tuple[Occupation, ...]
    unit_type: str = "enhet"


@dataclass(frozen=True)
class Department:
    """A förvaltning: gender mix, size, subunits and how its competence and engagement differ."""

    code: str
    name: str
    women_share: float
    weight: float
    subunits: tuple[Subunit, ...]
    competence_offset: float = 0.0  # gaps differ by department: negative = further below the required level
    improvement: float = 0.45  # mean change in competence level between the two mappings
    hme_offset: float = 0.0
    hme_change: float = 0.15


@dataclass(frozen=True)
class Municipality:
    """A municipality taking part: its name, the prefix of its ids and its departments."""

    name: str
    prefix: str
    departments: tuple[Department, ...]


@dataclass(frozen=True)
class FocusArea:
    """A focus area (fokusområde) with its participant target."""

    focus_area_id: str
    name: str
    description: str
    target_participants: int


@dataclass(frozen=True)
class Audience:
    """Who is invited to an activity: a group and a share of it (float) or a number of its people (int)."""

    group: str = "alla"  # alla, chefer, medarbetare, förtroendevalda, dept:CODE+CODE, occ:Title+Title
    share: float | int = 1.0


@dataclass(frozen=True)
class ActivitySpec:
    """A planned activity: sessions, hours per session, audience and planned cost."""

    activity_id: str
    name: str
    focus_area_id: str
    activity_type: str
    start: dt.date
    sessions: int
    interval_days: int
    session_hours: float
    audience: Audience
    planned_cost_sek: int
    spread_days: int = 0  # > 0: each person takes it on their own day within this many days (e-learning, APT)


@dataclass(frozen=True)
class CompetenceArea:
    """A competence area with its two mapping statements and how far above or below the mean it starts."""

    name: str
    items: tuple[str, str]
    offset: float = 0.0


@dataclass(frozen=True)
class Requirement:
    """A required level for an area; role and unit blank = everyone."""

    area: str
    level: float
    role: str = ""
    unit_id: str = ""


@dataclass(frozen=True)
class SurveyPlan:
    """The competence mapping and HME survey rounds and how their exports look."""

    scale_max: int
    areas: tuple[CompetenceArea, ...]
    requirements: tuple[Requirement, ...]
    base_level: float
    competence_dates: tuple[dt.date, dt.date | None]
    hme_dates: tuple[dt.date, dt.date | None]
    competence_header: str = "id"  # the survey tool's header: item id or item text
    competence_identified_by: str = "employee_id"  # or personnummer
    hme_format: str = "csv"
    hme_base: float = 3.7
    improvement_scale: float = 1.0  # how much this project's training moves competence levels


@dataclass(frozen=True)
class Budget:
    """The plan: ESF-financed headings share the grant; co-financing headings share the rest of the total."""

    esf_headings: tuple[tuple[str, float], ...]
    cofinancing: tuple[tuple[str, str, float], ...] = ()  # heading, financing source, share of (total − grant)
    period: str = "year"  # year, quarter or month
    spend_start: float = 0.5  # spending as a share of plan at the start (under-spending early) ...
    spend_end: float = 1.2  # ... rising to this at the end
    ledger_cost_heading: bool = True  # False: the export has only BAS accounts


@dataclass(frozen=True)
class Goal:
    """A sub-goal; hand-entered ones carry their measurements (date, value, status, comment)."""

    goal_id: str
    name: str
    indicator: str
    unit: str
    baseline: float | None
    target: float
    target_date: dt.date
    computed_from: str = ""
    focus_area_id: str = ""
    measurements: tuple[tuple[dt.date, float | None, str, str], ...] = ()


@dataclass(frozen=True)
class Certificates:
    """Validation certificates for a share of those who attended a focus area's activities."""

    focus_area_id: str
    competence_area: str
    share: float


@dataclass(frozen=True)
class ProjectSpec:
    """Everything needed to generate one project's folder of exports."""

    folder: str
    project_id: str
    name: str
    programme_area: str
    phase: str
    owner: str
    contact_person: str
    email: str
    phone: str
    esf_grant_sek: int
    total_budget_sek: int
    start: dt.date
    end: dt.date
    region: str
    municipalities: tuple[Municipality, ...]
    headcount: int
    focus_areas: tuple[FocusArea, ...]
    activities: tuple[ActivitySpec, ...]
    surveys: SurveyPlan
    budget: Budget
    goals: tuple[Goal, ...]
    certificates: tuple[Certificates, ...] = ()
    ambassadors_per_department: int = 1
    departments_short_of_ambassadors: tuple[str, ...] = ()  # department unit ids with one ambassador too few
    elected: int = 0  # förtroendevalda in the target group
    x_count: int = 0  # people with gender X in the HR export (ESF+)
    participating_actors: str = ""
    partners: str = ""
    meeting_topics: tuple[str, ...] = ()
    person_format: str = "xlsx"
    person_has_gender: bool = True  # False: an older HR system; gender and birth year come from personnummer
    attendance_identified_by: str = "employee_id"

    @property
    def data_until(self) -> dt.date:
        """The last day with data: the end date, or the demo's today for an ongoing project."""
        return min(self.end, DEMO_TODAY)
