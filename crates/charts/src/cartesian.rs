//! Charts on x/y axes: lines and bars over categories, histograms and the Lorenz curve.

use plotters::style::text_anchor::{HPos, VPos};
use plotters::style::{Color, RGBColor};

use super::scale::{self, Linear, Ticks};
use super::svg::{
    self, draw_legend, draw_title, fit_text, layout_legend, series_color, text_width, Canvas, DrawResult, LegendItem,
    Swatch, TextSpec, AXIS, DESC_PX, GRID, LABEL_PX, MUTED,
};
use super::{BarChart, Fmt, HistogramChart, LineChart, LorenzChart};

const WIDTH: f64 = 800.0;
const HEIGHT: f64 = 440.0;
/// Band on the left holding the rotated description of the vertical axis.
const DESC_BAND: f64 = 24.0;
/// Longest category label on a category axis before it is cut with an ellipsis.
const MAX_CAT_LABEL: f64 = 180.0;
const MAX_TICK_LABEL: f64 = 160.0;

fn max_width(labels: &[String], size: f64) -> f64 {
    labels.iter().map(|l| text_width(l, size)).fold(0.0, f64::max)
}

/// Value ticks for a horizontal axis `width` pixels wide whose labels must not overlap: the
/// most ticks (up to one per 64 px, at most 8) whose widest label fits the spacing.
fn fitted_ticks(lo: f64, hi: f64, width: f64, fmt: Fmt<'_>, inner: bool) -> (Ticks, Vec<String>) {
    let most = ((width / 64.0) as usize).clamp(2, 8);
    let mut last = None;
    for target in (1..=most).rev() {
        let t = if inner {
            let values = scale::inner_ticks(lo, hi, target);
            Ticks { lo, hi, values }
        } else {
            scale::nice_ticks(lo, hi, target)
        };
        let labels: Vec<String> = t.values.iter().map(|v| fmt(*v)).collect();
        let span = t.hi - t.lo;
        let spacing = if t.values.len() > 1 && span > 0.0 { (t.values[1] - t.values[0]) / span * width } else { width };
        let fits = max_width(&labels, LABEL_PX) + 12.0 <= spacing;
        last = Some((t, labels));
        if fits {
            break;
        }
    }
    last.unwrap_or_else(|| (Ticks { lo, hi, values: vec![lo, hi] }, vec![fmt(lo), fmt(hi)]))
}

/// Description of the vertical axis, rotated, centred on the plot's height.
fn draw_y_desc(cv: &Canvas<'_>, text: &str, top: f64, bottom: f64) -> DrawResult {
    draw_y_desc_at(cv, text, 16.0, top, bottom)
}

fn draw_y_desc_at(cv: &Canvas<'_>, text: &str, x: f64, top: f64, bottom: f64) -> DrawResult {
    let t = fit_text(text, DESC_PX, (bottom - top).max(40.0));
    cv.text(
        &t,
        x + DESC_BAND / 2.0,
        (top + bottom) / 2.0,
        TextSpec::new(DESC_PX, HPos::Center, VPos::Center).vertical(),
    )
}

/// Description of the horizontal axis, centred under the plot, at the bottom of the canvas.
fn draw_x_desc(cv: &Canvas<'_>, text: &str, left: f64, right: f64) -> DrawResult {
    let t = fit_text(text, DESC_PX, cv.w - 32.0);
    cv.text(&t, (left + right) / 2.0, cv.h - 12.0, TextSpec::new(DESC_PX, HPos::Center, VPos::Bottom))
}

/// Horizontal grid lines and right-aligned labels of a vertical value axis. The zero line is darker.
fn draw_value_axis_y(
    cv: &Canvas<'_>,
    ticks: &[f64],
    labels: &[String],
    y: &Linear,
    left: f64,
    right: f64,
) -> DrawResult {
    for (v, label) in ticks.iter().zip(labels) {
        let py = y.map(*v);
        cv.line((left, py), (right, py), if *v == 0.0 { AXIS } else { GRID })?;
        cv.text(label, left - 8.0, py, TextSpec::new(LABEL_PX, HPos::Right, VPos::Center).color(MUTED))?;
    }
    Ok(())
}

/// Vertical grid lines and centred labels of a horizontal value axis under the plot.
fn draw_value_axis_x(
    cv: &Canvas<'_>,
    ticks: &[f64],
    labels: &[String],
    x: &Linear,
    top: f64,
    bottom: f64,
) -> DrawResult {
    for (v, label) in ticks.iter().zip(labels) {
        let px = x.map(*v);
        cv.line((px, top), (px, bottom), if *v == 0.0 { AXIS } else { GRID })?;
        cv.text(label, px, bottom + 6.0, TextSpec::new(LABEL_PX, HPos::Center, VPos::Top).color(MUTED))?;
    }
    Ok(())
}

/// How category labels go under a vertical chart.
struct CatLabels {
    labels: Vec<String>,
    rotated: bool,
    every: usize,
    height: f64,
}

/// Widest slot in which labels are turned upright rather than cut to the slot's width.
const ROTATE_BELOW: f64 = 64.0;

/// Labels go horizontally when they fit their slot; on a time axis (`skip`), every second or
/// third label may be left out instead (the table lists all); in a slot of at least
/// `ROTATE_BELOW` px they are cut to fit; otherwise they are turned upright, cut at 126 px, and
/// thinned out when the slots are narrower than a line of text.
fn layout_cat_labels(categories: &[String], slot: f64, skip: bool) -> CatLabels {
    let full_w = max_width(categories, LABEL_PX);
    let horizontal = |labels: Vec<String>, every: usize| CatLabels { labels, rotated: false, every, height: 22.0 };
    if full_w <= slot - 6.0 {
        return horizontal(categories.to_vec(), 1);
    }
    if skip {
        if let Some(every) = (2..=3).find(|k| full_w <= *k as f64 * slot - 10.0) {
            return horizontal(categories.to_vec(), every);
        }
    }
    if slot >= ROTATE_BELOW {
        return horizontal(categories.iter().map(|c| fit_text(c, LABEL_PX, slot - 6.0)).collect(), 1);
    }
    let labels: Vec<String> = categories.iter().map(|c| fit_text(c, LABEL_PX, MAX_CAT_LABEL * 0.7)).collect();
    let every = ((LABEL_PX * 1.4 / slot.max(1.0)).ceil() as usize).max(1);
    let height = max_width(&labels, LABEL_PX) + 14.0;
    CatLabels { labels, rotated: true, every, height }
}

fn draw_cat_labels(cv: &Canvas<'_>, cat: &CatLabels, left: f64, slot: f64, bottom: f64) -> DrawResult {
    for (i, label) in cat.labels.iter().enumerate() {
        if i % cat.every != 0 {
            continue;
        }
        let cx = left + (i as f64 + 0.5) * slot;
        cv.line((cx, bottom), (cx, bottom + 4.0), AXIS)?;
        if cat.rotated {
            cv.text(label, cx, bottom + 8.0, TextSpec::new(LABEL_PX, HPos::Right, VPos::Center).vertical())?;
        } else {
            cv.text(label, cx, bottom + 6.0, TextSpec::new(LABEL_PX, HPos::Center, VPos::Top))?;
        }
    }
    Ok(())
}

/// Geometry of a vertical chart over categories (lines, vertical bars).
struct VFrame {
    legend: Vec<LegendItem>,
    left: f64,
    right: f64,
    top: f64,
    bottom: f64,
    slot: f64,
    y: Linear,
    ticks: Vec<f64>,
    tick_labels: Vec<String>,
    cats: CatLabels,
}

fn vframe(
    categories: &[String],
    legend: &[(String, RGBColor, Swatch)],
    (lo, hi): (f64, f64),
    fmt: Fmt<'_>,
    time_axis: bool,
) -> VFrame {
    let (legend, header) = layout_legend(legend, WIDTH);
    let t = scale::nice_ticks(lo, hi, 5);
    let tick_labels: Vec<String> = t.values.iter().map(|v| fit_text(&fmt(*v), LABEL_PX, MAX_TICK_LABEL)).collect();
    let left = 16.0 + DESC_BAND + 6.0 + max_width(&tick_labels, LABEL_PX) + 8.0;
    let right = WIDTH - 20.0;
    let slot = (right - left) / categories.len().max(1) as f64;
    let cats = layout_cat_labels(categories, slot, time_axis);
    let top = header + 12.0;
    let bottom = HEIGHT - 12.0 - 22.0 - cats.height;
    let y = Linear { d0: t.lo, d1: t.hi, r0: bottom, r1: top };
    VFrame { legend, left, right, top, bottom, slot, y, ticks: t.values, tick_labels, cats }
}

fn draw_vframe(cv: &Canvas<'_>, f: &VFrame, title: &str, x_label: &str, y_label: &str) -> DrawResult {
    draw_title(cv, title)?;
    draw_legend(cv, &f.legend)?;
    draw_value_axis_y(cv, &f.ticks, &f.tick_labels, &f.y, f.left, f.right)?;
    draw_cat_labels(cv, &f.cats, f.left, f.slot, f.bottom)?;
    draw_y_desc(cv, y_label, f.top, f.bottom)?;
    draw_x_desc(cv, x_label, f.left, f.right)
}

fn finite(v: Option<f64>) -> Option<f64> {
    v.filter(|x| x.is_finite())
}

/// Value of series `s` at category `i`, `None` when missing, NaN or infinite.
pub(crate) fn value_at(values: &[Option<f64>], i: usize) -> Option<f64> {
    values.get(i).copied().and_then(finite)
}

pub(crate) fn line_svg(c: &LineChart, fmt: Fmt<'_>) -> String {
    let n = c.categories.len();
    let all = c.series.iter().flat_map(|s| (0..n).filter_map(|i| value_at(&s.values, i)));
    let Some((lo, hi)) = scale::range_with_zero(all) else {
        return svg::empty_svg(&c.title, svg::no_data_message(&c.title));
    };
    let legend: Vec<_> =
        c.series.iter().enumerate().map(|(j, s)| (s.name.clone(), series_color(j), Swatch::Line)).collect();
    let f = vframe(&c.categories, &legend, (lo, hi), fmt, true);
    svg::render(WIDTH as u32, HEIGHT as u32, &c.title, |cv| {
        draw_vframe(cv, &f, &c.title, &c.x_label, &c.y_label)?;
        let markers = n <= 40;
        for (j, s) in c.series.iter().enumerate() {
            let color = series_color(j);
            let mut run: Vec<(f64, f64)> = Vec::new();
            for i in 0..=n {
                match (i < n).then(|| value_at(&s.values, i)).flatten() {
                    Some(v) => run.push((f.left + (i as f64 + 0.5) * f.slot, f.y.map(v))),
                    None => {
                        if run.len() > 1 {
                            cv.polyline(&run, color, 2)?;
                        }
                        for &(x, y) in &run {
                            if markers || run.len() == 1 {
                                cv.dot(x, y, 3, color)?;
                            }
                        }
                        run.clear();
                    }
                }
            }
        }
        Ok(())
    })
}

/// Per category, the sum of negative and of positive values (the extent of a stacked bar).
fn stack_extents(c: &BarChart) -> Vec<(f64, f64)> {
    (0..c.categories.len())
        .map(|i| {
            c.series.iter().filter_map(|s| value_at(&s.values, i)).fold((0.0, 0.0), |(neg, pos), v| {
                if v < 0.0 {
                    (neg + v, pos)
                } else {
                    (neg, pos + v)
                }
            })
        })
        .collect()
}

/// The bar segments of category `i`: (series index, from, to) in data units.
pub(crate) fn bar_segments(c: &BarChart, i: usize) -> Vec<(usize, f64, f64)> {
    let (mut neg, mut pos) = (0.0, 0.0);
    let mut out = Vec::new();
    for (j, s) in c.series.iter().enumerate() {
        let Some(v) = value_at(&s.values, i) else { continue };
        if !c.stacked {
            out.push((j, 0.0, v));
        } else if v < 0.0 {
            out.push((j, neg, neg + v));
            neg += v;
        } else {
            out.push((j, pos, pos + v));
            pos += v;
        }
    }
    out
}

/// Position of series `j`'s bar inside a category band `[start, start + band)`: (from, to).
fn bar_band(c: &BarChart, j: usize, start: f64, band: f64) -> (f64, f64) {
    let k = c.series.len().max(1) as f64;
    let group = band * if c.stacked || k == 1.0 { 0.6 } else { 0.8 };
    let g0 = start + (band - group) / 2.0;
    if c.stacked {
        (g0, g0 + group)
    } else {
        let w = group / k;
        let gap = if k > 1.0 && w > 4.0 { 1.0 } else { 0.0 };
        (g0 + j as f64 * w, g0 + (j as f64 + 1.0) * w - gap)
    }
}

pub(crate) fn bar_svg(c: &BarChart, fmt: Fmt<'_>) -> String {
    let n = c.categories.len();
    let range = if c.stacked {
        let ext = stack_extents(c);
        let any = (0..n).any(|i| c.series.iter().any(|s| value_at(&s.values, i).is_some()));
        if any {
            scale::range_with_zero(ext.iter().flat_map(|&(a, b)| [a, b]))
        } else {
            None
        }
    } else {
        scale::range_with_zero(c.series.iter().flat_map(|s| (0..n).filter_map(|i| value_at(&s.values, i))))
    };
    let Some((lo, hi)) = range else {
        return svg::empty_svg(&c.title, svg::no_data_message(&c.title));
    };
    let legend: Vec<_> =
        c.series.iter().enumerate().map(|(j, s)| (s.name.clone(), series_color(j), Swatch::Box)).collect();
    if c.horizontal {
        horizontal_bar_svg(c, fmt, &legend, lo, hi)
    } else {
        let f = vframe(&c.categories, &legend, (lo, hi), fmt, false);
        svg::render(WIDTH as u32, HEIGHT as u32, &c.title, |cv| {
            draw_vframe(cv, &f, &c.title, &c.x_label, &c.y_label)?;
            for i in 0..n {
                for (j, from, to) in bar_segments(c, i) {
                    let (x0, x1) = bar_band(c, j, f.left + i as f64 * f.slot, f.slot);
                    cv.rect(x0, f.y.map(from), x1, f.y.map(to), series_color(j))?;
                }
            }
            // Zero line over the bars' feet.
            let z = f.y.map(0.0);
            cv.line((f.left, z), (f.right, z), AXIS)
        })
    }
}

fn horizontal_bar_svg(c: &BarChart, fmt: Fmt<'_>, legend: &[(String, RGBColor, Swatch)], lo: f64, hi: f64) -> String {
    let n = c.categories.len();
    let k = c.series.len().max(1) as f64;
    let (legend, header) = layout_legend(legend, WIDTH);
    let band = if c.stacked || k == 1.0 { 26.0 } else { (12.0 * k + 10.0).max(26.0) };
    let labels: Vec<String> = c.categories.iter().map(|s| fit_text(s, LABEL_PX, MAX_CAT_LABEL)).collect();
    let left = 16.0 + DESC_BAND + 6.0 + max_width(&labels, LABEL_PX) + 10.0;
    let right = WIDTH - 28.0;
    let top = header + 12.0;
    let bottom = top + band * n as f64;
    let height = bottom + 6.0 + 18.0 + 8.0 + 22.0 + 10.0;
    let (t, tick_labels) = fitted_ticks(lo, hi, right - left, fmt, false);
    let x = Linear { d0: t.lo, d1: t.hi, r0: left, r1: right };
    svg::render(WIDTH as u32, height.ceil() as u32, &c.title, |cv| {
        draw_title(cv, &c.title)?;
        draw_legend(cv, &legend)?;
        draw_value_axis_x(cv, &t.values, &tick_labels, &x, top, bottom)?;
        for (i, label) in labels.iter().enumerate() {
            let start = top + i as f64 * band;
            cv.text(label, left - 8.0, start + band / 2.0, TextSpec::new(LABEL_PX, HPos::Right, VPos::Center))?;
            for (j, from, to) in bar_segments(c, i) {
                let (y0, y1) = bar_band(c, j, start, band);
                cv.rect(x.map(from), y0, x.map(to), y1, series_color(j))?;
            }
        }
        let z = x.map(0.0);
        cv.line((z, top), (z, bottom), AXIS)?;
        draw_y_desc(cv, &c.x_label, top, bottom)?;
        draw_x_desc(cv, &c.y_label, left, right)
    })
}

/// Thousands-grouped whole number ("12,345") for histogram counts.
pub(crate) fn count_label(v: f64) -> String {
    let n = v.round().abs() as u64;
    let digits = n.to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    if v.round() < 0.0 {
        format!("-{out}")
    } else {
        out
    }
}

pub(crate) fn histogram_svg(c: &HistogramChart, bins: &scale::Bins, fmt: Fmt<'_>) -> String {
    let (lo, hi) = (bins.edges[0], bins.edges[bins.edges.len() - 1]);
    let max_count = bins.counts.iter().copied().max().unwrap_or(0) as f64;
    let (_, header) = layout_legend(&[], WIDTH);
    let yt = scale::count_ticks(max_count, 5);
    let y_labels: Vec<String> = yt.values.iter().map(|v| count_label(*v)).collect();
    let left = 16.0 + DESC_BAND + 6.0 + max_width(&y_labels, LABEL_PX) + 8.0;
    let right = WIDTH - 28.0;
    let top = header + 12.0;
    let bottom = HEIGHT - 12.0 - 22.0 - 24.0;
    let (xt, x_labels) = fitted_ticks(lo, hi, right - left, fmt, true);
    let x = Linear { d0: lo, d1: hi, r0: left, r1: right };
    let y = Linear { d0: 0.0, d1: yt.hi, r0: bottom, r1: top };
    svg::render(WIDTH as u32, HEIGHT as u32, &c.title, |cv| {
        draw_title(cv, &c.title)?;
        draw_value_axis_y(cv, &yt.values, &y_labels, &y, left, right)?;
        let color = series_color(0);
        for (i, &count) in bins.counts.iter().enumerate() {
            if count == 0 {
                continue;
            }
            let (x0, x1) = (x.map(bins.edges[i]), x.map(bins.edges[i + 1]));
            let gap = if x1 - x0 > 4.0 { 1.0 } else { 0.0 };
            cv.rect(x0 + gap, y.map(count as f64), x1 - gap, bottom, color)?;
        }
        cv.line((left, bottom), (right, bottom), AXIS)?;
        for (v, label) in xt.values.iter().zip(&x_labels) {
            let px = x.map(*v);
            cv.line((px, bottom), (px, bottom + 4.0), AXIS)?;
            cv.text(label, px, bottom + 6.0, TextSpec::new(LABEL_PX, HPos::Center, VPos::Top).color(MUTED))?;
        }
        draw_y_desc(cv, &c.y_label, top, bottom)?;
        draw_x_desc(cv, &c.x_label, left, right)
    })
}

pub(crate) fn lorenz_svg(c: &LorenzChart, fmt: Fmt<'_>) -> String {
    let pts: Vec<(f64, f64)> = c.points.iter().copied().filter(|(a, b)| a.is_finite() && b.is_finite()).collect();
    if pts.is_empty() {
        return svg::empty_svg(&c.title, svg::no_data_message(&c.title));
    }
    let width = WIDTH;
    let curve = series_color(0);
    let equality = RGBColor(0x99, 0x99, 0x99);
    let legend = [(c.curve_label.clone(), curve, Swatch::Line), (c.equality_label.clone(), equality, Swatch::Box)];
    let (mut legend, header) = layout_legend(&legend, width);
    if let Some(item) = legend.get_mut(1) {
        item.swatch = Swatch::Line;
    }
    let (xlo, xhi) = pts.iter().fold((0.0f64, 1.0f64), |(a, b), p| (a.min(p.0), b.max(p.0)));
    let (ylo, yhi) = pts.iter().fold((0.0f64, 1.0f64), |(a, b), p| (a.min(p.1), b.max(p.1)));
    let yt = scale::nice_ticks(ylo, yhi, 5);
    let y_labels: Vec<String> = yt.values.iter().map(|v| fit_text(&fmt(*v), LABEL_PX, MAX_TICK_LABEL)).collect();
    // A square plot, centred with its axis labels, in a canvas as tall as the other charts.
    let height = HEIGHT + 40.0;
    let top = header + 12.0;
    let bottom = height - (6.0 + 18.0 + 8.0 + 22.0 + 10.0);
    let side = bottom - top;
    let gutter = DESC_BAND + 6.0 + max_width(&y_labels, LABEL_PX) + 8.0;
    let desc_x = ((width - gutter - side) / 2.0).max(16.0);
    let left = desc_x + gutter;
    let right = left + side;
    let (xt, x_labels) = fitted_ticks(xlo, xhi, right - left, fmt, false);
    let x = Linear { d0: xt.lo, d1: xt.hi, r0: left, r1: right };
    let y = Linear { d0: yt.lo, d1: yt.hi, r0: bottom, r1: top };
    svg::render(width as u32, height.ceil() as u32, &c.title, |cv| {
        draw_title(cv, &c.title)?;
        draw_legend(cv, &legend)?;
        draw_value_axis_y(cv, &yt.values, &y_labels, &y, left, right)?;
        draw_value_axis_x(cv, &xt.values, &x_labels, &x, top, bottom)?;
        let mapped: Vec<(f64, f64)> = pts.iter().map(|&(a, b)| (x.map(a), y.map(b))).collect();
        cv.polygon(&mapped, curve.mix(0.12))?;
        cv.polyline(&[(x.map(0.0), y.map(0.0)), (x.map(1.0), y.map(1.0))], equality, 2)?;
        cv.polyline(&mapped, curve, 2)?;
        if mapped.len() <= 30 {
            for &(a, b) in &mapped {
                cv.dot(a, b, 3, curve)?;
            }
        }
        draw_y_desc_at(cv, &c.y_label, desc_x, top, bottom)?;
        draw_x_desc(cv, &c.x_label, left, right)
    })
}
