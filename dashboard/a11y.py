"""Accessibility (WCAG 2.1 AA): page language, focus and reflow styles, Plotly settings, contrast and colour vision."""

from __future__ import annotations

import json
import math

import streamlit as st

from dashboard.i18n import t

# Focus ring: dark blue, 6.9:1 on white and 6.3:1 on the sidebar grey, unlike the grey of the current page's link.
FOCUS_COLOUR = "#0B3D91"

STYLE = f"""<style>
/* Visible focus on every control: the browser's own ring is removed by Streamlit in places. */
:focus-visible, [data-focus-visible="true"] {{
  outline: 3px solid {FOCUS_COLOUR} !important; outline-offset: 2px !important;
}}
/* react-aria keeps the real radio, checkbox and combobox inputs tiny or invisible: ring what the eye sees instead */
[data-testid="stRadioOption"]:has(input:focus-visible), [data-testid="stCheckbox"] label:has(input:focus-visible),
[role="group"]:has(> input:focus-visible), [data-baseweb="input"]:has(input:focus-visible),
[data-testid="stDateInput"] div:has(> input:focus-visible) {{
  outline: 3px solid {FOCUS_COLOUR} !important; outline-offset: 2px !important; border-radius: 0.25rem;
}}
/* menu links: focus is a ring, the current page a bar and bold type, so the two never look alike */
[data-testid="stSidebarNavLink"]:focus-visible {{ outline: 3px solid {FOCUS_COLOUR} !important; outline-offset: -3px !important; }}
[data-testid="stSidebarNavLink"][aria-current="page"] {{ box-shadow: inset 5px 0 0 #1a1a1a; }}
[data-testid="stSidebarNavLink"][aria-current="page"] p {{ font-weight: 700; }}
/* a table's toolbar (search, download, full screen) shows while keyboard focus is in the table or on it */
[data-testid="stDataFrame"]:focus-within [data-testid="stElementToolbar"],
[data-testid="stElementToolbar"]:focus-within {{ opacity: 1 !important; visibility: visible !important; }}
[data-testid="stElementToolbar"]:focus-within {{ background: #ffffff; }}
/* static tables (the sub-goals): long words wrap, and what still does not fit scrolls inside a focusable box */
[data-testid="stTable"] td, [data-testid="stTable"] th {{ overflow-wrap: anywhere; hyphens: auto; }}
@media (max-width: 640px) {{
  [data-testid="stTable"] td, [data-testid="stTable"] th {{ padding: 0.25rem 0.35rem; font-size: 0.875rem; }}
  /* long Swedish words (Medarbetarenkät, Sammanfattning) stay whole on a phone */
  [data-testid="stMain"] h1 {{ font-size: 2rem; }}
  [data-testid="stMain"] h2 {{ font-size: 1.25rem; }}
  /* a chart keeps a readable width on a phone and scrolls sideways in its own box (a focusable region) */
  [data-testid="stFullScreenFrame"]:has([data-testid="stPlotlyChart"]) {{ min-width: 600px; }}
  [data-testid="stElementContainer"]:has([data-testid="stPlotlyChart"]) {{ overflow-x: auto; }}
}}
/* chart headings: a level-2 heading at the size of a section title, not of the page title */
[data-testid="stMain"] h2 {{ font-size: 1.5rem; padding-top: 0.75rem; }}
/* the script that sets the page language takes no room */
[data-testid="stElementContainer"]:has(.styrbord-a11y) {{ display: none; }}
</style>"""

# Runs in the page (st.html with unsafe_allow_javascript): the document language follows the interface language;
# the inside of each chart is hidden from assistive technology (the chart is a figure named by its summary sentence,
# and its table holds the figures); scrolling boxes get keyboard focus and a name; Streamlit's own English button
# names get the interface language.
SCRIPT = """<div class="styrbord-a11y"></div><script>
(() => {
  const settings = __SETTINGS__;
  window.__styrbordA11y = settings;
  document.documentElement.lang = settings.lang;
  const apply = () => {
    const s = window.__styrbordA11y;
    if (document.documentElement.lang !== s.lang) document.documentElement.lang = s.lang;
    // a chart is a figure named by its summary sentence (st.plotly_chart alt); what plotly draws inside is hidden,
    // or a screen reader would read every tick and label run together
    document.querySelectorAll('[data-testid="stPlotlyChart"] > .js-plotly-plot').forEach((plot) => {
      if (plot.getAttribute("aria-hidden") !== "true") plot.setAttribute("aria-hidden", "true");
    });
    // a box that scrolls sideways (a wide table, a chart at 320 px) can be scrolled by keyboard: it takes focus
    // and is named after the heading above it, so two such boxes on a page are two different regions
    const boxes = [...document.querySelectorAll('[data-testid="stTable"], [data-testid="stTable"] *')].filter((box) => {
      const style = getComputedStyle(box);
      return ["auto", "scroll"].includes(style.overflowX) || ["auto", "scroll"].includes(style.overflowY);
    }).map((box) => [box, s.table]);
    document.querySelectorAll('[data-testid="stElementContainer"]:has([data-testid="stPlotlyChart"])')
      .forEach((box) => boxes.push([box, s.chart]));
    boxes.forEach(([box, what]) => {
      const scrolls = box.scrollWidth > box.clientWidth + 1 || box.scrollHeight > box.clientHeight + 1;
      if (!scrolls) {
        if (box.dataset.styrbordScroll) {
          ["tabindex", "role", "aria-label", "data-styrbord-scroll"].forEach((a) => box.removeAttribute(a));
        }
        return;
      }
      let above = box.closest('[data-testid="stElementContainer"]'), title = null;
      while (above && !title) {
        title = above.querySelector("h1, h2, h3");
        above = above.previousElementSibling;
      }
      const name = title ? `${title.textContent.trim()}: ${what}` : what;
      if (box.getAttribute("tabindex") !== "0") box.setAttribute("tabindex", "0");
      if (box.getAttribute("role") !== "region") box.setAttribute("role", "region");
      if (box.getAttribute("aria-label") !== name) box.setAttribute("aria-label", name);
      box.dataset.styrbordScroll = "1";
    });
    document.querySelectorAll("[aria-label]").forEach((named) => {
      const label = named.getAttribute("aria-label");
      const prefix = s.prefixes.find(([english]) => label.startsWith(english));
      const own = s.buttons[label] || (prefix ? prefix[1] + label.slice(prefix[0].length) : null);
      if (own) named.setAttribute("aria-label", own);
    });
    renameSkip();
  };
  // the skip link is the first thing a keyboard reaches; React draws it again on a rerun and as focus arrives, so it
  // is renamed at once (in the mutation's microtask, before the next event) rather than on the next frame
  const renameSkip = () => {
    const s = window.__styrbordA11y;
    const skip = document.querySelector('[data-testid="stSkipToContent"]');
    if (skip && s.skip && skip.textContent !== s.skip) skip.textContent = s.skip;
  };
  renameSkip();
  apply();
  window.__styrbordA11yRenameSkip = renameSkip;
  window.__styrbordA11yApply = apply;
  if (!window.__styrbordA11yObserver) {
    let queued = false;
    window.__styrbordA11yObserver = new MutationObserver(() => {
      window.__styrbordA11yRenameSkip();
      if (queued) return;
      queued = true;
      requestAnimationFrame(() => { queued = false; apply(); });
    });
    window.__styrbordA11yObserver.observe(document.body, {childList: true, subtree: true, characterData: true});
    window.addEventListener("resize", () => requestAnimationFrame(apply));
    // React may draw the skip link (and other named controls) again as focus arrives: rename them at once, before
    // a screen reader announces the English name
    document.addEventListener("focusin", () => {
      window.__styrbordA11yRenameSkip();
      window.__styrbordA11yApply();
    }, true);
    // the web font arrives after the first layout and can make a table overflow without any change to the DOM
    if (document.fonts) document.fonts.ready.then(() => requestAnimationFrame(apply));
    setInterval(() => window.__styrbordA11yApply && window.__styrbordA11yApply(), 2000);
  }
})();
</script>"""

# Streamlit's own English names for screen readers (table toolbar, date picker, menu, heading links) that the
# interface can rename; the skip link and "Help for …" on help icons are renamed too.
STREAMLIT_BUTTONS = ("Show/hide columns", "Download as CSV", "Search", "Fullscreen", "Close fullscreen",
                     "Previous month.", "Next month.", "Open", "Clear all", "Clear", "Show password text", "Main menu",
                     "Link to heading", "Sidebar", "Collapse sidebar", "Expand sidebar", "App pages", "Choose date")


BUTTON_KEYS = ("columns", "csv", "search", "fullscreen", "close_fullscreen", "previous_month", "next_month", "open",
               "clear_all", "clear", "password", "main_menu", "heading_link", "sidebar", "collapse_sidebar",
               "expand_sidebar", "app_pages", "choose_date")
PREFIXES = (("Help for ", "help_for"), ("year, ", "year"), ("month, ", "month"), ("day, ", "day"))


def page_setup(lang: str) -> None:
    """Language, focus and reflow styles for the whole app; call once per run, right after the language choice."""
    st.html(STYLE)
    # Streamlit's English names become Swedish, and back again when the reader switches to English
    names = [(english, t(f"a11y.button.{key}", "sv")) for english, key in zip(STREAMLIT_BUTTONS, BUTTON_KEYS)]
    prefixes = [(english, t(f"a11y.button.{key}", "sv")) for english, key in PREFIXES]
    if lang == "en":
        names, prefixes = [(sv, en) for en, sv in names], [(sv, en) for en, sv in prefixes]
    settings = {"lang": lang, "table": t("a11y.table_region", lang), "chart": t("a11y.chart_region", lang),
                "buttons": dict(names), "prefixes": prefixes, "skip": t("a11y.button.skip", lang)}
    st.html(SCRIPT.replace("__SETTINGS__", json.dumps(settings, ensure_ascii=False)), unsafe_allow_javascript=True)


# Plotly draws its own texts (the zoom hint, month names, "trace 0"); plotly.js ships only English, so the Swedish
# locale is given with every chart (config "locales"). Format from Swedish usage: ISO dates, decimal comma.
PLOTLY_SV = {
    "dictionary": {
        "Autoscale": "Autoskala", "Box Select": "Välj med rektangel", "Click to enter Colorscale title":
        "Klicka för att ange färgskalans rubrik", "Click to enter Plot title": "Klicka för att ange diagrammets rubrik",
        "Click to enter X axis title": "Klicka för att ange x-axelns rubrik",
        "Click to enter Y axis title": "Klicka för att ange y-axelns rubrik",
        "Compare data on hover": "Jämför värden när du hovrar", "Double-click on legend to isolate one trace":
        "Dubbelklicka på förklaringen för att visa en serie", "Double-click to zoom back out":
        "Dubbelklicka för att zooma ut igen", "Download plot": "Ladda ner diagrammet",
        "Download plot as a png": "Ladda ner diagrammet som png", "Edit in Chart Studio": "Redigera i Chart Studio",
        "IE only supports svg.  Changing format to svg.": "IE stöder bara svg. Formatet ändras till svg.",
        "Lasso Select": "Välj med lasso", "Orbital rotation": "Rotera kring", "Pan": "Panorera",
        "Produced with Plotly.js": "Skapat med Plotly.js", "Reset": "Återställ", "Reset axes": "Återställ axlarna",
        "Reset camera to default": "Återställ kameran", "Reset camera to last save": "Återställ kameran till senast sparade",
        "Reset view": "Återställ vyn", "Reset views": "Återställ vyerna", "Show closest data on hover":
        "Visa närmaste värde när du hovrar", "Snapshot succeeded": "Bilden är sparad",
        "Sorry, there was a problem downloading your snapshot!": "Det gick inte att ladda ner bilden.",
        "Taking snapshot - this may take a few seconds": "Sparar bilden – det kan ta några sekunder",
        "Toggle Spike Lines": "Visa eller dölj spikar", "Toggle show closest data on hover":
        "Visa eller dölj närmaste värde när du hovrar", "Turntable rotation": "Rotera som skivtallrik",
        "Zoom": "Zooma", "Zoom in": "Zooma in", "Zoom out": "Zooma ut", "close:": "stängning:", "concentration:":
        "koncentration:", "high:": "högst:", "incoming flow count:": "inflöden:", "kde:": "kde:", "lat:": "lat:",
        "lon:": "lon:", "low:": "lägst:", "lower fence:": "nedre gräns:", "max:": "max:", "mean ± σ:": "medel ± σ:",
        "mean:": "medel:", "median:": "median:", "min:": "min:", "new text": "ny text", "open:": "öppning:",
        "outgoing flow count:": "utflöden:", "q1:": "q1:", "q3:": "q3:", "source:": "källa:", "target:": "mål:",
        "trace": "serie", "upper fence:": "övre gräns:",
    },
    "format": {
        "days": ["söndag", "måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag"],
        "shortDays": ["sön", "mån", "tis", "ons", "tor", "fre", "lör"],
        "months": ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
                   "november", "december"],
        "shortMonths": ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"],
        "date": "%Y-%m-%d", "decimal": ",", "thousands": "\u00a0",
    },
}


def plotly_config(lang: str) -> dict:
    """Chart settings: no mode bar (it filled the tab order with 32 buttons), no logo, Plotly's texts in the language."""
    config: dict = {"displayModeBar": False, "displaylogo": False, "locale": lang}
    if lang == "sv":
        config["locales"] = {"sv": PLOTLY_SV}
    return config


# --- contrast (WCAG 2.1 relative luminance) ----------------------------------------------------------------------

def rgb(colour: str) -> tuple[int, int, int]:
    """#RRGGBB, #RGB or rgb(r, g, b) as three 0–255 integers."""
    colour = colour.strip()
    if colour.startswith("rgb"):
        parts = colour[colour.index("(") + 1:colour.index(")")].split(",")
        return tuple(int(round(float(p))) for p in parts[:3])  # type: ignore[return-value]
    value = colour.lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def _linear(channel: float) -> float:
    c = channel / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    """WCAG relative luminance, 0 (black) to 1 (white)."""
    r, g, b = (_linear(c) for c in rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two colours, 1 to 21."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def text_colour_on(background: str) -> str:
    """Black or white, whichever reads better on the background (always at least 4.58:1)."""
    return "#000000" if contrast("#000000", background) >= contrast("#FFFFFF", background) else "#FFFFFF"


def scale_colour(scale: list[list], fraction: float) -> str:
    """The colour at fraction (0–1) of a Plotly colour scale, interpolated per sRGB channel as plotly.js does."""
    fraction = min(max(fraction, 0.0), 1.0)
    for (low, low_colour), (high, high_colour) in zip(scale, scale[1:]):
        if fraction <= high:
            share = 0.0 if high == low else (fraction - low) / (high - low)
            a, b = rgb(low_colour), rgb(high_colour)
            return "#{:02X}{:02X}{:02X}".format(*(round(x + (y - x) * share) for x, y in zip(a, b)))
    return "#{:02X}{:02X}{:02X}".format(*rgb(scale[-1][1]))


# --- colour vision deficiency (Machado, Oliveira & Fernandes 2009, severity 1) -------------------------------------

CVD_MATRICES = {
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216), (-0.003882, -0.048116, 1.051998)),
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413), (-0.011820, 0.042940, 0.968881)),
    "tritanopia": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602), (0.004733, 0.691367, 0.303900)),
}


def _lab(linear: tuple[float, float, float]) -> tuple[float, float, float]:
    r, g, b = linear
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(v: float) -> float:
        return v ** (1 / 3) if v > 0.008856 else 7.787 * v + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def seen_as(colour: str, vision: str | None) -> tuple[float, float, float]:
    """The colour in CIELAB as a reader with the given colour vision (None = typical) sees it."""
    linear = tuple(_linear(c) for c in rgb(colour))
    if vision:
        linear = tuple(min(1.0, max(0.0, sum(m * v for m, v in zip(row, linear)))) for row in CVD_MATRICES[vision])
    return _lab(linear)  # type: ignore[arg-type]


def colour_difference(a: str, b: str, vision: str | None = None) -> float:
    """CIE76 ΔE between two colours as seen with the given colour vision (about 2 = just noticeable)."""
    return math.dist(seen_as(a, vision), seen_as(b, vision))
