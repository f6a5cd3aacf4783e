//! SVG charts for the Branchlens report pages, drawn at build time with plotters' SVG backend.
//! Independent of the domain: callers pass translated labels, numbers and their formatters.
//!
//! Every chart function returns a [`Chart`]: an inline SVG that scales (root element with a
//! `viewBox`, no fixed size, `role="img"`, `aria-label` and `<title>`), plus a [`DataTable`]
//! holding exactly the plotted numbers, formatted with the caller's [`Fmt`], for a table beside
//! the chart or behind a disclosure. All text reaches the SVG XML-escaped (plotters escapes
//! `<`, `>`, `&`, `"`, `'` in text and attributes; the root element written here is escaped by
//! [`svg::escape_xml`]). Shapes use presentation attributes (`fill`, `stroke`, `opacity`) only:
//! no `style` attribute, no script, no external reference, so a Content-Security-Policy without
//! `'unsafe-inline'` styles displays them.
//!
//! Missing values (`None`), NaN and infinities are not drawn and show as "—" in the table. A
//! chart with nothing to draw is a valid SVG that says so (in Chinese when the title contains
//! CJK characters, else in English).

mod cartesian;
mod heatmap;
mod scale;
mod svg;

/// A rendered chart: inline SVG plus the data table shown beside it / behind a disclosure.
#[derive(Clone, Debug, PartialEq)]
pub struct Chart {
    pub id: String,
    pub title: String,
    pub svg: String,
    pub table: DataTable,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct DataTable {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// Formats a value for tick labels and table cells (the caller localises: 万元, %, thousands separators).
pub type Fmt<'a> = &'a dyn Fn(f64) -> String;

/// Table cell for a value that is missing, NaN or infinite.
pub const MISSING_CELL: &str = "—";

#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    pub name: String,
    /// One value per category; `None` = gap (no data that month). NaN/inf count as missing.
    pub values: Vec<Option<f64>>,
}

/// Trend lines over categories (months). The value axis always includes zero.
#[derive(Clone, Debug, PartialEq)]
pub struct LineChart {
    pub id: String,
    pub title: String,
    pub x_label: String,
    pub y_label: String,
    pub categories: Vec<String>,
    pub series: Vec<Series>,
}

/// Bars over categories, grouped or stacked (negative parts stack downwards from zero).
/// `x_label` names the category axis and `y_label` the value axis, also when `horizontal`.
#[derive(Clone, Debug, PartialEq)]
pub struct BarChart {
    pub id: String,
    pub title: String,
    pub x_label: String,
    pub y_label: String,
    pub categories: Vec<String>,
    pub series: Vec<Series>,
    pub stacked: bool,
    pub horizontal: bool,
}

/// Lorenz curve: cumulative share of customers → cumulative share of contribution (0..=1, but
/// negative contribution can take the curve outside; the axes then widen). Points are drawn in
/// the order given; the line of equality is the diagonal from (0, 0) to (1, 1).
#[derive(Clone, Debug, PartialEq)]
pub struct LorenzChart {
    pub id: String,
    pub title: String,
    pub x_label: String,
    pub y_label: String,
    pub curve_label: String,
    pub equality_label: String,
    pub points: Vec<(f64, f64)>,
}

/// Histogram of `values` in `bins` equal-width bins from the minimum to the maximum
/// (`bins == 0`: Sturges' rule; at most 200). `y_label` names the count axis.
#[derive(Clone, Debug, PartialEq)]
pub struct HistogramChart {
    pub id: String,
    pub title: String,
    pub x_label: String,
    pub y_label: String,
    pub values: Vec<f64>,
    pub bins: usize,
}

/// A matrix of values, `cells[row][col]`; `x_label` names the columns, `y_label` the rows.
#[derive(Clone, Debug, PartialEq)]
pub struct HeatMap {
    pub id: String,
    pub title: String,
    pub x_label: String,
    pub y_label: String,
    pub rows: Vec<String>,
    pub cols: Vec<String>,
    pub cells: Vec<Vec<f64>>,
}

fn cell_text(v: Option<f64>, fmt: Fmt<'_>) -> String {
    match v.filter(|x| x.is_finite()) {
        Some(x) => fmt(x),
        None => MISSING_CELL.to_string(),
    }
}

/// Table of series over categories: first column the category, one column per series.
fn category_table(x_label: &str, categories: &[String], series: &[Series], fmt: Fmt<'_>) -> DataTable {
    let mut headers = vec![x_label.to_string()];
    headers.extend(series.iter().map(|s| s.name.clone()));
    let rows = categories
        .iter()
        .enumerate()
        .map(|(i, cat)| {
            let mut row = vec![cat.clone()];
            row.extend(series.iter().map(|s| cell_text(cartesian::value_at(&s.values, i), fmt)));
            row
        })
        .collect();
    DataTable { headers, rows }
}

/// Trend lines over all months.
pub fn line(c: &LineChart, y: Fmt<'_>) -> Chart {
    Chart {
        id: c.id.clone(),
        title: c.title.clone(),
        svg: cartesian::line_svg(c, y),
        table: category_table(&c.x_label, &c.categories, &c.series, y),
    }
}

/// Grouped or stacked bars, vertical or horizontal.
pub fn bar(c: &BarChart, y: Fmt<'_>) -> Chart {
    Chart {
        id: c.id.clone(),
        title: c.title.clone(),
        svg: cartesian::bar_svg(c, y),
        table: category_table(&c.x_label, &c.categories, &c.series, y),
    }
}

/// Lorenz curve with the line of equality; `pct` formats both axes' shares.
pub fn lorenz(c: &LorenzChart, pct: Fmt<'_>) -> Chart {
    let table = DataTable {
        headers: vec![c.x_label.clone(), c.curve_label.clone()],
        rows: c.points.iter().map(|&(a, b)| vec![cell_text(Some(a), pct), cell_text(Some(b), pct)]).collect(),
    };
    Chart { id: c.id.clone(), title: c.title.clone(), svg: cartesian::lorenz_svg(c, pct), table }
}

/// Histogram; `x` formats bin edges (table rows read "lower – upper"), counts are whole numbers
/// with thousands separators.
pub fn histogram(c: &HistogramChart, x: Fmt<'_>) -> Chart {
    let bins = scale::bin(&c.values, c.bins);
    let headers = vec![c.x_label.clone(), c.y_label.clone()];
    let (svg, rows) = match &bins {
        None => (svg::empty_svg(&c.title, svg::no_data_message(&c.title)), Vec::new()),
        Some(b) => {
            let rows = b
                .counts
                .iter()
                .enumerate()
                .map(|(i, n)| {
                    vec![format!("{} – {}", x(b.edges[i]), x(b.edges[i + 1])), cartesian::count_label(*n as f64)]
                })
                .collect();
            (cartesian::histogram_svg(c, b, x), rows)
        }
    };
    Chart { id: c.id.clone(), title: c.title.clone(), svg, table: DataTable { headers, rows } }
}

/// Heat map with the value in each cell; `v` formats cells, the colour key and the table.
/// The table's first column is the row label, then one column per column label (header cell
/// is "y_label \ x_label").
pub fn heatmap(c: &HeatMap, v: Fmt<'_>) -> Chart {
    let mut headers = vec![format!("{} \\ {}", c.y_label, c.x_label)];
    headers.extend(c.cols.iter().cloned());
    let rows = c
        .rows
        .iter()
        .enumerate()
        .map(|(r, name)| {
            let mut row = vec![name.clone()];
            row.extend((0..c.cols.len()).map(|k| cell_text(heatmap::cell(c, r, k), v)));
            row
        })
        .collect();
    Chart {
        id: c.id.clone(),
        title: c.title.clone(),
        svg: heatmap::heatmap_svg(c, v),
        table: DataTable { headers, rows },
    }
}

#[cfg(test)]
mod tests;
