#!/usr/bin/env python3
"""Render a terminal capture (`tmux capture-pane -e -p`: text with SGR colour escapes) to a
PNG with Pillow. Usage: render.py capture.ansi out.png"""
import re, sys
from PIL import Image, ImageDraw, ImageFont

BASIC = [(0, 0, 0), (205, 49, 49), (13, 188, 121), (229, 229, 16), (36, 114, 200),
         (188, 63, 188), (17, 168, 205), (229, 229, 229)]
BRIGHT = [(102, 102, 102), (241, 76, 76), (35, 209, 139), (245, 245, 67), (59, 142, 234),
          (214, 112, 214), (41, 184, 219), (255, 255, 255)]
FG, BG = (220, 220, 220), (28, 28, 28)
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"
BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf"


def color256(n):
    if n < 8:
        return BASIC[n]
    if n < 16:
        return BRIGHT[n - 8]
    if n < 232:
        n -= 16
        steps = [0, 95, 135, 175, 215, 255]
        return (steps[n // 36], steps[n // 6 % 6], steps[n % 6])
    v = 8 + (n - 232) * 10
    return (v, v, v)


def cells(line):
    fg, bg, bold, under, rev = FG, BG, False, False, False
    for part in re.split(r"(\x1b\[[0-9;]*m)", line):
        if part.startswith("\x1b["):
            codes = [int(c) if c else 0 for c in part[2:-1].split(";")]
            i = 0
            while i < len(codes):
                c = codes[i]
                if c == 0:
                    fg, bg, bold, under, rev = FG, BG, False, False, False
                elif c == 1:
                    bold = True
                elif c == 22:
                    bold = False
                elif c in (4, 3):
                    under = c == 4 or under
                elif c == 24:
                    under = False
                elif c == 7:
                    rev = True
                elif c == 27:
                    rev = False
                elif 30 <= c <= 37:
                    fg = BASIC[c - 30]
                elif 90 <= c <= 97:
                    fg = BRIGHT[c - 90]
                elif 40 <= c <= 47:
                    bg = BASIC[c - 40]
                elif 100 <= c <= 107:
                    bg = BRIGHT[c - 100]
                elif c == 39:
                    fg = FG
                elif c == 49:
                    bg = BG
                elif c in (38, 48) and i + 1 < len(codes):
                    if codes[i + 1] == 2 and i + 4 < len(codes):
                        rgb = tuple(codes[i + 2:i + 5])
                        i += 4
                    elif codes[i + 1] == 5 and i + 2 < len(codes):
                        rgb = color256(codes[i + 2])
                        i += 2
                    else:
                        rgb = FG if c == 38 else BG
                    if c == 38:
                        fg = rgb
                    else:
                        bg = rgb
                i += 1
            continue
        for ch in part:
            f, b = (bg, fg) if rev else (fg, bg)
            yield ch, f, b, bold, under


def main(src, dst):
    lines = open(src, encoding="utf-8").read().rstrip("\n").split("\n")
    size = 15
    font, bold_font = ImageFont.truetype(FONT, size), ImageFont.truetype(BOLD, size)
    w = int(font.getlength("M"))
    h = size + 5
    cols = max(sum(1 for _ in cells(l)) for l in lines)
    img = Image.new("RGB", (cols * w + 24, len(lines) * h + 24), BG)
    d = ImageDraw.Draw(img)
    for y, line in enumerate(lines):
        for x, (ch, f, b, bold, under) in enumerate(cells(line)):
            px, py = 12 + x * w, 12 + y * h
            if b != BG:
                d.rectangle([px, py, px + w, py + h], fill=b)
            d.text((px, py + 2), ch, font=bold_font if bold else font, fill=f)
            if under:
                d.line([px, py + h - 2, px + w, py + h - 2], fill=f)
    img.save(dst)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
