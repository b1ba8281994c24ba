"""Colours, patterns and type size every chart and table shares: one look on every page and in the meeting pack."""

# Okabe–Ito colours, chosen to keep at least 3:1 contrast against white (WCAG 2.1 non-text contrast) and to stay
# apart for the common forms of colour blindness. The same gender has the same colour on every page.
GENDER_COLOURS = {"K": "#D55E00", "M": "#0072B2", "X": "#009E73", "T": "#4D4D4D"}

# Seven series colours (Okabe–Ito blue and reddish purple with Paul Tol's indigo, wine, olive and rose, and a dark
# brown), each at least 3:1 against white, and at least ΔE 22 apart from each other and from black for typical
# vision and simulated protanopia, deuteranopia and tritanopia (tests/dashboard/test_a11y.py checks it).
SERIES_COLOURS = ["#0072B2", "#D1495B", "#999933", "#CC79A7", "#6F4E00", "#332288", "#882255"]

COST_HEADINGS = ["personal", "köp av tjänst", "lokal", "resa", "materiel", "indirekta kostnader", "deltagarlön"]

# Each cost heading keeps its colour, and a pattern of its own for print and for readers who cannot tell colours apart.
HEADING_COLOURS = dict(zip(COST_HEADINGS, SERIES_COLOURS))

HEADING_PATTERNS = dict(zip(COST_HEADINGS, ["", "/", "x", "\\", ".", "-", "|"]))

PLAN_COLOUR = "#4D4D4D"

# the plan marker drawn over stacked cost headings: black, apart from every heading colour
PLAN_MARKER_COLOUR = "#000000"

SPENT_COLOUR = "#0072B2"

# Traffic lights never by colour alone: a symbol and a word go with every colour.
STATUS_STYLE = {
    "green": ("✓", "#D9F0D3", "#00441B"),
    "yellow": ("▲", "#FFF0A8", "#4D3800"),
    "red": ("✕", "#F8D0CC", "#67000D"),
    None: ("–", "#FFFFFF", "#1A1A1A"),
}

FONT_SIZE = 16  # read on a projector from the back of a meeting room

# ColorBrewer scales (Blues; PuOr): they stay apart for the common colour-vision deficiencies and in greyscale print.
# Orange always means the worse end, purple the better one.
SEQUENTIAL_SCALE = [[0.0, "#F7FBFF"], [0.25, "#C6DBEF"], [0.5, "#6BAED6"], [0.75, "#2171B5"], [1.0, "#08306B"]]

DIVERGING_SCALE = [[0.0, "#B35806"], [0.25, "#F1A340"], [0.5, "#F7F7F7"], [0.75, "#998EC3"], [1.0, "#542788"]]

# Two waves of a survey side by side: grey with hatching for the baseline, so print and colour-blind readers see it.
WAVE_COLOURS = {"baseline": "#767676", "follow_up": "#0072B2"}

WAVE_PATTERNS = {"baseline": "/", "follow_up": ""}

HIDDEN_CELL = "#EDEDED"

