"""Text on the charts: labels measured and wrapped, values on bars, names at the ends of lines.

Values at the end of bars where there are few (``MAX_LABELLED_BARS``), formatted as the tooltip
formats them (the theme's Danish locale: "1.234", "6,7"), and names at the end of lines instead of a
legend below, moved apart where two lines end close together (``spread_labels``).
"""

from __future__ import annotations

import math

import altair as alt

from jobbook.present import colours
from jobbook.present.theme import FONT_SIZE

#: A category label longer than this (in pixels) is wrapped onto more lines, so that on a phone, where a
#: chart gets about 340 px, the bars keep about half the width (a word wider than this widens the lines).
LABEL_WRAP_PX = 140
LINE_BREAK = "\n"  # where a wrapped label breaks (a text mark's lineBreak)

#: A chart with more bars than this shows its values in the tooltip and the table only: more numbers
#: than that crowd a phone's column.
MAX_LABELLED_BARS = 12
VALUE_LABEL_FONT_SIZE = 11
VALUE_LABEL_GAP_PX = 4
#: The height of a line's name at its end, and so the least distance between two names (pixels).
LINE_LABEL_PX = 14
LINE_LABEL_FONT_SIZE = 11
LINE_LABEL_GAP_PX = 8


#: Advance widths in em of DejaVu Sans, the widest of the fonts the site's font stack falls back to
#: (Debian's Chromium draws with it; Arial, Roboto and San Francisco are narrower), so a label measured
#: here is never wider on a reader's screen. Characters not listed count as a digit.
_EM = {
    **dict.fromkeys("0123456789", 0.636), " ": 0.318, ".": 0.318, ",": 0.318, ":": 0.337, ";": 0.337,
    "-": 0.361, "–": 0.5, "(": 0.39, ")": 0.39, "/": 0.337, "%": 0.95, "'": 0.275, "&": 0.78, "+": 0.838,
    "a": 0.613, "b": 0.635, "c": 0.55, "d": 0.635, "e": 0.615, "f": 0.352, "g": 0.635, "h": 0.634, "i": 0.278,
    "j": 0.278, "k": 0.579, "l": 0.278, "m": 0.974, "n": 0.634, "o": 0.612, "p": 0.635, "q": 0.635, "r": 0.411,
    "s": 0.521, "t": 0.392, "u": 0.634, "v": 0.592, "w": 0.818, "x": 0.592, "y": 0.592, "z": 0.525, "æ": 0.982,
    "ø": 0.612, "å": 0.613, "A": 0.684, "B": 0.686, "C": 0.698, "D": 0.77, "E": 0.632, "F": 0.575, "G": 0.775,
    "H": 0.752, "I": 0.295, "J": 0.295, "K": 0.656, "L": 0.557, "M": 0.863, "N": 0.748, "O": 0.787, "P": 0.603,
    "Q": 0.787, "R": 0.695, "S": 0.635, "T": 0.611, "U": 0.732, "V": 0.684, "W": 0.989, "X": 0.685, "Y": 0.611,
    "Z": 0.685, "Æ": 0.974, "Ø": 0.787, "Å": 0.684,
}


def text_width(text: str, size: int = FONT_SIZE) -> float:
    """The width in pixels a text takes at ``size`` (an upper estimate; see ``_EM``)."""
    return size * sum(_EM.get(c, 0.636) for c in str(text))


def wrap_label(text: str, width_px: float = LABEL_WRAP_PX) -> str:
    """The text with line breaks (``LINE_BREAK``) between words, so that no line is wider than
    ``width_px``; a single word wider than that keeps a line of its own, whole."""
    lines: list[str] = []
    for word in str(text).split():
        if lines and text_width(f"{lines[-1]} {word}") <= width_px:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return LINE_BREAK.join(lines)



def bar_value_labels(data, *, value_field: str, position: dict, number_format: str) -> list[alt.Chart]:
    """Text layers writing each bar's value just past its end: right of a positive bar, left of a negative.

    ``position`` is the bar's own position encoding except x (its y, and yOffset for grouped bars), so
    each value sits at the middle of its bar.
    """
    common = {"x": alt.X(f"{value_field}:Q"), **position,
              "text": alt.Text(f"{value_field}:Q", format=number_format)}
    layers = []
    for test, align, dx in ((f"datum['{value_field}'] >= 0", "left", VALUE_LABEL_GAP_PX),
                            (f"datum['{value_field}'] < 0", "right", -VALUE_LABEL_GAP_PX)):
        layers.append(alt.Chart(data).transform_filter(test)
                      .mark_text(align=align, baseline="middle", dx=dx, fontSize=VALUE_LABEL_FONT_SIZE,
                                 color=colours.colour("text"))
                      .encode(**common))
    return layers


#: The steps a value axis may end at (times a power of ten): close enough that the lines fill the plot.
NICE_STEPS = (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10)


def nice_top(value: float) -> float:
    """The smallest of ``NICE_STEPS`` times a power of ten at or above ``value`` (the top of a value axis)."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    return next(step * power for step in NICE_STEPS if step * power >= value)


def spread_labels(values: dict[str, float], *, top: float, height_px: float,
                  gap_px: float = LINE_LABEL_PX) -> dict[str, float]:
    """Where to write each line's name (in the y scale's units, from 0 at the bottom to ``top``): at its
    line's end, moved up or down just enough that no two names are closer than ``gap_px``, and none
    outside the plot. The names keep the order of the lines' ends.
    """
    per_px = top / height_px
    order = sorted(values, key=lambda name: -values[name])  # top down
    px = [(top - values[name]) / per_px for name in order]
    for i in range(1, len(px)):  # push down what is too close to the name above it
        px[i] = max(px[i], px[i - 1] + gap_px)
    overflow = px[-1] - height_px if px else 0
    if overflow > 0:  # then back up from the bottom edge
        px[-1] = height_px
        for i in range(len(px) - 2, -1, -1):
            px[i] = min(px[i], px[i + 1] - gap_px)
    return {name: top - p * per_px for name, p in zip(order, px, strict=True)}
