use super::*;

fn err(text: &str) -> ConfigError {
    match parse(text) {
        Ok(c) => panic!("expected an error for {text:?}, got {c:?}"),
        Err(e) => e,
    }
}

/// Dotted paths of every leaf of a serialized table.
fn leaf_paths(table: &toml::Table, prefix: &str, out: &mut Vec<String>) {
    for (k, v) in table {
        let path = if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") };
        match v {
            toml::Value::Table(sub) => leaf_paths(sub, &path, out),
            _ => out.push(path),
        }
    }
}

fn lookup<'a>(table: &'a toml::Table, path: &str) -> Option<&'a toml::Value> {
    let mut parts = path.split('.');
    let mut value = table.get(parts.next()?)?;
    for part in parts {
        value = value.as_table()?.get(part)?;
    }
    Some(value)
}

#[test]
fn config_default_toml_parses_to_defaults() {
    assert_eq!(parse(DEFAULT_TOML), Ok(Config::default()));
}

#[test]
fn config_default_toml_sets_every_key() {
    let toml::Value::Table(defaults) = toml::Value::try_from(Config::default()).unwrap() else {
        panic!("defaults do not serialize to a table");
    };
    let template: toml::Table = toml::from_str(DEFAULT_TOML).unwrap();
    let mut paths = Vec::new();
    leaf_paths(&defaults, "", &mut paths);
    assert!(paths.len() > 60, "{paths:?}");
    for path in &paths {
        let written = lookup(&template, path);
        assert!(written.is_some(), "{path} is missing from config/default.toml");
        // Same type as the default: decimals written as decimals, counts as integers.
        let default = lookup(&defaults, path).unwrap();
        assert_eq!(written.unwrap().type_str(), default.type_str(), "{path}");
    }
    let mut written = Vec::new();
    leaf_paths(&template, "", &mut written);
    assert_eq!(written.len(), paths.len());
}

#[test]
fn config_default_toml_sections_in_field_order() {
    let sections = [
        "[report]",
        "[contribution]",
        "[contribution.credit_cost_rate]",
        "[tiers]",
        "[pareto]",
        "[churn]",
        "[risk]",
        "[provision]",
        "[performance]",
        "[cross_sell]",
        "[data_quality]",
    ];
    let positions: Vec<usize> = sections
        .iter()
        .map(|s| DEFAULT_TOML.lines().position(|l| l.trim() == *s).unwrap_or_else(|| panic!("{s} missing")))
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{positions:?}");
}

#[test]
fn config_defaults_are_valid_and_documented_values() {
    let c = Config::default();
    assert_eq!(c.validate(), Ok(()));
    assert_eq!(c.report.lang, Lang::En);
    assert!(c.report.mask);
    assert_eq!(c.report.unit, Unit::Yuan);
    assert_eq!(c.contribution.credit_cost_rate.loss, 0.30);
    assert_eq!(c.provision.loss, 1.00);
    assert_eq!(c.churn.level_red, 70);
    assert_eq!(c.performance.weight_new_customers, 0.15);
    assert_eq!(c.data_quality.max_bad_row_ratio, 0.01);
}

#[test]
fn config_serialization_round_trips() {
    let mut c = Config::default();
    c.report.lang = Lang::ZhCn;
    c.report.unit = Unit::Wan;
    let text = toml::to_string(&c).unwrap();
    assert!(text.contains("lang = \"zh-CN\""), "{text}");
    assert!(text.contains("unit = \"wan\""), "{text}");
    assert_eq!(parse(&text), Ok(c.clone()));
    let json = serde_json::to_value(&c).unwrap();
    assert_eq!(json["report"]["lang"], "zh-CN");
    assert_eq!(json["churn"]["cap"], 100);
}

#[test]
fn config_empty_text_is_defaults() {
    assert_eq!(parse(""), Ok(Config::default()));
    assert_eq!(parse("\u{feff}# nothing\n\n"), Ok(Config::default()));
}

#[test]
fn config_partial_file_overrides_only_given_keys() {
    let text = "[report]\nlang = \"zh-CN\"\n\n[contribution.credit_cost_rate]\nspecial = 0.05\n\n\
                [churn]\nlevel_red = 80\n";
    let c = parse(text).unwrap();
    let mut want = Config::default();
    want.report.lang = Lang::ZhCn;
    want.contribution.credit_cost_rate.special = 0.05;
    want.churn.level_red = 80;
    assert_eq!(c, want);
    // An integer is accepted for a decimal key.
    let c = parse("[contribution]\ncost_per_customer_corporate = 150\n").unwrap();
    assert_eq!(c.contribution.cost_per_customer_corporate, 150.0);
    assert_eq!(c.contribution.cost_per_customer_retail, 5.0);
    // Dotted keys and inline tables work too.
    let c = parse("tiers.vip_share = 0.1\nprovision = { loss = 0.9 }\n").unwrap();
    assert_eq!(c.tiers.vip_share, 0.1);
    assert_eq!(c.provision.loss, 0.9);
    assert_eq!(c.provision.normal, 0.01);
}

#[test]
fn config_unknown_key_names_path_and_suggests() {
    let e = err("[report]\nmask = false\n\n[tiers]\nvip_shar = 0.1\n");
    assert_eq!(e.key(), Some("tiers.vip_shar"));
    assert_eq!(e.line(), Some(5));
    let ConfigError::UnknownKey { suggestion, value, .. } = &e else { panic!("{e:?}") };
    assert_eq!(suggestion.as_deref(), Some("tiers.vip_share"));
    assert_eq!(value, "0.1");
    let msg = e.message(Lang::En);
    assert!(msg.contains("tiers.vip_shar") && msg.contains("did you mean tiers.vip_share"), "{msg}");
    assert!(e.message(Lang::ZhCn).contains("tiers.vip_share"), "{}", e.message(Lang::ZhCn));

    // A misspelt section.
    let e = err("\n[tier]\nvip_share = 0.1\n");
    assert_eq!(e.key(), Some("tier"));
    assert_eq!(e.line(), Some(2));
    let ConfigError::UnknownKey { suggestion, .. } = &e else { panic!("{e:?}") };
    assert_eq!(suggestion.as_deref(), Some("tiers"));

    // A nested table.
    let e = err("[contribution.credit_cost_rate]\nnormall = 0.02\n");
    assert_eq!(e.key(), Some("contribution.credit_cost_rate.normall"));
    assert_eq!(e.line(), Some(2));
    let ConfigError::UnknownKey { suggestion, .. } = &e else { panic!("{e:?}") };
    assert_eq!(suggestion.as_deref(), Some("contribution.credit_cost_rate.normal"));

    // A key in the wrong section: suggested where it belongs.
    let e = err("lang = \"zh-CN\"\n");
    let ConfigError::UnknownKey { key, suggestion, .. } = &e else { panic!("{e:?}") };
    assert_eq!(key, "lang");
    assert_eq!(suggestion.as_deref(), Some("report.lang"));

    // Far from anything: no suggestion.
    let e = err("[churn]\ncompletely_unrelated = 1\n");
    let ConfigError::UnknownKey { suggestion, .. } = &e else { panic!("{e:?}") };
    assert_eq!(suggestion, &None);
    assert!(!e.message(Lang::En).contains("did you mean"));
}

#[test]
fn config_out_of_range_names_key_value_and_line() {
    let e = err("# churn\n[churn]\nlevel_yellow = 30\nlevel_red = 150\n");
    assert_eq!(e.key(), Some("churn.level_red"));
    assert_eq!(e.value(), Some("150"));
    assert_eq!(e.line(), Some(4));
    let msg = e.message(Lang::En);
    assert!(msg.contains("churn.level_red") && msg.contains("150") && msg.contains("line 4"), "{msg}");
    assert!(msg.contains("churn.cap (100)"), "{msg}");

    let e = err("[tiers]\n\nkey_share = 1.5\n");
    assert_eq!(e.key(), Some("tiers.key_share"));
    assert_eq!(e.line(), Some(3));
    assert_eq!(e.value(), Some("1.5"));
    assert!(e.message(Lang::En).contains("allowed range is 0 to 1"), "{}", e.message(Lang::En));

    let e = err("[tiers]\nwindow = 0\n");
    assert!(e.message(Lang::En).contains("1 to 12"), "{}", e.message(Lang::En));

    // Not finite.
    let e = err("[contribution]\ncost_per_txn = nan\n");
    assert_eq!(e.key(), Some("contribution.cost_per_txn"));
    assert_eq!(e.value(), Some("nan"));
}

#[test]
fn config_relations_between_keys() {
    // Blamed on the key that is written in the file.
    let e = err("[tiers]\nvip_share = 0.5\n");
    assert_eq!(e.key(), Some("tiers.vip_share"));
    assert!(e.message(Lang::En).contains("tiers.key_share (0.2)"), "{}", e.message(Lang::En));
    let e = err("[tiers]\nkey_share = 0.01\n");
    assert_eq!(e.key(), Some("tiers.key_share"));
    assert_eq!(e.line(), Some(2));
    assert!(matches!(&e, ConfigError::OutOfRange { constraint: Constraint::AtLeastKey { .. }, .. }));

    let e = err("[churn]\nlevel_orange = 20\n");
    assert_eq!(e.key(), Some("churn.level_orange"));
    assert!(e.message(Lang::En).contains("greater than churn.level_yellow (30)"), "{}", e.message(Lang::En));
    assert!(parse("[churn]\nfunds_drop_1 = 0.6\n").is_err());
    assert!(parse("[churn]\nno_contact_days_2 = 90\n").is_err());
    assert!(parse("[churn]\ncomplaints_1 = 4\n").is_err());
    assert!(parse("[churn]\ncomplaints_1 = 3\n").is_ok());
    assert!(parse("[churn]\nlevel_red = 100\n").is_ok());
    assert!(parse("[churn]\ncap = 60\n").is_err());

    let e = err("[performance]\nweight_deposit = 0\nweight_loan = 0\nweight_fee = 0\n\
                 weight_new_customers = 0\n");
    assert_eq!(e.key(), Some("performance"));
    assert_eq!(e.line(), Some(1));
    assert!(e.message(Lang::En).contains("performance.weight_fee"), "{}", e.message(Lang::En));
    assert!(parse("[performance]\nweight_deposit = 0\n").is_ok());
    assert!(parse("[performance]\nweight_loan = -0.1\n").is_err());
    assert!(parse("[performance]\ncompletion_cap = 0.9\n").is_err());

    // validate() on a struct built in code.
    let mut c = Config::default();
    c.churn.level_yellow = 60;
    let e = c.validate().unwrap_err();
    assert_eq!(e.key(), Some("churn.level_yellow"));
    assert_eq!(e.line(), None);
}

#[test]
fn config_wrong_type_names_key() {
    let e = err("[churn]\nlevel_red = \"high\"\n");
    assert_eq!(e.key(), Some("churn.level_red"));
    assert_eq!(e.line(), Some(2));
    assert_eq!(e.value(), Some("\"high\""));
    assert!(matches!(&e, ConfigError::InvalidValue { expected: Expected::WholeNumber, .. }));
    assert!(e.message(Lang::En).contains("churn.level_red"), "{}", e.message(Lang::En));

    let e = err("[churn]\nlevel_red = 70.5\n");
    assert_eq!(e.key(), Some("churn.level_red"));
    let e = err("[churn]\nlevel_red = -1\n");
    assert_eq!(e.key(), Some("churn.level_red"));

    let e = err("[report]\nmask = \"yes\"\n");
    assert!(matches!(&e, ConfigError::InvalidValue { expected: Expected::Bool, .. }));

    let e = err("[report]\nlang = \"fr\"\n");
    assert_eq!(e.key(), Some("report.lang"));
    assert!(e.message(Lang::En).contains("\"zh-CN\""), "{}", e.message(Lang::En));

    let e = err("[contribution]\ndeposit_spread = \"1.5%\"\n");
    assert_eq!(e.key(), Some("contribution.deposit_spread"));
    assert!(matches!(&e, ConfigError::InvalidValue { expected: Expected::Number, .. }));

    let e = err("tiers = 3\n");
    assert!(matches!(&e, ConfigError::InvalidValue { expected: Expected::Table, .. }));
    assert_eq!(e.key(), Some("tiers"));
}

#[test]
fn config_earliest_error_wins() {
    let e = err("[report]\nlang = \"xx\"\n[tiers]\nvip_shar = 1\n");
    assert_eq!(e.key(), Some("report.lang"));
    let e = err("[tiers]\nvip_shar = 1\n[report]\nlang = \"xx\"\n");
    assert_eq!(e.key(), Some("tiers.vip_shar"));
}

#[test]
fn config_syntax_error_has_line() {
    let e = err("[report]\nmask = true\nlang = \n");
    assert!(matches!(e, ConfigError::Toml { .. }));
    assert_eq!(e.line(), Some(3));
    assert_eq!(e.key(), None);
    assert!(!e.message(Lang::En).is_empty());
    assert!(e.message(Lang::ZhCn).contains("TOML"));
}

#[test]
fn config_chinese_message_names_key() {
    let e = err("[churn]\nlevel_red = 150\n");
    let zh = e.message(Lang::ZhCn);
    assert!(!zh.is_empty());
    assert!(zh.contains("churn.level_red") && zh.contains("150") && zh.contains("第 2 行"), "{zh}");
    assert!(zh.contains("超出范围"), "{zh}");
    assert_eq!(e.message(Lang::ZhCn), zh);
    assert_eq!(e.to_string(), e.message(Lang::En));

    let e = err("[tiers]\nvip_shar = 0.1\n");
    let zh = e.message(Lang::ZhCn);
    assert!(zh.contains("tiers.vip_shar") && zh.contains("未知"), "{zh}");

    let e = err("[report]\nunit = \"jiao\"\n");
    let zh = e.message(Lang::ZhCn);
    assert!(zh.contains("report.unit") && zh.contains("\"wan\""), "{zh}");
}

#[test]
fn config_edit_distance() {
    // The suggestions' distance: optimal string alignment in characters (strsim).
    use strsim::osa_distance as edit_distance;
    assert_eq!(edit_distance("vip_shar", "vip_share"), 1);
    assert_eq!(edit_distance("lagn", "lang"), 1);
    assert_eq!(edit_distance("", "abc"), 3);
    assert_eq!(edit_distance("kitten", "sitting"), 3);
}

/// The line of the key `path` in `text`, as [`parse`] reports it.
fn line_of_key(text: &str, path: &[String]) -> Option<usize> {
    let doc = toml_edit::ImDocument::parse(text).unwrap();
    KeyLines::new(text, &doc).line(path)
}

fn split_path(key: &str) -> Vec<String> {
    key.split('.').map(str::to_string).collect()
}

#[test]
fn config_key_lines() {
    let text = "# c\n[a]\nx = \"\"\"\ny = 1\n\"\"\"\nz = [\n  1,\n]\ny = 2\n[a.b]\nq = 1\n";
    let p = |s: &str| split_path(s);
    assert_eq!(line_of_key(text, &p("a.y")), Some(9));
    assert_eq!(line_of_key(text, &p("a.b.q")), Some(11));
    assert_eq!(line_of_key(text, &p("a.b")), Some(10));
    assert_eq!(line_of_key(text, &p("a.nope")), None);
    assert_eq!(line_of_key("\"a\" . b = 1\n", &p("a.b")), Some(1));
}

const CHURN_MODEL: &str = "[churn_model]\nhorizon = 3\nintercept = -2.5\nfeatures = [\"funds_drop\", \"corporate\"]\nweights = [3.0, -0.25]\n";

#[test]
fn config_churn_model_section_parses_and_round_trips() {
    let c = parse(CHURN_MODEL).unwrap();
    let m = c.churn_model.clone().unwrap();
    assert_eq!(m.features, vec!["funds_drop".to_string(), "corporate".to_string()]);
    assert_eq!(m.weights, vec![3.0, -0.25]);
    assert_eq!(c.credit_scorecard, None);
    let text = toml::to_string(&c).unwrap();
    assert_eq!(parse(&text), Ok(c));
    // Without the section nothing is written for it.
    assert!(!toml::to_string(&Config::default()).unwrap().contains("churn_model"));
}

#[test]
fn config_churn_model_unknown_feature_names_the_key() {
    let e = err(&CHURN_MODEL.replace("\"corporate\"", "\"corprate\""));
    assert_eq!(e.key(), Some("churn_model.features[1]"));
    assert_eq!(e.line(), Some(4));
    assert_eq!(e.value(), Some("\"corprate\""));
    assert!(e.message(Lang::En).contains("\"funds_drop\""), "{}", e.message(Lang::En));
    assert!(e.message(Lang::ZhCn).contains("churn_model.features[1]"), "{}", e.message(Lang::ZhCn));
    let e = err(&CHURN_MODEL.replace("[3.0, -0.25]", "[3.0]"));
    assert_eq!(e.key(), Some("churn_model.weights"));
    assert_eq!(
        e.message(Lang::En),
        "config key churn_model.weights = 1 values (line 5) is not valid: expected one weight per feature"
    );
    let e = err(&CHURN_MODEL.replace("horizon", "horizn"));
    assert_eq!(e.key(), Some("churn_model.horizn"));
    assert!(e.message(Lang::En).contains("did you mean churn_model.horizon?"), "{}", e.message(Lang::En));
}

#[test]
fn config_credit_scorecard_section_is_checked() {
    let text = "[credit_scorecard]\nbase_score = 600.0\nbase_odds = 50.0\npdo = 20.0\nintercept = -3.0\nbase_points = 573.7\n\n\
                [[credit_scorecard.features]]\nname = \"overdue_days\"\ncoefficient = -0.9\n\n\
                [[credit_scorecard.features.bins]]\nkind = \"range\"\nupper = 0.0\nwoe = 0.4\npoints = 10.4\n\n\
                [[credit_scorecard.features.bins]]\nkind = \"range\"\nwoe = -1.2\npoints = -31.2\n";
    let c = parse(text).unwrap();
    let sc = c.credit_scorecard.clone().unwrap();
    assert_eq!(sc.features[0].bins.len(), 2);
    assert_eq!(parse(&toml::to_string(&c).unwrap()), Ok(c));
    let e = err(&text.replace("overdue_days", "overdue"));
    assert_eq!(e.key(), Some("credit_scorecard.features[0].name"));
    let e = err(&text.replace("pdo = 20.0", "pdo = 0.0"));
    assert_eq!(e.key(), Some("credit_scorecard.pdo"));
    assert_eq!(e.line(), Some(4));
}

#[test]
fn config_value_maps_parse_and_default_to_nothing_serialized() {
    let text = "[values.kind]\n\"个人客户\" = \"retail\"\n\"单位客户\" = \"corporate\"\n\n[values.industry]\n\
                \"电子设备制造\" = \"C\"\n\n[values.products]\n\"101\" = \"deposit\"\n";
    let c = parse(text).unwrap();
    assert_eq!(c.values.kind.get("个人客户").map(String::as_str), Some("retail"));
    assert_eq!(c.values.industry.get("电子设备制造").map(String::as_str), Some("C"));
    assert_eq!(c.values.products.get("101").map(String::as_str), Some("deposit"));
    assert!(c.values.status.is_empty());
    // Round trip through TOML and JSON; the default has no `values` at all.
    assert_eq!(parse(&toml::to_string(&c).unwrap()), Ok(c.clone()));
    let json = serde_json::to_string(&c).unwrap();
    assert_eq!(serde_json::from_str::<Config>(&json).unwrap(), c);
    assert!(!serde_json::to_string(&Config::default()).unwrap().contains("values"));
    assert!(!toml::to_string(&Config::default()).unwrap().contains("values"));
    // Every target of every table, and empty tables.
    let all =
        "[values.loan_class]\n\"正常一级\" = \"normal\"\n\"损失级\" = \"loss\"\n[values.status]\n\"退休\" = \"left\"\n\
               [values.kind]\n";
    assert!(parse(all).is_ok());
    // The commented example in the default file is a valid configuration once uncommented.
    let example: String = DEFAULT_TOML
        .lines()
        .skip_while(|l| !l.starts_with("# [values.kind]"))
        .map(|l| l.trim_start_matches("# ").split("  #").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n");
    let c = parse(&example).unwrap();
    assert_eq!(c.values.products.len(), 2, "{example}");
}

#[test]
fn config_value_map_target_must_be_a_contract_value() {
    let cases: [(&str, &str, &str, &str); 6] = [
        (
            "[values.kind]\n\"个人客户\" = \"private\"\n",
            "values.kind.\"个人客户\"",
            "\"private\"",
            "\"retail\", \"corporate\"",
        ),
        (
            "\n[values.kind]\n\"公司户\" = \"对公\"\n",
            "values.kind.\"公司户\"",
            "\"对公\"",
            "did you mean \"corporate\"?",
        ),
        ("[values.loan_class]\nA1 = \"norml\"\n", "values.loan_class.A1", "\"norml\"", "did you mean \"normal\"?"),
        (
            "[values.status]\n\n\"退休\" = \"retired\"\n",
            "values.status.\"退休\"",
            "\"retired\"",
            "\"active\", \"left\"",
        ),
        ("[values.industry]\n\"电子\" = \"制造业\"\n", "values.industry.\"电子\"", "\"制造业\"", "did you mean \"C\"?"),
        ("[values.industry]\n\"x\" = \"U\"\n", "values.industry.x", "\"U\"", "\"A\", \"B\""),
    ];
    for (text, key, value, expected) in cases {
        let e = err(text);
        let line = text.lines().position(|l| l.contains(" = ")).unwrap() + 1;
        assert_eq!(e.key(), Some(key), "{text}");
        assert_eq!(e.line(), Some(line), "{text}");
        assert_eq!(e.value(), Some(value), "{text}");
        let m = e.message(Lang::En);
        assert!(m.contains(expected) && m.contains(&format!("(line {line})")), "{m}");
        assert!(e.message(Lang::ZhCn).contains(&format!("第 {line} 行")), "{}", e.message(Lang::ZhCn));
        assert_eq!(
            Config { values: parse_values_unchecked(text), ..Config::default() }.validate(),
            Err(ConfigError::InvalidValue {
                key: key.to_string(),
                line: None,
                value: value.to_string(),
                expected: match e {
                    ConfigError::InvalidValue { expected, .. } => expected,
                    _ => unreachable!(),
                },
            })
        );
    }
    // A lower-case industry letter is not the contract's code either.
    assert!(err("[values.industry]\n\"x\" = \"c\"\n").message(Lang::En).contains("did you mean \"C\"?"));
}

/// The `[values]` of `text` without the checks (as a bundle could carry it).
fn parse_values_unchecked(text: &str) -> ValueMaps {
    #[derive(serde::Deserialize)]
    struct Only {
        values: ValueMaps,
    }
    toml::from_str::<Only>(text).unwrap().values
}

#[test]
fn config_value_map_products_keys_and_types() {
    let e = err("[values.products]\n\"101\" = \"a;b\"\n");
    assert_eq!((e.key(), e.line()), (Some("values.products.101"), Some(2)));
    assert!(e.message(Lang::En).contains("a product code"), "{}", e.message(Lang::En));
    let e = err("[values.products]\n\"101\" = \"\"\n");
    assert_eq!(e.line(), Some(2));
    // A key with surrounding spaces could never match a trimmed value.
    let e = err("[values.kind]\n\" 个人\" = \"retail\"\n");
    assert_eq!((e.key(), e.line(), e.value()), (Some("values.kind.\" 个人\""), Some(2), Some("\" 个人\"")));
    assert!(e.message(Lang::En).contains("without surrounding spaces"), "{}", e.message(Lang::En));
    // A value that is not a text, an unknown table and a table that is not one.
    let e = err("[values.kind]\n\n\"个人\" = 1\n");
    assert_eq!((e.key(), e.line()), (Some("values.kind.\"个人\""), Some(3)));
    assert!(e.message(Lang::En).contains("a text"), "{}", e.message(Lang::En));
    let e = err("[values.knd]\n\"个人\" = \"retail\"\n");
    assert!(
        matches!(&e, ConfigError::UnknownKey { suggestion: Some(s), line: Some(1), .. } if s == "values.kind"),
        "{e:?}"
    );
    let e = err("[values]\nkind = \"retail\"\n");
    assert_eq!((e.key(), e.line()), (Some("values.kind"), Some(2)));
}
