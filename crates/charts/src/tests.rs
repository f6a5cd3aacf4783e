//! Tests of the chart functions: data tables, safe and well-formed SVG, escaping, empty and
//! degenerate inputs, determinism, and snapshots of each chart kind.

use super::*;

fn num(v: f64) -> String {
    format!("{v:.1}")
}
fn pct(v: f64) -> String {
    format!("{:.0}%", v * 100.0)
}
fn count(v: f64) -> String {
    format!("{v:.0}")
}
fn s(x: &str) -> String {
    x.to_string()
}
fn strings(xs: &[&str]) -> Vec<String> {
    xs.iter().map(|x| x.to_string()).collect()
}

fn deposits_zh() -> LineChart {
    LineChart {
        id: s("deposit-trend"),
        title: s("存款日均趋势"),
        x_label: s("月份"),
        y_label: s("存款日均 (万元)"),
        categories: strings(&["2024-01", "2024-02", "2024-03", "2024-04", "2024-05", "2024-06"]),
        series: vec![
            Series {
                name: s("城东支行"),
                values: vec![Some(120.0), Some(135.5), None, Some(150.0), Some(149.0), Some(160.0)],
            },
            Series {
                name: s("城西支行"),
                values: vec![Some(80.0), Some(-12.5), Some(95.0), Some(f64::NAN), Some(101.0), None],
            },
        ],
    }
}

fn contribution_bars(stacked: bool, horizontal: bool) -> BarChart {
    BarChart {
        id: s("contribution"),
        title: s("Contribution by branch"),
        x_label: s("Branch"),
        y_label: s("Contribution (10k CNY)"),
        categories: strings(&["B001 Downtown", "B002 Harbour", "B003 Airport"]),
        series: vec![
            Series { name: s("Deposits"), values: vec![Some(40.0), Some(25.0), Some(10.0)] },
            Series { name: s("Loans"), values: vec![Some(30.0), Some(-15.0), Some(5.0)] },
        ],
        stacked,
        horizontal,
    }
}

fn lorenz_fixture() -> LorenzChart {
    LorenzChart {
        id: s("lorenz"),
        title: s("Concentration of contribution"),
        x_label: s("Cumulative share of customers"),
        y_label: s("Cumulative share of contribution"),
        curve_label: s("Lorenz curve"),
        equality_label: s("Line of equality"),
        points: vec![(0.0, 0.0), (0.2, 0.02), (0.5, 0.15), (0.8, 0.45), (0.9, 0.65), (1.0, 1.0)],
    }
}

fn histogram_fixture() -> HistogramChart {
    HistogramChart {
        id: s("churn-hist"),
        title: s("Churn points"),
        x_label: s("Churn points"),
        y_label: s("Customers"),
        values: vec![0.0, 1.0, 2.5, 4.9, 5.0, 9.99, 10.0],
        bins: 4,
    }
}

fn migration_zh() -> HeatMap {
    HeatMap {
        id: s("tier-migration"),
        title: s("客户分层迁移"),
        x_label: s("本月分层"),
        y_label: s("上月分层"),
        rows: strings(&["A 类", "B 类", "C 类"]),
        cols: strings(&["A 类", "B 类", "C 类"]),
        cells: vec![vec![120.0, 8.0, 1.0], vec![6.0, 430.0, 25.0], vec![0.0, 31.0, 1380.0]],
    }
}

/// Parses as XML, has the scalable accessible root, and nothing active or external.
fn assert_safe_svg(svg: &str, title: &str) {
    let doc = roxmltree::Document::parse(svg).expect("well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert!(root.attribute("viewBox").is_some());
    assert_eq!(root.attribute("width"), None);
    assert_eq!(root.attribute("height"), None);
    assert_eq!(root.attribute("role"), Some("img"));
    assert_eq!(root.attribute("aria-label"), Some(title));
    let first = root.children().find(|n| n.is_element()).expect("title element");
    assert_eq!(first.tag_name().name(), "title");
    assert_eq!(first.text(), Some(title));
    for node in doc.descendants().filter(|n| n.is_element()) {
        let name = node.tag_name().name();
        assert!(!matches!(name, "script" | "image" | "use" | "a" | "foreignObject" | "style"), "element {name}");
        if let Some(size) = node.attribute("font-size") {
            // Whole or half pixels only: no float noise such as 13.000000000000002.
            let v: f64 = size.parse().expect("numeric font-size");
            assert_eq!((v * 2.0).fract(), 0.0, "font-size {size}");
        }
        for a in node.attributes() {
            let key = a.name().to_ascii_lowercase();
            assert!(!key.starts_with("on"), "event handler {key}");
            assert!(key != "style" && key != "href", "attribute {key}");
        }
    }
    assert!(!svg.contains("http://") || svg.matches("http://").count() == 1, "only the xmlns URI");
}

/// Text content of every `<text>` element, trimmed.
fn texts(svg: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(svg).expect("well-formed XML");
    doc.descendants().filter(|n| n.has_tag_name("text")).map(|n| n.text().unwrap_or("").trim().to_string()).collect()
}

#[test]
fn line_chart_table_and_svg() {
    let c = deposits_zh();
    let chart = line(&c, &num);
    assert_eq!(chart.id, "deposit-trend");
    assert_eq!(chart.table.headers, strings(&["月份", "城东支行", "城西支行"]));
    assert_eq!(chart.table.rows[1], strings(&["2024-02", "135.5", "-12.5"]));
    // None and NaN are missing, shown as "—".
    assert_eq!(chart.table.rows[2], strings(&["2024-03", "—", "95.0"]));
    assert_eq!(chart.table.rows[3], strings(&["2024-04", "150.0", "—"]));
    assert_safe_svg(&chart.svg, "存款日均趋势");
    let t = texts(&chart.svg);
    for want in ["存款日均趋势", "月份", "存款日均 (万元)", "城东支行", "城西支行", "2024-01", "2024-06"]
    {
        assert!(t.iter().any(|x| x == want), "missing text {want}: {t:?}");
    }
    // Range -12.5..160 → ticks -50..200 by 50 (raw 34.5 → 50): negative tick and zero line.
    assert!(t.iter().any(|x| x == "-50.0"), "{t:?}");
    assert!(t.iter().any(|x| x == "200.0"), "{t:?}");
    // Series 1 has a gap at 2024-03: its line is split in two polylines (plus legend swatches).
    let blue = chart.svg.matches("<polyline fill=\"none\" opacity=\"1\" stroke=\"#0072B2\" stroke-width=\"2\"").count();
    assert_eq!(blue, 1 + 2, "legend swatch + two runs");
}

#[test]
fn single_series_has_no_legend() {
    let mut c = deposits_zh();
    c.series.truncate(1);
    let chart = line(&c, &num);
    assert!(!texts(&chart.svg).iter().any(|x| x == "城东支行"));
    let chart = line(&deposits_zh(), &num);
    assert!(texts(&chart.svg).iter().any(|x| x == "城东支行"));
}

#[test]
fn bars_with_negative_values_put_zero_inside_the_axis() {
    for (stacked, horizontal) in [(false, false), (true, false), (false, true), (true, true)] {
        let chart = bar(&contribution_bars(stacked, horizontal), &num);
        assert_safe_svg(&chart.svg, "Contribution by branch");
        let t = texts(&chart.svg);
        assert!(t.iter().any(|x| x == "0.0"), "zero tick for {stacked} {horizontal}: {t:?}");
        assert!(t.iter().any(|x| x.starts_with('-')), "negative tick for {stacked} {horizontal}: {t:?}");
        assert_eq!(chart.table.rows[1], strings(&["B002 Harbour", "25.0", "-15.0"]));
    }
}

#[test]
fn stacked_segments_split_positive_and_negative() {
    let c = contribution_bars(true, false);
    // Category 1: deposits 25 stacks up from 0, loans -15 down from 0.
    assert_eq!(cartesian_segments(&c, 1), vec![(0, 0.0, 25.0), (1, 0.0, -15.0)]);
    // Category 0: 40 then 30 on top of it.
    assert_eq!(cartesian_segments(&c, 0), vec![(0, 0.0, 40.0), (1, 40.0, 70.0)]);
    let g = contribution_bars(false, false);
    assert_eq!(cartesian_segments(&g, 0), vec![(0, 0.0, 40.0), (1, 0.0, 30.0)]);
}

fn cartesian_segments(c: &BarChart, i: usize) -> Vec<(usize, f64, f64)> {
    cartesian::bar_segments(c, i)
}

#[test]
fn histogram_table_uses_hand_computed_bins() {
    let chart = histogram(&histogram_fixture(), &num);
    // Bins of width 2.5 over 0..10: {0,1}, {2.5,4.9}, {5}, {9.99,10}.
    assert_eq!(chart.table.headers, strings(&["Churn points", "Customers"]));
    assert_eq!(
        chart.table.rows,
        vec![
            strings(&["0.0 – 2.5", "2"]),
            strings(&["2.5 – 5.0", "2"]),
            strings(&["5.0 – 7.5", "1"]),
            strings(&["7.5 – 10.0", "2"]),
        ]
    );
    assert_safe_svg(&chart.svg, "Churn points");
    // Count axis: max 2 → ticks 0, 1, 2.
    let t = texts(&chart.svg);
    assert!(t.iter().any(|x| x == "2") && !t.iter().any(|x| x == "0.5"), "{t:?}");
}

#[test]
fn count_labels_group_thousands() {
    assert_eq!(cartesian::count_label(0.0), "0");
    assert_eq!(cartesian::count_label(999.0), "999");
    assert_eq!(cartesian::count_label(1234.0), "1,234");
    assert_eq!(cartesian::count_label(1234567.0), "1,234,567");
}

#[test]
fn lorenz_table_and_legend() {
    let chart = lorenz(&lorenz_fixture(), &pct);
    assert_eq!(chart.table.headers, strings(&["Cumulative share of customers", "Lorenz curve"]));
    assert_eq!(chart.table.rows[2], strings(&["50%", "15%"]));
    assert_eq!(chart.table.rows.len(), 6);
    assert_safe_svg(&chart.svg, "Concentration of contribution");
    let t = texts(&chart.svg);
    for want in ["Lorenz curve", "Line of equality", "0%", "100%"] {
        assert!(t.iter().any(|x| x == want), "missing {want}: {t:?}");
    }
}

#[test]
fn lorenz_with_negative_contribution_widens_the_axis() {
    let mut c = lorenz_fixture();
    c.points = vec![(0.0, 0.0), (0.3, -0.1), (0.7, 0.3), (1.0, 1.0)];
    let t = texts(&lorenz(&c, &pct).svg);
    // y range -0.1..1 → ticks by 25 %: -25 % … 100 %.
    assert!(t.iter().any(|x| x == "-25%"), "{t:?}");
}

#[test]
fn heatmap_table_and_cells() {
    let chart = heatmap(&migration_zh(), &count);
    assert_eq!(chart.table.headers, strings(&["上月分层 \\ 本月分层", "A 类", "B 类", "C 类"]));
    assert_eq!(chart.table.rows[1], strings(&["B 类", "6", "430", "25"]));
    assert_safe_svg(&chart.svg, "客户分层迁移");
    let t = texts(&chart.svg);
    for want in ["120", "1380", "430", "本月分层", "上月分层", "A 类"] {
        assert!(t.iter().any(|x| x == want), "missing {want}: {t:?}");
    }
    // Darkest shade for the maximum, lightest for zero.
    assert_eq!(heatmap::shade(0.0), plotters::style::RGBColor(239, 243, 255));
    assert_eq!(heatmap::shade(1.0), plotters::style::RGBColor(8, 69, 148));
    assert_eq!(heatmap::shade(f64::NAN), heatmap::shade(0.0));
}

#[test]
fn heatmap_ragged_and_non_finite_cells_are_missing() {
    let mut m = migration_zh();
    m.cells = vec![vec![1.0, f64::INFINITY], vec![2.0]];
    let chart = heatmap(&m, &count);
    assert_eq!(chart.table.rows[0], strings(&["A 类", "1", "—", "—"]));
    assert_eq!(chart.table.rows[2], strings(&["C 类", "—", "—", "—"]));
    assert_safe_svg(&chart.svg, "客户分层迁移");
}

const EVIL: [&str; 3] = ["<script>alert(1)</script>", "\"><svg onload=alert(1)>", "a & b ' c"];

#[test]
fn data_text_is_escaped() {
    let evil = strings(&EVIL);
    let series: Vec<Series> =
        evil.iter().map(|n| Series { name: n.clone(), values: vec![Some(1.0), Some(2.0), Some(3.0)] }).collect();
    let lc = LineChart {
        id: s("x"),
        title: EVIL[1].to_string(),
        x_label: EVIL[0].to_string(),
        y_label: EVIL[1].to_string(),
        categories: evil.clone(),
        series: series.clone(),
    };
    let bc = BarChart {
        id: s("x"),
        title: EVIL[0].to_string(),
        x_label: EVIL[1].to_string(),
        y_label: EVIL[0].to_string(),
        categories: evil.clone(),
        series: series.clone(),
        stacked: false,
        horizontal: true,
    };
    let hm = HeatMap {
        id: s("x"),
        title: EVIL[0].to_string(),
        x_label: EVIL[1].to_string(),
        y_label: EVIL[0].to_string(),
        rows: evil.clone(),
        cols: evil.clone(),
        cells: vec![vec![1.0; 3]; 3],
    };
    let lz = LorenzChart {
        id: s("x"),
        title: EVIL[1].to_string(),
        x_label: EVIL[0].to_string(),
        y_label: EVIL[1].to_string(),
        curve_label: EVIL[0].to_string(),
        equality_label: EVIL[1].to_string(),
        points: vec![(0.0, 0.0), (1.0, 1.0)],
    };
    let evil_fmt = |_: f64| EVIL[0].to_string();
    let charts = [
        line(&lc, &num),
        bar(&bc, &num),
        heatmap(&hm, &num),
        lorenz(&lz, &pct),
        line(&lc, &evil_fmt),
        histogram(&histogram_fixture(), &evil_fmt),
        line(&LineChart { categories: vec![], ..lc.clone() }, &num),
    ];
    for chart in &charts {
        let svg = &chart.svg;
        assert!(!svg.contains("<script"), "{svg}");
        assert!(!svg.contains("<svg onload"), "{svg}");
        assert_eq!(svg.matches("<svg").count(), 1, "one root element only");
        // "onload" only ever appears inside escaped text.
        assert!(!svg.replace("&lt;svg onload", "").contains("onload"), "{svg}");
        assert!(svg.contains("&lt;script&gt;") || svg.contains("&quot;&gt;&lt;svg onload"), "escaped text present");
        assert_safe_svg(svg, &chart.title);
    }
    // Legend and category text arrive intact once parsed (escaped, not mangled).
    let t = texts(&charts[0].svg);
    assert!(t.iter().any(|x| x == EVIL[2]), "{t:?}");
    // The table keeps raw strings: escaping HTML is the page template's job.
    assert_eq!(charts[0].table.rows[0][0], EVIL[0]);
}

#[test]
fn control_characters_in_data_keep_the_svg_well_formed() {
    let odd = "A\u{1}B\u{7}\u{FFFF}\tC";
    let mut c = contribution_bars(false, false);
    c.title = odd.to_string();
    c.categories[0] = odd.to_string();
    c.series[0].name = odd.to_string();
    let weird = |_: f64| "1\u{0}".to_string();
    for chart in [bar(&c, &num), bar(&c, &weird), line(&deposits_zh(), &weird), histogram(&histogram_fixture(), &weird)]
    {
        let doc = roxmltree::Document::parse(&chart.svg).expect("well-formed XML");
        assert_eq!(doc.root_element().tag_name().name(), "svg");
    }
    let chart = bar(&c, &num);
    assert!(texts(&chart.svg).iter().any(|x| x == "A B   C"), "{:?}", texts(&chart.svg));
    assert_eq!(chart.table.rows[0][0], odd, "the table keeps the raw string");
    let mut m = migration_zh();
    m.cols[0] = odd.to_string();
    m.rows[0] = odd.to_string();
    assert!(roxmltree::Document::parse(&heatmap(&m, &weird).svg).is_ok());
}

#[test]
fn empty_inputs_render_a_no_data_chart() {
    let mut lc = deposits_zh();
    lc.categories.clear();
    let mut all_missing = deposits_zh();
    for s in &mut all_missing.series {
        s.values = vec![None, Some(f64::NAN), Some(f64::INFINITY), None, None, None];
    }
    let mut no_series = contribution_bars(true, true);
    no_series.series.clear();
    let mut bc = contribution_bars(true, false);
    bc.series.iter_mut().for_each(|s| s.values = vec![None; 3]);
    let mut hist = histogram_fixture();
    hist.values = vec![f64::NAN];
    let mut lz = lorenz_fixture();
    lz.points.clear();
    let mut hm = migration_zh();
    hm.cells.clear();
    let mut no_cols = migration_zh();
    no_cols.cols.clear();
    let cases = [
        (line(&lc, &num), "暂无可绘制的数据"),
        (line(&all_missing, &num), "暂无可绘制的数据"),
        (bar(&no_series, &num), "No data to draw"),
        (bar(&bc, &num), "No data to draw"),
        (histogram(&hist, &num), "No data to draw"),
        (lorenz(&lz, &pct), "No data to draw"),
        (heatmap(&hm, &count), "暂无可绘制的数据"),
        (heatmap(&no_cols, &count), "暂无可绘制的数据"),
    ];
    for (chart, message) in &cases {
        assert_safe_svg(&chart.svg, &chart.title);
        let t = texts(&chart.svg);
        assert!(t.iter().any(|x| x == message), "{t:?}");
        assert!(t.iter().any(|x| x == &chart.title), "{t:?}");
    }
    assert_eq!(cases[1].0.table.rows[0], strings(&["2024-01", "—", "—"]));
    assert!(cases[4].0.table.rows.is_empty());
}

#[test]
fn single_value_and_single_category_inputs() {
    let mut hist = histogram_fixture();
    hist.values = vec![7.0];
    let chart = histogram(&hist, &num);
    assert_eq!(chart.table.rows, vec![strings(&["6.5 – 7.5", "1"])]);
    assert_safe_svg(&chart.svg, "Churn points");
    let mut lc = deposits_zh();
    lc.categories.truncate(1);
    let chart = line(&lc, &num);
    // A single point per series is drawn as a dot.
    assert!(chart.svg.contains("<circle"), "{}", chart.svg);
    let mut zero = contribution_bars(false, false);
    zero.series.iter_mut().for_each(|s| s.values = vec![Some(0.0); 3]);
    assert_safe_svg(&bar(&zero, &num).svg, "Contribution by branch");
}

#[test]
fn long_labels_are_cut_in_the_svg_but_whole_in_the_table() {
    let long = "中国工商银行股份有限公司北京市分行营业部第一支行客户经理团队";
    let mut c = contribution_bars(false, false);
    c.categories[0] = long.to_string();
    let chart = bar(&c, &num);
    assert_eq!(chart.table.rows[0][0], long);
    let t = texts(&chart.svg);
    assert!(!t.iter().any(|x| x == long));
    assert!(t.iter().any(|x| x.ends_with('…') && long.starts_with(x.trim_end_matches('…'))), "{t:?}");
}

#[test]
fn rendering_is_deterministic() {
    let a = [
        line(&deposits_zh(), &num),
        bar(&contribution_bars(true, true), &num),
        lorenz(&lorenz_fixture(), &pct),
        histogram(&histogram_fixture(), &num),
        heatmap(&migration_zh(), &count),
    ];
    let b = [
        line(&deposits_zh(), &num),
        bar(&contribution_bars(true, true), &num),
        lorenz(&lorenz_fixture(), &pct),
        histogram(&histogram_fixture(), &num),
        heatmap(&migration_zh(), &count),
    ];
    assert_eq!(a, b);
}

#[test]
fn snapshot_line_zh() {
    insta::assert_snapshot!(line(&deposits_zh(), &num).svg);
}

#[test]
fn snapshot_bar_grouped_vertical() {
    insta::assert_snapshot!(bar(&contribution_bars(false, false), &num).svg);
}

#[test]
fn snapshot_bar_stacked_horizontal() {
    insta::assert_snapshot!(bar(&contribution_bars(true, true), &num).svg);
}

#[test]
fn snapshot_lorenz() {
    insta::assert_snapshot!(lorenz(&lorenz_fixture(), &pct).svg);
}

#[test]
fn snapshot_histogram() {
    insta::assert_snapshot!(histogram(&histogram_fixture(), &num).svg);
}

#[test]
fn snapshot_heatmap_zh() {
    insta::assert_snapshot!(heatmap(&migration_zh(), &count).svg);
}

#[test]
fn snapshot_empty() {
    let mut c = deposits_zh();
    c.categories.clear();
    insta::assert_snapshot!(line(&c, &num).svg);
}
