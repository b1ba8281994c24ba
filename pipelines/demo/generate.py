"""Generate one demo project's raw export files from its spec, streaming the large ones to disk."""
from __future__ import annotations

import datetime as dt
import math
import zlib
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from pipelines.demo.formats import (MEN_NAMES, NEUTRAL_NAMES, SURNAMES, WOMEN_NAMES, amount, decimal, iso,
                                    personnummer, write_csv, write_xlsx)
from pipelines.demo.model import DEMO_TODAY, ActivitySpec, Department, Occupation, ProjectSpec

HME_ITEMS = (  # SKR's nine HME statements: (item id, text, sub-index, how answers lean)
    ("HME1", "Jag upplever att mitt arbete känns meningsfullt", "motivation", 0.35),
    ("HME2", "Jag lär nytt och utvecklas i mitt dagliga arbete", "motivation", -0.05),
    ("HME3", "Jag ser fram emot att gå till arbetet", "motivation", 0.0),
    ("HME4", "Min närmaste chef visar förtroende för mig som medarbetare", "ledarskap", 0.3),
    ("HME5", "Min närmaste chef är ett bra stöd för mig i mitt arbete", "ledarskap", 0.0),
    ("HME6", "Min närmaste chef ger mig förutsättningar att ta ansvar i mitt arbete", "ledarskap", 0.1),
    ("HME7", "Jag är insatt i min arbetsplats mål", "styrning", -0.1),
    ("HME8", "Jag förstår hur mina arbetsuppgifter bidrar till att nå målen", "styrning", -0.05),
    ("HME9", "Jag vet vad som förväntas av mig i mitt arbete", "styrning", 0.2),
)
# BAS accounts the economy system books each cost heading on (and the ledger texts that go with them).
LEDGER_ACCOUNTS = {
    "personal": (("7010", "Lön projektledning"), ("7510", "Arbetsgivaravgifter projektpersonal")),
    "köp av tjänst": (("6550", "Konsultarvode utbildning"), ("6550", "Föreläsare"),
                      ("6590", "Processtöd, extern utvärdering")),
    "lokal": (("5010", "Lokalhyra kursgård"), ("5060", "Konferenslokal, städning")),
    "resa": (("5810", "Resor, biljetter"), ("5831", "Hotell och logi")),
    "materiel": (("5460", "Kursmaterial och litteratur"), ("4010", "Tryck informationsmaterial")),
    "indirekta kostnader": (("7990", "Indirekta kostnader, schablon"),),
    "deltagarlön": (("7011", "Deltagarlön enligt närvarolistor"),),
}


def rng_for(seed: int, key: str, purpose: str) -> np.random.Generator:
    """An independent random stream per project and purpose, so one part can change without moving the rest."""
    return np.random.default_rng([seed, zlib.crc32(key.encode()), zlib.crc32(purpose.encode())])


@dataclass
class Person:
    """One employee of the target group as the HR system knows them."""

    index: int
    employee_id: str
    personnummer: str
    name: str
    gender: str
    birth_year: int
    department: Department
    department_unit: str
    unit_id: str
    occupation: str
    education: str
    role: str
    employment_form: str
    wage: float
    reachable: bool = True  # False: on long leave or rarely scheduled, so never invited to staff-wide activities
    attended_hours: float = 0.0
    focus_hours: dict[str, float] = field(default_factory=dict)
    last_attended: dict[str, dt.date] = field(default_factory=dict)


@dataclass
class ProjectStats:
    """What was written for one project, for progress lines and tests."""

    people: int = 0
    attendance_rows: int = 0
    survey_answers: int = 0
    files: int = 0
    bytes: int = 0


def generate_project(spec: ProjectSpec, out_dir: Path, seed: int) -> ProjectStats:
    """Write every file kind of the contract for one project into out_dir/spec.folder."""
    folder = out_dir / spec.folder
    folder.mkdir(parents=True, exist_ok=True)
    stats = ProjectStats()
    write_project_facts(spec, folder)
    units = write_units(spec, folder)
    people = make_people(spec, units, rng_for(seed, spec.project_id, "people"))
    stats.people = len(people)
    write_people(spec, folder, people)
    write_focus_areas(spec, folder)
    pay_by_month, stats.attendance_rows = write_activities_and_attendance(
        spec, folder, people, rng_for(seed, spec.project_id, "attendance"))
    stats.survey_answers = write_surveys(spec, folder, people, rng_for(seed, spec.project_id, "surveys"))
    write_budget_and_ledger(spec, folder, pay_by_month, rng_for(seed, spec.project_id, "money"))
    write_goals(spec, folder)
    write_certificates_and_ambassadors(spec, folder, people, rng_for(seed, spec.project_id, "certificates"))
    write_meetings(spec, folder, rng_for(seed, spec.project_id, "meetings"))
    files = sorted(p for p in folder.iterdir() if p.is_file())
    stats.files = len(files)
    stats.bytes = sum(p.stat().st_size for p in files)
    return stats


# ---------------------------------------------------------------------------------------------- project, units
def write_project_facts(spec: ProjectSpec, folder: Path) -> None:
    """projekt.csv: one row of project facts, as on the project-bank page."""
    header = ("Projekt-id", "Projektnamn", "Programområde", "Projektfas", "Projektägare", "Kontaktperson", "E-post",
              "Telefonnummer", "Beviljat ESF-stöd", "Total projektbudget", "Startdatum", "Slutdatum", "Region",
              "Kommuner", "Deltagande aktörer", "Samarbetspartners")
    row = (spec.project_id, spec.name, spec.programme_area, spec.phase, spec.owner, spec.contact_person, spec.email,
           spec.phone, amount(spec.esf_grant_sek), amount(spec.total_budget_sek), iso(spec.start), iso(spec.end),
           spec.region, ", ".join(m.name for m in spec.municipalities), spec.participating_actors, spec.partners)
    write_csv(folder / "projekt.csv", header, [row])


@dataclass(frozen=True)
class Unit:
    """A unit people can be placed in, with its department."""

    unit_id: str
    department: Department
    department_unit: str
    municipality: str
    prefix: str
    weight: float
    occupations: tuple[Occupation, ...]


def write_units(spec: ProjectSpec, folder: Path) -> list[Unit]:
    """enheter.csv: departments and their units per municipality; returns the units people sit in."""
    rows, units = [], []
    for municipality in spec.municipalities:
        for department in municipality.departments:
            department_unit = f"{municipality.prefix}{department.code}"
            rows.append((department_unit, department.name, municipality.name, "", "förvaltning"))
            subunit_weight = sum(s.weight for s in department.subunits)
            for subunit in department.subunits:
                unit_id = f"{department_unit}-{subunit.code}"
                rows.append((unit_id, subunit.name, municipality.name, department_unit, subunit.unit_type))
                units.append(Unit(unit_id, department, department_unit, municipality.name, municipality.prefix,
                                  department.weight * subunit.weight / subunit_weight, subunit.occupations))
    write_csv(folder / "enheter.csv", ("Enhets-id", "Enhet", "Kommun", "Överordnad enhet", "Enhetstyp"), rows)
    return units


# ---------------------------------------------------------------------------------------------- people
def split_exactly(total: int, weights: list[float]) -> list[int]:
    """Split a whole number by weights with the largest-remainder rule, so the parts sum to total."""
    scaled = [total * w / sum(weights) for w in weights]
    parts = [math.floor(s) for s in scaled]
    for i in sorted(range(len(weights)), key=lambda i: parts[i] - scaled[i])[: total - sum(parts)]:
        parts[i] += 1
    return parts


def make_people(spec: ProjectSpec, units: list[Unit], rng: np.random.Generator) -> list[Person]:
    """The target group: sizes by unit weight, gender by department, chefs per unit, a few förtroendevalda."""
    elected_units = [u for u in units if u.department.code == "POL"]
    staff_units = [u for u in units if u.department.code != "POL"]
    counts = split_exactly(spec.headcount - spec.elected, [u.weight for u in staff_units])
    placements = [(u, n) for u, n in zip(staff_units, counts)] + [(u, spec.elected // len(elected_units)
                                                                    + (i < spec.elected % len(elected_units)))
                                                                   for i, u in enumerate(elected_units)]
    used_pnr: set[str] = set()
    people: list[Person] = []
    forms = np.array(["tillsvidare", "visstid", "timavlönad"])
    for unit, n in placements:
        elected = unit.department.code == "POL"
        chefs = 0 if elected else max(1, round(n / 18)) if n >= 4 else 0
        chef_slots = set(rng.choice(n, size=chefs, replace=False).tolist()) if chefs else set()
        weights = np.array([o.weight for o in unit.occupations], dtype=float)
        # draw the unit's people column by column: much faster than person by person at national scale
        women = rng.random(n) < unit.department.women_share
        ages = np.clip(rng.normal(45, 11, n), 19, 66).astype(int)
        birth_days = rng.integers(0, 365, n)
        serials = rng.integers(0, 490, n)
        occupations = rng.choice(len(weights), size=n, p=weights / weights.sum())
        wage_draws = rng.random(n)
        form_draws = rng.choice(3, size=n, p=[0.86, 0.10, 0.04])
        first_names = rng.integers(0, 1000, n)
        surnames = rng.integers(0, len(SURNAMES), n)
        reach_draws = rng.random(n)
        for slot in range(n):
            woman = bool(women[slot])
            birth_year = spec.start.year - int(ages[slot])
            birth = dt.date(birth_year, 1, 1) + dt.timedelta(days=int(birth_days[slot]))
            pnr = personnummer(birth, int(serials[slot]), woman)
            while pnr in used_pnr:  # a clash on birth date and serial: take the next free serial
                pnr = personnummer(birth, (int(pnr[9:11]) * 5 + 3) % 490, woman)
            used_pnr.add(pnr)
            occupation = unit.occupations[int(occupations[slot])]
            role = "förtroendevald" if elected else "chef" if slot in chef_slots else "medarbetare"
            title, education, (low, high) = occupation.title, occupation.education, occupation.wage
            if role == "chef":
                title, education, (low, high) = _chef_title(unit.department.code), "eftergymnasial", (470, 600)
            wage = round((low + (high - low) * float(wage_draws[slot])) * 4) / 4  # öre matter: quarter kronor
            form = "" if elected else str(forms[form_draws[slot]])
            names = WOMEN_NAMES if woman else MEN_NAMES
            reachable = role != "medarbetare" or reach_draws[slot] > (0.3 if form == "timavlönad" else 0.09)
            people.append(Person(
                index=len(people), employee_id=unit.prefix, personnummer=pnr,
                name=f"{names[first_names[slot] % len(names)]} {SURNAMES[surnames[slot]]}",
                gender="K" if woman else "M", birth_year=birth_year, department=unit.department,
                department_unit=unit.department_unit, unit_id=unit.unit_id, occupation=title, education=education,
                role=role, employment_form=form, wage=wage, reachable=bool(reachable)))
    # employee numbers are unique per municipality prefix, drawn without replacement
    for prefix in sorted({p.employee_id for p in people}):
        staff = [p for p in people if p.employee_id == prefix]
        for person, number in zip(staff, rng.choice(9 * spec.headcount, size=len(staff), replace=False) + 1000):
            person.employee_id = f"{prefix}{number}"
    # ESF+ records non-binary gender: the HR export says X whatever the personnummer's gender digit
    if spec.x_count:
        for i in sorted(rng.choice([p.index for p in people if p.role == "medarbetare"], size=spec.x_count,
                                   replace=False).tolist()):
            people[i].gender = "X"
            people[i].name = f"{NEUTRAL_NAMES[int(rng.integers(0, len(NEUTRAL_NAMES)))]} {people[i].name.split(' ')[1]}"
    return people


def _chef_title(department_code: str) -> str:
    """What a manager is called in the department."""
    return {"BUF": "Rektor", "FSK": "Förskolechef", "VOF": "Enhetschef", "SOC": "Enhetschef"}.get(
        department_code, "Avdelningschef")


def write_people(spec: ProjectSpec, folder: Path, people: list[Person]) -> None:
    """personal.xlsx (or .csv): the HR export, with name and personnummer as real exports have them."""
    header = ["Anställningsnummer", "Personnummer", "Namn", "Kön", "Födelseår", "Enhets-id", "Befattning", "Roll",
              "Anställningsform", "Utbildningsnivå", "Timkostnad inkl. sociala avgifter"]
    if not spec.person_has_gender:
        header.remove("Kön")
        header.remove("Födelseår")

    def rows(wage_as):
        for p in sorted(people, key=lambda p: (p.unit_id, p.name)):
            row = [p.employee_id, p.personnummer, p.name, p.gender, p.birth_year, p.unit_id, p.occupation, p.role,
                   p.employment_form, p.education, wage_as(p.wage)]
            if not spec.person_has_gender:
                del row[3:5]
            yield row

    if spec.person_format == "xlsx":
        write_xlsx(folder / "personal.xlsx", "Personal", header, rows(float))
    else:
        write_csv(folder / "personal.csv", header, rows(decimal))


# ---------------------------------------------------------------------------------------------- plan, attendance
def write_focus_areas(spec: ProjectSpec, folder: Path) -> None:
    """fokusomraden.csv."""
    write_csv(folder / "fokusomraden.csv", ("Fokusområdes-id", "Fokusområde", "Beskrivning", "Målvärde deltagare"),
              [(f.focus_area_id, f.name, f.description, f.target_participants) for f in spec.focus_areas])


def audience_of(activity: ActivitySpec, people: list[Person], rng: np.random.Generator) -> list[Person]:
    """The people invited to an activity: its group, then a random share (float) or count (int) of it."""
    group, share = activity.audience.group, activity.audience.share
    if group == "alla":
        pool = [p for p in people if p.role != "förtroendevald" and p.reachable]
    elif group in ("chefer", "medarbetare", "förtroendevalda"):
        role = {"chefer": "chef", "medarbetare": "medarbetare", "förtroendevalda": "förtroendevald"}[group]
        pool = [p for p in people if p.role == role]
    elif group.startswith("dept:"):
        codes = set(group[5:].split("+"))
        pool = [p for p in people if p.department.code in codes and p.role != "förtroendevald" and p.reachable]
    elif group.startswith("occ:"):
        titles = set(group[4:].split("+"))
        pool = [p for p in people if p.occupation in titles and p.reachable]
    else:
        raise ValueError(f"unknown audience {group}")
    size = min(len(pool), share if isinstance(share, int) else round(len(pool) * share))
    chosen = rng.choice(len(pool), size=size, replace=False) if size else []
    return [pool[i] for i in sorted(chosen)]


FIXED_HOLIDAYS = {(1, 1), (1, 6), (5, 1), (6, 6), (12, 24), (12, 25), (12, 26), (12, 31)}


def training_day(day: dt.date) -> dt.date:
    """The first day from `day` on when training is held: a weekday, not a fixed holiday, not in July."""
    while day.weekday() >= 5 or (day.month, day.day) in FIXED_HOLIDAYS or day.month == 7:
        day += dt.timedelta(days=1)
    return day


def session_dates(activity: ActivitySpec, offset_days: int = 0) -> list[dt.date]:
    """The activity's session days (shifted by offset_days for a person's own group), distinct training days."""
    days: list[dt.date] = []
    for k in range(activity.sessions):
        day = training_day(activity.start + dt.timedelta(days=offset_days + k * activity.interval_days))
        if days and day <= days[-1]:  # pushed onto the previous session by a weekend or holiday
            day = training_day(days[-1] + dt.timedelta(days=1))
        days.append(day)
    return days


def write_activities_and_attendance(spec: ProjectSpec, folder: Path, people: list[Person],
                                    rng: np.random.Generator) -> tuple[dict[tuple[int, int], float], int]:
    """aktiviteter.csv and narvaro.csv (no-shows as 0 hours, partial attendance); returns pay by month."""
    pay_by_month: dict[tuple[int, int], float] = defaultdict(float)
    activity_rows = []
    attendance_header = ("Aktivitets-id", "Personnummer" if spec.attendance_identified_by == "personnummer"
                         else "Anställningsnummer", "Datum", "Timmar")
    attendance_rows = []
    for activity in spec.activities:
        invited = audience_of(activity, people, rng)
        spread = activity.spread_days
        end = session_dates(activity, spread)[-1]
        planned = max(5, 5 * round(len(invited) * float(rng.uniform(1.0, 1.25)) / 5))
        activity_rows.append((activity.activity_id, activity.name, activity.focus_area_id, activity.activity_type,
                              iso(activity.start), iso(end), decimal(activity.session_hours * activity.sessions),
                              planned, amount(activity.planned_cost_sek)))
        for person in invited:
            never_came = rng.random() < 0.06  # registered but did not come to anything
            # with a spread, each person's group (workplace, e-learning) starts on its own day
            for day in session_dates(activity, int(rng.integers(0, spread + 1)) if spread else 0):
                if day > DEMO_TODAY:
                    continue  # planned, not yet held
                draw = rng.random()
                if never_came or draw < 0.07:
                    hours = 0.0
                elif draw < 0.17:
                    hours = max(0.5, round(activity.session_hours * float(rng.choice([0.5, 0.75])) * 2) / 2)
                else:
                    hours = activity.session_hours
                person_id = person.personnummer if spec.attendance_identified_by == "personnummer" \
                    else person.employee_id
                attendance_rows.append((activity.activity_id, person_id, iso(day), decimal(hours)))
                if hours > 0:
                    person.attended_hours += hours
                    person.focus_hours[activity.focus_area_id] = person.focus_hours.get(
                        activity.focus_area_id, 0.0) + hours
                    last = person.last_attended.get(activity.focus_area_id)
                    person.last_attended[activity.focus_area_id] = max(day, last) if last else day
                    pay_by_month[(day.year, day.month)] += hours * person.wage
    write_csv(folder / "aktiviteter.csv", ("Aktivitets-id", "Aktivitet", "Fokusområdes-id", "Typ", "Startdatum",
                                           "Slutdatum", "Timmar per deltagare", "Planerat antal deltagare",
                                           "Planerad kostnad"), activity_rows)
    count = write_csv(folder / "narvaro.csv", attendance_header, attendance_rows)
    return pay_by_month, count


# ---------------------------------------------------------------------------------------------- surveys
def write_surveys(spec: ProjectSpec, folder: Path, people: list[Person], rng: np.random.Generator) -> int:
    """enkater.csv, fragor.csv, kravnivaer.csv and the wide exports; returns the number of answers written."""
    plan = spec.surveys
    items = [(f"K{n:02d}", text, area) for n, (area, text) in
             enumerate(((a, t) for a in plan.areas for t in a.items), start=1)]
    catalogue = [(item_id, text, "kompetens", area.name, "", 1, plan.scale_max) for item_id, text, area in items]
    catalogue += [(item_id, text, "hme", "", index, 1, 5) for item_id, text, index, _ in HME_ITEMS]
    write_csv(folder / "fragor.csv", ("Fråge-id", "Frågetext", "Enkättyp", "Kompetensområde", "HME-delindex",
                                      "Skala min", "Skala max"), catalogue)
    write_csv(folder / "kravnivaer.csv", ("Kompetensområde", "Roll", "Enhets-id", "Kravnivå"),
              [(r.area, r.role, r.unit_id, decimal(r.level, 1)) for r in plan.requirements])

    n = len(people)
    scale = (plan.scale_max - 1) / 3  # offsets in the specs are on a 1–4 scale
    dept_codes = sorted({p.department.code for p in people})
    dept_index = np.array([dept_codes.index(p.department.code) for p in people])
    departments = {p.department.code: p.department for p in people}
    area_noise = rng.normal(0, 0.25, size=(len(dept_codes), len(plan.areas)))  # department × area differences
    baseline = (plan.base_level
                + scale * np.array([departments[c].competence_offset for c in dept_codes])[dept_index][:, None]
                + scale * np.array([a.offset for a in plan.areas])[None, :]
                + scale * area_noise[dept_index]
                + rng.normal(0, 0.45 * scale, size=(n, len(plan.areas))))
    hours = np.array([min(p.attended_hours, 30.0) for p in people])
    area_factor = rng.uniform(0.5, 1.4, size=len(plan.areas))  # some areas improve more than others
    improvement = plan.improvement_scale * np.array([departments[c].improvement for c in dept_codes])
    change = (scale * improvement[dept_index][:, None]
              * area_factor[None, :] * (0.4 + hours[:, None] / 30)
              + rng.normal(0, 0.35 * scale, size=(n, len(plan.areas))))  # some people decline
    follow_up = baseline + change

    surveys, answers = [], 0
    area_of_item = np.array([[a.name for a in plan.areas].index(area.name) for _, _, area in items])
    responded_baseline = rng.random(n) < 0.88
    for wave, day, levels, responded in (
            ("baslinje", plan.competence_dates[0], baseline, responded_baseline),
            ("uppföljning", plan.competence_dates[1], follow_up,
             np.where(responded_baseline, rng.random(n) < 0.86, rng.random(n) < 0.4))):
        if day is None or day > DEMO_TODAY:
            continue
        file_name = f"kompetenskartlaggning_{wave.replace('ö', 'o')}_{day:%Y-%m}.csv"
        surveys.append((f"KOMP-{'BAS' if wave == 'baslinje' else 'UPP'}", "kompetens", wave, iso(day), file_name))
        answers += _write_competence_export(spec, folder / file_name, people, items, levels[:, area_of_item],
                                            responded, submissions(day, len(people), rng), rng)
    hme_level = (plan.hme_base + np.array([departments[c].hme_offset for c in dept_codes])[dept_index]
                 + rng.normal(0, 0.55, size=n))
    hme_follow = hme_level + np.array([departments[c].hme_change for c in dept_codes])[dept_index] \
        + rng.normal(0, 0.3, size=n)
    for wave, day, level, rate in (("baslinje", plan.hme_dates[0], hme_level, 0.78),
                                   ("uppföljning", plan.hme_dates[1], hme_follow, 0.74)):
        if day is None or day > DEMO_TODAY:
            continue
        file_name = f"medarbetarenkat_{wave.replace('ö', 'o')}_{day:%Y}.{plan.hme_format}"
        surveys.append((f"HME-{'BAS' if wave == 'baslinje' else 'UPP'}", "hme", wave, iso(day), file_name))
        answers += _write_hme_export(plan.hme_format, folder / file_name, people, level, rng.random(n) < rate,
                                     submissions(day, n, rng), rng)
    write_csv(folder / "enkater.csv", ("Enkät-id", "Typ", "Omgång", "Datum", "Fil"), surveys)
    return answers


def submissions(opened: dt.date, n: int, rng: np.random.Generator) -> list[str]:
    """When each person sent in the survey: within two weeks of it opening, in the daytime, never after today."""
    days = rng.integers(0, 15, n)
    minutes = rng.integers(7 * 60, 22 * 60, n)
    return [f"{min(opened + dt.timedelta(days=int(d)), DEMO_TODAY)} {m // 60:02d}:{m % 60:02d}"
            for d, m in zip(days, minutes)]


def _write_competence_export(spec: ProjectSpec, path: Path, people: list[Person], items, item_levels: np.ndarray,
                             responded: np.ndarray, submitted: list[str], rng: np.random.Generator) -> int:
    """A competence-mapping export: one row per respondent, one column per item (id or text as header)."""
    plan = spec.surveys
    n_items = len(items)
    answers = np.clip(np.rint(item_levels + rng.normal(0, 0.5 * (plan.scale_max - 1) / 3,
                                                       size=item_levels.shape)), 1, plan.scale_max).astype(int)
    skipped = rng.random(item_levels.shape) < 0.015
    by_pnr = plan.competence_identified_by == "personnummer"
    # the survey tool adds when each answer came in (not in the contract: ingest ignores it)
    header = ["Inskickad", "Personnummer" if by_pnr else "Anställningsnummer"] + \
        [item_id if plan.competence_header == "id" else text for item_id, text, _ in items]
    order = sorted(range(len(people)), key=submitted.__getitem__)  # listed in the order they answered
    written = 0

    def rows():
        nonlocal written
        for i in order:
            if not responded[i]:
                continue
            person = people[i]
            cells = ["" if skipped[i, j] else str(answers[i, j]) for j in range(n_items)]
            written += n_items - int(skipped[i].sum())
            yield [submitted[i], person.personnummer if by_pnr else person.employee_id, *cells]

    write_csv(path, header, rows())
    return written


def _write_hme_export(file_format: str, path: Path, people: list[Person], level: np.ndarray, responded: np.ndarray,
                      submitted: list[str], rng: np.random.Generator) -> int:
    """An anonymous HME export: gender and unit, then the nine statements as headers, answers 1–5 or Vet ej."""
    lean = np.array([item[3] for item in HME_ITEMS])
    answers = np.clip(np.rint(level[:, None] + lean[None, :] + rng.normal(0, 0.6, size=(len(people), 9))), 1, 5)
    dont_know = rng.random(answers.shape)
    header = ["Inskickad", "Kön", "Enhets-id"] + [text for _, text, _, _ in HME_ITEMS]
    written = 0

    def rows():
        nonlocal written
        for i in sorted(range(len(people)), key=submitted.__getitem__):
            if not responded[i]:
                continue
            cells: list[object] = []
            for j in range(9):
                if dont_know[i, j] < 0.02:
                    cells.append("Vet ej")
                elif dont_know[i, j] < 0.03:
                    cells.append("")
                else:
                    cells.append(int(answers[i, j]) if file_format == "xlsx" else str(int(answers[i, j])))
                    written += 1
            yield [submitted[i], people[i].gender, people[i].unit_id, *cells]

    if file_format == "xlsx":
        write_xlsx(path, "Svar", header, rows())
    else:
        write_csv(path, header, rows())
    return written


# ---------------------------------------------------------------------------------------------- money
def project_months(start: dt.date, end: dt.date) -> list[tuple[int, int]]:
    """The (year, month) pairs a period touches."""
    months, year, month = [], start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _period_of(year: int, month: int, granularity: str) -> str:
    """The budget period label a month belongs to."""
    if granularity == "year":
        return str(year)
    if granularity == "quarter":
        return f"{year}-Q{(month - 1) // 3 + 1}"
    return f"{year}-{month:02d}"


def write_budget_and_ledger(spec: ProjectSpec, folder: Path, pay_by_month: dict[tuple[int, int], float],
                            rng: np.random.Generator) -> None:
    """budget.xlsx (plan per period, heading and financier; sums exact) and huvudbok.csv (spending ramps up)."""
    budget = spec.budget
    months = project_months(spec.start, spec.end)
    lines: list[tuple[str, str, int]] = []  # heading, financing source, amount for the whole project
    esf_parts = split_exactly(spec.esf_grant_sek, [w for _, w in budget.esf_headings])
    lines += [(heading, "esf", part) for (heading, _), part in zip(budget.esf_headings, esf_parts)]
    if budget.cofinancing:
        co_parts = split_exactly(spec.total_budget_sek - spec.esf_grant_sek, [s for _, _, s in budget.cofinancing])
        lines += [(heading, source, part) for (heading, source, _), part in zip(budget.cofinancing, co_parts)]
    # plans are drawn up flat per month, a little lighter in the first months of start-up
    month_weights = [0.6 if i < 3 else 1.0 for i in range(len(months))]
    periods = sorted({_period_of(y, m, budget.period) for y, m in months}, key=lambda p: (p[:4], p))
    plan_rows, plan_by_month = [], defaultdict(float)
    for heading, source, total in lines:
        by_month = split_exactly(total, month_weights)
        for (y, m), part in zip(months, by_month):
            plan_by_month[(heading, y, m)] += part
        for period in periods:
            period_sum = sum(part for (y, m), part in zip(months, by_month) if _period_of(y, m, budget.period)
                             == period)
            plan_rows.append((period, heading, source, period_sum))
    write_xlsx(folder / "budget.xlsx", "Budget", ("Period", "Kostnadsslag", "Finansiär", "Belopp"), plan_rows)

    headings = sorted({heading for heading, _, _ in lines}, key=list(LEDGER_ACCOUNTS).index)
    ledger_rows = []
    spent_months = [ym for ym in months if dt.date(*ym, 1) <= spec.data_until]
    for i, (y, m) in enumerate(spent_months):
        progress = i / max(len(months) - 1, 1)
        rate = budget.spend_start + (budget.spend_end - budget.spend_start) * progress
        last_day = min(dt.date(y + (m == 12), m % 12 + 1, 1) - dt.timedelta(days=1), spec.data_until)
        booking_days = [d for d in (dt.date(y, m, n) for n in range(1, last_day.day + 1)) if d.weekday() < 5] \
            or [last_day]
        for heading in headings:
            if heading == "deltagarlön":
                spent = round(pay_by_month.get((y, m), 0.0))  # booked from the signed attendance lists
            else:
                spent = round(plan_by_month[(heading, y, m)] * rate * float(rng.lognormal(0, 0.25)))
            if spent <= 0:
                continue
            accounts = LEDGER_ACCOUNTS[heading]
            pieces = 1 if heading in ("indirekta kostnader", "deltagarlön") else int(rng.integers(1, 4))
            shares = split_exactly(spent, list(rng.uniform(0.5, 1.5, size=pieces)))
            for share in shares:
                account, text = accounts[int(rng.integers(0, len(accounts)))]
                day = booking_days[int(rng.integers(0, len(booking_days)))]
                ledger_rows.append((day, account, heading, share, text))
        if rng.random() < 0.08:  # an occasional correction of an earlier booking
            heading = headings[int(rng.integers(0, len(headings)))]
            account, text = LEDGER_ACCOUNTS[heading][0]
            ledger_rows.append((booking_days[-1], account, heading, -int(rng.integers(500, 8000)),
                                f"Rättelse: {text.lower()}"))
    ledger_rows.sort(key=lambda r: (r[0], r[1], r[3]))
    # the economy system numbers vouchers in date order, starting again each year
    numbered, year, voucher = [], None, 0
    for day, account, heading, share, text in ledger_rows:
        voucher = 1 if day.year != year else voucher + 1
        year = day.year
        numbered.append((day, f"{day.year}-{voucher:05d}", account, heading, share, text))
    header = ["Datum", "Verifikation", "Konto", "Kostnadsslag", "Belopp", "Text"]
    if not budget.ledger_cost_heading:
        header.remove("Kostnadsslag")
    write_csv(folder / "huvudbok.csv", header, (
        [iso(d), v, a, h, amount(s), t] if budget.ledger_cost_heading else [iso(d), v, a, amount(s), t]
        for d, v, a, h, s, t in numbered))


# ---------------------------------------------------------------------------------------------- goals and people
def write_goals(spec: ProjectSpec, folder: Path) -> None:
    """delmal.csv and matningar.csv (hand-entered measurements with status grön/gul/röd or blank, and comment)."""

    def number(value: float | None) -> str:
        return "" if value is None else decimal(value, 1)

    write_csv(folder / "delmal.csv", ("Delmåls-id", "Delmål", "Indikator", "Enhet", "Utgångsvärde", "Målvärde",
                                      "Måldatum", "Beräknas från", "Fokusområdes-id"),
              [(g.goal_id, g.name, g.indicator, g.unit, number(g.baseline), number(g.target), iso(g.target_date),
                g.computed_from, g.focus_area_id) for g in spec.goals])
    write_csv(folder / "matningar.csv", ("Delmåls-id", "Datum", "Värde", "Status", "Kommentar"),
              [(g.goal_id, iso(day), number(value), colour, comment)
               for g in spec.goals for day, value, colour, comment in g.measurements if day <= DEMO_TODAY])


def write_certificates_and_ambassadors(spec: ProjectSpec, folder: Path, people: list[Person],
                                       rng: np.random.Generator) -> None:
    """valideringsintyg.csv (a share of those who took part) and ambassadorer.csv (n per department)."""
    certificates = []
    for rule in spec.certificates:
        eligible = [p for p in people if p.focus_hours.get(rule.focus_area_id, 0) > 0]
        for person in eligible:
            if rng.random() < rule.share:
                day = person.last_attended[rule.focus_area_id] + dt.timedelta(days=int(rng.integers(14, 60)))
                certificates.append((min(day, spec.data_until), person.employee_id, rule.competence_area))
    certificates.sort()
    write_csv(folder / "valideringsintyg.csv", ("Anställningsnummer", "Datum", "Kompetensområde"),
              [(employee_id, iso(day), area) for day, employee_id, area in certificates])

    ambassadors = []
    for department_unit in sorted({p.department_unit for p in people if p.role == "medarbetare"}):
        wanted = spec.ambassadors_per_department - (department_unit in spec.departments_short_of_ambassadors)
        pool = [p for p in people if p.department_unit == department_unit and p.role == "medarbetare"]
        for i in sorted(rng.choice(len(pool), size=min(wanted, len(pool)), replace=False).tolist()):
            start = spec.start + dt.timedelta(days=int(rng.integers(45, 150)))
            ambassadors.append((pool[i].employee_id, department_unit, iso(min(start, spec.data_until))))
    write_csv(folder / "ambassadorer.csv", ("Anställningsnummer", "Enhets-id", "Startdatum"), ambassadors)


MEETING_NOTES = (
    "Projektplanen och tidplanen fastställdes. Styrgruppen utsåg en arbetsgrupp för kompetenskartläggningen.",
    "Kartläggningen är genomförd. Svarsfrekvensen var god; resultatet per förvaltning presenterades.",
    "Lägesrapport och ansökan om utbetalning godkändes. Förbrukningen ligger under plan; aktiviteterna "
    "under hösten ska tidigareläggas.",
    "Deltagandet per kön redovisades. Männens deltagande är lägre än deras andel av personalen; "
    "förvaltningscheferna ska se över schemaläggningen.",
    "Budgetuppföljning: köp av tjänst följer plan, personalkostnaderna ligger under. Prognosen revideras.",
    "Genomgång av delmålen. Två delmål är gröna, ett gult; åtgärder beslutades för det gula.",
    "Utvärderaren presenterade en delrapport. Styrgruppen tog ställning till rekommendationerna.",
    "Planering av uppföljande kartläggning och medarbetarenkät. Information går ut via cheferna.",
    "Lägesrapport godkändes. Diskussion om hur arbetssätten ska leva vidare efter projektet.",
    "Slutrapporten och spridningskonferensen planerades. Implementeringsplan tas fram till nästa möte.",
)


def write_meetings(spec: ProjectSpec, folder: Path, rng: np.random.Generator) -> None:
    """styrgruppsmoten.csv: a meeting every two to three months from the start until the end or today."""
    rows, day, number = [], spec.start + dt.timedelta(days=int(rng.integers(10, 30))), 1
    topics = spec.meeting_topics or MEETING_NOTES
    while day <= spec.data_until:
        meeting_day = training_day(day)
        if meeting_day > spec.data_until:
            break
        note = topics[min(number - 1, len(topics) - 1)] if number <= len(topics) else \
            MEETING_NOTES[int(rng.integers(2, len(MEETING_NOTES) - 1))]
        rows.append((iso(meeting_day), f"Styrgruppsmöte {number}", note))
        day += dt.timedelta(days=int(rng.integers(56, 92)))
        number += 1
    write_csv(folder / "styrgruppsmoten.csv", ("Datum", "Rubrik", "Anteckning"), rows)
