//! Drawing primitives over the plotters SVG backend, text metrics, the palette, and the
//! post-processing that turns plotters' fixed-size document into a scalable, accessible one.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{FontDesc, FontFamily, FontStyle, FontTransform};

pub(crate) type DrawResult = Result<(), DrawingAreaErrorKind<std::io::Error>>;

/// Okabe–Ito colours (colour-blind safe), yellow left out: too pale for lines on white.
pub(crate) const PALETTE: [RGBColor; 7] = [
    RGBColor(0x00, 0x72, 0xB2), // blue
    RGBColor(0xE6, 0x9F, 0x00), // orange
    RGBColor(0x00, 0x9E, 0x73), // bluish green
    RGBColor(0xD5, 0x5E, 0x00), // vermillion
    RGBColor(0xCC, 0x79, 0xA7), // reddish purple
    RGBColor(0x56, 0xB4, 0xE9), // sky blue
    RGBColor(0x55, 0x55, 0x55), // dark grey (stands in for Okabe–Ito black)
];

pub(crate) fn series_color(i: usize) -> RGBColor {
    PALETTE[i % PALETTE.len()]
}

pub(crate) const INK: RGBColor = RGBColor(0x22, 0x22, 0x22);
pub(crate) const MUTED: RGBColor = RGBColor(0x55, 0x55, 0x55);
pub(crate) const GRID: RGBColor = RGBColor(0xE3, 0xE3, 0xE3);
pub(crate) const AXIS: RGBColor = RGBColor(0x77, 0x77, 0x77);
pub(crate) const MISSING: RGBColor = RGBColor(0xF2, 0xF2, 0xF2);

pub(crate) const TITLE_PX: f64 = 16.0;
/// Sizes are chosen so that plotters' `size / 1.24` prints exactly (13 would print 13.000000000000002).
pub(crate) const DESC_PX: f64 = 12.5;
pub(crate) const LABEL_PX: f64 = 12.0;

/// Characters that a browser draws about one em wide (CJK, kana, hangul, full-width forms).
pub(crate) fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
}

/// Estimated advance of one character in em for a generic sans-serif font. Deliberately on the
/// generous side so that labels never overlap in a real browser font.
fn char_em(c: char) -> f64 {
    if is_wide(c) {
        1.0
    } else if matches!(c, 'i' | 'j' | 'l' | '.' | ',' | ':' | ';' | '|' | '!' | '\'' | ' ' | '(' | ')') {
        0.32
    } else if c.is_ascii_uppercase() || matches!(c, 'm' | 'w' | '%' | '@' | '—' | '…') {
        0.8
    } else {
        0.6
    }
}

/// Estimated width in pixels of `s` drawn at `px`.
pub(crate) fn text_width(s: &str, px: f64) -> f64 {
    s.chars().map(char_em).sum::<f64>() * px
}

/// Characters that XML 1.0 does not allow (control characters other than tab, newline and
/// carriage return, and U+FFFE/U+FFFF), or that would break a one-line label: all become spaces.
fn unprintable(c: char) -> bool {
    c.is_control() || matches!(c, '\u{FFFE}' | '\u{FFFF}')
}

/// `s` with every [`unprintable`] character replaced by a space.
pub(crate) fn printable(s: &str) -> String {
    s.chars().map(|c| if unprintable(c) { ' ' } else { c }).collect()
}

/// `s` cut to fit in `max_w` pixels, with an ellipsis when cut. Control characters become spaces.
pub(crate) fn fit_text(s: &str, px: f64, max_w: f64) -> String {
    let clean = printable(s);
    if text_width(&clean, px) <= max_w {
        return clean;
    }
    let budget = max_w - char_em('…') * px;
    let mut out = String::new();
    let mut w = 0.0;
    for c in clean.chars() {
        let cw = char_em(c) * px;
        if w + cw > budget {
            break;
        }
        w += cw;
        out.push(c);
    }
    let trimmed = out.trim_end().to_string();
    trimmed + "…"
}

/// XML escaping for text and attribute values written by this module (plotters escapes what it
/// writes itself).
pub(crate) fn escape_xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if unprintable(c) => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Round a layout coordinate to a backend pixel. `as` saturates and maps NaN to 0: no panic.
pub(crate) fn px(v: f64) -> i32 {
    v.round() as i32
}

#[derive(Clone, Copy)]
pub(crate) struct TextSpec {
    pub size: f64,
    pub color: RGBColor,
    pub h: HPos,
    pub v: VPos,
    pub bold: bool,
    pub vertical: bool,
}

impl TextSpec {
    pub(crate) fn new(size: f64, h: HPos, v: VPos) -> Self {
        Self { size, color: INK, h, v, bold: false, vertical: false }
    }
    pub(crate) fn color(self, color: RGBColor) -> Self {
        Self { color, ..self }
    }
    pub(crate) fn bold(self) -> Self {
        Self { bold: true, ..self }
    }
    /// Rotated a quarter turn anticlockwise (reads bottom to top).
    pub(crate) fn vertical(self) -> Self {
        Self { vertical: true, ..self }
    }
}

/// A plotters drawing area in pixel coordinates with the few shapes the charts need.
pub(crate) struct Canvas<'a> {
    area: DrawingArea<SVGBackend<'a>, Shift>,
    pub w: f64,
    pub h: f64,
}

impl Canvas<'_> {
    pub(crate) fn text(&self, s: &str, x: f64, y: f64, t: TextSpec) -> DrawResult {
        let style = if t.bold { FontStyle::Bold } else { FontStyle::Normal };
        // plotters writes font-size = size / 1.24 into the SVG.
        let font = FontDesc::new(FontFamily::SansSerif, t.size * 1.24, style);
        let mut ts = font.color(&t.color).pos(Pos::new(t.h, t.v));
        if t.vertical {
            ts = ts.transform(FontTransform::Rotate270);
        }
        // plotters escapes markup characters but passes control characters through, which
        // would make the document ill-formed XML.
        self.area.draw_text(&printable(s), &ts, (px(x), px(y)))
    }

    pub(crate) fn rect(&self, x0: f64, y0: f64, x1: f64, y1: f64, fill: RGBColor) -> DrawResult {
        let (l, r) = if x0 <= x1 { (x0, x1) } else { (x1, x0) };
        let (t, b) = if y0 <= y1 { (y0, y1) } else { (y1, y0) };
        self.area.draw(&Rectangle::new([(px(l), px(t)), (px(r), px(b))], fill.filled()))
    }

    pub(crate) fn polyline(&self, pts: &[(f64, f64)], color: RGBColor, width: u32) -> DrawResult {
        let pts: Vec<(i32, i32)> = pts.iter().map(|&(x, y)| (px(x), px(y))).collect();
        self.area.draw(&PathElement::new(pts, color.stroke_width(width)))
    }

    pub(crate) fn line(&self, a: (f64, f64), b: (f64, f64), color: RGBColor) -> DrawResult {
        self.polyline(&[a, b], color, 1)
    }

    pub(crate) fn polygon(&self, pts: &[(f64, f64)], fill: RGBAColor) -> DrawResult {
        let pts: Vec<(i32, i32)> = pts.iter().map(|&(x, y)| (px(x), px(y))).collect();
        self.area.draw(&Polygon::new(pts, fill.filled()))
    }

    pub(crate) fn dot(&self, x: f64, y: f64, r: u32, color: RGBColor) -> DrawResult {
        self.area.draw(&Circle::new((px(x), px(y)), r, color.filled()))
    }
}

/// Render with plotters into a string and make it a scalable, accessible inline SVG.
/// Drawing into a `String` cannot fail in practice; should plotters report an error anyway, the
/// result is a minimal valid SVG carrying the title.
pub(crate) fn render(w: u32, h: u32, title: &str, draw: impl FnOnce(&Canvas<'_>) -> DrawResult) -> String {
    let mut buf = String::new();
    let outcome = {
        let area = SVGBackend::with_string(&mut buf, (w, h)).into_drawing_area();
        let canvas = Canvas { area, w: f64::from(w), h: f64::from(h) };
        let drawn = canvas.area.fill(&WHITE).and_then(|()| draw(&canvas));
        drawn.and_then(|()| canvas.area.present())
    };
    match outcome {
        Ok(()) => finish(&buf, w, h, title),
        Err(_) => finish("", w, h, title),
    }
}

/// Replace plotters' root element (fixed width/height) by one with a viewBox only, `role="img"`,
/// an `aria-label` and a `<title>`, so that CSS (`width: 100%; height: auto`) scales it.
pub(crate) fn finish(raw: &str, w: u32, h: u32, title: &str) -> String {
    let head =
        format!("<svg width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" xmlns=\"http://www.w3.org/2000/svg\">\n");
    let body = match raw.strip_prefix(&head) {
        Some(b) => b.to_string(),
        // Unknown root element (other plotters version) or nothing drawn: keep only whole children.
        None => match (raw.find(">\n"), raw.rfind("</svg>")) {
            (Some(start), Some(end)) if start + 2 <= end => format!("{}</svg>\n", &raw[start + 2..end]),
            _ => "</svg>\n".to_string(),
        },
    };
    let t = escape_xml(title);
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"{t}\" \
         class=\"bl-chart\" font-family=\"sans-serif\">\n<title>{t}</title>\n{body}"
    )
}

/// Message shown in a chart with nothing to draw, in the language of the (translated) title.
pub(crate) fn no_data_message(title: &str) -> &'static str {
    if title.chars().any(is_wide) {
        "暂无可绘制的数据"
    } else {
        "No data to draw"
    }
}

/// A valid chart saying that there is nothing to draw.
pub(crate) fn empty_svg(title: &str, message: &str) -> String {
    let (w, h) = (800u32, 200u32);
    render(w, h, title, |cv| {
        draw_title(cv, title)?;
        cv.rect(16.0, 56.0, cv.w - 16.0, cv.h - 16.0, MISSING)?;
        let msg = fit_text(message, DESC_PX, cv.w - 64.0);
        cv.text(
            &msg,
            cv.w / 2.0,
            (56.0 + cv.h - 16.0) / 2.0,
            TextSpec::new(DESC_PX, HPos::Center, VPos::Center).color(MUTED),
        )
    })
}

pub(crate) const TITLE_Y: f64 = 14.0;
pub(crate) const TITLE_H: f64 = 40.0;

pub(crate) fn draw_title(cv: &Canvas<'_>, title: &str) -> DrawResult {
    let t = fit_text(title, TITLE_PX, cv.w - 32.0);
    cv.text(&t, 16.0, TITLE_Y, TextSpec::new(TITLE_PX, HPos::Left, VPos::Top).bold())
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Swatch {
    Box,
    Line,
}

/// One placed legend entry.
#[derive(Clone, Debug)]
pub(crate) struct LegendItem {
    pub label: String,
    pub color: RGBColor,
    pub swatch: Swatch,
    pub x: f64,
    pub y: f64,
}

const LEGEND_ROW: f64 = 20.0;
const LEGEND_MAX_LABEL: f64 = 220.0;

/// Lay legend entries out in rows under the title; returns the entries and the header height
/// (title plus legend). No legend for a single series.
pub(crate) fn layout_legend(entries: &[(String, RGBColor, Swatch)], width: f64) -> (Vec<LegendItem>, f64) {
    if entries.len() < 2 {
        return (Vec::new(), TITLE_H);
    }
    let (left, right) = (16.0, width - 16.0);
    let mut items = Vec::with_capacity(entries.len());
    let (mut x, mut y) = (left, TITLE_H);
    for (label, color, swatch) in entries {
        let label = fit_text(label, LABEL_PX, LEGEND_MAX_LABEL);
        let w = 18.0 + text_width(&label, LABEL_PX) + 18.0;
        if x > left && x + w > right {
            x = left;
            y += LEGEND_ROW;
        }
        items.push(LegendItem { label, color: *color, swatch: *swatch, x, y });
        x += w;
    }
    (items, y + LEGEND_ROW)
}

pub(crate) fn draw_legend(cv: &Canvas<'_>, items: &[LegendItem]) -> DrawResult {
    for it in items {
        let cy = it.y + LEGEND_ROW / 2.0;
        match it.swatch {
            Swatch::Box => cv.rect(it.x, cy - 5.0, it.x + 12.0, cy + 5.0, it.color)?,
            Swatch::Line => {
                cv.polyline(&[(it.x, cy), (it.x + 13.0, cy)], it.color, 2)?;
                cv.dot(it.x + 6.5, cy, 3, it.color)?;
            }
        }
        cv.text(&it.label, it.x + 18.0, cy, TextSpec::new(LABEL_PX, HPos::Left, VPos::Center))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_text_truncates_by_estimated_width() {
        // "abc" = 3 × 0.6 em × 10 px = 18 px.
        assert_eq!(fit_text("abc", 10.0, 18.0), "abc");
        // Budget 17 px minus the ellipsis (0.8 em = 8 px) leaves 9 px: one 6 px letter.
        assert_eq!(fit_text("abc", 10.0, 17.0), "a…");
        // CJK characters count one em each: 4 × 10 = 40 px.
        assert_eq!(text_width("客户经理", 10.0), 40.0);
        assert_eq!(fit_text("客户经理", 10.0, 30.0), "客户…");
    }

    #[test]
    fn escape_covers_markup_characters() {
        assert_eq!(escape_xml("<a href=\"x\">&'"), "&lt;a href=&quot;x&quot;&gt;&amp;&apos;");
    }

    #[test]
    fn finish_replaces_fixed_size_root() {
        let out = finish(
            "<svg width=\"10\" height=\"20\" viewBox=\"0 0 10 20\" xmlns=\"http://www.w3.org/2000/svg\">\n<rect/>\n</svg>\n",
            10,
            20,
            "A<B",
        );
        assert!(out.starts_with(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 20\" role=\"img\" aria-label=\"A&lt;B\""
        ));
        assert!(out.contains("<title>A&lt;B</title>\n<rect/>\n</svg>"));
        assert!(!out.contains("width=\"10\""));
    }
}
