"""The demo portfolio: five projects modelled on the ESF project-bank seeds (Perstorp, Eslöv and three more)."""
from __future__ import annotations

import datetime as dt
from dataclasses import replace

from pipelines.demo.model import (ActivitySpec, Audience, Budget, Certificates, CompetenceArea, Department,
                                  FocusArea, Goal, Municipality, Occupation, ProjectSpec, Requirement, Subunit,
                                  SurveyPlan)

D = dt.date
PROGRAMME_1 = "Programområde 1 Kompetensförsörjning"


def occ(title: str, education: str, weight: float, low: int, high: int) -> Occupation:
    """An occupation with its hourly cost range (kr incl. social fees)."""
    return Occupation(title, education, weight, (low, high))


def sub(code: str, name: str, weight: float, *occupations: Occupation, unit_type: str = "enhet") -> Subunit:
    """A unit under a department."""
    return Subunit(code, name, weight, occupations, unit_type)


# ---------------------------------------------------------------------------------------------- a municipality
# Typical departments of a Swedish municipality: care and school mostly women, technical services mostly men.
KLF = Department("KLF", "Kommunledningsförvaltningen", 0.70, 0.08, (
    sub("EKO", "Ekonomiavdelningen", 3, occ("Ekonom", "eftergymnasial", 3, 360, 450),
        occ("Redovisningsekonom", "eftergymnasial", 2, 340, 410), unit_type="avdelning"),
    sub("HR", "Personalavdelningen", 3, occ("HR-specialist", "eftergymnasial", 2, 360, 440),
        occ("Lönehandläggare", "gymnasium", 2, 300, 360), unit_type="avdelning"),
    sub("KANS", "Kansliet", 3, occ("Nämndsekreterare", "eftergymnasial", 2, 330, 400),
        occ("Registrator", "gymnasium", 1, 290, 340), occ("Utredare", "eftergymnasial", 1, 370, 450),
        unit_type="avdelning"),
    sub("IT", "IT-enheten", 2, occ("IT-tekniker", "gymnasium", 2, 320, 390),
        occ("Systemförvaltare", "eftergymnasial", 1, 360, 430)),
), competence_offset=0.25, improvement=0.35, hme_offset=0.15, hme_change=0.05)
BUF = Department("BUF", "Barn- och utbildningsförvaltningen", 0.86, 0.40, (
    sub("FSK", "Förskolan", 4, occ("Förskollärare", "eftergymnasial", 5, 300, 380),
        occ("Barnskötare", "gymnasium", 5, 260, 320)),
    sub("F6", "Grundskolan F–6", 4, occ("Lärare", "eftergymnasial", 7, 330, 420),
        occ("Fritidspedagog", "eftergymnasial", 2, 310, 370), occ("Elevassistent", "gymnasium", 2, 250, 300)),
    sub("79", "Grundskolan 7–9", 3, occ("Lärare", "eftergymnasial", 8, 340, 430),
        occ("Elevassistent", "gymnasium", 1, 250, 300)),
    sub("EH", "Elevhälsan", 1, occ("Skolsköterska", "eftergymnasial", 1, 380, 440),
        occ("Kurator", "eftergymnasial", 1, 350, 410), occ("Specialpedagog", "eftergymnasial", 1, 370, 440)),
), competence_offset=0.1, improvement=0.5, hme_offset=0.05, hme_change=0.2)
VOF = Department("VOF", "Vård- och omsorgsförvaltningen", 0.91, 0.33, (
    sub("HEM", "Hemtjänsten", 4, occ("Undersköterska", "gymnasium", 6, 270, 330),
        occ("Vårdbiträde", "grundskola", 3, 250, 290), occ("Samordnare", "gymnasium", 1, 300, 350)),
    sub("SABO", "Särskilt boende", 4, occ("Undersköterska", "gymnasium", 6, 270, 330),
        occ("Vårdbiträde", "grundskola", 2, 250, 290), occ("Sjuksköterska", "eftergymnasial", 2, 380, 460)),
    sub("LSS", "Stöd och service (LSS)", 2, occ("Stödassistent", "gymnasium", 5, 260, 310),
        occ("Personlig assistent", "grundskola", 4, 250, 290), occ("Stödpedagog", "eftergymnasial", 1, 300, 360)),
    sub("IFO", "Individ- och familjeomsorgen", 1.5, occ("Socialsekreterare", "eftergymnasial", 4, 350, 420),
        occ("Familjebehandlare", "eftergymnasial", 1, 340, 400)),
), competence_offset=-0.35, improvement=0.6, hme_offset=-0.2, hme_change=0.25)
TEK = Department("TEK", "Tekniska förvaltningen", 0.15, 0.07, (
    sub("GP", "Gata och park", 3, occ("Parkarbetare", "gymnasium", 3, 270, 330),
        occ("Gatuarbetare", "gymnasium", 2, 280, 340), occ("Maskinförare", "gymnasium", 1, 290, 350)),
    sub("VA", "Vatten och avlopp", 2, occ("VA-tekniker", "gymnasium", 2, 300, 370),
        occ("Drifttekniker", "gymnasium", 1, 310, 380)),
    sub("FAST", "Fastighet", 2, occ("Fastighetsskötare", "gymnasium", 3, 280, 340),
        occ("Fastighetsförvaltare", "eftergymnasial", 1, 360, 430)),
), competence_offset=-0.2, improvement=0.25, hme_offset=-0.1, hme_change=0.0)
SERV = Department("SERV", "Serviceförvaltningen", 0.88, 0.07, (
    sub("KOST", "Kostenheten", 3, occ("Kock", "gymnasium", 2, 270, 320), occ("Måltidsbiträde", "grundskola", 3,
                                                                             250, 290)),
    sub("LV", "Lokalvården", 2, occ("Lokalvårdare", "grundskola", 1, 250, 285)),
), competence_offset=-0.3, improvement=0.3, hme_offset=0.0, hme_change=0.1)
KFF = Department("KFF", "Kultur- och fritidsförvaltningen", 0.62, 0.05, (
    sub("BIB", "Biblioteket", 2, occ("Bibliotekarie", "eftergymnasial", 2, 320, 380),
        occ("Biblioteksassistent", "gymnasium", 1, 280, 330)),
    sub("FRI", "Fritid och föreningar", 2, occ("Fritidsledare", "gymnasium", 3, 270, 320),
        occ("Badmästare", "gymnasium", 1, 270, 320)),
), competence_offset=0.2, improvement=0.3, hme_offset=0.2, hme_change=0.1)
SBF = Department("SBF", "Samhällsbyggnadsförvaltningen", 0.48, 0.05, (
    sub("BYGG", "Bygg och miljö", 2, occ("Bygglovshandläggare", "eftergymnasial", 2, 370, 440),
        occ("Miljöinspektör", "eftergymnasial", 2, 360, 430)),
    sub("PLAN", "Plan och exploatering", 1, occ("Planarkitekt", "eftergymnasial", 1, 380, 460)),
), competence_offset=0.3, improvement=0.3, hme_offset=0.1, hme_change=0.05)
POL = Department("POL", "Förtroendevalda", 0.45, 0.0, (
    sub("KS", "Kommunstyrelsen och nämnderna", 1, occ("Förtroendevald", "eftergymnasial", 1, 300, 380),
        unit_type="avdelning"),
), competence_offset=0.0, improvement=0.35)


def sized(department: Department, weight: float, **changes) -> Department:
    """A department with this project's share of the staff (and other tweaks)."""
    return replace(department, weight=weight, **changes)


# Administrative staff in every department (the two-municipality project): women are the majority everywhere.
ADMIN_OCCUPATIONS = (
    occ("Administratör", "gymnasium", 4, 280, 340), occ("Handläggare", "eftergymnasial", 3, 330, 400),
    occ("Assistent", "gymnasium", 1, 270, 320), occ("Registrator", "gymnasium", 1, 290, 340),
    occ("Nämndsekreterare", "eftergymnasial", 1, 330, 390), occ("Ekonom", "eftergymnasial", 1, 360, 440))


def admin_department(code: str, name: str, women: float, weight: float, competence: float, improvement: float,
                     hme: float = 0.0) -> Department:
    """A department seen through its administrative staff: an administrative unit and a case-handling unit."""
    return Department(code, name, women, weight, (
        sub("ADM", "Administrativa enheten", 3, *ADMIN_OCCUPATIONS),
        sub("HANDL", "Handläggning och service", 2, *ADMIN_OCCUPATIONS[1:]),
    ), competence_offset=competence, improvement=improvement, hme_offset=hme, hme_change=0.15)


def activity(activity_id: str, focus: str, name: str, kind: str, start: dt.date, sessions: int, interval: int,
             hours: float, group: str, share: float, cost: int, spread: int = 0) -> ActivitySpec:
    """A planned activity (short form for the specs below)."""
    return ActivitySpec(activity_id, name, focus, kind, start, sessions, interval, hours, Audience(group, share),
                        cost, spread)


def area(name: str, first: str, second: str, offset: float = 0.0) -> CompetenceArea:
    """A competence area with its two statements."""
    return CompetenceArea(name, (first, second), offset)


# ---------------------------------------------------------------------------------------------- 1. Perstorp
PERSTORP = ProjectSpec(
    folder="perstorp-2012", project_id="perstorp-2012",
    name="Kulturutveckling, kompetensutveckling och kompetensstyrning i Perstorps kommun",
    programme_area=PROGRAMME_1, phase="Avslutad", owner="Kommunstyrelsen/ledningskontoret",
    contact_person="Karin Lindqvist", email="projektledare.esf@perstorp.se", phone="0435-390 00",
    esf_grant_sek=7_044_417, total_budget_sek=7_044_417, start=D(2012, 2, 1), end=D(2014, 1, 31),
    region="Sydsverige", participating_actors="Kommunstyrelsen/ledningskontoret",
    partners="Town Hall of Sokolow Podlaski (Polen); Processtöd Tillgänglighet",
    municipalities=(Municipality("Perstorp", "", (
        sized(KLF, 0.08), sized(BUF, 0.40), sized(VOF, 0.33), sized(TEK, 0.07), sized(SERV, 0.07),
        sized(KFF, 0.05), POL)),),
    headcount=547, elected=12,
    focus_areas=(
        FocusArea("F01", "Vision och värdegrund", "Kommunens vision och värdegrund tas fram med förtroendevalda och "
                  "ledningsgrupp och förankras på alla arbetsplatser.", 500),
        FocusArea("F02", "Professionalism", "Riktade utbildningsinsatser efter kompetenskartläggningen.", 300),
        FocusArea("F03", "Effektivitet", "Konstruktiv problemlösning och gruppdynamiska processer.", 250),
        FocusArea("F04", "Kommunikation och bemötande", "Metoder och strategier för ett professionellt bemötande.",
                  450),
        FocusArea("F05", "Mångfald och likabehandling", "Jämställdhet, tillgänglighet och likabehandling för "
                  "styrgrupp, projektgrupp och deltagare.", 350),
        FocusArea("F06", "Samarbete och samverkan – arbetsmiljö och hälsa",
                  "Utvecklingsprogram om självinsikt och grupprocesser med sikte på arbetsmiljö och hälsa.", 150),
        FocusArea("F07", "Medborgarservice och attraktion", "Service och tjänster som medborgarna förväntar sig.",
                  80),
        FocusArea("F08", "Ledarskap", "Utbildning, verktyg och träning för kommunens chefer.", 35),
        FocusArea("F09", "Kompetenskartläggning och kompetensstyrning", "Mobiliseringsfasens kartläggning i ett "
                  "datorbaserat verktyg för utveckling och styrning av kompetens.", 500),
        FocusArea("F10", "Lärande organisation och transnationellt utbyte", "Erfarenhetsutbyte och jobbskuggning "
                  "med Town Hall of Sokolow Podlaski; entreprenörskap och den lärande organisationen.", 200),
    ),
    activities=(
        activity("A01", "F09", "Kompetenskartläggning – introduktion för chefer", "workshop", D(2012, 3, 6), 1, 0,
                 3, "chefer", 1.0, 45_000),
        activity("A02", "F09", "Kompetenskartläggning i datorbaserat verktyg", "e-lärande", D(2012, 3, 12), 1, 0,
                 1.5, "alla", 0.9, 180_000, spread=28),
        activity("A03", "F01", "Visionsdagar för förtroendevalda och ledningsgrupp", "workshop", D(2012, 4, 17), 2,
                 14, 6, "förtroendevalda", 1.0, 95_000),
        activity("A04", "F01", "Värdegrundsdialog på arbetsplatsträffar", "workshop", D(2012, 9, 4), 2, 35, 2,
                 "alla", 0.95, 120_000),
        activity("A05", "F02", "Professionalism i myndighetsutövning", "föreläsning", D(2012, 10, 9), 1, 0, 3,
                 "alla", 0.6, 60_000),
        activity("A06", "F02", "Riktad utbildning efter kartläggningen", "workshop", D(2013, 1, 15), 3, 21, 3,
                 "dept:VOF+BUF", 0.4, 240_000),
        activity("A07", "F03", "Konstruktiv problemlösning och gruppdynamik", "workshop", D(2012, 11, 6), 2, 28,
                 3.5, "alla", 0.45, 210_000),
        activity("A08", "F04", "Professionellt bemötande", "föreläsning", D(2012, 5, 22), 1, 0, 3, "alla", 0.85,
                 90_000),
        activity("A09", "F04", "Bemötande i praktiken – forumspel", "workshop", D(2013, 2, 12), 2, 21, 3,
                 "dept:VOF+SERV+KFF", 0.5, 150_000),
        activity("A10", "F05", "Mångfald och likabehandling", "föreläsning", D(2012, 11, 20), 1, 0, 2.5, "alla",
                 0.7, 55_000),
        activity("A11", "F05", "Jämställdhet och tillgänglighet för styrgrupp och chefer", "workshop",
                 D(2012, 6, 12), 1, 0, 4, "chefer", 0.5, 30_000),
        activity("A12", "F06", "Utvecklingsprogram arbetsmiljö och hälsa", "workshop", D(2013, 3, 5), 4, 28, 3,
                 "dept:VOF+SERV+TEK", 0.35, 280_000),
        activity("A13", "F07", "Medborgarservice och kontaktcenter", "workshop", D(2013, 4, 9), 2, 14, 3,
                 "dept:KLF+KFF+TEK", 0.6, 90_000),
        activity("A14", "F08", "Ledarutvecklingsprogram", "workshop", D(2012, 9, 18), 6, 35, 7, "chefer", 1.0,
                 520_000),
        activity("A15", "F08", "Chefsdag: ledarskap och kultur", "konferens", D(2013, 9, 24), 1, 0, 7, "chefer",
                 1.0, 85_000),
        activity("A16", "F10", "Studiebesök i Sokolow Podlaski", "transnationell resa", D(2012, 5, 14), 4, 1, 8,
                 "chefer", 6, 95_000),
        activity("A17", "F10", "Jobbskuggning i Sokolow Podlaski", "jobbskuggning", D(2013, 5, 13), 5, 1, 8,
                 "medarbetare", 8, 110_000),
        activity("A18", "F10", "Besök från Sokolow Podlaski – erfarenhetsutbyte", "workshop", D(2013, 10, 8), 1, 0,
                 4, "alla", 0.08, 40_000),
        activity("A19", "F10", "Slutseminarium: den lärande organisationen", "konferens", D(2014, 1, 21), 1, 0, 4,
                 "alla", 0.35, 75_000),
        activity("A20", "F01", "Värdegrunden på webben", "e-lärande", D(2013, 6, 3), 1, 0, 1, "alla", 0.8, 40_000,
                 spread=60),
    ),
    surveys=SurveyPlan(
        scale_max=4, base_level=2.3, competence_dates=(D(2012, 3, 20), D(2013, 11, 19)),
        hme_dates=(D(2012, 2, 21), D(2014, 1, 14)), competence_header="text",
        competence_identified_by="personnummer", hme_base=3.6, improvement_scale=0.75,
        areas=(
            area("Värdegrund", "Jag känner till kommunens vision och värdegrund",
                 "Jag kan omsätta värdegrunden i mitt dagliga arbete", -0.3),
            area("Bemötande och kommunikation", "Jag bemöter medborgare professionellt även i svåra situationer",
                 "Jag ger och tar emot återkoppling på ett konstruktivt sätt", 0.2),
            area("Problemlösning och effektivitet", "Jag kan använda metoder för konstruktiv problemlösning",
                 "Jag bidrar till att förbättra arbetssätten på min arbetsplats"),
            area("Mångfald och likabehandling", "Jag känner till diskrimineringsgrunderna och vad de betyder i mitt "
                 "arbete", "Jag arbetar aktivt för likabehandling", -0.2),
            area("Arbetsmiljö och samarbete", "Jag vet hur jag kan påverka min arbetsmiljö",
                 "Jag samarbetar med andra förvaltningar när uppdraget kräver det", -0.1),
            area("Ledarskap", "Jag ger andra förutsättningar att ta ansvar",
                 "Jag kan leda förändringsarbete med delaktighet", -0.1),
        ),
        requirements=(
            Requirement("Värdegrund", 3), Requirement("Bemötande och kommunikation", 3),
            Requirement("Bemötande och kommunikation", 4, unit_id="VOF-HEM"),
            Requirement("Problemlösning och effektivitet", 3), Requirement("Mångfald och likabehandling", 3),
            Requirement("Mångfald och likabehandling", 3.5, role="chef"), Requirement("Arbetsmiljö och samarbete", 3),
            Requirement("Ledarskap", 2), Requirement("Ledarskap", 4, role="chef"),
            Requirement("Ledarskap", 3, role="förtroendevald"),
        )),
    budget=Budget(esf_headings=(("personal", 0.33), ("köp av tjänst", 0.42), ("lokal", 0.05), ("resa", 0.05),
                                ("materiel", 0.04), ("indirekta kostnader", 0.11)), period="year"),
    goals=(
        Goal("D1", "Minst 90 % av de anställda har deltagit i projektet", "Andel av målgruppen som deltagit", "%",
             0, 90, D(2014, 1, 31), "share_target_group_reached"),
        Goal("D2", "80 % har höjt sin kompetens mellan kartläggningarna", "Andel som förbättrat sin medelnivå",
             "%", None, 80, D(2014, 1, 31), "share_improved"),
        Goal("D3", "Alla chefer har genomgått ledarutvecklingsprogrammet", "Antal chefer som deltagit", "antal",
             0, 35, D(2013, 12, 31), "participants", "F08"),
        Goal("D4", "Medarbetarenkätens HME-index ökar till 70", "HME totalindex", "index", 65, 70, D(2014, 1, 31),
             "hme_total"),
        Goal("D5", "Sjukfrånvaron minskar till 6,0 %", "Sjukfrånvaro i procent av arbetad tid", "%", 7.2, 6.0,
             D(2014, 1, 31), measurements=(
                 (D(2012, 12, 31), 7.0, "gul", "Sjukfrånvaron minskar långsamt; störst minskning inom vård och "
                                               "omsorg."),
                 (D(2013, 6, 30), 6.6, "gul", "Arbetsmiljöprogrammet har startat i tre förvaltningar."),
                 (D(2013, 12, 31), 6.1, "grön", "Nära målet. Programmet fortsätter efter projektet."))),
        Goal("D6", "Bemötandet i medborgarundersökningen förbättras", "SCB:s nöjd-medborgar-index, bemötande",
             "index", 58, 63, D(2013, 12, 31), measurements=(
                 (D(2012, 10, 31), 58, "", "Utgångsläge enligt SCB:s medborgarundersökning hösten 2012."),
                 (D(2013, 10, 31), 60, "gul", "Förbättring, men under målet."))),
        Goal("D7", "14 000 utbildningstimmar genomförda", "Summa närvarotimmar", "antal", 0, 14_000,
             D(2014, 1, 31), "training_hours"),
    ),
    certificates=(Certificates("F08", "Ledarskap", 0.85),),
    ambassadors_per_department=2, departments_short_of_ambassadors=("TEK",),
)

# ---------------------------------------------------------------------------------------------- 2. Eslöv
ESLOV = ProjectSpec(
    folder="eslov-2008", project_id="eslov-2008", name="Fördel Eslöv", programme_area=PROGRAMME_1,
    phase="Förprojektering", owner="Kommunledningskontoret", contact_person="Lena Bengtsson",
    email="fordel@eslov.se", phone="0413-620 00", esf_grant_sek=2_140_856, total_budget_sek=2_140_856,
    start=D(2008, 8, 1), end=D(2009, 1, 31), region="Sydsverige", participating_actors="Kommunledningskontoret",
    partners="",
    municipalities=(Municipality("Eslöv", "", (
        replace(KLF, code="KLK", name="Kommunledningskontoret", weight=0.07), sized(BUF, 0.38), sized(VOF, 0.30),
        sized(SBF, 0.05), sized(SERV, 0.08), sized(KFF, 0.05),
        replace(VOF, code="SOC", name="Social- och arbetsmarknadsförvaltningen", weight=0.07, women_share=0.8,
                subunits=VOF.subunits[3:], competence_offset=0.0))),),
    headcount=1240, person_format="csv", person_has_gender=False, attendance_identified_by="personnummer",
    focus_areas=(
        FocusArea("U1", "Lärande organisation", "Utveckla och bibehålla en lärande organisation med fokus på "
                  "professionellt bemötande.", 1000),
        FocusArea("U2", "Mångfald", "Öka mångfalden i brett perspektiv.", 600),
        FocusArea("U3", "Delaktighet", "Öka delaktigheten hos medarbetarna: klimatanalys och handlingsplan för "
                  "varje medarbetare.", 1200),
        FocusArea("U4", "Samverkan", "Öka samverkan mellan förvaltningarna för en mer effektiv resursanvändning; "
                  "kreativt forum.", 300),
    ),
    activities=(
        activity("E1", "U3", "Klimatanalys på arbetsplatsträffar", "workshop", D(2008, 9, 8), 1, 0, 3, "alla", 0.92,
                 180_000, spread=42),
        activity("E2", "U3", "Analysaktivitet: min handlingsplan", "workshop", D(2008, 10, 27), 1, 0, 2, "alla",
                 0.85, 120_000, spread=35),
        activity("E3", "U1", "Utbildning för utvecklingsledare", "workshop", D(2008, 9, 2), 4, 21, 6, "medarbetare",
                 45, 260_000),
        activity("E4", "U1", "Föreläsning: den lärande organisationen", "föreläsning", D(2008, 9, 24), 1, 0, 2.5,
                 "alla", 0.55, 60_000),
        activity("E5", "U2", "Mångfald i brett perspektiv", "föreläsning", D(2008, 10, 14), 1, 0, 3, "alla", 0.5,
                 70_000),
        activity("E6", "U2", "Mångfaldsplan – workshop för chefer", "workshop", D(2008, 11, 11), 1, 0, 4, "chefer",
                 1.0, 40_000),
        activity("E7", "U4", "Kreativt forum – korsbefruktning mellan förvaltningar", "workshop", D(2008, 11, 18),
                 3, 21, 3, "alla", 0.12, 150_000),
        activity("E8", "U4", "Samverkanskonferens", "konferens", D(2009, 1, 20), 1, 0, 6, "alla", 0.2, 110_000),
    ),
    surveys=SurveyPlan(
        scale_max=5, base_level=2.9, competence_dates=(D(2008, 9, 1), D(2009, 1, 15)),
        hme_dates=(D(2008, 8, 25), D(2009, 1, 20)), hme_format="xlsx", hme_base=3.5,
        areas=(
            area("Professionellt bemötande", "Jag vet hur jag bemöter medborgare professionellt",
                 "Jag anpassar min kommunikation efter mottagaren", 0.1),
            area("Mångfald", "Jag ser olikheter i arbetsgruppen som en tillgång",
                 "Jag vet hur jag motverkar diskriminering i mitt arbete", -0.25),
            area("Delaktighet", "Jag vet hur mitt arbete bidrar till kommunens mål",
                 "Jag har möjlighet att påverka utvecklingen på min arbetsplats", -0.3),
            area("Samverkan", "Jag vet vart jag vänder mig i andra förvaltningar",
                 "Jag samarbetar över förvaltningsgränserna", -0.35),
            area("Lärande i arbetet", "Jag delar med mig av min kompetens till kollegor",
                 "Jag har en plan för min egen utveckling", -0.15),
        ),
        requirements=(
            Requirement("Professionellt bemötande", 4), Requirement("Mångfald", 3.5), Requirement("Delaktighet", 3.5),
            Requirement("Samverkan", 3), Requirement("Samverkan", 4, role="chef"),
            Requirement("Lärande i arbetet", 3.5),
            Requirement("Professionellt bemötande", 4.5, unit_id="VOF-HEM"),
        )),
    budget=Budget(esf_headings=(("personal", 0.45), ("köp av tjänst", 0.35), ("lokal", 0.08), ("materiel", 0.07),
                                ("resa", 0.05)), period="month", ledger_cost_heading=False,
                  spend_start=0.45, spend_end=1.35),
    goals=(
        Goal("M1", "Samtliga medarbetare har deltagit i klimatanalysen", "Andel av målgruppen som deltagit", "%", 0,
             100, D(2009, 1, 31), "share_target_group_reached"),
        Goal("M2", "Varje medarbetare har en egen handlingsplan för två år", "Andel med handlingsplan", "%", 0, 100,
             D(2009, 1, 31), measurements=(
                 (D(2008, 11, 30), 38, "röd", "Planerna skrivs efter analysaktiviteten; många återstår."),
                 (D(2009, 1, 31), 71, "röd", "Handlingsplaner saknas främst inom vård och omsorg där schemat "
                                             "försvårat."))),
        Goal("M3", "Handlingsplan för övergången till en lärande organisation", "Antagen handlingsplan", "antal", 0,
             1, D(2009, 1, 31), measurements=(
                 (D(2009, 1, 31), 1, "grön", "Antagen av kommunstyrelsen i januari."),)),
        Goal("M4", "Kreativt forum med deltagare från alla förvaltningar", "Antal deltagare i kreativt forum",
             "antal", 0, 300, D(2009, 1, 31), "participants", "U4"),
        Goal("M5", "Nyckeltal för jämställdhetsarbetet framtagna", "Antal nyckeltal", "antal", 0, 5,
             D(2009, 1, 31), measurements=(
                 (D(2009, 1, 15), 3, "gul", "Tre av fem nyckeltal klara; resten tas fram i genomförandeprojektet."),)),
    ),
    certificates=(Certificates("U1", "Lärande i arbetet", 0.9),),
    ambassadors_per_department=2,
    meeting_topics=(
        "Förprojekteringen startade. Styrgruppen fastställde tidplan och utsåg utvecklingsledare.",
        "Klimatanalysen pågår på arbetsplatsträffarna. Svarsfrekvensen i kartläggningen är god.",
        "Handlingsplanerna: många återstår inom vård och omsorg. Extra tillfällen planeras.",
    ),
)

# ---------------------------------------------------------------------------------------------- 3. Osby
OSBY = ProjectSpec(
    folder="osby-halsa-2016", project_id="osby-halsa-2016", name="Hälsofrämjande organisation i Osby kommun",
    programme_area=PROGRAMME_1, phase="Avslutad", owner="Osby kommun, personalavdelningen",
    contact_person="Maria Holm", email="halsoprojektet@osby.se", phone="0479-520 00",
    esf_grant_sek=5_312_640, total_budget_sek=9_108_400, start=D(2016, 3, 1), end=D(2018, 8, 31),
    region="Sydsverige", participating_actors="Osby kommun; Företagshälsovården",
    partners="ENWHP (European Network for Workplace Health Promotion); Region Skåne",
    municipalities=(Municipality("Osby", "", (
        sized(KLF, 0.07), sized(BUF, 0.40), sized(VOF, 0.33, hme_change=0.35), sized(TEK, 0.06),
        sized(SERV, 0.09, hme_change=0.3), sized(KFF, 0.05))),),
    headcount=812,
    focus_areas=(
        FocusArea("H1", "Hälsofrämjande ledarskap", "Ledarutvecklingsprogram för alla chefer.", 50),
        FocusArea("H2", "Arbetsmiljö och friskfaktorer", "Friskfaktorer, stress och återhämtning på varje "
                  "arbetsplats.", 650),
        FocusArea("H3", "Hälsoinspiratörer", "Utbildade hälsoinspiratörer på varje arbetsplats.", 40),
        FocusArea("H4", "Transnationellt lärande", "Konferenser om hälsofrämjande arbetsplatser i Europa.", 60),
    ),
    activities=(
        activity("O1", "H1", "Hälsofrämjande ledarskap – ledarutvecklingsprogram", "workshop", D(2016, 9, 6), 8,
                 28, 7, "chefer", 1.0, 640_000),
        activity("O2", "H2", "Friskfaktorer på arbetsplatsen", "workshop", D(2016, 10, 4), 2, 42, 3, "alla", 0.7,
                 260_000, spread=60),
        activity("O3", "H2", "Stress och återhämtning", "föreläsning", D(2017, 2, 14), 1, 0, 2.5, "alla", 0.6,
                 70_000),
        activity("O4", "H2", "Ergonomi och förflyttningsteknik", "e-lärande", D(2017, 3, 1), 1, 0, 2,
                 "dept:VOF+SERV+BUF", 0.8, 90_000, spread=90),
        activity("O5", "H3", "Utbildning för hälsoinspiratörer", "workshop", D(2016, 11, 8), 4, 35, 6,
                 "medarbetare", 42, 180_000),
        activity("O6", "H4", "Europeisk konferens om hälsofrämjande arbetsplatser, Wien", "transnationell resa",
                 D(2017, 5, 16), 3, 1, 8, "chefer", 8, 160_000),
        activity("O7", "H4", "Nordiskt nätverksmöte, Tammerfors", "transnationell resa", D(2018, 3, 13), 2, 1, 8,
                 "medarbetare", 6, 90_000),
        activity("O8", "H4", "Spridningskonferens: den hälsofrämjande kommunen", "konferens", D(2018, 6, 12), 1, 0,
                 5, "alla", 0.15, 150_000),
        activity("O9", "H2", "Arbetsmiljödialog med skyddsombud", "workshop", D(2017, 9, 19), 3, 28, 2.5,
                 "dept:TEK+KLF+KFF", 0.6, 60_000),
    ),
    surveys=SurveyPlan(
        scale_max=5, base_level=3.0, competence_dates=(D(2016, 4, 12), D(2018, 5, 15)),
        hme_dates=(D(2016, 3, 15), D(2018, 5, 22)), hme_base=3.55,
        areas=(
            area("Hälsofrämjande arbetssätt", "Jag vet vad som främjar hälsa på min arbetsplats",
                 "Jag bidrar till en hälsofrämjande arbetsmiljö", -0.3),
            area("Arbetsmiljökunskap", "Jag känner till arbetsmiljölagens krav i mitt arbete",
                 "Jag vet hur jag rapporterar risker och tillbud", 0.1),
            area("Ergonomi", "Jag använder rätt arbetsteknik för att undvika belastningsskador",
                 "Jag använder de hjälpmedel som finns", 0.0),
            area("Stresshantering", "Jag vet hur jag hanterar stress i arbetet",
                 "Jag har strategier för återhämtning", -0.4),
            area("Hälsofrämjande ledarskap", "Jag uppmärksammar tidiga tecken på ohälsa hos kollegor",
                 "Jag tar initiativ till förbättringar av arbetsmiljön", -0.2),
        ),
        requirements=(
            Requirement("Hälsofrämjande arbetssätt", 3.5), Requirement("Arbetsmiljökunskap", 3.5),
            Requirement("Arbetsmiljökunskap", 4.5, role="chef"), Requirement("Ergonomi", 3),
            Requirement("Ergonomi", 4, unit_id="VOF-SABO"), Requirement("Ergonomi", 4, unit_id="VOF-HEM"),
            Requirement("Stresshantering", 3.5), Requirement("Hälsofrämjande ledarskap", 3),
            Requirement("Hälsofrämjande ledarskap", 4.5, role="chef"),
        )),
    budget=Budget(esf_headings=(("personal", 0.38), ("köp av tjänst", 0.30), ("lokal", 0.04), ("resa", 0.10),
                                ("materiel", 0.04), ("indirekta kostnader", 0.14)),
                  cofinancing=(("deltagarlön", "deltagarlön", 0.86), ("lokal", "bidrag i annat än pengar", 0.14)),
                  period="quarter"),
    goals=(
        Goal("H-1", "HME-index ökar från 66 till 72", "HME totalindex", "index", 66, 72, D(2018, 8, 31),
             "hme_total"),
        Goal("H-2", "Sjukfrånvaron minskar till 6 %", "Sjukfrånvaro i procent av arbetad tid", "%", 7.9, 6.0,
             D(2018, 8, 31), measurements=(
                 (D(2016, 12, 31), 7.8, "gul", "Oförändrat första året; friskfaktorsarbetet har precis börjat."),
                 (D(2017, 6, 30), 7.1, "gul", "Minskning inom hemtjänsten efter schemaförändringar."),
                 (D(2017, 12, 31), 6.9, "röd", "Ökad korttidsfrånvaro under influensasäsongen."),
                 (D(2018, 6, 30), 6.4, "gul", "Nedåtgående men målet nås inte inom projekttiden."))),
        Goal("H-3", "40 hälsoinspiratörer utbildade", "Antal utbildade hälsoinspiratörer", "antal", 0, 40,
             D(2017, 12, 31), "participants", "H3"),
        Goal("H-4", "70 % har höjt sin kompetens om hälsa och arbetsmiljö", "Andel som förbättrat sin medelnivå",
             "%", None, 70, D(2018, 8, 31), "share_improved"),
        Goal("H-5", "Alla chefer har gått ledarprogrammet", "Antal chefer som deltagit", "antal", 0, 48,
             D(2017, 12, 31), "participants", "H1"),
    ),
    certificates=(Certificates("H3", "Hälsofrämjande arbetssätt", 0.9),),
    ambassadors_per_department=2,
)

# ---------------------------------------------------------------------------------------------- 4. Eslöv + Landskrona
def _two_municipalities() -> tuple[Municipality, Municipality]:
    """Administrative staff in ten departments of each municipality."""
    eslov = (("KLK", "Kommunledningskontoret", 0.74, 0.16, 0.3, 0.55), ("BFF", "Barn- och familjeförvaltningen",
             0.86, 0.12, 0.0, 0.6), ("VOF", "Vård- och omsorgsförvaltningen", 0.88, 0.12, -0.3, 0.7),
             ("SOC", "Socialförvaltningen", 0.84, 0.09, 0.0, 0.5), ("SBF", "Samhällsbyggnadsförvaltningen", 0.58,
             0.09, 0.2, 0.35), ("MBF", "Miljö- och byggförvaltningen", 0.62, 0.07, 0.1, 0.4),
             ("SERV", "Serviceförvaltningen", 0.70, 0.10, -0.2, 0.45), ("KFF", "Kultur- och fritidsförvaltningen",
             0.72, 0.06, 0.1, 0.3), ("AMF", "Arbetsmarknadsförvaltningen", 0.76, 0.08, -0.1, 0.5),
             ("GVF", "Gymnasie- och vuxenutbildningsförvaltningen", 0.80, 0.11, 0.0, 0.4))
    landskrona = (("SLK", "Stadsledningskontoret", 0.72, 0.16, 0.25, 0.5), ("UTB", "Utbildningsförvaltningen",
                  0.85, 0.14, 0.0, 0.45), ("ALD", "Äldreförvaltningen", 0.89, 0.11, -0.35, 0.65),
                  ("IFO", "Individ- och familjeförvaltningen", 0.83, 0.10, -0.1, 0.55),
                  ("SBF", "Stadsbyggnadsförvaltningen", 0.55, 0.08, 0.15, 0.3),
                  ("MF", "Miljöförvaltningen", 0.64, 0.05, 0.1, 0.35), ("SF", "Serviceförvaltningen", 0.66, 0.10,
                  -0.25, 0.4), ("KF", "Kulturförvaltningen", 0.74, 0.06, 0.2, 0.3),
                  ("AVF", "Arbets- och välfärdsförvaltningen", 0.78, 0.10, -0.1, 0.45),
                  ("TF", "Tekniska förvaltningen", 0.45, 0.10, -0.15, 0.25))
    return (Municipality("Eslöv", "ESL-", tuple(admin_department(*d) for d in eslov)),
            Municipality("Landskrona", "LKR-", tuple(admin_department(c, n, w, s * 0.9, o, i)
                                                     for c, n, w, s, o, i in landskrona)))


ESLOV_LANDSKRONA = ProjectSpec(
    folder="eslov-landskrona-2019", project_id="eslov-landskrona-2019",
    name="Digitalt kompetenslyft för administratörer i Eslöv och Landskrona", programme_area=PROGRAMME_1,
    phase="Avslutad", owner="Eslövs kommun, kommunledningskontoret", contact_person="Sara Nilsson",
    email="kompetenslyftet@eslov.se", phone="0413-620 00", esf_grant_sek=8_950_000, total_budget_sek=20_400_000,
    start=D(2019, 9, 1), end=D(2021, 8, 31), region="Sydsverige",
    participating_actors="Eslövs kommun; Landskrona stad", partners="Lunds universitet (validering); Kommunal; Vision",
    municipalities=_two_municipalities(), headcount=2100,
    focus_areas=(
        FocusArea("DF1", "Digitala arbetssätt", "Digitala verktyg och samarbete i vardagen.", 1800),
        FocusArea("DF2", "Klarspråk och kommunikation", "Begripliga beslut, brev och webbtexter.", 900),
        FocusArea("DF3", "Validering av administrativ kompetens", "Kartläggning och validering mot branschens "
                  "kompetensstandard; valideringsintyg.", 2000),
        FocusArea("DF4", "Ambassadörsnätverk", "Två ambassadörer per förvaltning stöttar kollegorna.", 40),
        FocusArea("DF5", "Effektiv ärendehantering", "E-tjänster och processer för kortare handläggningstider.",
                  900),
    ),
    activities=(
        activity("L1", "DF1", "Digital grundkurs", "e-lärande", D(2019, 10, 1), 1, 0, 3, "alla", 0.9, 350_000,
                 spread=90),
        activity("L2", "DF1", "Samarbete i Office 365 i praktiken", "workshop", D(2019, 11, 5), 3, 21, 3, "alla",
                 0.5, 620_000, spread=120),
        activity("L3", "DF2", "Klarspråk i beslut och brev", "workshop", D(2020, 2, 4), 2, 28, 3, "alla", 0.45,
                 410_000, spread=100),
        activity("L4", "DF3", "Validering: självskattning och bedömningssamtal", "workshop", D(2020, 3, 10), 2, 42,
                 2, "alla", 0.95, 980_000, spread=200),
        activity("L5", "DF4", "Ambassadörsutbildning", "workshop", D(2019, 11, 12), 4, 35, 6, "medarbetare", 44,
                 220_000),
        activity("L6", "DF5", "Effektiv ärendehantering och e-tjänster", "workshop", D(2020, 9, 8), 2, 28, 3,
                 "alla", 0.4, 380_000, spread=90),
        activity("L7", "DF1", "Digital konferens: framtidens förvaltning", "konferens", D(2020, 11, 17), 1, 0, 4,
                 "alla", 0.25, 150_000),
        activity("L8", "DF5", "Jobbskuggning mellan kommunerna", "jobbskuggning", D(2021, 2, 9), 2, 7, 8,
                 "medarbetare", 30, 60_000),
        activity("L9", "DF2", "Klarspråk på webben", "e-lärande", D(2021, 1, 11), 1, 0, 1.5, "alla", 0.6, 90_000,
                 spread=120),
    ),
    surveys=SurveyPlan(
        scale_max=5, base_level=3.0, competence_dates=(D(2019, 10, 15), D(2021, 5, 18)),
        hme_dates=(D(2019, 9, 24), D(2021, 5, 25)), hme_format="xlsx", hme_base=3.75, improvement_scale=0.8,
        areas=(
            area("Digitala verktyg", "Jag använder digitala verktyg för samarbete och möten",
                 "Jag hittar och delar information digitalt på ett säkert sätt", -0.2),
            area("Klarspråk", "Jag skriver beslut och brev som mottagaren förstår",
                 "Jag anpassar texter efter läsaren", 0.0),
            area("Ärendehantering", "Jag använder e-tjänster och ärendesystem fullt ut",
                 "Jag kan förbättra processerna i mitt arbete", -0.3),
            area("Informationssäkerhet", "Jag vet hur jag hanterar personuppgifter enligt dataskyddsförordningen",
                 "Jag vet hur jag klassar information", -0.1),
            area("Service och bemötande", "Jag ger ett professionellt bemötande i telefon och e-post",
                 "Jag hänvisar rätt när frågan inte är min", 0.3),
        ),
        requirements=(
            Requirement("Digitala verktyg", 4), Requirement("Klarspråk", 4), Requirement("Ärendehantering", 4),
            Requirement("Informationssäkerhet", 4), Requirement("Informationssäkerhet", 4.5, role="chef"),
            Requirement("Service och bemötande", 4), Requirement("Klarspråk", 4.5, role="medarbetare",
                                                                unit_id="ESL-KLK-HANDL"),
        )),
    budget=Budget(esf_headings=(("personal", 0.42), ("köp av tjänst", 0.36), ("lokal", 0.03), ("resa", 0.02),
                                ("materiel", 0.03), ("indirekta kostnader", 0.14)),
                  cofinancing=(("deltagarlön", "deltagarlön", 0.9), ("personal", "kontant", 0.1)),
                  period="quarter", spend_start=0.4, spend_end=1.3),
    goals=(
        Goal("G1", "80 % har förbättrat sina kunskaper", "Andel som förbättrat sin medelnivå mellan "
             "kartläggningarna", "%", None, 80, D(2021, 8, 31), "share_improved"),
        Goal("G2", "95 % har fått valideringsintyg", "Andel av deltagarna med valideringsintyg", "%", 0, 95,
             D(2021, 8, 31), "share_certified", "DF3"),
        Goal("G3", "Minst två ambassadörer per förvaltning", "Ambassadörer per förvaltning", "antal", 0, 2,
             D(2020, 6, 30), "ambassadors_per_unit", "DF4"),
        Goal("G4", "Handläggningstiden minskar med två veckor", "Genomsnittlig handläggningstid (dagar)", "dagar",
             42, 28, D(2021, 8, 31), measurements=(
                 (D(2020, 3, 31), 41, "gul", "Ärendesystemet byts under våren; ingen effekt ännu."),
                 (D(2020, 9, 30), 37, "gul", "E-tjänsterna för bygglov och serveringstillstånd har kortat tiden."),
                 (D(2021, 3, 31), 33, "gul", "Fortsatt minskning; distansarbetet har inte påverkat negativt."),
                 (D(2021, 8, 31), 29, "grön", "Nära målet: 13 dagar kortare än utgångsläget."))),
        Goal("G5", "Nöjd-Medborgar-Index för bemötande ökar till 60", "NMI bemötande", "index", 56, 60,
             D(2021, 8, 31), measurements=(
                 (D(2020, 10, 31), 57, "gul", "Liten förbättring i Eslöv, oförändrat i Landskrona."),
                 (D(2021, 6, 30), None, "", "Medborgarundersökningen sköts upp; kan inte bedömas."))),
        Goal("G6", "Medarbetarnas HME-index ökar till 72", "HME totalindex", "index", 68, 72, D(2021, 8, 31),
             "hme_total"),
    ),
    certificates=(Certificates("DF3", "Administrativ kompetens", 0.93),),
    ambassadors_per_department=2, departments_short_of_ambassadors=("LKR-TF",),
)

# ---------------------------------------------------------------------------------------------- 5. Klippan ESF+
KLIPPAN = ProjectSpec(
    folder="klippan-esfplus-2025", project_id="klippan-esfplus-2025",
    name="Kompetens för framtidens välfärd i Klippan",
    programme_area="Programområde A Kompetensförsörjning (ESF+)",
    phase="Genomförande", owner="Klippans kommun, vård- och omsorgsförvaltningen", contact_person="Elin Åberg",
    email="esfplus@klippan.se", phone="0435-280 00", esf_grant_sek=9_850_000, total_budget_sek=16_420_000,
    start=D(2025, 1, 1), end=D(2027, 12, 31), region="Sydsverige",
    participating_actors="Klippans kommun; Vård- och omsorgscollege Skåne Nordväst",
    partners="Arbetsförmedlingen; Region Skåne; Kommunal",
    municipalities=(Municipality("Klippan", "", (
        sized(VOF, 0.55), replace(BUF, weight=0.25, subunits=BUF.subunits[:1], name="Förskoleförvaltningen",
                                  code="FSK"),
        sized(TEK, 0.08), sized(SERV, 0.07), sized(KLF, 0.05))),),
    headcount=1180, x_count=6,
    focus_areas=(
        FocusArea("P1", "Digital välfärd och välfärdsteknik",
                  "Trygghetskameror, digitala lås och läkemedelsrobotar i omsorgen.", 700),
        FocusArea("P2", "Språk och kommunikation i vården", "Yrkessvenska och dokumentation.", 300),
        FocusArea("P3", "Validering och kompetensstegar", "Validering mot undersköterskans yrkeskompetens.", 250),
        FocusArea("P4", "Ledarskap i förändring", "Chefer leder omställningen.", 70),
        FocusArea("P5", "Hållbart arbetsliv", "Arbetsmiljö, schema och återhämtning.", 600),
    ),
    activities=(
        activity("K1", "P4", "Ledarskap i förändring – chefsprogram", "workshop", D(2025, 3, 11), 6, 42, 6,
                 "chefer", 1.0, 540_000),
        activity("K2", "P1", "Välfärdsteknik i vardagen", "e-lärande", D(2025, 4, 7), 1, 0, 2.5, "dept:VOF", 0.85,
                 260_000, spread=120),
        activity("K3", "P1", "Digitala lås och trygghetskameror – praktisk övning", "workshop", D(2025, 9, 9), 2,
                 35, 3, "dept:VOF", 0.55, 390_000, spread=150),
        activity("K4", "P2", "Yrkessvenska och dokumentation", "workshop", D(2025, 10, 7), 8, 14, 2.5,
                 "occ:Vårdbiträde+Undersköterska+Personlig assistent+Måltidsbiträde", 0.25, 620_000),
        activity("K5", "P3", "Validering mot undersköterskekompetens", "workshop", D(2026, 1, 20), 3, 35, 3,
                 "occ:Vårdbiträde+Undersköterska", 0.45, 880_000, spread=120),
        activity("K6", "P5", "Hållbart arbetsliv: schema och återhämtning", "workshop", D(2025, 5, 13), 2, 28, 3,
                 "alla", 0.5, 310_000, spread=160),
        activity("K7", "P5", "Föreläsning: friskfaktorer", "föreläsning", D(2026, 2, 10), 1, 0, 2, "alla", 0.45,
                 60_000),
        activity("K8", "P1", "Studieresa: välfärdsteknik i Danmark", "transnationell resa", D(2026, 5, 19), 3, 1,
                 8, "medarbetare", 10, 140_000),
        activity("K9", "P3", "Validering, omgång 2", "workshop", D(2026, 10, 13), 3, 35, 3,
                 "occ:Vårdbiträde+Undersköterska+Personlig assistent", 0.3, 760_000, spread=120),
        activity("K10", "P2", "Språkombud i omsorgen", "workshop", D(2026, 11, 3), 4, 21, 3, "dept:VOF", 25,
                 180_000),
        activity("K11", "P5", "Förskolans arbetsmiljö", "workshop", D(2027, 2, 9), 2, 28, 3, "dept:FSK", 0.6,
                 150_000),
        activity("K12", "P4", "Slutkonferens", "konferens", D(2027, 11, 16), 1, 0, 5, "alla", 0.25, 180_000),
    ),
    surveys=SurveyPlan(
        scale_max=5, base_level=2.9, competence_dates=(D(2025, 3, 18), D(2026, 9, 22)),
        hme_dates=(D(2025, 3, 4), D(2026, 10, 6)), hme_base=3.6,
        areas=(
            area("Välfärdsteknik", "Jag kan använda den välfärdsteknik som finns i min verksamhet",
                 "Jag kan förklara tekniken för brukare och anhöriga", -0.45),
            area("Dokumentation", "Jag dokumenterar enligt rutinerna",
                 "Jag skriver journalanteckningar som kollegor förstår", -0.15),
            area("Kommunikation", "Jag förstår skriftliga instruktioner på svenska",
                 "Jag kommunicerar tydligt med brukare och kollegor", 0.15),
            area("Omvårdnad", "Jag arbetar enligt undersköterskans kompetensbeskrivning",
                 "Jag kan förklara varför jag gör som jag gör i omvårdnaden", 0.0),
            area("Arbetsmiljö", "Jag vet hur jag förebygger belastningsskador och stress",
                 "Jag deltar i arbetsmiljöarbetet på min arbetsplats", 0.1),
        ),
        requirements=(
            Requirement("Välfärdsteknik", 3.5), Requirement("Välfärdsteknik", 2.5, unit_id="FSK-FSK"),
            Requirement("Dokumentation", 4), Requirement("Kommunikation", 4), Requirement("Omvårdnad", 4),
            Requirement("Omvårdnad", 2, unit_id="FSK-FSK"), Requirement("Arbetsmiljö", 3.5),
            Requirement("Arbetsmiljö", 4.5, role="chef"),
        )),
    budget=Budget(esf_headings=(("personal", 0.40), ("köp av tjänst", 0.36), ("lokal", 0.03), ("resa", 0.03),
                                ("materiel", 0.03), ("indirekta kostnader", 0.15)),
                  cofinancing=(("deltagarlön", "deltagarlön", 0.85), ("lokal", "bidrag i annat än pengar", 0.05),
                               ("personal", "offentlig medfinansiering", 0.10)),
                  period="quarter", spend_start=0.4, spend_end=1.3),
    goals=(
        Goal("E1", "75 % av personalen deltar i minst en aktivitet", "Andel av målgruppen som deltagit", "%", 0, 75,
             D(2027, 12, 31), "share_target_group_reached"),
        Goal("E2", "70 % har höjt sin kompetens", "Andel som förbättrat sin medelnivå", "%", None, 70,
             D(2027, 12, 31), "share_improved"),
        Goal("E3", "75 % av deltagarna i valideringen har intyg", "Andel av deltagarna med valideringsintyg", "%",
             0, 75, D(2027, 12, 31), "share_certified", "P3"),
        Goal("E4", "Alla medarbetare har en individuell utvecklingsplan", "Andel med individuell utvecklingsplan",
             "%", 34, 90, D(2027, 6, 30), measurements=(
                 (D(2025, 6, 30), 41, "gul", "Mallen för utvecklingsplan är klar; cheferna har börjat."),
                 (D(2025, 12, 31), 52, "gul", "Förskolan ligger före, hemtjänsten efter."),
                 (D(2026, 6, 30), 58, "röd", "Sommarens bemanning har försenat samtalen i hemtjänsten."),
                 (D(2026, 10, 31), 67, "gul", "Åtgärdsplan i hemtjänsten ger effekt; ny mätning i februari."))),
        Goal("E5", "HME-index ökar till 72", "HME totalindex", "index", 67, 72, D(2027, 12, 31), "hme_total"),
        Goal("E6", "Minst 16 000 utbildningstimmar", "Summa närvarotimmar", "antal", 0, 16_000, D(2027, 12, 31),
             "training_hours"),
    ),
    certificates=(Certificates("P3", "Omvårdnad", 0.6),),
    ambassadors_per_department=2,
    meeting_topics=(
        "Projektet har startat. Styrgruppen fastställde projektplan, kommunikationsplan och mötesplan.",
        "Kartläggningen är klar (svarsfrekvens 88 %). Störst gap inom välfärdsteknik i hemtjänsten.",
        "Ledarprogrammet har startat. Upphandling av validering pågår.",
        "Lägesrapport och första ansökan om utbetalning godkändes. Förbrukningen ligger under plan.",
        "Deltagandet per kön: männen inom teknik deltar mindre. Riktad information via arbetsledarna.",
        "Valideringen har startat med första gruppen. Budgeten för köp av tjänst följer plan.",
        "Prognosen visar underförbrukning; styrgruppen beslutade att tidigarelägga validering omgång 2.",
        "Studieresan till Danmark genomförd. Rapport från deltagarna; välfärdsteknik sprids via språkombud.",
        "Uppföljande kartläggning och medarbetarenkät genomförda i september och oktober.",
        "Resultatet av uppföljningen presenterades. Delmålet om utvecklingsplaner är gult; "
        "åtgärder i hemtjänsten.",
    ),
)

PORTFOLIO = (PERSTORP, ESLOV, OSBY, ESLOV_LANDSKRONA, KLIPPAN)
