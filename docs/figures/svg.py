"""What the figure scripts share: an SVG writer, the constants of the
headers, and a sequence diagram.  Python 3 standard library only."""

import os
import re
from xml.sax.saxutils import escape

ROOT = os.path.normpath(os.path.join(os.path.dirname(__file__), "..", ".."))

# Colours: kernel-only, user read-only, user read-write, unmapped.
KERNEL, USER_RO, USER_RW, EMPTY = "#f4c7c3", "#c6dafc", "#b7e1cd", "#ffffff"
INK, FAINT = "#202124", "#5f6368"


class Svg:
    """An SVG document built one element at a time."""

    def __init__(self, width, height):
        self.width, self.height = width, height
        self.parts = []

    def rect(self, x, y, w, h, fill, dashed=False):
        dash = ' stroke-dasharray="5,4"' if dashed else ""
        self.parts.append(
            '<rect x="%g" y="%g" width="%g" height="%g" fill="%s" '
            'stroke="%s" stroke-width="1.2"%s/>' % (x, y, w, h, fill, INK, dash))

    def line(self, x1, y1, x2, y2, arrow=False, dashed=False, color=INK):
        extra = ' marker-end="url(#arrow)"' if arrow else ""
        if dashed:
            extra += ' stroke-dasharray="5,4"'
        self.parts.append(
            '<line x1="%g" y1="%g" x2="%g" y2="%g" stroke="%s" '
            'stroke-width="1.2"%s/>' % (x1, y1, x2, y2, color, extra))

    def path(self, d, arrow=True, color=INK):
        extra = ' marker-end="url(#arrow)"' if arrow else ""
        self.parts.append('<path d="%s" fill="none" stroke="%s" '
                          'stroke-width="1.2"%s/>' % (d, color, extra))

    def text(self, x, y, s, size=13, anchor="start", mono=False, bold=False,
             color=INK):
        family = "DejaVu Sans Mono, monospace" if mono else \
            "DejaVu Sans, Arial, sans-serif"
        weight = ' font-weight="bold"' if bold else ""
        self.parts.append(
            '<text x="%g" y="%g" font-family="%s" font-size="%g" '
            'text-anchor="%s" fill="%s"%s>%s</text>'
            % (x, y, family, size, anchor, color, weight, escape(s)))

    def write(self, path):
        head = ('<svg xmlns="http://www.w3.org/2000/svg" width="%d" '
                'height="%d" viewBox="0 0 %d %d">\n'
                '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" '
                'refY="5" markerWidth="8" markerHeight="8" '
                'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
                'fill="%s"/></marker></defs>\n'
                '<rect width="100%%" height="100%%" fill="white"/>\n'
                % (self.width, self.height, self.width, self.height, INK))
        with open(path, "w") as f:
            f.write(head + "\n".join(self.parts) + "\n</svg>\n")


# --- constants from the headers ---------------------------------------------

def header_constants(*paths):
    """The object-like macros of the given headers (relative to the tree),
    evaluated as integers where they are arithmetic on each other."""
    raw = {}
    for path in paths:
        with open(os.path.join(ROOT, path)) as f:
            for line in f:
                m = re.match(r"#define\s+(\w+)\s+(.*?)\s*(/\*.*)?$", line)
                if m and m.group(2):
                    raw[m.group(1)] = m.group(2)
    values = {}

    def value(name, depth=0):
        if name in values:
            return values[name]
        if depth > 20:
            raise ValueError("macro %s is recursive" % name)
        expr = re.sub(r"\(\s*(void|uintptr_t|uint32_t)\s*\*?\s*\)", "",
                      raw[name])
        # Numbers stay; names are replaced by their values.
        expr = re.sub(r"(0[xX][0-9a-fA-F]+|\d+)|([A-Za-z_]\w*)",
                      lambda m: m.group(1) or str(value(m.group(2),
                                                        depth + 1)), expr)
        if not re.fullmatch(r"[\s\d()+\-*/x<>a-fA-F]*", expr):
            raise ValueError("cannot evaluate %s = %s" % (name, raw[name]))
        values[name] = int(eval(expr.replace("/", "//")))
        return values[name]

    return value


def source(path):
    """The text of a file of the tree."""
    with open(os.path.join(ROOT, path)) as f:
        return f.read()


# --- sequence diagrams -------------------------------------------------------

def sequence(path, title, lanes, steps, width=1100):
    """Draw a sequence diagram into path.  lanes: the lifelines' names,
    left to right.  steps: (from, to, label, note) lane indexes; from ==
    to draws a note on that lifeline; from None starts a section headed
    label."""
    n = len(lanes)
    lane_x = [width * (2 * i + 1) / (2 * n) for i in range(n)]
    step = 34
    top = 90
    height = top + step * len(steps) + 40
    svg = Svg(width, height)
    svg.text(width / 2, 30, title, 18, "middle", bold=True)
    for x, name in zip(lane_x, lanes):
        svg.rect(x - 120, 48, 240, 26, "#e8eaed")
        svg.text(x, 66, name, 12, "middle", bold=True)
        svg.line(x, 74, x, height - 20, dashed=True, color=FAINT)
    y = top
    for src, dst, label, note in steps:
        y += step
        if src is None:
            svg.rect(20, y - 20, width - 40, 24, "#fef7e0")
            svg.text(30, y - 3, label, 13, bold=True)
            continue
        if src == dst:
            x = lane_x[src]
            last = src == n - 1
            svg.rect(x - 4, y - 14, 8, 18, "#e8eaed")
            svg.text(x - 10 if last else x + 10, y - 1, label, 11,
                     "end" if last else "start")
            continue
        x1, x2 = lane_x[src], lane_x[dst]
        svg.line(x1, y, x2, y, arrow=True)
        mid = (x1 + x2) / 2
        svg.text(mid, y - 5, label, 11, "middle", mono=True)
        if note:
            svg.text(mid, y + 12, note, 10, "middle", color=FAINT)
    svg.write(path)
