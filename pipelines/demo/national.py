"""A national-scale demo portfolio (about 300 projects, 1 million people) for benchmarks, made one project at a time."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import replace

import numpy as np

from pipelines.demo.formats import MEN_NAMES, SURNAMES, WOMEN_NAMES
from pipelines.demo.generate import split_exactly
from pipelines.demo.model import (DEMO_TODAY, ActivitySpec, Audience, Budget, Certificates, FocusArea, Goal,
                                  Municipality, ProjectSpec, Requirement, SurveyPlan)
from pipelines.demo.portfolio import BUF, KFF, KLF, SBF, SERV, TEK, VOF, area

NATIONAL_PROJECTS = 300
NATIONAL_PEOPLE = 1_000_000

MUNICIPALITIES = (  # (municipality, ESF region)
    ("Kiruna", "Övre Norrland"), ("Luleå", "Övre Norrland"), ("Skellefteå", "Övre Norrland"),
    ("Umeå", "Övre Norrland"), ("Östersund", "Mellersta Norrland"), ("Sundsvall", "Mellersta Norrland"),
    ("Härnösand", "Mellersta Norrland"), ("Örnsköldsvik", "Mellersta Norrland"), ("Gävle", "Norra Mellansverige"),
    ("Falun", "Norra Mellansverige"), ("Borlänge", "Norra Mellansverige"), ("Karlstad", "Norra Mellansverige"),
    ("Arvika", "Norra Mellansverige"), ("Hudiksvall", "Norra Mellansverige"), ("Uppsala", "Östra Mellansverige"),
    ("Västerås", "Östra Mellansverige"), ("Örebro", "Östra Mellansverige"), ("Eskilstuna", "Östra Mellansverige"),
    ("Norrköping", "Östra Mellansverige"), ("Linköping", "Östra Mellansverige"),
    ("Nyköping", "Östra Mellansverige"),
    ("Enköping", "Östra Mellansverige"), ("Södertälje", "Stockholm"), ("Botkyrka", "Stockholm"),
    ("Huddinge", "Stockholm"), ("Nacka", "Stockholm"), ("Haninge", "Stockholm"), ("Järfälla", "Stockholm"),
    ("Norrtälje", "Stockholm"), ("Göteborg", "Västsverige"), ("Borås", "Västsverige"),
    ("Trollhättan", "Västsverige"),
    ("Uddevalla", "Västsverige"), ("Skövde", "Västsverige"), ("Halmstad", "Västsverige"),
    ("Varberg", "Västsverige"), ("Kungsbacka", "Västsverige"), ("Lidköping", "Västsverige"),
    ("Jönköping", "Småland och öarna"), ("Växjö", "Småland och öarna"), ("Kalmar", "Småland och öarna"),
    ("Värnamo", "Småland och öarna"), ("Gotland", "Småland och öarna"), ("Västervik", "Småland och öarna"),
    ("Ljungby", "Småland och öarna"), ("Malmö", "Sydsverige"), ("Helsingborg", "Sydsverige"), ("Lund", "Sydsverige"),
    ("Kristianstad", "Sydsverige"), ("Hässleholm", "Sydsverige"), ("Trelleborg", "Sydsverige"),
    ("Ystad", "Sydsverige"), ("Karlskrona", "Sydsverige"), ("Karlshamn", "Sydsverige"), ("Ängelholm", "Sydsverige"),
)

# Themes a competence project organises its training in: (focus area, description, its activities as
# (name, type, sessions, days between sessions, hours per session, audience group, share, spread in days)).
THEMES = (
    ("Bemötande och service", "Ett professionellt bemötande i alla verksamheter.", (
        ("Bemötande i praktiken", "workshop", 2, 28, 3, "alla", 0.5, 90),
        ("Föreläsning om bemötande", "föreläsning", 1, 0, 2.5, "alla", 0.35, 0))),
    ("Digital kompetens", "Digitala arbetssätt och verktyg.", (
        ("Digital grundkurs", "e-lärande", 1, 0, 2, "alla", 0.6, 120),
        ("Digitala verktyg i vardagen", "workshop", 2, 21, 3, "alla", 0.3, 90))),
    ("Ledarskap", "Chefer leder utveckling och förändring.", (
        ("Ledarutvecklingsprogram", "workshop", 6, 35, 7, "chefer", 1.0, 0),
        ("Chefsdag", "konferens", 1, 0, 7, "chefer", 0.9, 0))),
    ("Arbetsmiljö och hälsa", "Friskfaktorer, stress och återhämtning.", (
        ("Friskfaktorer på arbetsplatsen", "workshop", 2, 28, 3, "alla", 0.45, 120),
        ("Ergonomi", "e-lärande", 1, 0, 1.5, "dept:VOF+BUF+SERV", 0.6, 90))),
    ("Mångfald och likabehandling", "Jämställdhet, tillgänglighet och likabehandling.", (
        ("Likabehandling i arbetet", "föreläsning", 1, 0, 2.5, "alla", 0.45, 0),
        ("Normkritiskt förhållningssätt", "workshop", 2, 35, 3, "alla", 0.2, 60))),
    ("Välfärdsteknik", "Välfärdsteknik i vård och omsorg.", (
        ("Välfärdsteknik i vardagen", "e-lärande", 1, 0, 2.5, "dept:VOF", 0.8, 120),
        ("Praktisk övning välfärdsteknik", "workshop", 2, 28, 3, "dept:VOF", 0.4, 120))),
    ("Validering", "Validering mot yrkeskompetens och intyg.", (
        ("Validering: självskattning och bedömning", "workshop", 2, 42, 2, "dept:VOF+BUF", 0.4, 150),)),
    ("Transnationellt lärande", "Erfarenhetsutbyte med kommuner i andra EU-länder.", (
        ("Studieresa", "transnationell resa", 3, 1, 8, "medarbetare", 8, 0),
        ("Jobbskuggning", "jobbskuggning", 5, 1, 8, "medarbetare", 6, 0),
        ("Spridningskonferens", "konferens", 1, 0, 5, "alla", 0.2, 0))),
    ("Lärande organisation", "Kompetensförsörjning och individuella utvecklingsplaner.", (
        ("Utvecklingssamtal och kompetensplan", "workshop", 1, 0, 2, "alla", 0.55, 120),
        ("Kompetensombud", "workshop", 4, 28, 4, "medarbetare", 30, 0))),
)

AREAS = (
    area("Bemötande", "Jag bemöter medborgare professionellt", "Jag hanterar svåra samtal"),
    area("Digitala verktyg", "Jag använder digitala verktyg i mitt arbete", "Jag hanterar information säkert",
         -0.3),
    area("Dokumentation", "Jag dokumenterar enligt rutinerna", "Jag skriver så att kollegor förstår", -0.1),
    area("Arbetsmiljö", "Jag vet hur jag påverkar min arbetsmiljö", "Jag förebygger stress och belastning"),
    area("Likabehandling", "Jag känner till diskrimineringsgrunderna", "Jag arbetar för likabehandling", -0.2),
    area("Samverkan", "Jag samarbetar över förvaltningsgränser", "Jag vet vart jag vänder mig", -0.25),
    area("Välfärdsteknik", "Jag använder välfärdsteknik", "Jag kan förklara tekniken för brukare", -0.45),
    area("Ledarskap", "Jag ger andra förutsättningar att ta ansvar", "Jag leder förändring med delaktighet",
         -0.1),
)


def _slug(name: str) -> str:
    """A municipality name as an id part: lower case, å/ä/ö folded."""
    return name.lower().translate(str.maketrans("åäöé ", "aaoe-"))


def _add_months(day: dt.date, months: int) -> dt.date:
    """The same day of month (or the 1st) a number of months later."""
    total = day.year * 12 + day.month - 1 + months
    return dt.date(total // 12, total % 12 + 1, 1)


def national_portfolio(seed: int) -> Iterator[ProjectSpec]:
    """Yield the national portfolio's specs one by one: sizes sum to exactly NATIONAL_PEOPLE."""
    rng = np.random.default_rng([seed, 300_000])
    sizes = split_exactly(NATIONAL_PEOPLE, list(np.clip(rng.lognormal(np.log(2800), 0.6, NATIONAL_PROJECTS),
                                                        300, 15_000)))
    for number, headcount in enumerate(sizes, start=1):
        yield national_project(number, headcount, np.random.default_rng([seed, 300_000, number]))


def national_project(number: int, headcount: int, rng: np.random.Generator) -> ProjectSpec:
    """One generated project: a municipality's departments, six themes, surveys, a budget and goals."""
    municipality, region = MUNICIPALITIES[int(rng.integers(0, len(MUNICIPALITIES)))]
    project_id = f"nat-{number:03d}-{_slug(municipality)}"
    start = dt.date(int(rng.integers(2008, 2026)), int(rng.integers(1, 13)), 1)
    months = int(rng.choice([24, 30, 36]))
    end = _add_months(start, months) - dt.timedelta(days=1)
    departments = tuple(replace(d, weight=d.weight * float(rng.uniform(0.7, 1.3)),
                                competence_offset=d.competence_offset + float(rng.normal(0, 0.15)),
                                improvement=max(0.05, d.improvement + float(rng.normal(0, 0.15))))
                        for d in (KLF, BUF, VOF, TEK, SERV, KFF, SBF))
    themes = [THEMES[i] for i in sorted(rng.choice(len(THEMES), size=6, replace=False))]
    focus_areas, activities = [], []
    for t, (theme, description, templates) in enumerate(themes, start=1):
        focus_id = f"F{t}"
        focus_areas.append(FocusArea(focus_id, theme, description, int(headcount * 0.4)))
        for a, (name, kind, sessions, interval, hours, group, share, spread) in enumerate(templates, start=1):
            offset = int(rng.uniform(0.05, 0.75) * months * 30)
            activities.append(ActivitySpec(
                f"{focus_id}-{a}", name, focus_id, kind, start + dt.timedelta(days=offset), sessions, interval,
                hours, Audience(group, share if isinstance(share, int) else min(0.95, share * 1.4)),
                int(rng.integers(20, 400)) * 1000, spread))
    areas = tuple(AREAS[i] for i in sorted(rng.choice(len(AREAS), size=5, replace=False)))
    surveys = SurveyPlan(
        scale_max=5, base_level=float(rng.uniform(2.7, 3.2)), areas=areas,
        requirements=tuple(Requirement(a.name, 4) for a in areas) + (Requirement(areas[0].name, 4.5, role="chef"),),
        competence_dates=(start + dt.timedelta(days=45), end - dt.timedelta(days=75)),
        hme_dates=(start + dt.timedelta(days=30), end - dt.timedelta(days=60)),
        competence_header="id" if number % 2 else "text", hme_base=float(rng.uniform(3.4, 3.9)))
    grant = int(headcount * rng.uniform(1800, 3200)) // 1000 * 1000
    total = grant + int(headcount * rng.uniform(3500, 5000)) // 1000 * 1000
    sick_leave = round(float(rng.uniform(6.0, 9.0)), 1)
    measured = [d for d in (start + dt.timedelta(days=365), end) if d <= DEMO_TODAY]
    goals = (
        Goal("G1", "80 % av personalen deltar", "Andel av målgruppen som deltagit", "%", 0, 80, end,
             "share_target_group_reached"),
        Goal("G2", "75 % har höjt sin kompetens", "Andel som förbättrat sin medelnivå", "%", None, 75, end,
             "share_improved"),
        Goal("G3", "HME-index ökar till 72", "HME totalindex", "index", 66, 72, end, "hme_total"),
        Goal("G4", "Utbildningstimmar", "Summa närvarotimmar", "antal", 0, headcount * 9, end, "training_hours"),
        Goal("G5", "Sjukfrånvaron minskar", "Sjukfrånvaro i procent av arbetad tid", "%", sick_leave,
             round(sick_leave - 1.0, 1), end, measurements=tuple(
                 (day, round(sick_leave - 0.4 * (k + 1) + float(rng.normal(0, 0.3)), 1), "gul",
                  "Uppföljning från personalsystemet.") for k, day in enumerate(measured))),
    )
    woman = bool(rng.random() < 0.7)
    names = WOMEN_NAMES if woman else MEN_NAMES
    return ProjectSpec(
        folder=project_id, project_id=project_id, name=f"Kompetenslyft {municipality} {start.year}",
        programme_area="Programområde A Kompetensförsörjning (ESF+)" if start.year >= 2022 else
        "Programområde 1 Kompetensförsörjning", phase="Avslutad" if end < DEMO_TODAY else "Genomförande",
        owner=f"{municipality} kommun", contact_person=f"{names[int(rng.integers(0, len(names)))]} "
                                                       f"{SURNAMES[int(rng.integers(0, len(SURNAMES)))]}",
        email=f"esf@{_slug(municipality)}.se", phone=f"0{int(rng.integers(10, 99))}-{int(rng.integers(100, 999))} 00",
        esf_grant_sek=grant, total_budget_sek=total, start=start, end=end, region=region,
        municipalities=(Municipality(municipality, "", departments),), headcount=headcount,
        focus_areas=tuple(focus_areas), activities=tuple(activities), surveys=surveys,
        budget=Budget(esf_headings=(("personal", 0.4), ("köp av tjänst", 0.35), ("lokal", 0.03), ("resa", 0.03),
                                    ("materiel", 0.04), ("indirekta kostnader", 0.15)),
                      cofinancing=(("deltagarlön", "deltagarlön", 0.9), ("lokal", "bidrag i annat än pengar", 0.1)),
                      period="quarter"),
        goals=goals, certificates=(Certificates("F1", areas[0].name, 0.5),), ambassadors_per_department=2,
        person_format="xlsx" if number % 4 == 0 else "csv")
