"""Flat-style demo illustrations for the demo villages, drawn with Pillow alone.

Everything here is deterministic: the same arguments always give the same bytes.
No fonts, files or network are used.  Pictures are drawn at twice the requested
size on a 0..100 unit canvas and downsampled with LANCZOS for anti-aliasing.

``product_illustration`` embeds phone-camera-like EXIF (Make/Model, Orientation,
GPS of the village) so that the upload pipeline can prove it strips metadata.
"""

from __future__ import annotations

import hashlib
import io
import math
import random
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from fractions import Fraction

from PIL import ExifTags, Image, ImageChops, ImageDraw, ImageFilter, TiffImagePlugin

__all__ = ["KINDS", "portrait", "product_illustration", "village_logo"]

KINDS: tuple[str, ...] = (
    "gula-aren",
    "kolang-kaling",
    "kopi-bubuk",
    "rebung",
    "hiasan-air-mancur",
    "cangkir-bambu",
    "nampan-bambu",
    "pot-bunga",
    "guci",
    "celengan",
    "piring-tanah-liat",
    "anglo",
)

# Kasongan pottery from Desa Bangunjiwo; everything else is from Desa Batu Ampar.
_GERABAH = frozenset({"guci", "celengan", "piring-tanah-liat", "anglo"})
_BATU_AMPAR_GPS = (-3.63, 102.62)
_BANGUNJIWO_GPS = (-7.84, 110.32)

Color = tuple[int, ...]
Point = tuple[float, float]
Prim = tuple  # ("e", cx, cy, rx, ry) | ("p", pts) | ("r", x0, y0, x1, y1, rad) | ("l", pts, w)

_LANCZOS = Image.Resampling.LANCZOS
_BILINEAR = Image.Resampling.BILINEAR


# --------------------------------------------------------------------------- colours


def _mix(a: Color, b: Color, t: float) -> Color:
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=False))


def _dark(c: Color, t: float = 0.22) -> Color:
    return _mix(c, (30, 18, 12), t)


def _light(c: Color, t: float = 0.25) -> Color:
    return _mix(c, (255, 250, 240), t)


def _hash(text: str) -> int:
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "big")


# --------------------------------------------------------------------------- geometry


def _arc(cx: float, cy: float, rx: float, ry: float, a0: float, a1: float, n: int = 24) -> list:
    """Points on an ellipse from angle a0 to a1 (degrees, y axis down)."""
    out = []
    for i in range(n + 1):
        a = math.radians(a0 + (a1 - a0) * i / n)
        out.append((cx + rx * math.cos(a), cy + ry * math.sin(a)))
    return out


def _rot_ellipse(cx: float, cy: float, rx: float, ry: float, angle: float, n: int = 40) -> list:
    ca, sa = math.cos(math.radians(angle)), math.sin(math.radians(angle))
    pts = []
    for i in range(n):
        t = 2 * math.pi * i / n
        x, y = rx * math.cos(t), ry * math.sin(t)
        pts.append((cx + x * ca - y * sa, cy + x * sa + y * ca))
    return pts


def _leaf(x: float, y: float, angle: float, length: float, width: float, n: int = 14) -> list:
    """A pointed leaf starting at (x, y) growing in direction ``angle`` (degrees)."""
    ca, sa = math.cos(math.radians(angle)), math.sin(math.radians(angle))
    side1, side2 = [], []
    for i in range(n + 1):
        u = i / n
        w = width * math.sin(math.pi * u) ** 0.9 * (1 - 0.25 * u)
        side1.append((u * length, w))
        side2.append((u * length, -w))
    pts = side1 + side2[::-1]
    return [(x + px * ca - py * sa, y + px * sa + py * ca) for px, py in pts]


def _spline(points: Sequence[Point], n: int = 8) -> list:
    """Catmull-Rom spline through ``points``."""
    pts = [points[0], *points, points[-1]]
    out = []
    for i in range(1, len(pts) - 2):
        p0, p1, p2, p3 = pts[i - 1], pts[i], pts[i + 1], pts[i + 2]
        for j in range(n):
            t = j / n
            t2, t3 = t * t, t * t * t
            out.append(
                tuple(
                    0.5
                    * (
                        2 * p1[k]
                        + (-p0[k] + p2[k]) * t
                        + (2 * p0[k] - 5 * p1[k] + 4 * p2[k] - p3[k]) * t2
                        + (-p0[k] + 3 * p1[k] - 3 * p2[k] + p3[k]) * t3
                    )
                    for k in range(2)
                )
            )
    out.append(points[-1])
    return out


def _E(cx: float, cy: float, rx: float, ry: float | None = None) -> Prim:
    return ("e", cx, cy, rx, rx if ry is None else ry)


def _P(pts: Sequence[Point]) -> Prim:
    return ("p", list(pts))


def _R(x0: float, y0: float, x1: float, y1: float, rad: float = 0) -> Prim:
    return ("r", x0, y0, x1, y1, rad)


def _L(pts: Sequence[Point], w: float) -> Prim:
    return ("l", list(pts), w)


def _cylinder(cx: float, top: float, bottom: float, rt: float, rb: float, ry: float) -> Prim:
    """Side of a (truncated) cylinder: top ellipse back edge is left to the caller."""
    pts = _arc(cx, bottom, rb, ry * rb / max(rt, 0.01), 180, 0, 28)
    pts += _arc(cx, top, rt, ry, 360, 180, 28)
    return _P(pts)


# --------------------------------------------------------------------------- painter


class _Painter:
    """Draws primitives in 0..100 canvas units at a supersampled resolution."""

    def __init__(
        self,
        size: int,
        mode: str = "RGB",
        bg: Color = (0, 0, 0),
        background: Image.Image | None = None,
    ) -> None:
        self.size = size
        self.S = size * 2
        self.k = self.S / 100
        self.img = background if background is not None else Image.new(mode, (self.S, self.S), bg)
        self.ox, self.oy, self.sc = 0.0, 0.0, 1.0
        self._reset_draw()

    def _reset_draw(self) -> None:
        # On an RGB image an "RGBA" draw blends translucent fills in place.
        self.draw = ImageDraw.Draw(self.img, "RGBA" if self.img.mode == "RGB" else None)

    # transforms -------------------------------------------------------------
    @contextmanager
    def at(self, x: float, y: float, sc: float = 1.0) -> Iterator[None]:
        saved = (self.ox, self.oy, self.sc)
        self.ox, self.oy, self.sc = self.ox + x * self.sc, self.oy + y * self.sc, self.sc * sc
        try:
            yield
        finally:
            self.ox, self.oy, self.sc = saved

    def _pt(self, x: float, y: float) -> Point:
        return ((self.ox + x * self.sc) * self.k, (self.oy + y * self.sc) * self.k)

    def _len(self, v: float) -> float:
        return v * self.sc * self.k

    def _to_px(self, prims: Sequence[Prim]) -> list:
        out = []
        for p in prims:
            kind = p[0]
            if kind == "e":
                _, cx, cy, rx, ry = p
                x, y = self._pt(cx, cy)
                rxp, ryp = self._len(rx), self._len(ry)
                out.append(("e", (x - rxp, y - ryp, x + rxp, y + ryp)))
            elif kind == "p":
                out.append(("p", [self._pt(*q) for q in p[1]]))
            elif kind == "r":
                _, x0, y0, x1, y1, rad = p
                a, b = self._pt(x0, y0), self._pt(x1, y1)
                out.append(("r", (a[0], a[1], b[0], b[1]), self._len(rad)))
            elif kind == "l":
                out.append(("l", [self._pt(*q) for q in p[1]], self._len(p[2])))
            else:  # pragma: no cover - programming error
                raise ValueError(kind)
        return out

    @staticmethod
    def _bbox(px: Sequence) -> tuple[float, float, float, float]:
        xs, ys = [], []
        for p in px:
            if p[0] in ("e", "r"):
                xs += [p[1][0], p[1][2]]
                ys += [p[1][1], p[1][3]]
            else:
                pad = p[2] / 2 + 2 if p[0] == "l" else 0
                xs += [min(q[0] for q in p[1]) - pad, max(q[0] for q in p[1]) + pad]
                ys += [min(q[1] for q in p[1]) - pad, max(q[1] for q in p[1]) + pad]
        return min(xs), min(ys), max(xs), max(ys)

    @staticmethod
    def _draw_px(d: ImageDraw.ImageDraw, px: Sequence, ox: float, oy: float, fill: object) -> None:
        for p in px:
            if p[0] == "e":
                b = p[1]
                d.ellipse((b[0] - ox, b[1] - oy, b[2] - ox, b[3] - oy), fill=fill)
            elif p[0] == "p":
                d.polygon([(x - ox, y - oy) for x, y in p[1]], fill=fill)
            elif p[0] == "r":
                b = p[1]
                box = (b[0] - ox, b[1] - oy, b[2] - ox, b[3] - oy)
                d.rounded_rectangle(box, radius=max(0, int(p[2])), fill=fill)
            else:
                pts = [(x - ox, y - oy) for x, y in p[1]]
                wid = max(1, round(p[2]))
                d.line(
                    pts, fill=fill, width=wid, joint="curve" if wid > 8 and len(pts) > 2 else None
                )
                if wid > 3:
                    r = wid / 2 - 0.5
                    for x, y in (pts[0], pts[-1]):
                        d.ellipse((x - r, y - r, x + r, y + r), fill=fill)

    @staticmethod
    def _shift(m: Image.Image, dx: float, dy: float) -> Image.Image:
        out = Image.new(m.mode, m.size, 0)
        out.paste(m, (round(dx), round(dy)))
        return out

    def _paste(self, color: Color, origin: tuple[int, int], mask: Image.Image, alpha: int) -> None:
        box = mask.getbbox()
        if box is None:
            return
        mask = mask.crop(box)
        if alpha < 255:
            # binary ("1") masks paste fast; translucent ones need an "L" mask
            mask = mask.convert("L") if mask.mode == "1" else mask
            mask = mask.point(lambda v: v * alpha // 255)
        if len(color) == 3 and self.img.mode == "RGBA":
            color = (*color, 255)
        self.img.paste(color, (origin[0] + box[0], origin[1] + box[1]), mask)

    def shape(
        self,
        prims: Sequence[Prim],
        fill: Color,
        *,
        shade: Color | None = None,
        sd: Point = (3.0, 1.0),
        light: Color | None = None,
        ld: Point | None = None,
        alpha: int = 255,
        tex: tuple[Color, Sequence[Prim], int] | None = None,
        fx_alpha: int | None = None,
    ) -> None:
        """Fill ``prims`` with a flat colour, an optional shaded crescent on the ``sd``
        side, a lighter crescent on the opposite side and a clipped texture.

        ``alpha=0`` leaves the fill out and only adds the texture or crescents."""
        px = self._to_px(prims)
        direct = self.img.mode == "RGB" or alpha == 255
        if alpha > 0 and direct:
            self._draw_px(self.draw, px, 0, 0, (*fill[:3], alpha))
        if not (shade or light or tex) and (direct or alpha == 0):
            return
        x0, y0, x1, y1 = self._bbox(px)
        pad = 4
        ox, oy = max(0, math.floor(x0) - pad), max(0, math.floor(y0) - pad)
        w = min(self.S, math.ceil(x1) + pad) - ox
        h = min(self.S, math.ceil(y1) + pad) - oy
        if w <= 0 or h <= 0:
            return
        mask = Image.new("1", (w, h), 0)
        self._draw_px(ImageDraw.Draw(mask), px, ox, oy, 255)
        if alpha > 0 and not direct:
            self._paste(fill, (ox, oy), mask, alpha)
        effect_alpha = fx_alpha if fx_alpha is not None else (alpha or 255)
        if tex is not None:
            tcol, tprims, talpha = tex
            tm = Image.new("1", (w, h), 0)
            self._draw_px(ImageDraw.Draw(tm), self._to_px(tprims), ox, oy, 255)
            self._paste(tcol, (ox, oy), ImageChops.logical_and(tm, mask), talpha)
        if shade is not None:
            dx, dy = self._len(sd[0]), self._len(sd[1])
            cres = ImageChops.logical_and(mask, ImageChops.invert(self._shift(mask, -dx, -dy)))
            self._paste(shade, (ox, oy), cres, effect_alpha)
        if light is not None:
            lx, ly = ld if ld is not None else (-sd[0] * 0.6, -sd[1] * 0.6)
            dx, dy = self._len(lx), self._len(ly)
            cres = ImageChops.logical_and(mask, ImageChops.invert(self._shift(mask, -dx, -dy)))
            self._paste(light, (ox, oy), cres, effect_alpha)

    def line(self, pts: Sequence[Point], width: float, color: Color, alpha: int = 255) -> None:
        self.shape([_L(pts, width)], color, alpha=alpha)

    def shadow(
        self,
        cx: float,
        cy: float,
        rx: float,
        ry: float,
        alpha: int = 110,
        color: Color = (60, 36, 22),
    ) -> None:
        """A soft blurred elliptical shadow (blurred at low resolution for speed)."""
        x, y = self._pt(cx, cy)
        rxp, ryp = self._len(rx), self._len(ry)
        pad = ryp * 0.9 + rxp * 0.04
        w, h = int(2 * (rxp + pad)), int(2 * (ryp + pad))
        f = 8
        sw, sh = max(4, w // f), max(4, h // f)
        m = Image.new("L", (sw, sh), 0)
        ImageDraw.Draw(m).ellipse(
            (pad / f, pad / f, (pad + 2 * rxp) / f, (pad + 2 * ryp) / f), fill=255
        )
        m = m.filter(ImageFilter.GaussianBlur(max(1.0, ryp / f * 0.7)))
        m = m.resize((w, h), _BILINEAR)
        self._paste(color, (int(x - rxp - pad), int(y - ryp - pad)), m, alpha)

    def glow(self, cx: float, cy: float, r: float, color: Color, alpha: int) -> None:
        """A small soft radial spot of light."""
        x, y = self._pt(cx, cy)
        rp = int(self._len(r))
        g = Image.radial_gradient("L").resize((2 * rp, 2 * rp), _BILINEAR)
        g = ImageChops.invert(g).point(lambda v: min(255, v * 2 - 255) if v > 128 else 0)
        self._paste(color, (int(x - rp), int(y - rp)), g, alpha)

    def result(self) -> Image.Image:
        return self.img.resize((self.size, self.size), _LANCZOS)


# --------------------------------------------------------------------------- backgrounds


class _Wall:
    """A smooth linear gradient with a soft light spot: an analytic colour field, so the
    wall motif can be drawn with solid colours (cheap) that still sit on the gradient."""

    def __init__(self, c1: Color, c2: Color, angle: float, glow: Point, glow_col: Color) -> None:
        self.c1, self.c2, self.glow, self.glow_col = c1, c2, glow, glow_col
        self.ca, self.sa = math.cos(math.radians(angle)), math.sin(math.radians(angle))
        self.norm = abs(self.ca) + abs(self.sa)

    def at(self, u: float, v: float) -> Color:
        """Colour at (u, v) in 0..1 canvas coordinates."""
        t = ((u - 0.5) * self.ca + (v - 0.5) * self.sa) / self.norm + 0.5
        col = _mix(self.c1, self.c2, min(1.0, max(0.0, t)))
        d = math.hypot(u - self.glow[0], v - self.glow[1]) / 0.5
        return _mix(col, self.glow_col, max(0.0, 1.0 - d) ** 1.6 * 0.75)

    def image(self, size: int) -> Image.Image:
        n = 28
        small = Image.new("RGB", (n, n))
        small.putdata([self.at(x / (n - 1), y / (n - 1)) for y in range(n) for x in range(n)])
        quarter = max(1, size // 4)
        img = small.resize((quarter, quarter), _BILINEAR)
        return img.resize((size, size), Image.Resampling.NEAREST)


# Soft warm walls: (top colour, bottom colour, motif colour)
_WALLS: tuple[tuple[Color, Color, Color], ...] = (
    ((252, 238, 216), (244, 212, 178), (214, 146, 96)),  # peach cream
    ((230, 238, 214), (200, 220, 186), (112, 156, 104)),  # sage
    ((222, 236, 244), (192, 216, 232), (86, 136, 178)),  # sky
    ((250, 226, 224), (238, 194, 192), (188, 104, 108)),  # rose
    ((252, 238, 198), (242, 212, 150), (196, 146, 56)),  # mustard
    ((234, 228, 246), (210, 200, 234), (124, 104, 178)),  # lavender
)

_TABLE_Y = 63.0


def _pattern(P: _Painter, style: int, motif: Color, wall: _Wall, rng: random.Random) -> None:
    """A subtle batik-like motif on the wall, each element tinted from the wall below it."""

    def tone(x: float, y: float, strength: float = 0.15) -> Color:
        return _mix(wall.at(x / 100, y / 100), motif, strength)

    bottom = _TABLE_Y + 2
    if style == 0:  # kawung: four petals around a point
        step = 12.5
        for j in range(7):
            for i in range(10):
                cx = i * step + (step / 2 if j % 2 else 0) - 4
                cy = j * step - 2
                if cy - 6 > bottom:
                    continue
                petals = []
                for a in (0, 90, 180, 270):
                    ex = cx + 2.9 * math.cos(math.radians(a))
                    ey = cy + 2.9 * math.sin(math.radians(a))
                    petals.append(_P(_rot_ellipse(ex, ey, 2.4, 1.3, a, 18)))
                P.shape(petals, tone(cx, cy))
                P.shape([_E(cx, cy, 0.5)], tone(cx, cy, 0.3))
    elif style == 1:  # parang-like diagonal waves, drawn in short tinted segments
        for i in range(-8, 14):
            base = i * 9.0
            pts = [
                (base + t * 0.55 + 1.6 * math.sin(t / 3.0), t)
                for t in range(-2, int(bottom) + 2, 2)
            ]
            for a, b in zip(pts[::3], pts[3::3], strict=False):
                seg = pts[pts.index(a) : pts.index(b) + 1]
                if max(x for x, _ in seg) < -2 or min(x for x, _ in seg) > 102:
                    continue
                mx, my = seg[len(seg) // 2]
                P.line(seg, 0.7, tone(mx, my, 0.15))
                P.line([(x + 3.2, y) for x, y in seg], 0.3, tone(mx + 3, my, 0.15))
    else:  # staggered dots and small flowers (ceplok)
        step = 9.0
        for j in range(8):
            for i in range(13):
                cx = i * step + (step / 2 if j % 2 else 0) - 3
                cy = j * step + 1
                if cy - 3 > bottom:
                    continue
                if (i + j) % 3 == 0:
                    petals = [
                        _E(
                            cx + 1.5 * math.cos(math.radians(a)),
                            cy + 1.5 * math.sin(math.radians(a)),
                            0.8,
                        )
                        for a in range(0, 360, 60)
                    ]
                    P.shape(petals, tone(cx, cy))
                else:
                    P.shape([_E(cx, cy, 0.55 + rng.random() * 0.2)], tone(cx, cy))


def _table(P: _Painter, style: int, rng: random.Random) -> None:
    top = _TABLE_Y
    if style == 0:  # warm wooden table
        base = (198, 142, 94)
        P.shape([_R(0, top, 100, 100)], base)
        y = top + 2.5
        gap = 4.0
        planks = []
        while y < 100:
            planks.append(_L([(0, y), (100, y)], 0.35))
            y += gap
            gap *= 1.22
        P.shape(planks, _dark(base, 0.16))
        grain = []
        for _ in range(22):
            y = top + 2 + rng.random() * (100 - top)
            x = rng.random() * 90
            ln = 8 + rng.random() * 18
            grain.append(
                _L([(x + t, y + 0.5 * math.sin(t / 3.0)) for t in range(0, int(ln), 2)], 0.25)
            )
        P.shape(grain, _dark(base, 0.08))
        P.shape([_R(0, top, 100, top + 1.2)], _light(base, 0.25))
    elif style == 1:  # woven pandan mat
        base = (226, 200, 146)
        tex = []
        for i in range(-30, 140, 3):
            tex.append(_L([(i, top), (i - 40, 100)], 0.35))
            tex.append(_L([(i - 40, top), (i, 100)], 0.35))
        P.shape([_R(0, top, 100, 100)], base)
        P.shape(tex, _mix(base, _dark(base, 0.28), 0.6))
        P.shape([_R(0, top, 100, top + 1.0)], _dark(base, 0.2))
    else:  # batik tablecloth
        base = (66, 86, 128)
        motif = _mix((66, 86, 128), (236, 222, 190), 0.47)
        tex = []
        for i in range(-10, 26):
            x0 = i * 6.0
            tex.append(_L([(x0, top), (x0 - 22, 100)], 0.7))
            for t in range(4):
                tex.append(_E(x0 - 3 - t * 5.5 * 0.6, top + 4 + t * 9.0, 0.6))
        P.shape([_R(0, top, 100, 100)], base)
        P.shape(tex, motif)
        P.shape([_R(0, top, 100, top + 1.0)], _light(base, 0.3))


def _banana_leaf(P: _Painter, angle: float) -> None:
    green = (86, 150, 70)
    pts = _leaf(-38, 0, angle, 76, 13, 24)
    P.shape([_P([(x + 0.6, y + 1.6) for x, y in pts])], (60, 36, 22), alpha=55)
    P.shape(
        [_P(pts)], green, shade=_dark(green, 0.2), sd=(0, 2.0), light=(120, 180, 90), ld=(0, -1.2)
    )
    ca, sa = math.cos(math.radians(angle)), math.sin(math.radians(angle))
    veins = []
    for i in range(3, 24):
        u = i * 3.1
        bx, by = -38 + u * ca, u * sa
        for s in (1, -1):
            w = 12 * math.sin(math.pi * u / 76) * (1 - 0.25 * u / 76)
            veins.append(_L([(bx, by), (bx + 3 * ca - s * w * sa, by + 3 * sa + s * w * ca)], 0.22))
    P.shape(veins, (64, 122, 54), alpha=150)
    P.line([(-38, 0), (-38 + 74 * ca, 74 * sa)], 0.8, (178, 206, 120))


# --------------------------------------------------------------------------- products
# Each product is drawn in local units: origin at the centre of its base on the table,
# up is negative y, roughly 60 units wide and up to 55 units tall.


def _sugar_dome(P: _Painter, x: float, y: float, r: float, rng: random.Random) -> None:
    """A palm-sugar block moulded in half a coconut shell: a dome on its flat face."""
    body = (98, 54, 28)
    outline = [*_arc(x, y, r, r * 0.8, 180, 360, 30), *_arc(x, y, r, r * 0.3, 0, 180, 20)[1:]]
    specks = [
        _E(x + (rng.random() - 0.5) * 1.6 * r, y - rng.random() * 0.7 * r, 0.35, 0.25)
        for _ in range(9)
    ]
    P.shape(
        [_P(outline)],
        body,
        shade=_dark(body, 0.38),
        sd=(r * 0.22, r * 0.1),
        tex=((122, 72, 38), specks, 255),
    )
    # soft sheen of the sugar on the upper left
    P.shape(
        [_P(_rot_ellipse(x - r * 0.4, y - r * 0.48, r * 0.3, r * 0.12, -38, 24))],
        (168, 108, 64),
        alpha=150,
    )


def _gula_aren(P: _Painter, rng: random.Random) -> None:
    body = (98, 54, 28)

    def dome(x: float, y: float, r: float) -> None:
        _sugar_dome(P, x, y, r, rng)

    def flat(x: float, y: float, r: float) -> None:
        """A block lying dome-down, showing its flat top face."""
        side = [(x - r, y - r * 0.25), *_arc(x, y - r * 0.25, r, r * 0.7, 180, 0, 30)]
        P.shape([_P(side)], body, shade=_dark(body, 0.38), sd=(r * 0.2, 0))
        rings = [
            _L(_arc(x, y - r * 0.25, r * f, r * 0.32 * f, 0, 360, 40), 0.3) for f in (0.45, 0.75)
        ]
        P.shape([_E(x, y - r * 0.25, r, r * 0.32)], (150, 90, 46), tex=((170, 108, 58), rings, 200))

    P.shadow(0, 0.5, 33, 4.5, alpha=130)
    dome(-11, -8, 12)
    dome(12, -7, 11)
    dome(-19, 0, 10.5)
    dome(2, 1, 12.5)
    flat(23, 1.5, 8)


def _kolang_kaling(P: _Painter, rng: random.Random) -> None:
    P.shadow(0, 0, 24, 4, alpha=100)
    # syrup and pieces inside the jar
    P.shape([_R(-15, -44, 15, 0, 6)], (238, 244, 240), alpha=150)
    P.shape([_R(-14, -33, 14, -1, 5)], (250, 214, 168), alpha=170)
    pieces: list[tuple[float, float, float]] = []
    for row in range(6):
        for col in range(5):
            x = -11 + col * 5.5 + (2.6 if row % 2 else 0) + (rng.random() - 0.5) * 1.2
            y = -4 - row * 4.6 + (rng.random() - 0.5) * 1.0
            if -12 < x < 12:
                pieces.append((x, y, rng.random() * 70 - 35))
    for x, y, a in pieces:
        pts = _rot_ellipse(x, y, 2.7, 1.6, a, 24)
        P.shape(
            [_P(pts)], (250, 248, 236), shade=(214, 210, 192), sd=(0.5, 0.7), light=(255, 255, 255)
        )
    # glass body over the pieces
    P.shape([_R(-15, -44, 15, 0, 6)], (200, 228, 232), alpha=60, shade=(150, 190, 196), sd=(1.6, 0))
    P.shape([_R(-12.5, -40, -10, -6, 1.2)], (255, 255, 255), alpha=170)
    P.shape([_R(-8.5, -40, -7.4, -20, 0.6)], (255, 255, 255), alpha=120)
    # neck and lid
    P.shape([_R(-11, -47, 11, -43.5, 1)], (214, 232, 232), alpha=200)
    red = (206, 62, 52)
    ridges = [_L([(x, -53), (x, -46)], 0.4) for x in range(-11, 12, 2)]
    P.shape(
        [_R(-12.5, -53, 12.5, -45.5, 1.8)],
        red,
        shade=_dark(red, 0.25),
        sd=(1.5, 0),
        tex=(_dark(red, 0.2), ridges, 150),
    )
    P.shape([_R(-12.5, -53, 12.5, -51.5, 1)], _light(red, 0.3))
    # a little label tag
    P.shape([_R(-8, -20, 8, -12, 1.2)], (246, 236, 208), shade=(220, 204, 168), sd=(0.8, 0.5))
    P.shape(
        [_L([(-5, -17.2), (5, -17.2)], 0.8), _L([(-3.5, -14.6), (3.5, -14.6)], 0.6)], (150, 110, 60)
    )
    # loose pieces in a small dish
    dish = (232, 236, 238)
    P.shadow(22, 0, 12, 2.4, alpha=90)
    P.shape([_P([*_arc(22, -3, 11, 3, 180, 0, 20)])], dish, shade=(190, 198, 204), sd=(1.5, 0.4))
    P.shape([_E(22, -3.2, 11, 2.8)], (214, 222, 228))
    for dx, dy, a in (
        (-5, -4, 20),
        (-0.5, -5, -15),
        (4, -4, 10),
        (1.5, -2.4, 40),
        (-3, -2.2, -30),
        (6.5, -2.4, -5),
    ):
        P.shape(
            [_P(_rot_ellipse(22 + dx, dy, 2.6, 1.5, a, 24))],
            (250, 248, 236),
            shade=(214, 210, 192),
            sd=(0.5, 0.6),
        )


def _coffee_beans(P: _Painter, beans: Sequence[tuple[float, float, float]]) -> None:
    for x, y, a in beans:
        P.shape(
            [_P(_rot_ellipse(x, y, 2.6, 1.8, a, 24))],
            (104, 60, 34),
            shade=(70, 38, 22),
            sd=(0.5, 0.6),
            light=(140, 88, 52),
        )
        ca, sa = math.cos(math.radians(a)), math.sin(math.radians(a))
        crease = [
            (x + t * ca + 0.4 * math.sin(t) * -sa, y + t * sa + 0.4 * math.sin(t) * ca)
            for t in (-2, -1, 0, 1, 2)
        ]
        P.line(crease, 0.35, (52, 28, 16))


def _kopi_bubuk(P: _Painter, rng: random.Random) -> None:
    kraft = (200, 154, 104)
    P.shadow(-3, 0, 22, 4, alpha=110)
    outline = [(-15, -50), (15, -50), (16.5, -6), *_arc(0, -5, 17, 4, 0, 180, 20), (-16.5, -6)]
    P.shape(
        [_P(outline)],
        kraft,
        shade=_dark(kraft, 0.2),
        sd=(3.0, 0),
        light=_light(kraft, 0.2),
        ld=(-1.6, 0),
    )
    # serrated seal at the top and the zip
    teeth = [(-15 + i * 1.5, -50 - (0.9 if i % 2 else 0)) for i in range(21)]
    P.shape([_P([(-15, -46), *teeth, (15, -46)])], _dark(kraft, 0.08))
    P.line([(-15, -43.5), (15, -43.5)], 0.6, _dark(kraft, 0.3))
    P.shape([_E(11, -47.5, 1.1)], (244, 226, 196))
    # label with a bean icon and a text-like bar
    P.shape([_R(-11, -37, 11, -13, 2.5)], (252, 244, 226), shade=(232, 216, 186), sd=(1, 0.6))
    P.shape([_R(-11, -37, 11, -33.5, 2)], (64, 116, 74))
    P.shape(
        [_P(_rot_ellipse(0, -25.5, 4.6, 3.2, -30, 30))],
        (96, 54, 30),
        shade=(70, 38, 20),
        sd=(0.8, 0.6),
    )
    P.line([(-2.6, -23.0), (-0.5, -25.2), (0.6, -26.4), (2.6, -28.0)], 0.6, (236, 214, 180))
    P.line([(-7, -17.5), (7, -17.5)], 1.0, (120, 76, 44))
    P.line([(-4.5, -15.0), (4.5, -15.0)], 0.6, (170, 130, 90))
    # ground coffee mound and beans in front
    mound = [(9, 1), *_spline([(9, 1), (13, -3.5), (19, -6.5), (25, -3), (29, 1)], 6)]
    P.shadow(19, 0.8, 11, 1.8, alpha=120)
    P.shape(
        [_P(mound)],
        (78, 46, 28),
        shade=(52, 30, 18),
        sd=(1.2, 0.4),
        light=(110, 70, 44),
        ld=(-0.8, -0.8),
    )
    for _ in range(26):
        x = 12 + rng.random() * 14
        y = -3.6 + rng.random() * 4
        P.shape([_E(x, y, 0.25)], (128, 84, 52))
    _coffee_beans(P, [(-22, -1.8, 20), (-17, 0.3, -25), (-26, 1.2, 60), (31, -1.3, -10)])


def _edge_x(pts: Sequence[Point], y: float) -> float:
    """x of a polyline at height y (linear interpolation, clamped to its ends)."""
    for (x0, y0), (x1, y1) in zip(pts, pts[1:], strict=False):
        if min(y0, y1) <= y <= max(y0, y1) and y0 != y1:
            return x0 + (x1 - x0) * (y - y0) / (y1 - y0)
    return pts[0][0] if abs(pts[0][1] - y) < abs(pts[-1][1] - y) else pts[-1][0]


def _rebung(P: _Painter, rng: random.Random) -> None:
    def shoot(x: float, h: float, w: float, lean: float, flip: int) -> None:
        tip = (x + lean, -h)
        left = _spline(
            [
                (x - w, 0),
                (x - w * 0.92 + lean * 0.15, -h * 0.45),
                (x - w * 0.45 + lean * 0.7, -h * 0.85),
                tip,
            ],
            10,
        )
        right = _spline(
            [
                tip,
                (x + w * 0.3 + lean * 0.8, -h * 0.85),
                (x + w * 0.95 + lean * 0.2, -h * 0.45),
                (x + w, 0),
            ],
            10,
        )
        base = _arc(x, 0, w, w * 0.3, 0, 180, 16)
        cone = [_P([*left, *right[1:], *base[1:]])]
        P.shape(cone, (146, 104, 72), shade=(110, 74, 54), sd=(w * 0.3, 0))
        # sheath leaves: inner ones first, each outer one wraps up to a point on alternate sides
        for i, frac in enumerate((0.86, 0.66, 0.45, 0.24)):
            side = -1 if (i + flip) % 2 else 1
            ty = -h * frac
            low = ty * 0.3 - 1.5
            col = _mix((222, 222, 136), (176, 174, 88), frac)
            if side < 0:
                tip_x = _edge_x(left, ty) - 0.9
                up = [q for q in left if q[1] >= ty + 1.5]
                diag = _spline(
                    [(tip_x, ty), (tip_x + w * 0.7, ty * 0.55), (_edge_x(right, low), low)], 8
                )
                down = [q for q in right if q[1] >= low]
                poly = [*up, *diag, *down[1:], *base[1:]]
            else:
                tip_x = _edge_x(right, ty) + 0.9
                up = [q for q in left if q[1] >= low]
                diag = _spline(
                    [(_edge_x(left, low), low), (tip_x - w * 0.7, ty * 0.55), (tip_x, ty)], 8
                )
                down = [q for q in right if q[1] >= ty + 1.5]
                poly = [*up, *diag, *down, *base[1:]]
            specks = [
                _E(x + (rng.random() - 0.5) * w * 1.6, ty * 0.2 + rng.random() * ty * 0.7, 0.22)
                for _ in range(10)
            ]
            P.shape(
                [_P(poly)],
                col,
                shade=_dark(col, 0.3),
                sd=(0, 0.9),
                tex=(_dark(col, 0.3), specks, 200),
            )
            P.line(diag, 0.3, _light(col, 0.2))
        # the shoot is round: a soft shade on its right, a light on its left
        P.shape(cone, (0, 0, 0), alpha=0, shade=(60, 50, 20), sd=(w * 0.3, 0), fx_alpha=70)
        P.shape(cone, (0, 0, 0), alpha=0, shade=(255, 250, 210), sd=(-w * 0.12, 0), fx_alpha=90)
        # freshly cut base
        P.shape([_E(x, 0, w, w * 0.3)], (246, 240, 204), shade=(214, 206, 150), sd=(0, -0.8))
        P.line(_arc(x, 0, w * 0.6, w * 0.18, 0, 360, 30), 0.3, (220, 214, 160))

    P.shadow(0, 0.5, 30, 4.5, alpha=120)
    shoot(-9, 46, 11, 5, 0)
    shoot(11, 35, 9.5, -3, 1)
    # sliced rings in front
    for x, y, r in ((-22, 2.5, 5.5), (-2, 4.0, 6), (22, 3.0, 5.5)):
        P.shadow(x, y + 0.5, r + 1, 1.4, alpha=90)
        P.shape([_P(_arc(x, y - 0.8, r, r * 0.38, 180, 0, 20))], (214, 214, 140))
        rings = [_L(_arc(x, y - 1.6, r * f, r * 0.36 * f, 0, 360, 30), 0.3) for f in (0.35, 0.65)]
        P.shape([_E(x, y - 1.6, r, r * 0.38)], (246, 242, 206), tex=((206, 200, 130), rings, 200))


def _bamboo_pole(
    P: _Painter, x0: float, y0: float, x1: float, y1: float, w: float, nodes: int
) -> None:
    green = (150, 176, 70)
    P.shape(
        [_R(x0 - w, y1, x0 + w, y0, w * 0.4)],
        green,
        shade=_dark(green, 0.2),
        sd=(w * 0.6, 0),
        light=(196, 214, 120),
        ld=(-w * 0.4, 0),
    )
    for i in range(1, nodes + 1):
        y = y0 + (y1 - y0) * i / (nodes + 1)
        P.shape([_R(x0 - w - 0.3, y - 0.6, x0 + w + 0.3, y + 0.6, 0.5)], (120, 146, 54))


def _hiasan_air_mancur(P: _Painter, rng: random.Random) -> None:
    stone = (156, 152, 146)
    water = (110, 178, 214)
    P.shadow(0, 0, 32, 4.5, alpha=120)
    # basin
    basin = [*_arc(0, -12, 28, 8, 180, 0, 30)[:1], *_arc(0, -12, 26, 13, 180, 0, 30)]
    P.shape(
        [_P(basin)],
        stone,
        shade=_dark(stone, 0.25),
        sd=(3, 0),
        light=_light(stone, 0.2),
        ld=(-2, 0),
    )
    specks = [
        _E(rng.uniform(-22, 22), rng.uniform(-10, -2), rng.uniform(0.3, 0.7)) for _ in range(40)
    ]
    P.shape([_P(basin)], stone, alpha=0, tex=(_dark(stone, 0.3), specks, 140))
    P.shape([_E(0, -12, 28, 7.5)], _light(stone, 0.15))
    P.shape([_E(0, -12, 24.5, 5.6)], water, shade=(80, 146, 188), sd=(0, -1.2))
    ripples = [_L(_arc(8, -11.5, r, r * 0.3, 0, 360, 36), 0.35) for r in (3, 6, 9)]
    P.shape([_E(0, -12, 24.5, 5.6)], water, alpha=0, tex=((214, 238, 250), ripples, 220))
    # river stones
    for x, y, rx, ry, c in (
        (-14, -16, 7, 5, (124, 122, 120)),
        (-6, -15, 6, 4, (170, 164, 154)),
        (-11, -22, 5.5, 4.2, (140, 136, 130)),
    ):
        P.shape([_E(x, y, rx, ry)], c, shade=_dark(c, 0.25), sd=(1.4, 1), light=_light(c, 0.25))
    # bamboo pipe with an angled spout
    _bamboo_pole(P, -12, -24, -12, -50, 2.4, 2)
    spout = [(-14.4, -47), (-9.6, -47), (6, -42.5), (6.5, -40), (4.5, -38.5), (-9.6, -43)]
    P.shape([_P(spout)], (168, 190, 84), shade=(128, 150, 60), sd=(0, 1.2))
    P.shape([_E(5.6, -40.3, 1.2, 1.9)], (214, 220, 150))
    # falling water
    stream = [(6.2, -39.5), (8.5, -34), (10, -26), (10.8, -14)]
    P.line(_spline(stream, 6), 1.6, (150, 204, 232), alpha=230)
    P.line(_spline([(x - 0.3, y) for x, y in stream], 6), 0.5, (236, 248, 255), alpha=230)
    for dx, dy in ((-3, -15.5), (3.5, -16.5), (-1.5, -18), (2, -19)):
        P.shape([_E(10.8 + dx, dy, 0.6)], (200, 232, 248))
    # small plant at the back right of the basin
    for ang, ln in ((-120, 15), (-100, 18), (-80, 16), (-60, 13), (-135, 11)):
        P.shape([_P(_leaf(18, -14, ang, ln, 2.4))], (74, 146, 70), shade=(52, 116, 54), sd=(0.7, 0))


def _bamboo_cup(P: _Painter, x: float, h: float, r: float, handle: bool) -> None:
    tan = (210, 180, 104)
    ry = r * 0.3
    if handle:
        hx = x + r
        P.line(
            [
                (hx - 1, -h * 0.78),
                (hx + r * 0.55, -h * 0.78),
                (hx + r * 0.55, -h * 0.28),
                (hx - 1, -h * 0.28),
            ],
            2.2,
            _dark(tan, 0.15),
        )
    body = _cylinder(x, -h, 0, r, r, ry)
    fibres = [_L([(x + r * f, -h), (x + r * f, 0)], 0.25) for f in (-0.7, -0.35, 0.1, 0.45, 0.8)]
    P.shape(
        [body],
        tan,
        shade=_dark(tan, 0.22),
        sd=(r * 0.3, 0),
        light=(234, 210, 146),
        ld=(-r * 0.18, 0),
        tex=(_dark(tan, 0.12), fibres, 150),
    )
    # node ring
    ny = -h * 0.22
    ring = [
        *_arc(x, ny - 0.8, r + 0.3, ry, 180, 0, 24),
        *_arc(x, ny + 0.8, r + 0.3, ry, 0, 180, 24),
    ]
    P.shape([_P(ring)], (176, 146, 72), shade=(140, 110, 50), sd=(r * 0.25, 0))
    # rim and tea
    P.shape([_E(x, -h, r, ry)], (238, 222, 172))
    P.shape([_E(x, -h + 0.3, r - 1.1, ry - 0.7)], (150, 84, 38), shade=(110, 60, 26), sd=(0, -0.6))
    P.shape([_E(x - r * 0.3, -h, r * 0.25, ry * 0.25)], (196, 132, 76))


def _cangkir_bambu(P: _Painter, rng: random.Random) -> None:
    P.shadow(4, 0, 30, 4.5, alpha=110)
    _bamboo_cup(P, 12, 28, 8, handle=False)
    _bamboo_cup(P, -7, 36, 10, handle=True)
    # bamboo leaves lying on the table
    for ang, ln in ((-160, 20), (-185, 17)):
        P.shape([_P(_leaf(26, 2, ang, ln, 2.8))], (96, 160, 72), shade=(70, 130, 58), sd=(0, 0.8))


def _nampan_bambu(P: _Painter, rng: random.Random) -> None:
    cy, rx, ry = -9.0, 34.0, 14.0
    weave_c = (222, 190, 120)
    P.shadow(0, -2, 35, 6, alpha=120)
    # tray side (depth)
    side = [*_arc(0, cy, rx, ry, 180, 0, 40)[:1], *_arc(0, cy + 5, rx - 1.5, ry - 0.6, 180, 0, 40)]
    P.shape([_P(side)], (176, 134, 70), shade=(140, 100, 50), sd=(3, 0))
    # rim
    P.shape([_E(0, cy, rx, ry)], (196, 152, 84), shade=(160, 118, 60), sd=(0, -1.2))
    # woven base: two sets of strips, alternating over/under
    inner = [_E(0, cy + 0.6, rx - 3.4, ry - 2.6)]
    P.shape(inner, weave_c)
    cells = []
    step = 3.2
    for i in range(-14, 15):
        for j in range(-8, 9):
            cx = i * step
            cyy = cy + j * step * 0.42
            if (i + j) % 2 == 0:
                cells.append(
                    _P(
                        [
                            (cx - step / 2, cyy - step * 0.21),
                            (cx + step / 2, cyy - step * 0.21),
                            (cx + step / 2, cyy + step * 0.21),
                            (cx - step / 2, cyy + step * 0.21),
                        ]
                    )
                )
    P.shape(inner, weave_c, alpha=0, tex=((190, 150, 84), cells, 255))
    lines = [
        _L([(i * step - step / 2, cy - ry), (i * step - step / 2, cy + ry)], 0.25)
        for i in range(-14, 16)
    ]
    lines += [
        _L([(-rx, cy + (j + 0.5) * step * 0.42), (rx, cy + (j + 0.5) * step * 0.42)], 0.2)
        for j in range(-9, 9)
    ]
    P.shape(inner, weave_c, alpha=0, tex=((150, 112, 56), lines, 200))
    # inner shading under the rim
    P.shape(inner, weave_c, alpha=0, shade=(120, 86, 40), sd=(0, -1.4))
    # rim binding with rattan lashing
    lash = []
    for a in range(0, 360, 12):
        p0 = _arc(0, cy, rx - 0.2, ry - 0.2, a, a, 1)[0]
        p1 = _arc(0, cy, rx - 2.6, ry - 2.2, a + 4, a + 4, 1)[0]
        lash.append(_L([p0, p1], 0.5))
    P.shape(lash, (130, 92, 44), alpha=200)
    # a few palm-sugar blocks sitting on the tray
    for x, y, r in ((-9, -10.5, 5.2), (2, -11.5, 4.6), (-2, -6.5, 5.6), (10, -7.5, 5.0)):
        P.shadow(x, y + 0.6, r * 1.05, r * 0.35, alpha=110)
        _sugar_dome(P, x, y, r, rng)


def _flower(P: _Painter, x: float, y: float, r: float, petal: Color) -> None:
    for a in range(0, 360, 72):
        px = x + r * 0.62 * math.cos(math.radians(a - 90))
        py = y + r * 0.62 * math.sin(math.radians(a - 90))
        P.shape(
            [_P(_rot_ellipse(px, py, r * 0.58, r * 0.38, a - 90, 20))],
            petal,
            shade=_dark(petal, 0.15),
            sd=(0.4, 0.4),
        )
    P.shape([_E(x, y, r * 0.32)], (252, 206, 64), shade=(220, 160, 40), sd=(0.3, 0.3))


def _pot_bunga(P: _Painter, rng: random.Random) -> None:
    clay = (204, 102, 62)
    P.shadow(0, 0, 20, 3.8, alpha=120)
    # leaves behind
    green = (70, 146, 72)
    for ang, ln, wd in (
        (-150, 22, 4.2),
        (-128, 26, 4.4),
        (-105, 28, 4.4),
        (-80, 27, 4.4),
        (-58, 25, 4.2),
        (-35, 21, 4),
    ):
        P.shape(
            [_P(_leaf(0, -24, ang, ln, wd))],
            green,
            shade=(48, 114, 56),
            sd=(0.9, 0.4),
            light=(110, 180, 92),
            ld=(-0.5, -0.4),
        )
        ca, sa = math.cos(math.radians(ang)), math.sin(math.radians(ang))
        P.line(
            [(ca * 2, -24 + sa * 2), (ca * ln * 0.85, -24 + sa * ln * 0.85)],
            0.35,
            (150, 204, 120),
            alpha=200,
        )
    # stems and flowers
    for fx, fy, col in (
        (-12, -47, (232, 76, 96)),
        (3, -52, (244, 120, 150)),
        (15, -44, (232, 76, 96)),
        (-3, -41, (250, 160, 60)),
    ):
        P.line(_spline([(0, -25), (fx * 0.5, (fy - 25) / 2 - 4), (fx, fy)], 6), 0.7, (60, 124, 60))
        _flower(P, fx, fy, 4.6, col)
    # pot
    body = [(-14, -24), (14, -24), (10.5, 0), *_arc(0, 0, 10.5, 2.6, 0, 180, 12), (-10.5, 0)]
    P.shape(
        [_P(body)], clay, shade=_dark(clay, 0.22), sd=(3, 0), light=_light(clay, 0.18), ld=(-1.6, 0)
    )
    band = [_L([(-13, -14), (13, -14)], 0.6)]
    P.shape([_P(body)], clay, alpha=0, tex=((240, 200, 160), band, 200))
    P.shape([_R(-16, -29, 16, -22.5, 1.5)], _light(clay, 0.08), shade=_dark(clay, 0.2), sd=(2, 0.6))
    P.shape([_E(0, -29, 16, 2.6)], (216, 118, 76))
    P.shape([_E(0, -28.8, 13.8, 1.9)], (82, 56, 40))


def _guci(P: _Painter, rng: random.Random) -> None:
    clay = (190, 96, 54)
    prof = [(9, 0), (15, -6), (19, -17), (17.5, -28), (11, -36), (6.5, -41), (7, -46), (9.5, -50)]
    right = _spline(prof, 8)
    left = [(-x, y) for x, y in right[::-1]]
    body = [*_arc(0, 0, 9, 2.2, 180, 0, 14), *right, *left]
    P.shadow(0, 0, 22, 4, alpha=120)
    P.shape(
        [_P(body)], clay, shade=_dark(clay, 0.25), sd=(4, 0), light=_light(clay, 0.22), ld=(-2.2, 0)
    )

    def width_at(y: float) -> float:
        best = min(right, key=lambda p: abs(p[1] - y))
        return best[0]

    cream = (244, 220, 178)
    # decorative bands that follow the curve of the body
    for y in (-9.0, -30.0):
        w = width_at(y) - 0.3
        P.line(_arc(0, y, w, 2.2, 180, 0, 24), 0.8, cream)
    yz = -19.5
    w = width_at(yz) - 0.6
    zig = []
    n = 14
    for i in range(n + 1):
        a = 180 - 180 * i / n
        px, py = _arc(0, yz, w, 2.6, a, a, 1)[0]
        zig.append((px, py + (-3 if i % 2 else 3) * math.sin(math.radians(a)) ** 0.5))
    P.line(zig, 0.9, cream)
    for i in range(1, 8):
        a = 180 - 180 * i / 8
        px, py = _arc(0, -25, width_at(-25) - 1, 2.4, a, a, 1)[0]
        P.shape([_E(px, py, 0.9 * math.sin(math.radians(a)) ** 0.5)], cream)
    # lip
    P.shape([_E(0, -50, 9.5, 2.4)], _light(clay, 0.15))
    P.shape([_E(0, -49.9, 7.4, 1.6)], (92, 42, 22))


def _celengan(P: _Painter, rng: random.Random) -> None:
    pink = (232, 132, 120)
    dark = _dark(pink, 0.2)
    P.shadow(0, 0, 26, 4.2, alpha=120)
    # back legs
    for x in (-12, 9):
        P.shape([_R(x - 3, -8, x + 3, -0.8, 1.6)], _dark(pink, 0.3))
    # tail
    P.line(
        _spline([(-22, -22), (-26, -25), (-27.5, -21), (-25, -19.5), (-26.5, -16)], 6), 0.9, dark
    )
    # body
    P.shape(
        [_E(0, -19, 23, 15)], pink, shade=dark, sd=(3, 2.5), light=_light(pink, 0.25), ld=(-2, -2)
    )
    # painted flowers and leaves on the body
    for fx, fy in ((-10, -19), (4, -25), (-1, -13)):
        for ang in (200, 340):
            P.shape([_P(_leaf(fx, fy, ang, 5, 1.3))], (70, 140, 80))
        _flower(P, fx, fy, 2.7, (250, 238, 220))
    # ears
    P.shape([_P([(10, -30), (13.5, -40), (17.5, -29)])], dark)
    P.shape([_P([(13, -31), (15.5, -38), (19, -29)])], pink, shade=dark, sd=(0.8, 0))
    # snout
    P.shape(
        [_E(22.5, -18, 4.2, 5.6)],
        _mix(pink, (200, 80, 80), 0.35),
        shade=_dark(pink, 0.3),
        sd=(0.8, 0.6),
    )
    P.shape([_E(21.8, -19.8, 0.7, 1.3), _E(23.6, -16.3, 0.7, 1.3)], (110, 46, 40))
    # eye and blush
    P.shape([_E(14.5, -23, 1.3, 1.6)], (50, 30, 26))
    P.shape([_E(14.9, -23.6, 0.4)], (255, 255, 255))
    P.shape([_E(15, -16.5, 2.6, 1.4)], (244, 96, 104), alpha=150)
    # front legs
    for x in (-7, 14):
        P.shape([_R(x - 3.2, -8, x + 3.2, 0, 1.6)], pink, shade=dark, sd=(1, 0))
    # coin slot and a coin
    P.shape([_R(-4.5, -34.6, 3.5, -32.8, 0.8)], (80, 36, 30))
    gold = (238, 188, 60)
    P.shape(
        [_E(-0.5, -41, 3.4, 3.6)], gold, shade=(200, 144, 36), sd=(0.8, 0.4), light=(252, 222, 120)
    )
    P.shape([_E(-0.5, -41, 1.8, 2.0)], (222, 166, 48))


def _piring(P: _Painter, rng: random.Random) -> None:
    clay = (196, 104, 62)
    cream = (244, 222, 182)
    # upright decorated plate on a small stand behind
    cx, cy, r = 8.0, -30.0, 21.0
    P.shape([_P([(cx - 6, -7), (cx + 6, -7), (cx + 9, -4), (cx - 9, -4)])], (120, 80, 48))
    P.shape(
        [_E(cx, cy, r)],
        clay,
        shade=_dark(clay, 0.25),
        sd=(2, 1.4),
        light=_light(clay, 0.2),
        ld=(-1, -1),
    )
    P.shape([_E(cx, cy, r - 3.5)], _dark(clay, 0.06))
    P.shape([_E(cx, cy, r - 4.5)], (176, 88, 50))
    P.line(_arc(cx, cy, r - 6.5, r - 6.5, 0, 360, 60), 0.6, cream)
    for a in range(0, 360, 30):
        P.shape(
            [
                _P(
                    _leaf(
                        cx + 3 * math.cos(math.radians(a)),
                        cy + 3 * math.sin(math.radians(a)),
                        a,
                        9,
                        2.2,
                    )
                )
            ],
            cream,
        )
    for a in range(15, 375, 30):
        P.shape(
            [_E(cx + 12 * math.cos(math.radians(a)), cy + 12 * math.sin(math.radians(a)), 0.9)],
            cream,
        )
    P.shape([_E(cx, cy, 2.4)], (232, 150, 70))
    # flat plate in front seen at an angle
    fx, fy, rx, ry = -10.0, -4.0, 20.0, 6.6
    P.shadow(fx, 0, 21, 3.2, alpha=120)
    P.shape(
        [
            _P(
                _arc(fx, fy, rx, ry, 180, 0, 30)[:1]
                + _arc(fx, fy + 2.2, rx - 5, ry - 1.4, 180, 0, 30)
                + [(fx + rx, fy)]
            )
        ],
        _dark(clay, 0.25),
    )
    P.shape([_E(fx, fy, rx, ry)], _light(clay, 0.1), shade=_dark(clay, 0.1), sd=(0, -0.8))
    P.shape([_E(fx, fy + 0.4, rx - 5, ry - 1.8)], clay, shade=_dark(clay, 0.2), sd=(0, -0.8))
    dots = _arc(fx, fy, rx - 2.6, ry - 0.9, 0, 360, 36)[:-1]
    P.shape([_E(x, y, 0.55, 0.35) for x, y in dots], cream)


def _anglo(P: _Painter, rng: random.Random) -> None:
    clay = (182, 98, 58)
    P.shadow(0, 0, 22, 4, alpha=130)
    prof_r = _spline([(15, 0), (13, -6), (10, -14), (11.5, -21), (18, -30), (21, -34)], 8)
    prof_l = [(-x, y) for x, y in prof_r[::-1]]
    body = [*_arc(0, 0, 15, 3.2, 180, 0, 20), *prof_r, *prof_l]
    P.shape(
        [_P(body)], clay, shade=_dark(clay, 0.25), sd=(3.5, 0), light=_light(clay, 0.2), ld=(-2, 0)
    )
    # waist ring
    P.line(_arc(0, -15, 10.4, 1.8, 180, 0, 20), 1.0, _dark(clay, 0.3))
    P.line(_arc(0, -26, 15, 2.6, 180, 0, 20), 0.6, _light(clay, 0.3))
    # air door at the base with embers glowing inside
    door = [(-5, -1.8), (-5, -7), *_arc(0, -7, 5, 4, 180, 360, 16), (5, -1.8)]
    P.shape([_P(door)], (60, 30, 20))
    P.shape([_E(0, -3.4, 3.8, 1.8)], (236, 110, 40), alpha=220)
    P.glow(0, -3.6, 6, (255, 170, 80), 90)
    # rim and charcoal bed
    P.shape([_E(0, -34, 21, 5)], _light(clay, 0.12))
    P.shape([_E(0, -34, 18, 3.8)], (60, 34, 26))
    coals = [
        (-11, -35.5, 4.0),
        (-4, -36.5, 4.4),
        (4, -36, 4.2),
        (11, -35, 3.8),
        (-7, -33.5, 4),
        (1, -33, 4.4),
        (9, -33.6, 3.8),
    ]
    for x, y, r in coals:
        pts = [
            (
                x + r * math.cos(math.radians(a)) * (0.8 + 0.3 * rng.random()),
                y + r * 0.55 * math.sin(math.radians(a)) * (0.8 + 0.3 * rng.random()),
            )
            for a in range(0, 360, 45)
        ]
        P.shape(
            [_P(pts)],
            (58, 52, 50),
            shade=(232, 96, 40),
            sd=(0, 0.9),
            light=(100, 92, 88),
            ld=(0, -0.5),
        )
    for x, y in ((-5, -35.2), (3, -34.4), (9.5, -34.0), (-10, -34.4)):
        P.shape([_E(x, y, 1.2, 0.6)], (255, 158, 64))
    # thin rising smoke
    P.line(_spline([(-2, -40), (-4, -45), (0, -50), (-3, -56)], 6), 0.8, (255, 255, 255), alpha=110)
    P.line(_spline([(5, -40), (7, -44), (4, -48), (6, -52)], 6), 0.6, (255, 255, 255), alpha=90)


_DRAW: dict[str, Callable[[_Painter, random.Random], None]] = {
    "gula-aren": _gula_aren,
    "kolang-kaling": _kolang_kaling,
    "kopi-bubuk": _kopi_bubuk,
    "rebung": _rebung,
    "hiasan-air-mancur": _hiasan_air_mancur,
    "cangkir-bambu": _cangkir_bambu,
    "nampan-bambu": _nampan_bambu,
    "pot-bunga": _pot_bunga,
    "guci": _guci,
    "celengan": _celengan,
    "piring-tanah-liat": _piring,
    "anglo": _anglo,
}

_ON_LEAF = frozenset({"gula-aren", "rebung"})
# Low, wide products are drawn a little larger so they fill the picture.
_SCALE = {"gula-aren": 1.12, "nampan-bambu": 1.08, "kopi-bubuk": 0.98, "anglo": 0.95}


# --------------------------------------------------------------------------- EXIF


def _dms(value: float) -> tuple:
    value = abs(value)
    deg = int(value)
    minutes_f = (value - deg) * 60
    minutes = int(minutes_f)
    seconds = round((minutes_f - minutes) * 60, 2)
    return tuple(
        TiffImagePlugin.IFDRational(Fraction(v).limit_denominator(100))
        for v in (deg, minutes, seconds)
    )


def _camera_exif(lat: float, lon: float) -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "TokoDesa Demo"
    exif[ExifTags.Base.Model] = "TokoDesa Demo"
    exif[ExifTags.Base.Orientation] = 1
    exif[ExifTags.Base.Software] = "tokodesa.demo.art"
    exif[ExifTags.Base.DateTime] = "2024:06:01 09:30:00"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSVersionID] = b"\x02\x02\x00\x00"
    gps[ExifTags.GPS.GPSLatitudeRef] = "S" if lat < 0 else "N"
    gps[ExifTags.GPS.GPSLatitude] = _dms(lat)
    gps[ExifTags.GPS.GPSLongitudeRef] = "W" if lon < 0 else "E"
    gps[ExifTags.GPS.GPSLongitude] = _dms(lon)
    return exif


def _jpeg(img: Image.Image, exif: Image.Exif | None = None) -> bytes:
    buf = io.BytesIO()
    kwargs: dict = {"quality": 88, "optimize": True}
    if exif is not None:
        kwargs["exif"] = exif
    img.convert("RGB").save(buf, "JPEG", **kwargs)
    return buf.getvalue()


# --------------------------------------------------------------------------- public API


def _check_size(size: int) -> None:
    if not 16 <= size <= 8000:
        raise ValueError(f"size must be between 16 and 8000 pixels, not {size}")


def product_illustration(kind: str, *, variant: int = 0, size: int = 1200) -> bytes:
    """A square JPEG illustration of a demo product, with simulated camera EXIF."""
    if kind not in _DRAW:
        raise ValueError(f"unknown product kind {kind!r}; expected one of {', '.join(KINDS)}")
    _check_size(size)
    variant = int(variant)
    rng = random.Random(f"{kind}/{variant}")
    kh = _hash(kind)
    wall_top, wall_bottom, motif = _WALLS[(kh + variant * 5) % len(_WALLS)]
    angle = 70 + ((kh >> 8) % 40) + variant * 37
    wall = _Wall(wall_top, wall_bottom, angle, (0.5 - (variant % 2) * 0.08, 0.5), (255, 252, 244))
    P = _Painter(size, background=wall.image(size * 2))
    _pattern(P, (kh >> 16) % 3 if variant == 0 else (kh + variant) % 3, motif, wall, rng)
    table_style = ((kh >> 24) + variant) % 3
    if (
        kind in {"rebung", "gula-aren", "kolang-kaling", "piring-tanah-liat", "anglo"}
        and table_style == 2
    ):
        table_style = 0
    _table(P, table_style, rng)

    draw = _DRAW[kind]
    if variant % 2:
        # main product to the left, a smaller second one further back on the right
        with P.at(78, 73, 0.58 * _SCALE.get(kind, 1.0)):
            draw(P, random.Random(f"{kind}/{variant}/second"))
        place = (40, 88, 1.0 * _SCALE.get(kind, 1.0))
    else:
        place = (50 + (variant % 4 - 1) * 2, 87, 1.2 * _SCALE.get(kind, 1.0))
    if kind in _ON_LEAF:
        with P.at(place[0], place[1] - 2, place[2] * 0.82):
            _banana_leaf(P, -8 + (variant % 3) * 6)
    with P.at(*place):
        draw(P, rng)
    img = P.result()
    lat, lon = _BANGUNJIWO_GPS if kind in _GERABAH else _BATU_AMPAR_GPS
    return _jpeg(img, _camera_exif(lat, lon))


_BG_COLOURS: tuple[Color, ...] = (
    (244, 162, 97),
    (42, 157, 143),
    (233, 196, 106),
    (231, 111, 81),
    (130, 170, 220),
    (170, 140, 210),
    (122, 186, 120),
    (240, 140, 160),
)
_SKIN: tuple[Color, ...] = (
    (240, 200, 160),
    (222, 176, 132),
    (198, 146, 104),
    (168, 116, 80),
    (140, 94, 64),
)
_CLOTH: tuple[Color, ...] = (
    (38, 70, 83),
    (120, 60, 110),
    (180, 70, 60),
    (50, 110, 90),
    (60, 90, 160),
    (150, 100, 40),
)
_SCARF: tuple[Color, ...] = (
    (236, 120, 140),
    (90, 150, 200),
    (120, 180, 140),
    (240, 190, 90),
    (170, 120, 200),
    (244, 140, 100),
    (60, 120, 110),
)


def portrait(name: str, *, size: int = 600) -> bytes:
    """A friendly flat avatar (JPEG) for a villager, chosen deterministically from ``name``.

    A name starting with "Ibu"/"Bu" gets a headscarf and "Bapak"/"Pak" a peci.
    """
    h = _hash(f"portrait:{name}")
    bg = _BG_COLOURS[h % len(_BG_COLOURS)]
    skin = _SKIN[(h >> 4) % len(_SKIN)]
    cloth = _CLOTH[(h >> 8) % len(_CLOTH)]
    scarf = _SCARF[(h >> 12) % len(_SCARF)]
    # "Ibu …" wears a headscarf, "Bapak/Pak …" a peci; other names fall back to the hash.
    title = name.strip().split(" ", 1)[0].lower()
    hijab = title in {"ibu", "bu"} or (title not in {"bapak", "pak"} and bool((h >> 16) & 1))
    smile_wide = bool((h >> 17) & 1)
    glasses = (h >> 18) % 5 == 0
    _check_size(size)
    P = _Painter(size, bg=_light(bg, 0.7))
    P.shape([_E(50, 50, 49)], bg, shade=_dark(bg, 0.08), sd=(0, 3))
    # the figure is drawn on a copy, then pasted back through a circular mask
    F = _Painter(size, background=P.img.copy())
    F.shape([_E(36, 22, 16), _E(70, 78, 22)], _light(bg, 0.12), alpha=90)
    # shoulders
    shoulders = [_P([*_arc(50, 100, 36, 28, 180, 360, 40), (86, 110), (14, 110)])]
    skin_d = _dark(skin, 0.18)
    if hijab:
        F.shape(shoulders, cloth, shade=_dark(cloth, 0.2), sd=(3, 0))
        drape = [
            _E(50, 44, 19.5, 22),
            _P(
                [
                    (33, 52),
                    (67, 52),
                    *_spline([(67, 52), (76, 74), (72, 88)], 6),
                    *_arc(50, 86, 22, 8, 10, 170, 20),
                    (28, 88),
                    (24, 74),
                ]
            ),
        ]
        F.shape(
            drape,
            scarf,
            shade=_dark(scarf, 0.18),
            sd=(2.5, 1),
            light=_light(scarf, 0.22),
            ld=(-1.5, -1),
        )
        F.line(_spline([(38, 63), (46, 70), (56, 72), (64, 66)], 6), 0.7, _dark(scarf, 0.14))
        F.shape([_E(50, 47, 13.2, 15.8)], skin, shade=skin_d, sd=(1.6, 0.6))
        F.line(_arc(50, 46.5, 14.2, 17.2, 195, 345, 30), 1.2, _dark(scarf, 0.1))
        F.shape([_E(60, 66, 1.4)], _light(scarf, 0.6))
    else:
        F.shape([_R(44, 58, 56, 74, 3)], skin_d)
        F.shape(shoulders, cloth, shade=_dark(cloth, 0.2), sd=(3, 0))
        collar = [_P([(41, 74), (50, 86), (59, 74), (55, 72), (50, 79), (45, 72)])]
        F.shape(collar, _light(cloth, 0.55))
        F.shape([_E(35.5, 47, 2.6, 4), _E(64.5, 47, 2.6, 4)], skin, shade=skin_d, sd=(0.6, 0))
        F.shape([_E(50, 45, 14.5, 17.5)], skin, shade=skin_d, sd=(1.6, 0.6))
        F.shape([_P([*_arc(50, 38, 15, 10, 180, 360, 30)])], (40, 30, 28))
        peci = (28, 26, 30)
        F.shape(
            [_P([(35, 34), (37, 21), (63, 21), (65, 34)])],
            peci,
            shade=(12, 12, 14),
            sd=(1.5, 0),
            light=(70, 66, 74),
            ld=(-0.8, 0),
        )
        F.shape([_R(35, 31.5, 65, 34.5, 0.8)], (52, 48, 56))
        if (h >> 20) & 1:
            F.shape([_P([(45, 53.6), (50, 52.0), (55, 53.6), (50, 53.1)])], (50, 36, 30))
    # face
    eye = (45, 32, 30)
    F.shape([_E(44.5, 47, 1.3, 1.7), _E(55.5, 47, 1.3, 1.7)], eye)
    F.line([(41.5, 43.2), (46.5, 42.6)], 0.8, _dark(skin, 0.55))
    F.line([(53.5, 42.6), (58.5, 43.2)], 0.8, _dark(skin, 0.55))
    if smile_wide:
        F.shape([_P([*_arc(50, 54, 5, 3.6, 0, 180, 16)])], (160, 70, 70))
        F.shape([_P([*_arc(50, 54, 4, 1.3, 0, 180, 10)])], (250, 250, 246))
    else:
        F.line(_arc(50, 53, 4.4, 3, 20, 160, 16), 0.9, (150, 70, 60))
    F.shape([_E(40.5, 52.5, 2.6, 1.5), _E(59.5, 52.5, 2.6, 1.5)], (240, 120, 120), alpha=90)
    F.line([(50, 48.5), (49, 51.2), (50.5, 51.4)], 0.6, _dark(skin, 0.3))
    if glasses:
        F.line(_arc(44.5, 47, 4, 3.4, 0, 360, 30), 0.6, (60, 50, 50))
        F.line(_arc(55.5, 47, 4, 3.4, 0, 360, 30), 0.6, (60, 50, 50))
        F.line([(48.5, 46.8), (51.5, 46.8)], 0.6, (60, 50, 50))
    circle = Image.new("L", (P.S, P.S), 0)
    ImageDraw.Draw(circle).ellipse((0.01 * P.S, 0.01 * P.S, 0.99 * P.S, 0.99 * P.S), fill=255)
    P.img.paste(F.img, (0, 0), circle)
    return _jpeg(P.result())


_LOGO_PALETTES: tuple[tuple[Color, Color, Color], ...] = (
    ((31, 104, 96), (244, 190, 80), (250, 242, 222)),
    ((150, 62, 44), (246, 196, 96), (252, 238, 214)),
    ((48, 78, 140), (240, 160, 90), (240, 244, 250)),
    ((96, 120, 44), (238, 200, 80), (248, 246, 224)),
    ((118, 58, 112), (246, 170, 110), (250, 236, 240)),
    ((34, 92, 130), (120, 200, 150), (236, 246, 246)),
)


def village_logo(name: str, *, size: int = 512) -> bytes:
    """A PNG badge emblem (transparent corners) for a village, coloured from ``name``."""
    _check_size(size)
    h = _hash(f"logo:{name}")
    base, accent, cream = _LOGO_PALETTES[h % len(_LOGO_PALETTES)]
    P = _Painter(size, mode="RGBA", bg=(0, 0, 0, 0))
    P.shape([_R(3, 3, 97, 97, 24)], base, shade=_dark(base, 0.25), sd=(0, 2.2))
    disc = [_E(50, 48, 38)]
    sky = _light(base, 0.18)
    P.shape(disc, sky)

    def clip(color: Color, prims: Sequence[Prim]) -> None:
        P.shape(disc, sky, alpha=0, tex=(color, prims, 255))

    # sun, mountains, terraced fields
    sun_x = 34 + (h >> 8) % 32
    clip(_light(accent, 0.35), [_E(sun_x, 32, 11.5)])
    clip(accent, [_E(sun_x, 32, 9)])
    clip(_light(base, 0.42), [_P([(6, 66), (34, 27), (62, 66)])])
    clip(cream, [_P([(28.5, 35.5), (34, 27), (39.5, 35.5), (37, 34), (34, 37), (31, 34)])])
    clip(_dark(base, 0.12), [_P([(38, 66), (64, 33), (94, 66)])])
    field = _mix(base, (140, 190, 90), 0.55)
    for i, y in enumerate((62.0, 68.0, 75.0)):
        band = [
            _P(
                [
                    (8, y + 2),
                    *_spline([(8, y + 2), (40, y - 2.5), (92, y + 1.5)], 10),
                    (92, 100),
                    (8, 100),
                ]
            )
        ]
        clip(_mix(field, _dark(field, 0.3), i * 0.3), band)
        clip(
            _light(field, 0.3), [_L(_spline([(8, y + 2), (40, y - 2.5), (92, y + 1.5)], 10), 0.45)]
        )
    # a joglo-style house with a tiered roof
    hx = 50 - 14 * (1 if (h >> 12) & 1 else -1)
    P.shape([_R(hx - 9, 52, hx + 9, 64, 0.8)], cream, shade=_dark(cream, 0.12), sd=(1.2, 0))
    P.shape([_R(hx - 2.2, 56, hx + 2.2, 64, 0.6)], _dark(base, 0.2))
    roof = [
        (hx - 13, 53),
        (hx - 8, 47),
        (hx - 3.5, 40.5),
        (hx + 3.5, 40.5),
        (hx + 8, 47),
        (hx + 13, 53),
    ]
    P.shape([_P(roof)], accent, shade=_dark(accent, 0.22), sd=(1.4, 0.6))
    P.line([(hx - 8, 47), (hx + 8, 47)], 0.6, _dark(accent, 0.3))
    # a wreath of leaves around the lower half
    leaf_col = cream
    for side in (-1, 1):
        for j in range(6):
            a = 90 + side * (22 + j * 15)
            x = 50 + 42 * math.cos(math.radians(a))
            y = 48 + 42 * math.sin(math.radians(a))
            tangent = a + side * 90
            tilt = 30 if j % 2 else -30
            P.shape([_P(_leaf(x, y, tangent + side * tilt, 6.0, 1.5))], leaf_col)
        P.line(_arc(50, 48, 42, 42, 90 + side * 18, 90 + side * 100, 24), 0.5, leaf_col)
    P.line(_arc(50, 48, 38, 38, 0, 360, 120), 0.9, cream)
    P.shape([_E(50, 90.5, 2.2)], accent)
    buf = io.BytesIO()
    P.result().save(buf, "PNG", optimize=True)
    return buf.getvalue()
