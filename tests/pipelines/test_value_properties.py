"""Property tests of the value parsers: every value is read as a Swede means it or rejected with a message (a
ValueError, never another exception), and masking removes every personnummer form."""

import datetime as dt
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipelines import normalise as nz

settings.register_profile("styrbord", deadline=None, max_examples=200,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("styrbord")

# text as exports hold it: digits, separators, signs, currency, letters, spaces and odd characters
EXPORT_TEXT = st.text(alphabet=st.sampled_from(list("0123456789 .,-+:()%krSEKabcQ/\u00a0\u2212\u2013\u200b'"))
                      | st.characters(), max_size=24)


def _only_value_errors(parse, text):
    try:
        return parse(text)
    except ValueError as exc:
        assert str(exc), "a rejection always says why"
        return None


# ---------------------------------------------------------------------------------------------- no surprises
@given(EXPORT_TEXT, st.sampled_from([None, ",", "."]))
def test_number_parsers_raise_only_their_own_rejection(text, mark):
    for parse in (nz.parse_decimal, nz.parse_amount, nz.parse_int):
        value = _only_value_errors(lambda t: parse(t, decimal_mark=mark), text)
        assert value is None or value == value and abs(value) != float("inf")
    assert nz.decimal_mark_of([text, text + "5"]) in (None, ",", ".")


@given(EXPORT_TEXT)
def test_date_period_gender_and_personnummer_parsers_raise_only_their_own_rejection(text):
    date = _only_value_errors(nz.parse_date, text)
    assert date is None or isinstance(date, dt.date)
    period = _only_value_errors(nz.parse_period, text)
    assert period is None or period[0] <= period[1]
    assert _only_value_errors(nz.parse_gender, text) in (None, "K", "M", "X")
    pnr = _only_value_errors(nz.parse_personnummer, text)
    assert pnr is None or re.fullmatch(r"\d{12}", pnr)


# ---------------------------------------------------------------------------------------------- amounts
def _group(digits: str, separator: str) -> str:
    head = len(digits) % 3 or 3
    return separator.join([digits[:head]] + [digits[i:i + 3] for i in range(head, len(digits), 3)])


@st.composite
def written_amounts(draw):
    """(text, value, decimal mark of the style) for an amount written the Swedish or the English way."""
    kronor = draw(st.integers(0, 10**9))
    ore = draw(st.one_of(st.none(), st.integers(0, 99)))
    english = draw(st.booleans())
    mark = "." if english else ","
    grouping = draw(st.sampled_from(["", ","] if english else ["", " ", "\u00a0", "."]))
    text = _group(str(kronor), grouping) if grouping else str(kronor)
    value = float(kronor)
    if ore is not None:
        text += f"{mark}{ore:02d}"
        value = float(f"{kronor}.{ore:02d}")
    suffix = draw(st.sampled_from(["", " kr", " SEK"] + ([] if english or ore is not None else [",-", ":-"])))
    sign = draw(st.sampled_from(["", "-", "(", "trailing", "\u2212"]))
    if sign == "(":
        text = f"({text}{suffix})"
    elif sign == "trailing":
        text = f"{text}-{suffix}" if suffix not in (",-", ":-") else f"{text}{suffix}"
        sign = "-" if suffix not in (",-", ":-") else ""
    else:
        text = f"{sign}{text}{suffix}"
    negative = sign in ("-", "(", "\u2212") and value != 0
    return text, -value if negative else value, mark


@given(written_amounts())
def test_an_amount_in_its_columns_style_reads_as_meant(written):
    text, value, mark = written
    assert nz.parse_decimal(text, decimal_mark=mark) == value
    assert nz.parse_amount(text, decimal_mark=mark) == (int(abs(value) + 0.5) * (1 if value >= 0 else -1))


@given(written_amounts())
def test_an_amount_without_its_column_reads_as_meant_or_is_rejected_as_ambiguous(written):
    text, value, _ = written
    try:
        assert nz.parse_decimal(text) == value
    except nz.AmbiguousNumber as exc:
        assert "kan läsas som" in str(exc)


@given(written_amounts())
def test_an_amount_in_kronor_is_never_ambiguous(written):
    text, value, _ = written
    assert nz.parse_amount(text) == (int(abs(value) + 0.5) * (1 if value >= 0 else -1))


@given(st.lists(written_amounts(), min_size=1, max_size=8).filter(lambda ws: len({w[2] for w in ws}) == 1))
def test_a_columns_decimal_mark_is_never_the_wrong_one(column):
    mark = nz.decimal_mark_of([text for text, _, _ in column])
    assert mark in (None, column[0][2])
    for text, value, _ in column:
        try:
            assert nz.parse_decimal(text, decimal_mark=mark) == value
        except nz.AmbiguousNumber:
            assert mark is None


# ---------------------------------------------------------------------------------------------- dates, periods
DAYS = st.dates(min_value=dt.date(1960, 1, 1), max_value=dt.date(2100, 12, 31))


@given(DAYS, st.sampled_from(["iso", "slash", "dot", "compact", "dmy", "time", "zone", "utc", "serial"]))
def test_a_date_in_every_export_form_reads_as_that_day(day, form):
    serial = (day - dt.date(1899, 12, 30)).days
    text = {
        "iso": day.isoformat(), "slash": day.strftime("%Y/%m/%d"), "dot": day.strftime("%Y.%m.%d"),
        "compact": day.strftime("%Y%m%d"), "dmy": f"{day.day}/{day.month}/{day.year}",
        "time": f"{day.isoformat()} 08:30", "zone": f"{day.isoformat()}T08:00:00+02:00",
        "utc": f"{day.isoformat()}T10:00:00Z", "serial": f"{serial},375",
    }[form]
    if form == "serial" and not 20000 <= serial <= 80000:
        return
    assert nz.parse_date(text) == day


@given(st.integers(1990, 2099), st.integers(1, 4), st.sampled_from(["{y}-Q{q}", "{y} Q{q}", "Q{q} {y}", "Kv{q} {y}",
                                                                    "kv {q} {y}", "{y}K{q}", "Q{q}-{yy}"]))
def test_a_quarter_in_every_form(year, quarter, form):
    text = form.format(y=year, q=quarter, yy=f"{year % 100:02d}")
    if "{yy}" in form and year < 2000:
        return
    start = dt.date(year, quarter * 3 - 2, 1)
    end = (dt.date(year + (quarter == 4), (quarter * 3) % 12 + 1, 1) - dt.timedelta(days=1))
    assert nz.parse_period(text) == (start, end)


@given(st.integers(2000, 2099), st.integers(1, 12),
       st.sampled_from(["{y}-{m:02d}", "{y}/{m}", "{m:02d}/{y}", "{name} {y}", "{name}-{yy}", "{long} {y}"]))
def test_a_month_in_every_form(year, month, form):
    names = ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]
    longs = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
             "november", "december"]
    text = form.format(y=year, m=month, yy=f"{year % 100:02d}", name=names[month - 1], long=longs[month - 1])
    start = dt.date(year, month, 1)
    end = dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)
    assert nz.parse_period(text) == (start, end)
    assert nz.parse_period(dt.datetime(year, month, 17)) == (start, end)


# ---------------------------------------------------------------------------------------------- gender
GENDER_WORDS = {"K": ["K", "Kvinna", "kvinnor", "F", "female", "Kvinnlig"], "M": ["M", "Man", "Män", "male"],
                "X": ["X", "Annat", "Icke-binär"],
                None: ["Vill ej svara", "Vill ej uppge", "Okänt", "Ej angivet", "Uppgift saknas", "-", ""]}


@given(st.sampled_from([(g, w) for g, words in GENDER_WORDS.items() for w in words]),
       st.sampled_from([str.upper, str.lower, str.title, lambda s: s]), st.sampled_from(["", " ", "\u00a0"]))
def test_gender_words_in_any_case_and_spacing(pair, case, pad):
    gender, word = pair
    assert nz.parse_gender(pad + case(word) + pad) == gender


# ---------------------------------------------------------------------------------------------- personnummer
PNR_SEPARATORS = ["", "-", "+", " ", " - ", " – ", "–", "—", "\u2011", "\u2010", "\u2212", "\u00a0", " \u2011 "]
NO_DIGITS = st.text(alphabet=st.characters(blacklist_categories=("Nd", "No", "Cs")), max_size=15)


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2025, 12, 31)), st.integers(0, 9999),
       st.booleans(), st.sampled_from(PNR_SEPARATORS), NO_DIGITS, NO_DIGITS)
def test_masking_removes_every_personnummer_form(birth, tail, century, separator, before, after):
    date = birth.strftime("%Y%m%d" if century else "%y%m%d")
    text = f"{before}{date}{separator}{tail:04d}{after}"
    masked = nz.mask_personnummer(text)
    assert not re.search(r"\d", masked), masked
    assert masked == f"{before}ÅÅÅÅMMDD-XXXX{after}"


@given(NO_DIGITS)
def test_masking_leaves_text_without_numbers_alone(text):
    assert nz.mask_personnummer(text) == text
