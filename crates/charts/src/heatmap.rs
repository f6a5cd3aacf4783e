//! Heat map: a matrix of values (e.g. the tier migration matrix) as shaded cells with the value
//! written in each, and a colour key.

use plotters::style::text_anchor::{HPos, VPos};
use plotters::style::RGBColor;

use super::svg::{self, draw_title, fit_text, text_width, TextSpec, DESC_PX, LABEL_PX, MISSING, MUTED};
use super::{Fmt, HeatMap};

const WIDTH: f64 = 800.0;
const CELL_H: f64 = 34.0;
const DESC_BAND: f64 = 24.0;

/// Cell value at (r, c) when finite.
pub(crate) fn cell(m: &HeatMap, r: usize, c: usize) -> Option<f64> {
    m.cells.get(r).and_then(|row| row.get(c)).copied().filter(|v| v.is_finite())
}

/// Sequential blue scale (ColorBrewer "Blues" end points and middle), t in 0..=1.
pub(crate) fn shade(t: f64) -> RGBColor {
    const STOPS: [(f64, f64, f64); 3] = [(239.0, 243.0, 255.0), (107.0, 174.0, 214.0), (8.0, 69.0, 148.0)];
    let t = if t.is_finite() { t.clamp(0.0, 1.0) } else { 0.0 };
    let (a, b, u) = if t <= 0.5 { (STOPS[0], STOPS[1], t * 2.0) } else { (STOPS[1], STOPS[2], t * 2.0 - 1.0) };
    let mix = |x: f64, y: f64| (x + (y - x) * u).round().clamp(0.0, 255.0) as u8;
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

fn max_width(labels: &[String], size: f64) -> f64 {
    labels.iter().map(|l| text_width(l, size)).fold(0.0, f64::max)
}

pub(crate) fn heatmap_svg(m: &HeatMap, fmt: Fmt<'_>) -> String {
    let (nr, nc) = (m.rows.len(), m.cols.len());
    let values = (0..nr).flat_map(|r| (0..nc).filter_map(move |c| cell(m, r, c)));
    let Some((lo, hi)) = values.fold(None, |acc: Option<(f64, f64)>, v| match acc {
        None => Some((v, v)),
        Some((a, b)) => Some((a.min(v), b.max(v))),
    }) else {
        return svg::empty_svg(&m.title, svg::no_data_message(&m.title));
    };
    // Counts start the scale at zero; a matrix with negative values uses its own minimum.
    let lo = lo.min(0.0);
    let (lo_label, hi_label) = (fmt(lo), fmt(hi));
    let key_w = 14.0 + 8.0 + text_width(&lo_label, LABEL_PX).max(text_width(&hi_label, LABEL_PX));
    let row_labels: Vec<String> = m.rows.iter().map(|r| fit_text(r, LABEL_PX, 160.0)).collect();
    let left = 16.0 + DESC_BAND + 6.0 + max_width(&row_labels, LABEL_PX) + 10.0;
    let right = WIDTH - 20.0 - key_w - 16.0;
    let cell_w = (right - left) / nc as f64;
    let col_w = max_width(&m.cols, LABEL_PX);
    let (col_labels, rotated) = if col_w <= cell_w - 6.0 {
        (m.cols.clone(), false)
    } else {
        (m.cols.iter().map(|c| fit_text(c, LABEL_PX, 126.0)).collect::<Vec<_>>(), true)
    };
    let col_h = if rotated { max_width(&col_labels, LABEL_PX) + 14.0 } else { 22.0 };
    let top = svg::TITLE_H + 12.0;
    let bottom = top + CELL_H * nr as f64;
    let height = bottom + col_h + 22.0 + 12.0;
    let t_of = |v: f64| if hi > lo { (v - lo) / (hi - lo) } else { 0.0 };
    svg::render(WIDTH as u32, height.ceil() as u32, &m.title, |cv| {
        draw_title(cv, &m.title)?;
        for (r, row_label) in row_labels.iter().enumerate() {
            let y0 = top + r as f64 * CELL_H;
            cv.text(row_label, left - 8.0, y0 + CELL_H / 2.0, TextSpec::new(LABEL_PX, HPos::Right, VPos::Center))?;
            for c in 0..nc {
                let x0 = left + c as f64 * cell_w;
                match cell(m, r, c) {
                    Some(v) => {
                        let t = t_of(v);
                        cv.rect(x0 + 1.0, y0 + 1.0, x0 + cell_w - 1.0, y0 + CELL_H - 1.0, shade(t))?;
                        let text = fmt(v);
                        if text_width(&text, LABEL_PX) <= cell_w - 6.0 {
                            let ink = if t > 0.55 { RGBColor(0xFF, 0xFF, 0xFF) } else { svg::INK };
                            let spec = TextSpec::new(LABEL_PX, HPos::Center, VPos::Center).color(ink);
                            cv.text(&text, x0 + cell_w / 2.0, y0 + CELL_H / 2.0, spec)?;
                        }
                    }
                    None => cv.rect(x0 + 1.0, y0 + 1.0, x0 + cell_w - 1.0, y0 + CELL_H - 1.0, MISSING)?,
                }
            }
        }
        for (c, label) in col_labels.iter().enumerate() {
            let cx = left + (c as f64 + 0.5) * cell_w;
            if rotated {
                cv.text(label, cx, bottom + 8.0, TextSpec::new(LABEL_PX, HPos::Right, VPos::Center).vertical())?;
            } else {
                cv.text(label, cx, bottom + 6.0, TextSpec::new(LABEL_PX, HPos::Center, VPos::Top))?;
            }
        }
        // Colour key: ten steps from the maximum (top) to the minimum (bottom).
        let kx = right + 16.0;
        let key_h = (bottom - top).clamp(60.0, 200.0);
        for i in 0..10 {
            let y0 = top + key_h * f64::from(i) / 10.0;
            let t = 1.0 - (f64::from(i) + 0.5) / 10.0;
            cv.rect(kx, y0, kx + 14.0, top + key_h * f64::from(i + 1) / 10.0, shade(t))?;
        }
        let spec = TextSpec::new(LABEL_PX, HPos::Left, VPos::Center).color(MUTED);
        cv.text(&hi_label, kx + 22.0, top + 6.0, spec)?;
        cv.text(&lo_label, kx + 22.0, top + key_h - 6.0, spec)?;
        let ydesc = fit_text(&m.y_label, DESC_PX, (bottom - top).max(40.0));
        let spec = TextSpec::new(DESC_PX, HPos::Center, VPos::Center).vertical();
        cv.text(&ydesc, 16.0 + DESC_BAND / 2.0, (top + bottom) / 2.0, spec)?;
        let xdesc = fit_text(&m.x_label, DESC_PX, cv.w - 32.0);
        cv.text(&xdesc, (left + right) / 2.0, cv.h - 12.0, TextSpec::new(DESC_PX, HPos::Center, VPos::Bottom))
    })
}
