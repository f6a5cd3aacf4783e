//! Every label, message and text of the pages in English and Chinese (zh-CN).
//!
//! Two tables with the same keys (tested: same key set, no duplicates, no empty text, every key
//! used by a template or by the page code present). Texts may hold `{name}` placeholders that
//! the page code fills in; the methodology texts hold `{section.key}` placeholders filled from
//! the configuration in force. Templates read them as `t.<key>`; a key missing from the table is
//! a rendering error (strict undefined), never an empty string.

use std::collections::BTreeMap;

use branchlens_core::config::Lang;
use minijinja::Value;

/// The translations of one language.
#[derive(Clone, Debug)]
pub struct I18n {
    lang: Lang,
    map: BTreeMap<&'static str, &'static str>,
    value: Value,
}

impl I18n {
    pub fn new(lang: Lang) -> I18n {
        let map: BTreeMap<&'static str, &'static str> = table(lang).iter().copied().collect();
        let value = Value::from_iter(map.iter().map(|(k, v)| (*k, *v)));
        I18n { lang, map, value }
    }

    pub fn lang(&self) -> Lang {
        self.lang
    }

    pub fn is_zh(&self) -> bool {
        self.lang == Lang::ZhCn
    }

    /// The text of `key`; the key itself when missing (the completeness tests keep that from
    /// happening; a page never shows an empty label).
    pub fn get<'a>(&self, key: &'a str) -> &'a str
    where
        'static: 'a,
    {
        self.map.get(key).copied().unwrap_or(key)
    }

    /// The table as a template value (`t`).
    pub fn value(&self) -> Value {
        self.value.clone()
    }
}

/// The table of a language.
pub fn table(lang: Lang) -> &'static [(&'static str, &'static str)] {
    match lang {
        Lang::En => EN,
        Lang::ZhCn => ZH,
    }
}

/// English.
pub static EN: &[(&str, &str)] = &[
    ("as_of", "as of"),
    ("at_risk_note", "Customers with a churn warning (yellow, orange or red) or a relationship risk class other than normal, most urgent first (churn points, then risk class, then contribution)."),
    ("axis_amount", "Amount"),
    ("axis_contribution_share", "Share of positive contribution"),
    ("axis_customer_share", "Share of customers (by contribution, descending)"),
    ("axis_customers", "Customers"),
    ("axis_managers", "Managers"),
    ("axis_month", "Month"),
    ("axis_tier_before", "Tier last month"),
    ("axis_tier_now", "Tier this month"),
    ("below_cost_note", "Customers whose average contribution over the tier window (s3) is below zero, most negative first."),
    ("branches_lead", "Every branch ranked by score against the summed targets of its active managers (branches without targets are listed after the ranked ones)."),
    ("card_aum", "AUM"),
    ("card_contribution", "Contribution"),
    ("card_customers", "Customers"),
    ("card_deposits", "Deposits (avg. daily)"),
    ("card_fee", "Fee income"),
    ("card_loans", "Loans"),
    ("card_npl_ratio", "NPL ratio"),
    ("changed", "changed"),
    ("changes_from", "Compared with"),
    ("chart_balances", "Deposits, loans and AUM by month"),
    ("chart_branch_contribution", "Contribution by branch"),
    ("chart_classes", "Loan balances by five-level class"),
    ("chart_classes_by_branch", "Five-level classes by branch"),
    ("chart_completion", "Completion by target"),
    ("chart_contribution_hist", "Distribution of customer contribution (1st–99th percentile)"),
    ("chart_credited_balances", "Credited deposits, loans and AUM by month"),
    ("chart_credited_income", "Credited contribution and fee income by month"),
    ("chart_customers", "Customers by month"),
    ("chart_data", "Data table"),
    ("chart_depth", "Customers by number of products held"),
    ("chart_income", "Contribution and fee income by month"),
    ("chart_industries", "Corporate deposits and loans by industry"),
    ("chart_levels", "Churn warnings by level"),
    ("chart_levels_by_branch", "Churn warnings by branch"),
    ("chart_lorenz", "Lorenz curve of contribution"),
    ("chart_migration", "Tier migration since last month"),
    ("chart_npl_trend", "NPL ratio by month"),
    ("chart_periods", "Customer rows per period"),
    ("chart_points", "Distribution of churn points (customers with any points)"),
    ("chart_products", "Product penetration by customer kind"),
    ("chart_reasons", "Customers by churn reason"),
    ("chart_risk", "Borrowers by relationship risk class"),
    ("chart_score_distribution", "Distribution of manager scores"),
    ("chart_scores", "Manager scores"),
    ("chart_tiers", "Value tiers by customer kind"),
    ("col_actual", "Actual"),
    ("col_aum", "AUM"),
    ("col_balance", "Balance"),
    ("col_borrowers", "Borrowers"),
    ("col_branch", "Branch"),
    ("col_branch_average", "Branch average"),
    ("col_change", "Change"),
    ("col_class", "Class"),
    ("col_code", "Code"),
    ("col_column", "Column"),
    ("col_completion", "Completion"),
    ("col_contribution", "Contribution"),
    ("col_current", "This month"),
    ("col_customer", "Customer"),
    ("col_customers", "Customers"),
    ("col_default", "Default"),
    ("col_deposits", "Deposits"),
    ("col_encoding", "Encoding"),
    ("col_fee", "Fee income"),
    ("col_figure", "Figure"),
    ("col_file", "File"),
    ("col_flags", "Flags"),
    ("col_from_to", "Last month ↓ / this month →"),
    ("col_grade", "Grade"),
    ("col_industry", "Industry"),
    ("col_key", "Key"),
    ("col_kind", "Kind"),
    ("col_last_contact", "Last contact"),
    ("col_level", "Warning"),
    ("col_line", "Line"),
    ("col_loans", "Loans"),
    ("col_manager", "Manager"),
    ("col_median_change", "Median past change"),
    ("col_message", "Message"),
    ("col_metric", "Metric"),
    ("col_name", "Name"),
    ("col_new_customers", "New customers"),
    ("col_note", "Note"),
    ("col_npl", "NPL balance"),
    ("col_npl_ratio", "NPL ratio"),
    ("col_period", "Period"),
    ("col_phone", "Phone"),
    ("col_plan", "Plan"),
    ("col_points", "Churn points"),
    ("col_previous", "Last month"),
    ("col_product", "Product"),
    ("col_products_held", "Products held"),
    ("col_progress", "Progress"),
    ("col_provision", "Required provision"),
    ("col_provision_rate", "Provision rate"),
    ("col_rank", "Rank"),
    ("col_rank_bank", "Rank in bank"),
    ("col_rank_branch", "Rank in branch"),
    ("col_reason", "Reason"),
    ("col_reasons", "Reasons"),
    ("col_risk", "Risk class"),
    ("col_rows", "Rows"),
    ("col_rules", "Rules"),
    ("col_score", "Score"),
    ("col_share", "Share"),
    ("col_skipped", "Skipped"),
    ("col_status", "Status"),
    ("col_suggestion", "Suggestion"),
    ("col_target", "Target"),
    ("col_tier", "Tier"),
    ("col_total", "Total"),
    ("col_value", "Value"),
    ("col_z", "Robust z"),
    ("config_changed", "Values that differ from the default"),
    ("config_defaults", "The built-in defaults are in force (no branchlens.toml)."),
    ("config_from_file", "Configuration read from {file}."),
    ("cross_sell_text", "Customers hold {mean} products on average; {n} customers ({share}) hold at least {min} products (\"embedded\")."),
    ("flag_anomaly", "{metric} anomaly"),
    ("flag_key_person", "Key person"),
    ("footer_generated", "Generated by"),
    ("h_at_risk", "At-risk customers"),
    ("h_below_cost", "Below-cost customers"),
    ("h_by_branch", "By branch"),
    ("h_by_industry", "By industry (corporate)"),
    ("h_by_tier", "Customers of record by tier"),
    ("h_call_list", "Call list"),
    ("h_changes", "What changed since last month"),
    ("h_churn", "Churn early warning"),
    ("h_classes", "Five-level classification"),
    ("h_config", "Configuration in force"),
    ("h_credited", "Credited portfolio"),
    ("h_cross_sell", "Cross-sell depth"),
    ("h_files", "Input files"),
    ("h_flags", "Anomalies and key-person risk"),
    ("h_headlines", "Headline figures"),
    ("h_industries", "Corporate customers by industry"),
    ("h_issues", "Issues by kind"),
    ("h_league", "Managers' league table"),
    ("h_lost_customers", "Lost customers"),
    ("h_migration", "Tier migration"),
    ("h_new_customers", "New customers"),
    ("h_new_warnings", "New red and orange warnings"),
    ("h_npl_trend", "NPL ratio trend"),
    ("h_orphans", "Orphaned customers (reassignment list)"),
    ("h_penetration", "Product penetration"),
    ("h_periods", "Periods"),
    ("h_plan", "Plan against actual"),
    ("h_portfolio", "Portfolio"),
    ("h_ranking", "Branch ranking"),
    ("h_reasons", "Reasons"),
    ("h_resolved", "Resolved warnings"),
    ("h_rising", "Rising customers"),
    ("h_risk", "Relationship risk classes"),
    ("h_tiers", "Value tiers"),
    ("h_warning_levels", "Warnings by level"),
    ("industry_a", "Agriculture, forestry, animal husbandry and fishery"),
    ("industry_b", "Mining"),
    ("industry_c", "Manufacturing"),
    ("industry_d", "Electricity, heat, gas and water"),
    ("industry_e", "Construction"),
    ("industry_f", "Wholesale and retail trade"),
    ("industry_g", "Transport, storage and post"),
    ("industry_h", "Accommodation and catering"),
    ("industry_i", "Information technology services"),
    ("industry_j", "Finance"),
    ("industry_k", "Real estate"),
    ("industry_l", "Leasing and business services"),
    ("industry_m", "Scientific research and technical services"),
    ("industry_n", "Water conservancy, environment and public facilities"),
    ("industry_o", "Resident and other services"),
    ("industry_p", "Education"),
    ("industry_q", "Health and social work"),
    ("industry_r", "Culture, sports and entertainment"),
    ("industry_s", "Public administration and social organisations"),
    ("industry_t", "International organisations"),
    ("industry_none", "No industry given"),
    ("key_person_no", "Share of the branch's contribution: {share} (key-person limit {limit})."),
    ("key_person_yes", "Key-person risk: this manager's credited contribution is {share} of the branch's, above the limit of {limit}."),
    ("kind_corporate", "Corporate"),
    ("kind_retail", "Retail"),
    ("level_none", "None"),
    ("level_orange", "Orange"),
    ("level_red", "Red"),
    ("level_yellow", "Yellow"),
    ("list_more", "… and {n} more (see the explorer for the full list)."),
    ("loans_text", "Loans {total} to {borrowers} borrowers; non-performing {npl} (NPL ratio {ratio}); required provision {provision}."),
    ("lorenz_curve", "Lorenz curve"),
    ("lorenz_equality", "Line of equality"),
    ("lost_note", "Customers present last month and absent this month, by last month's contribution."),
    ("managers_lead", "Every relationship manager known this month, with credited figures, score and ranks."),
    ("mask_note_off", "Personal data is shown unmasked (--no-mask)."),
    ("mask_note_on", "Customer names and phone numbers are masked."),
    ("methodology_lead", "How every number in this report is defined, with the configuration values in force, so each figure can be checked by hand."),
    ("metric_contribution", "Contribution"),
    ("metric_deposit", "Deposits"),
    ("metric_loan", "Loans"),
    ("migration_note", "Rows: tier last month (\"new\" = not a customer last month). Columns: tier this month (\"lost\" = no longer a customer)."),
    ("mom", "MoM"),
    ("nav_branches", "Branches"),
    ("nav_explorer", "Explorer"),
    ("nav_label", "Report pages"),
    ("nav_loans", "Loan quality"),
    ("nav_managers", "Managers"),
    ("nav_methodology", "Methodology"),
    ("nav_overview", "Overview"),
    ("nav_quality", "Data quality"),
    ("nav_segments", "Segments"),
    ("nav_warnings", "Early warning"),
    ("no_anomalies", "No anomaly flagged this month."),
    ("no_issues", "No issues found."),
    ("no_previous_period", "There is no earlier period in the data to compare with."),
    ("none_in_list", "None."),
    ("orphan_left", "Manager has left"),
    ("orphan_splits", "credited via splits"),
    ("orphan_unassigned", "No manager"),
    ("orphan_unknown", "Unknown manager"),
    ("orphans_note", "Customers whose manager has left, is unknown or is empty, largest contribution first: reassign them."),
    ("own_customers", "{n} customers of record (by the customer's manager id)."),
    ("pareto_none", "No positive contribution this month: the 20/80 share is undefined."),
    ("pareto_text", "The top {top} of customers ({n}) bring {share} of the positive contribution."),
    ("period_after", "after the report period: ignored"),
    ("quality_summary", "{errors} errors (rows skipped), {warnings} warnings, {notices} notices."),
    ("rank_of", "Rank {rank} of {n} ranked branches."),
    ("reason_complaints", "{x}+ complaints"),
    ("reason_funds", "Funds down ≥ {x}"),
    ("reason_manager_left", "Manager left"),
    ("reason_no_contact", "No contact > {x} days"),
    ("reason_product_lost", "Product lost"),
    ("reason_txn0", "No transactions"),
    ("reason_txn_half", "Transactions ≤ {x} of usual"),
    ("reason_unassigned", "No manager (valuable customer)"),
    ("rising_note", "Customers whose average contribution (s3) is at least the rising factor times the window before (p3 > 0), highest s3 first."),
    ("risk_doubtful", "Doubtful"),
    ("risk_exit", "Exit"),
    ("risk_normal", "Normal"),
    ("risk_note", "Borrowers classed by the worst rule that applies: exit, doubtful, watch; lists by loan balance."),
    ("risk_watch", "Watch"),
    ("rule_jump", "jump"),
    ("rule_robust", "robust z"),
    ("see_warnings", "All warnings and reasons →"),
    ("severity_error", "error"),
    ("severity_notice", "notice"),
    ("severity_warning", "warning"),
    ("site_branch", "Branch {id}"),
    ("site_head_office", "Head office"),
    ("skip_to_content", "Skip to content"),
    ("state_below_cost", "Below cost"),
    ("state_key", "Key"),
    ("state_lost", "Lost"),
    ("state_new", "New"),
    ("state_ordinary", "Ordinary"),
    ("state_vip", "VIP"),
    ("status_active", "Active"),
    ("status_left", "Left"),
    ("suggestion_keep", "Keep"),
    ("suggestion_promote", "Promote"),
    ("suggestion_review", "Review"),
    ("target_deposit", "Deposits"),
    ("target_fee", "Fee income"),
    ("target_loan", "Loans"),
    ("target_new_customers", "New customers"),
    ("targets_month", "Targets from this month's managers.csv row."),
    ("targets_none", "No targets this month: no score and no rank."),
    ("targets_undated", "Targets from the undated managers.csv row."),
    ("tier_below_cost", "Below cost"),
    ("tier_key", "Key"),
    ("tier_ordinary", "Ordinary"),
    ("tier_vip", "VIP"),
    ("title_branch", "Branch {id}"),
    ("title_branches", "Branches"),
    ("title_explorer", "Explorer"),
    ("title_loans", "Loan quality"),
    ("title_managers", "Relationship managers"),
    ("title_methodology", "Methodology"),
    ("title_overview", "Overview"),
    ("title_quality", "Data quality"),
    ("title_segments", "Segments"),
    ("title_warnings", "Early warning"),
    ("toc", "On this page"),
    ("unassigned", "(none)"),
    ("unit_note_wan", "Amounts in wan (万, 10,000 CNY) and yi (亿, 100 million CNY)."),
    ("unit_note_yuan", "Amounts in CNY (yuan)."),
    ("value_hidden", "(hidden)"),
    ("values_hidden_note", "A branch's site shows line numbers only: values may belong to other branches' customers."),
    ("yoy", "YoY"),
    ("def_periods_title", "Periods and the report month"),
    ("def_periods_1", "P is the sorted list of months in customers.csv up to the report month L. \"The last 3 months\" and \"the month before\" are positions in P, not calendar months; a customer's average over a window is the mean over the rows it has there."),
    ("def_periods_2", "Every sum runs in a fixed order (by period, then customer id); amounts are exact to the fen. Ties are broken by customer id (or manager id), so the same data always gives the same numbers."),
    ("def_contribution_title", "Monthly contribution (贡献度)"),
    ("def_contribution_1", "deposit_avg × {contribution.deposit_spread} / 12 + loan_balance × {contribution.loan_spread} / 12 + aum × {contribution.aum_fee_rate} / 12 + fee_income − cost per customer (retail {contribution.cost_per_customer_retail}, corporate {contribution.cost_per_customer_corporate}) − txn_count × {contribution.cost_per_txn} − loan_balance × credit cost rate / 12."),
    ("def_contribution_2", "Annual credit cost rates by five-level class: normal {contribution.credit_cost_rate.normal}, special {contribution.credit_cost_rate.special}, substandard {contribution.credit_cost_rate.substandard}, doubtful {contribution.credit_cost_rate.doubtful}, loss {contribution.credit_cost_rate.loss}. A loan with an empty class counts as normal."),
    ("def_tiers_title", "Value tiers"),
    ("def_tiers_1", "Per customer kind, s3 is the average contribution over the last {tiers.window} periods. Customers are ranked by s3, descending: VIP for rank ≤ ceil({tiers.vip_share} × n), Key for rank ≤ ceil({tiers.key_share} × n), Ordinary otherwise."),
    ("def_tiers_2", "Any customer with s3 < 0 is Below cost; this wins over VIP and Key, and the place is not handed on."),
    ("def_tiers_3", "Rising: p3 is the average over the {tiers.window} periods before those; rising when p3 > 0 and s3 ≥ {tiers.rising_factor} × p3."),
    ("def_pareto_title", "20/80 rule and Lorenz curve"),
    ("def_pareto_1", "With n customers in the report month, the positive latest-month contribution of the top ceil({pareto.top_share} × n) customers (by latest-month contribution) divided by the total positive contribution. The Lorenz curve plots the cumulative share over the same ranking."),
    ("def_churn_title", "Churn early warning"),
    ("def_churn_1", "Funds f = deposit_avg + aum, compared with the average over the {churn.baseline_window} periods before L (only when that baseline ≥ {churn.funds_min_baseline}): a drop ≥ {churn.funds_drop_1} gives {churn.funds_drop_1_points} points (FUNDS30), ≥ {churn.funds_drop_2} gives {churn.funds_drop_2_points} (FUNDS60)."),
    ("def_churn_2", "Transactions, baseline ≥ {churn.txn_min_baseline}: none in L gives {churn.txn_zero_points} (TXN0); at most {churn.txn_half_ratio} of the baseline gives {churn.txn_half_points} (TXN50). A product held the month before and gone now gives {churn.product_lost_points} (PRODUCT_LOST)."),
    ("def_churn_3", "VIP and Key only: no contact for more than {churn.no_contact_days_1} days gives {churn.no_contact_1_points}, more than {churn.no_contact_days_2} (or never) {churn.no_contact_2_points}; no known manager gives {churn.unassigned_points} (UNASSIGNED). A manager who has left gives {churn.manager_left_points} (MANAGER_LEFT). Complaints over {churn.complaints_window} periods: ≥ {churn.complaints_1} gives {churn.complaints_1_points}, ≥ {churn.complaints_2} gives {churn.complaints_2_points}."),
    ("def_churn_4", "Points are summed and capped at {churn.cap}. Level: yellow from {churn.level_yellow}, orange from {churn.level_orange}, red from {churn.level_red} points."),
    ("def_risk_title", "Relationship risk class"),
    ("def_risk_1", "For borrowers in L, the worst rule wins. Exit: loan class loss, or doubtful with more than {risk.exit_doubtful_overdue_days} days overdue. Doubtful: substandard or doubtful, or more than {risk.doubtful_overdue_days} days overdue."),
    ("def_risk_2", "Watch: special mention, or 1 day overdue or more, or a funds drop ≥ {risk.watch_funds_drop}. Otherwise normal; customers without a loan are normal."),
    ("def_loans_title", "Loan quality"),
    ("def_loans_1", "Balances by five-level class; NPL ratio = (substandard + doubtful + loss) / total loans."),
    ("def_loans_2", "Required provision = Σ balance × rate: normal {provision.normal}, special {provision.special}, substandard {provision.substandard}, doubtful {provision.doubtful}, loss {provision.loss}."),
    ("def_performance_title", "Relationship-manager performance"),
    ("def_performance_1", "A customer listed in credit_splits.csv is credited to those managers by share; otherwise fully to its manager. Customer counts are share-weighted. New customers opened their account in L."),
    ("def_performance_2", "Completion = max(0, actual) / target for each target > 0. Score = 100 × Σ w × min(completion, {performance.completion_cap}) / Σ w over the targets present, with weights deposits {performance.weight_deposit}, loans {performance.weight_loan}, fee income {performance.weight_fee}, new customers {performance.weight_new_customers}."),
    ("def_performance_3", "Managers who have left are listed but not ranked. Promote: rank ≤ ceil({performance.promote_share} × n) and score ≥ {performance.promote_min_score}; review: among the last ceil({performance.review_share} × n) or score < {performance.review_max_score}; otherwise keep."),
    ("def_performance_4", "Anomaly on deposits, loans or contribution: the month-on-month change d is flagged when at least {performance.anomaly_min_history} earlier changes exist and |d − median| / (1.4826 × MAD) > {performance.anomaly_z}, or when |d| > {performance.anomaly_jump_ratio} of last month's value and > {performance.anomaly_branch_ratio} of the branch's average."),
    ("def_performance_5", "Key-person risk: a manager's credited contribution above {performance.key_person_share} of the branch's contribution. Orphaned customers: the manager has left, is unknown or is empty."),
    ("def_branches_title", "Branches"),
    ("def_branches_1", "Branch figures sum all customers of the branch; its targets are the sums of its active managers' targets; completion, score and rank as for managers."),
    ("def_comparisons_title", "Comparisons"),
    ("def_comparisons_1", "MoM (环比) compares with the month before in the data; YoY (同比) with the same month a year earlier, when present. NPL ratio changes are in percentage points."),
    ("def_comparisons_2", "Cross-sell depth counts the distinct products per customer; at least {cross_sell.embedded_min_products} products is \"embedded\"."),
    ("def_privacy_title", "Privacy and data quality"),
    ("def_privacy_1", "Customer names and phone numbers are masked by default ({report.mask} in force): a personal name keeps its first character, a company name its first two, a phone its first 3 and last 4 digits."),
    ("def_privacy_2", "Bad rows are listed on the data-quality page and skipped; the build fails when more than {data_quality.max_bad_row_ratio} of a file's rows are bad. Credit split shares must sum to 1 within {data_quality.split_share_tolerance}."),
    ("class_normal", "Normal"),
    ("class_special", "Special mention"),
    ("class_substandard", "Substandard"),
    ("class_doubtful", "Doubtful"),
    ("class_loss", "Loss"),
    ("overdue_days", "{n} days overdue"),
];

/// Simplified Chinese (zh-CN).
pub static ZH: &[(&str, &str)] = &[
    ("as_of", "数据期间"),
    ("at_risk_note", "有流失预警（黄色、橙色或红色）或银企关系分类非正常的客户，按紧急程度排序（预警分值、风险分类、贡献度）。"),
    ("axis_amount", "金额"),
    ("axis_contribution_share", "正贡献占比"),
    ("axis_customer_share", "客户占比（按贡献度降序）"),
    ("axis_customers", "客户数"),
    ("axis_managers", "客户经理数"),
    ("axis_month", "月份"),
    ("axis_tier_before", "上月分层"),
    ("axis_tier_now", "本月分层"),
    ("below_cost_note", "分层窗口内平均贡献度（s3）为负的客户，按亏损程度排序。"),
    ("branches_lead", "各机构按其在岗客户经理目标合计的考核得分排名（无目标的机构列在已排名机构之后）。"),
    ("card_aum", "金融资产"),
    ("card_contribution", "贡献度"),
    ("card_customers", "客户数"),
    ("card_deposits", "存款日均"),
    ("card_fee", "中间业务收入"),
    ("card_loans", "贷款余额"),
    ("card_npl_ratio", "不良率"),
    ("changed", "已修改"),
    ("changes_from", "对比期间"),
    ("chart_balances", "存款、贷款与金融资产月度趋势"),
    ("chart_branch_contribution", "各机构贡献度"),
    ("chart_classes", "五级分类贷款余额"),
    ("chart_classes_by_branch", "各机构五级分类"),
    ("chart_completion", "各项目标完成率"),
    ("chart_contribution_hist", "客户贡献度分布（第1至第99百分位）"),
    ("chart_credited_balances", "归属存款、贷款与金融资产月度趋势"),
    ("chart_credited_income", "归属贡献度与中间业务收入月度趋势"),
    ("chart_customers", "客户数月度趋势"),
    ("chart_data", "数据表"),
    ("chart_depth", "按持有产品数的客户分布"),
    ("chart_income", "贡献度与中间业务收入月度趋势"),
    ("chart_industries", "对公客户分行业存贷款"),
    ("chart_levels", "流失预警等级分布"),
    ("chart_levels_by_branch", "各机构流失预警"),
    ("chart_lorenz", "贡献度洛伦兹曲线"),
    ("chart_migration", "较上月的分层迁移"),
    ("chart_npl_trend", "不良率月度趋势"),
    ("chart_periods", "各期客户记录数"),
    ("chart_points", "流失预警分值分布（有分值的客户）"),
    ("chart_products", "分客户类型产品渗透率"),
    ("chart_reasons", "各流失原因的客户数"),
    ("chart_risk", "借款客户银企关系分类"),
    ("chart_score_distribution", "客户经理得分分布"),
    ("chart_scores", "客户经理得分"),
    ("chart_tiers", "分客户类型价值分层"),
    ("col_actual", "实际"),
    ("col_aum", "金融资产"),
    ("col_balance", "余额"),
    ("col_borrowers", "借款客户数"),
    ("col_branch", "机构"),
    ("col_branch_average", "机构平均"),
    ("col_change", "变动"),
    ("col_class", "分类"),
    ("col_code", "代码"),
    ("col_column", "列"),
    ("col_completion", "完成率"),
    ("col_contribution", "贡献度"),
    ("col_current", "本月"),
    ("col_customer", "客户号"),
    ("col_customers", "客户数"),
    ("col_default", "默认值"),
    ("col_deposits", "存款日均"),
    ("col_encoding", "编码"),
    ("col_fee", "中间业务收入"),
    ("col_figure", "指标"),
    ("col_file", "文件"),
    ("col_flags", "提示"),
    ("col_from_to", "上月 ↓ / 本月 →"),
    ("col_grade", "等级"),
    ("col_industry", "行业"),
    ("col_key", "参数"),
    ("col_kind", "客户类型"),
    ("col_last_contact", "最近联系"),
    ("col_level", "预警等级"),
    ("col_line", "行号"),
    ("col_loans", "贷款余额"),
    ("col_manager", "客户经理"),
    ("col_median_change", "历史变动中位数"),
    ("col_message", "说明"),
    ("col_metric", "指标"),
    ("col_name", "名称"),
    ("col_new_customers", "新增客户"),
    ("col_note", "备注"),
    ("col_npl", "不良贷款余额"),
    ("col_npl_ratio", "不良率"),
    ("col_period", "期间"),
    ("col_phone", "手机号"),
    ("col_plan", "计划"),
    ("col_points", "预警分值"),
    ("col_previous", "上月"),
    ("col_product", "产品"),
    ("col_products_held", "持有产品数"),
    ("col_progress", "进度"),
    ("col_provision", "应计提拨备"),
    ("col_provision_rate", "拨备计提比例"),
    ("col_rank", "排名"),
    ("col_rank_bank", "全行排名"),
    ("col_rank_branch", "机构内排名"),
    ("col_reason", "原因"),
    ("col_reasons", "预警原因"),
    ("col_risk", "风险分类"),
    ("col_rows", "行数"),
    ("col_rules", "规则"),
    ("col_score", "得分"),
    ("col_share", "占比"),
    ("col_skipped", "跳过"),
    ("col_status", "状态"),
    ("col_suggestion", "建议"),
    ("col_target", "目标"),
    ("col_tier", "分层"),
    ("col_total", "合计"),
    ("col_value", "取值"),
    ("col_z", "稳健 z 值"),
    ("config_changed", "与默认值不同的参数数"),
    ("config_defaults", "使用内置默认参数（无 branchlens.toml）。"),
    ("config_from_file", "参数读取自 {file}。"),
    ("cross_sell_text", "客户平均持有 {mean} 个产品；{n} 个客户（{share}）持有至少 {min} 个产品（“深度绑定”）。"),
    ("flag_anomaly", "{metric}异动"),
    ("flag_key_person", "关键人风险"),
    ("footer_generated", "生成工具"),
    ("h_at_risk", "风险客户"),
    ("h_below_cost", "低于成本客户"),
    ("h_by_branch", "分机构"),
    ("h_by_industry", "分行业（对公）"),
    ("h_by_tier", "名下客户分层"),
    ("h_call_list", "待联系客户清单"),
    ("h_changes", "较上月变化"),
    ("h_churn", "流失预警"),
    ("h_classes", "五级分类"),
    ("h_config", "当前参数"),
    ("h_credited", "归属业绩"),
    ("h_cross_sell", "交叉销售深度"),
    ("h_files", "输入文件"),
    ("h_flags", "业绩异动与关键人风险"),
    ("h_headlines", "主要指标"),
    ("h_industries", "对公客户行业分析"),
    ("h_issues", "问题分类"),
    ("h_league", "客户经理排名"),
    ("h_lost_customers", "流失客户"),
    ("h_migration", "分层迁移"),
    ("h_new_customers", "新增客户"),
    ("h_new_warnings", "新增红色、橙色预警"),
    ("h_npl_trend", "不良率趋势"),
    ("h_orphans", "无人维护客户（待重新分配）"),
    ("h_penetration", "产品渗透率"),
    ("h_periods", "期间"),
    ("h_plan", "计划与实际对比"),
    ("h_portfolio", "客户组合"),
    ("h_ranking", "机构排名"),
    ("h_reasons", "预警原因"),
    ("h_resolved", "已解除预警"),
    ("h_rising", "上升客户"),
    ("h_risk", "银企关系分类"),
    ("h_tiers", "客户价值分层"),
    ("h_warning_levels", "预警等级"),
    ("industry_a", "农、林、牧、渔业"),
    ("industry_b", "采矿业"),
    ("industry_c", "制造业"),
    ("industry_d", "电力、热力、燃气及水生产和供应业"),
    ("industry_e", "建筑业"),
    ("industry_f", "批发和零售业"),
    ("industry_g", "交通运输、仓储和邮政业"),
    ("industry_h", "住宿和餐饮业"),
    ("industry_i", "信息传输、软件和信息技术服务业"),
    ("industry_j", "金融业"),
    ("industry_k", "房地产业"),
    ("industry_l", "租赁和商务服务业"),
    ("industry_m", "科学研究和技术服务业"),
    ("industry_n", "水利、环境和公共设施管理业"),
    ("industry_o", "居民服务、修理和其他服务业"),
    ("industry_p", "教育"),
    ("industry_q", "卫生和社会工作"),
    ("industry_r", "文化、体育和娱乐业"),
    ("industry_s", "公共管理、社会保障和社会组织"),
    ("industry_t", "国际组织"),
    ("industry_none", "未填行业"),
    ("key_person_no", "占所在机构贡献度：{share}（关键人阈值 {limit}）。"),
    ("key_person_yes", "关键人风险：该客户经理归属贡献度占所在机构的 {share}，超过阈值 {limit}。"),
    ("kind_corporate", "对公"),
    ("kind_retail", "零售"),
    ("level_none", "无"),
    ("level_orange", "橙色"),
    ("level_red", "红色"),
    ("level_yellow", "黄色"),
    ("list_more", "…… 另有 {n} 条未列出（完整清单见数据探索）。"),
    ("loans_text", "贷款余额 {total}，借款客户 {borrowers} 户；不良贷款 {npl}（不良率 {ratio}）；应计提拨备 {provision}。"),
    ("lorenz_curve", "洛伦兹曲线"),
    ("lorenz_equality", "绝对平均线"),
    ("lost_note", "上月存在、本月不在的客户，按上月贡献度排序。"),
    ("managers_lead", "本月在册的全部客户经理：归属业绩、得分与排名。"),
    ("mask_note_off", "个人信息未脱敏显示（--no-mask）。"),
    ("mask_note_on", "客户名称和手机号已脱敏。"),
    ("methodology_lead", "本报告每个数字的定义及当前生效的参数，便于逐项手工核对。"),
    ("metric_contribution", "贡献度"),
    ("metric_deposit", "存款"),
    ("metric_loan", "贷款"),
    ("migration_note", "行：上月分层（“新增”表示上月不是客户）。列：本月分层（“流失”表示本月已不是客户）。"),
    ("mom", "环比"),
    ("nav_branches", "机构"),
    ("nav_explorer", "数据探索"),
    ("nav_label", "报告页面"),
    ("nav_loans", "贷款质量"),
    ("nav_managers", "客户经理"),
    ("nav_methodology", "口径说明"),
    ("nav_overview", "总览"),
    ("nav_quality", "数据质量"),
    ("nav_segments", "客户分层"),
    ("nav_warnings", "风险预警"),
    ("no_anomalies", "本月无业绩异动。"),
    ("no_issues", "未发现问题。"),
    ("no_previous_period", "数据中没有更早的期间可供比较。"),
    ("none_in_list", "无。"),
    ("orphan_left", "客户经理已离岗"),
    ("orphan_splits", "已按分成归属"),
    ("orphan_unassigned", "无客户经理"),
    ("orphan_unknown", "客户经理不存在"),
    ("orphans_note", "客户经理已离岗、不存在或为空的客户，按贡献度从高到低排列，请重新分配。"),
    ("own_customers", "名下客户 {n} 户（按客户的客户经理号）。"),
    ("pareto_none", "本月无正贡献，二八占比无法计算。"),
    ("pareto_text", "贡献度前 {top} 的客户（{n} 户）贡献了 {share} 的正贡献度。"),
    ("period_after", "晚于报告期间，未使用"),
    ("quality_summary", "{errors} 个错误（行已跳过），{warnings} 个警告，{notices} 个提示。"),
    ("rank_of", "在 {n} 个参与排名的机构中排第 {rank} 名。"),
    ("reason_complaints", "投诉 {x} 次及以上"),
    ("reason_funds", "资金下降 ≥ {x}"),
    ("reason_manager_left", "客户经理离岗"),
    ("reason_no_contact", "超过 {x} 天未联系"),
    ("reason_product_lost", "产品流失"),
    ("reason_txn0", "无交易"),
    ("reason_txn_half", "交易笔数 ≤ 平时的 {x}"),
    ("reason_unassigned", "无客户经理（重要客户）"),
    ("rising_note", "平均贡献度（s3）达到前一窗口（p3 > 0）的上升倍数以上的客户，按 s3 从高到低排列。"),
    ("risk_doubtful", "可疑"),
    ("risk_exit", "退出"),
    ("risk_normal", "正常"),
    ("risk_note", "借款客户按适用的最差规则分类：退出、可疑、关注；清单按贷款余额排序。"),
    ("risk_watch", "关注"),
    ("rule_jump", "跳变"),
    ("rule_robust", "稳健 z 值"),
    ("see_warnings", "查看全部预警及原因 →"),
    ("severity_error", "错误"),
    ("severity_notice", "提示"),
    ("severity_warning", "警告"),
    ("site_branch", "机构 {id}"),
    ("site_head_office", "总行"),
    ("skip_to_content", "跳到正文"),
    ("state_below_cost", "低于成本"),
    ("state_key", "关键"),
    ("state_lost", "流失"),
    ("state_new", "新增"),
    ("state_ordinary", "普通"),
    ("state_vip", "重要"),
    ("status_active", "在岗"),
    ("status_left", "离岗"),
    ("suggestion_keep", "保持"),
    ("suggestion_promote", "晋升"),
    ("suggestion_review", "复核"),
    ("target_deposit", "存款"),
    ("target_fee", "中间业务收入"),
    ("target_loan", "贷款"),
    ("target_new_customers", "新客户"),
    ("targets_month", "目标取自 managers.csv 本月记录。"),
    ("targets_none", "本月无目标：不计分、不排名。"),
    ("targets_undated", "目标取自 managers.csv 不带期间的记录。"),
    ("tier_below_cost", "低于成本"),
    ("tier_key", "关键"),
    ("tier_ordinary", "普通"),
    ("tier_vip", "重要"),
    ("title_branch", "机构 {id}"),
    ("title_branches", "机构"),
    ("title_explorer", "数据探索"),
    ("title_loans", "贷款质量"),
    ("title_managers", "客户经理"),
    ("title_methodology", "口径说明"),
    ("title_overview", "总览"),
    ("title_quality", "数据质量"),
    ("title_segments", "客户分层"),
    ("title_warnings", "风险预警"),
    ("toc", "本页内容"),
    ("unassigned", "（无）"),
    ("unit_note_wan", "金额单位：万元、亿元。"),
    ("unit_note_yuan", "金额单位：元。"),
    ("value_hidden", "（不显示）"),
    ("values_hidden_note", "机构报告只显示行号：取值可能属于其他机构的客户。"),
    ("yoy", "同比"),
    ("def_periods_title", "期间与报告月份"),
    ("def_periods_1", "P 为 customers.csv 中截至报告月份 L 的各月份（排序后）。“最近 3 个月”“上个月”均按 P 中的位置计算，而非自然月；客户在某窗口内的平均值取其在该窗口内各行的均值。"),
    ("def_periods_2", "所有求和按固定顺序（期间、客户号）进行，金额精确到分；并列时按客户号（或客户经理号）排序，同样的数据总得到同样的结果。"),
    ("def_contribution_title", "月度贡献度"),
    ("def_contribution_1", "存款日均 × {contribution.deposit_spread} / 12 + 贷款余额 × {contribution.loan_spread} / 12 + 金融资产 × {contribution.aum_fee_rate} / 12 + 中间业务收入 − 每户成本（零售 {contribution.cost_per_customer_retail}，对公 {contribution.cost_per_customer_corporate}）− 交易笔数 × {contribution.cost_per_txn} − 贷款余额 × 信用成本率 / 12。"),
    ("def_contribution_2", "按五级分类的年信用成本率：正常 {contribution.credit_cost_rate.normal}，关注 {contribution.credit_cost_rate.special}，次级 {contribution.credit_cost_rate.substandard}，可疑 {contribution.credit_cost_rate.doubtful}，损失 {contribution.credit_cost_rate.loss}。五级分类为空的贷款按正常计。"),
    ("def_tiers_title", "客户价值分层"),
    ("def_tiers_1", "按客户类型分别计算：s3 为最近 {tiers.window} 个期间的平均贡献度，按 s3 降序排名：排名 ≤ ceil({tiers.vip_share} × n) 为重要客户，≤ ceil({tiers.key_share} × n) 为关键客户，其余为普通客户。"),
    ("def_tiers_2", "s3 < 0 的客户为低于成本客户，优先于重要、关键分层，其名额不顺延。"),
    ("def_tiers_3", "上升客户：p3 为此前 {tiers.window} 个期间的平均贡献度，p3 > 0 且 s3 ≥ {tiers.rising_factor} × p3。"),
    ("def_pareto_title", "二八定律与洛伦兹曲线"),
    ("def_pareto_1", "报告月份共 n 个客户，按当月贡献度排名前 ceil({pareto.top_share} × n) 个客户的当月正贡献度之和除以全部正贡献度。洛伦兹曲线按同一排名绘制累计占比。"),
    ("def_churn_title", "流失预警"),
    ("def_churn_1", "资金 f = 存款日均 + 金融资产，与 L 之前 {churn.baseline_window} 个期间的平均值比较（仅当该基数 ≥ {churn.funds_min_baseline}）：下降 ≥ {churn.funds_drop_1} 计 {churn.funds_drop_1_points} 分（FUNDS30），≥ {churn.funds_drop_2} 计 {churn.funds_drop_2_points} 分（FUNDS60）。"),
    ("def_churn_2", "交易笔数（基数 ≥ {churn.txn_min_baseline}）：L 月无交易计 {churn.txn_zero_points} 分（TXN0）；不超过基数的 {churn.txn_half_ratio} 计 {churn.txn_half_points} 分（TXN50）。上月持有、本月不再持有的产品计 {churn.product_lost_points} 分（PRODUCT_LOST）。"),
    ("def_churn_3", "仅重要和关键客户：超过 {churn.no_contact_days_1} 天未联系计 {churn.no_contact_1_points} 分，超过 {churn.no_contact_days_2} 天（或从未联系）计 {churn.no_contact_2_points} 分；无有效客户经理计 {churn.unassigned_points} 分（UNASSIGNED）。客户经理离岗计 {churn.manager_left_points} 分（MANAGER_LEFT）。{churn.complaints_window} 个期间内投诉 ≥ {churn.complaints_1} 次计 {churn.complaints_1_points} 分，≥ {churn.complaints_2} 次计 {churn.complaints_2_points} 分。"),
    ("def_churn_4", "分值合计，上限 {churn.cap}。等级：{churn.level_yellow} 分起为黄色，{churn.level_orange} 分起为橙色，{churn.level_red} 分起为红色。"),
    ("def_risk_title", "银企关系分类"),
    ("def_risk_1", "对 L 月的借款客户，按最差规则分类。退出：五级分类为损失，或可疑且逾期超过 {risk.exit_doubtful_overdue_days} 天。可疑：次级或可疑，或逾期超过 {risk.doubtful_overdue_days} 天。"),
    ("def_risk_2", "关注：五级分类为关注，或逾期 1 天及以上，或资金下降 ≥ {risk.watch_funds_drop}。其余为正常；无贷款客户为正常。"),
    ("def_loans_title", "贷款质量"),
    ("def_loans_1", "按五级分类统计余额；不良率 =（次级 + 可疑 + 损失）/ 贷款总额。"),
    ("def_loans_2", "应计提拨备 = Σ 余额 × 比例：正常 {provision.normal}，关注 {provision.special}，次级 {provision.substandard}，可疑 {provision.doubtful}，损失 {provision.loss}。"),
    ("def_performance_title", "客户经理绩效考核"),
    ("def_performance_1", "credit_splits.csv 中列出的客户按分成比例归属各客户经理，否则全部归属其客户经理。客户数按分成比例计。新客户为在 L 月开户的客户。"),
    ("def_performance_2", "完成率 = max(0, 实际) / 目标（目标 > 0）。得分 = 100 × Σ 权重 × min(完成率, {performance.completion_cap}) / Σ 权重（仅计有目标的项），权重：存款 {performance.weight_deposit}，贷款 {performance.weight_loan}，中间业务收入 {performance.weight_fee}，新客户 {performance.weight_new_customers}。"),
    ("def_performance_3", "离岗客户经理列出但不排名。晋升：排名 ≤ ceil({performance.promote_share} × n) 且得分 ≥ {performance.promote_min_score}；复核：排名在最后 ceil({performance.review_share} × n) 名内或得分 < {performance.review_max_score}；其余保持。"),
    ("def_performance_4", "存款、贷款、贡献度的业绩异动：环比变动 d，在至少有 {performance.anomaly_min_history} 个历史变动且 |d − 中位数| / (1.4826 × MAD) > {performance.anomaly_z} 时，或 |d| 超过上月值的 {performance.anomaly_jump_ratio} 且超过机构平均的 {performance.anomaly_branch_ratio} 时提示。"),
    ("def_performance_5", "关键人风险：客户经理归属贡献度超过所在机构贡献度的 {performance.key_person_share}。无人维护客户：客户经理已离岗、不存在或为空。"),
    ("def_branches_title", "机构"),
    ("def_branches_1", "机构指标汇总该机构全部客户；目标为其在岗客户经理目标之和；完成率、得分和排名与客户经理相同。"),
    ("def_comparisons_title", "比较口径"),
    ("def_comparisons_1", "环比与数据中的上一个期间比较；同比与上年同月比较（如有）。不良率变动以百分点表示。"),
    ("def_comparisons_2", "交叉销售深度为每个客户持有的不同产品数；至少 {cross_sell.embedded_min_products} 个产品为“深度绑定”。"),
    ("def_privacy_title", "隐私与数据质量"),
    ("def_privacy_1", "客户名称和手机号默认脱敏（当前设置 {report.mask}）：个人名称保留首字，企业名称保留前两个字，手机号保留前 3 位和后 4 位。"),
    ("def_privacy_2", "有误的行在数据质量页列出并跳过；某文件有误行超过 {data_quality.max_bad_row_ratio} 时构建失败。分成比例之和须在 1 ± {data_quality.split_share_tolerance} 之内。"),
    ("class_normal", "正常"),
    ("class_special", "关注"),
    ("class_substandard", "次级"),
    ("class_doubtful", "可疑"),
    ("class_loss", "损失"),
    ("overdue_days", "逾期 {n} 天"),
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn keys(t: &[(&'static str, &'static str)]) -> BTreeSet<&'static str> {
        t.iter().map(|(k, _)| *k).collect()
    }

    #[test]
    fn both_languages_have_the_same_keys_and_no_empty_text() {
        for (name, t) in [("en", EN), ("zh-CN", ZH)] {
            assert_eq!(keys(t).len(), t.len(), "{name}: duplicate keys");
            for (k, v) in t {
                assert!(!v.trim().is_empty(), "{name}: empty text for {k}");
            }
        }
        let (en, zh) = (keys(EN), keys(ZH));
        let only_en: Vec<_> = en.difference(&zh).collect();
        let only_zh: Vec<_> = zh.difference(&en).collect();
        assert!(only_en.is_empty() && only_zh.is_empty(), "only in en: {only_en:?}; only in zh-CN: {only_zh:?}");
    }

    #[test]
    fn placeholders_match_between_languages() {
        fn holes(s: &str) -> BTreeSet<String> {
            let mut out = BTreeSet::new();
            let mut rest = s;
            while let Some(i) = rest.find('{') {
                let Some(j) = rest[i..].find('}') else { break };
                out.insert(rest[i + 1..i + j].to_string());
                rest = &rest[i + j + 1..];
            }
            out
        }
        let zh: BTreeMap<_, _> = ZH.iter().copied().collect();
        for (k, v) in EN {
            assert_eq!(holes(v), holes(zh[k]), "placeholders of {k}");
        }
    }

    #[test]
    fn chinese_texts_are_chinese() {
        // A label left untranslated would be identical to the English one; allowed only for
        // codes and abbreviations.
        let en: BTreeMap<_, _> = EN.iter().copied().collect();
        let same: Vec<_> = ZH.iter().filter(|(k, v)| en[k] == *v).map(|(k, _)| *k).collect();
        assert!(same.is_empty(), "untranslated: {same:?}");
    }

    /// Every `t.<key>` in the templates and every literal key the page code asks for exists.
    #[test]
    fn every_key_used_exists() {
        let known = keys(EN);
        let mut missing = BTreeSet::new();
        for (name, src) in crate::site::EMBEDDED {
            let b = src.as_bytes();
            for (i, _) in src.match_indices("t.") {
                if i > 0 && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_' || b[i - 1] == b'.') {
                    continue;
                }
                let key: String = src[i + 2..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
                if !key.is_empty() && !known.contains(key.as_str()) {
                    missing.insert(format!("{name}: {key}"));
                }
            }
        }
        let code =
            [include_str!("pages.rs"), include_str!("meta.rs"), include_str!("figures.rs"), include_str!("site.rs")];
        // String literals in the page code that look like keys (a known prefix, `_`, then
        // lower-case words).
        const PREFIXES: [&str; 30] = [
            "col",
            "chart",
            "axis",
            "card",
            "h",
            "title",
            "nav",
            "target",
            "targets",
            "suggestion",
            "orphan",
            "metric",
            "severity",
            "key",
            "reason",
            "rule",
            "flag",
            "site",
            "unit",
            "mask",
            "list",
            "pareto",
            "cross",
            "loans",
            "quality",
            "rank",
            "config",
            "own",
            "lorenz",
            "value",
        ];
        for src in code {
            for lit in src.split('"').skip(1).step_by(2) {
                let is_key = lit.contains('_')
                    && lit.bytes().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'_')
                    && lit.split('_').next().is_some_and(|p| PREFIXES.contains(&p));
                if is_key && !known.contains(lit) {
                    missing.insert(format!("code: {lit}"));
                }
            }
        }
        // Keys built at run time.
        use branchlens_core::metrics::customer::{RiskClass, Tier, TierState, WarningLevel};
        use branchlens_core::{Kind, LoanClass, Status};
        let mut dynamic: Vec<String> = Vec::new();
        dynamic.extend(Tier::ALL.iter().map(|t| format!("tier_{}", t.code())));
        dynamic.extend(WarningLevel::ALL.iter().map(|t| format!("level_{}", t.code())));
        dynamic.extend(RiskClass::ALL.iter().map(|t| format!("risk_{}", t.code())));
        dynamic.extend(Kind::ALL.iter().map(|t| format!("kind_{}", t.code())));
        dynamic.extend(LoanClass::ALL.iter().map(|t| format!("class_{}", t.code())));
        dynamic.extend([Status::Active, Status::Left].iter().map(|t| format!("status_{}", t.code())));
        dynamic.extend(TierState::ALL.iter().map(|t| format!("state_{}", t.code())));
        dynamic.extend((b'a'..=b't').map(|c| format!("industry_{}", char::from(c))));
        for (id, n) in crate::meta::DEFINITIONS {
            dynamic.push(format!("def_{id}_title"));
            dynamic.extend((1..=n).map(|i| format!("def_{id}_{i}")));
        }
        for k in dynamic {
            if !known.contains(k.as_str()) {
                missing.insert(format!("dynamic: {k}"));
            }
        }
        assert!(missing.is_empty(), "missing keys: {missing:?}");
    }

    #[test]
    fn methodology_placeholders_name_config_keys() {
        let cfg = crate::meta::flatten_config(&branchlens_core::config::Config::default());
        for (k, v) in EN.iter().chain(ZH.iter()).filter(|(k, _)| k.starts_with("def_")) {
            let mut rest = *v;
            while let Some(i) = rest.find('{') {
                let Some(j) = rest[i..].find('}') else { break };
                let hole = &rest[i + 1..i + j];
                assert!(cfg.contains_key(hole), "{k}: {{{hole}}} is not a configuration key");
                rest = &rest[i + j + 1..];
            }
        }
    }
}
