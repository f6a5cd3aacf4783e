/* Branchlens explorer: filter segments and re-run customer scoring in the browser, no server.
 *
 * Loaded as a classic script after data/bundle.js (BRANCHLENS_BUNDLE, BRANCHLENS_EXPLORER) and
 * assets/branchlens_wasm.js (wasm_bindgen, BRANCHLENS_WASM), so it works from file:// and over
 * HTTP. Every figure comes from the core in wasm (branchlens_core::metrics, counts, figures);
 * this script only draws. Text from the data is inserted with textContent, never as HTML.
 * Its strings come from the page (in the site's language); view state lives in the URL hash.
 */
(function () {
  'use strict';

  var LOCALE = /^zh/i.test(document.documentElement.lang || '') ? 'zh-CN' : 'en';

  /* The strings, in the site's language: the explorer domain of the message table
     (crates/i18n/messages/explorer.toml), which the report writes into the page as the
     data-messages attribute of #explorer. Keys are typed (MsgKey, generated/messages.d.ts). */
  /** @type {Partial<Record<MsgKey, string>>} */
  var MESSAGES = readMessages();
  function readMessages() {
    var root = document.getElementById('explorer');
    try { return JSON.parse((root && root.getAttribute('data-messages')) || '{}'); } catch (e) { return {}; }
  }
  /** The text of `key`, its `{name}` holes filled from `vars`.
   *  @param {MsgKey} key @param {Record<string, string | number>} [vars] @returns {string} */
  function t(key, vars) {
    var s = MESSAGES[key] || key;
    if (vars) {
      Object.keys(vars).forEach(function (k) { s = s.split('{' + k + '}').join(String(vars[k])); });
    }
    return s;
  }

  /* Code lists; the codes of kinds, tiers and risk classes are also their message keys. */
  /** @type {MsgKey[]} */
  var KINDS = ['retail', 'corporate'];
  /** @type {MsgKey[]} */
  var TIERS = ['vip', 'key', 'ordinary', 'below_cost'];
  var LEVELS = ['none', 'yellow', 'orange', 'red'];
  /** @type {MsgKey[]} */
  var RISKS = ['normal', 'watch', 'doubtful', 'exit'];
  /** @type {MsgKey[]} */
  var LEVEL_KEYS = ['lv_none', 'yellow', 'orange', 'red'];
  /** Churn reason code → its message. @type {Record<string, MsgKey>} */
  var REASONS = {
    FUNDS30: 'reason_code_funds30',
    FUNDS60: 'reason_code_funds60',
    TXN0: 'reason_code_txn0',
    TXN50: 'reason_code_txn50',
    PRODUCT_LOST: 'reason_code_product_lost',
    NO_CONTACT90: 'reason_code_no_contact90',
    NO_CONTACT180: 'reason_code_no_contact180',
    MANAGER_LEFT: 'reason_code_manager_left',
    UNASSIGNED: 'reason_code_unassigned',
    COMPLAINTS1: 'reason_code_complaints1',
    COMPLAINTS3: 'reason_code_complaints3'
  };
  /** GB/T 4754 section → its message. @type {Record<string, MsgKey>} */
  var INDUSTRIES = {
    A: 'industry_section_a', B: 'industry_section_b', C: 'industry_section_c', D: 'industry_section_d',
    E: 'industry_section_e', F: 'industry_section_f', G: 'industry_section_g', H: 'industry_section_h',
    I: 'industry_section_i', J: 'industry_section_j', K: 'industry_section_k', L: 'industry_section_l',
    M: 'industry_section_m', N: 'industry_section_n', O: 'industry_section_o', P: 'industry_section_p',
    Q: 'industry_section_q', R: 'industry_section_r', S: 'industry_section_s', T: 'industry_section_t'
  };
  /** The text of a churn reason code (the code itself when unknown). @param {string} code */
  function reasonText(code) { return REASONS[code] ? t(REASONS[code]) : code; }
  /** The name of an industry section (the letter itself when unknown). @param {string} letter */
  function industryText(letter) { return INDUSTRIES[letter] ? t(INDUSTRIES[letter]) : letter; }

  /** Scoring parameters shown in the form: [section, key, label, step]. Integer keys have
     step 1. @type {[string, string, MsgKey, number][]} */
  var PARAMS = [
    ['contribution', 'deposit_spread', 'param_deposit_spread', 0.001],
    ['contribution', 'loan_spread', 'param_loan_spread', 0.001],
    ['contribution', 'aum_fee_rate', 'param_aum_fee_rate', 0.001],
    ['contribution', 'cost_per_customer_retail', 'param_cost_per_customer_retail', 1],
    ['contribution', 'cost_per_customer_corporate', 'param_cost_per_customer_corporate', 1],
    ['contribution', 'cost_per_txn', 'param_cost_per_txn', 0.1],
    ['contribution', 'credit_cost_rate.normal', 'param_credit_cost_rate_normal', 0.001],
    ['contribution', 'credit_cost_rate.special', 'param_credit_cost_rate_special', 0.001],
    ['contribution', 'credit_cost_rate.substandard', 'param_credit_cost_rate_substandard', 0.001],
    ['contribution', 'credit_cost_rate.doubtful', 'param_credit_cost_rate_doubtful', 0.001],
    ['contribution', 'credit_cost_rate.loss', 'param_credit_cost_rate_loss', 0.001],
    ['tiers', 'vip_share', 'param_vip_share', 0.01],
    ['tiers', 'key_share', 'param_key_share', 0.01],
    ['tiers', 'window', 'param_window', 1],
    ['tiers', 'rising_factor', 'param_rising_factor', 0.1],
    ['churn', 'funds_min_baseline', 'param_funds_min_baseline', 100],
    ['churn', 'funds_drop_1', 'param_funds_drop_1', 0.05],
    ['churn', 'funds_drop_1_points', 'param_funds_drop_1_points', 1],
    ['churn', 'funds_drop_2', 'param_funds_drop_2', 0.05],
    ['churn', 'funds_drop_2_points', 'param_funds_drop_2_points', 1],
    ['churn', 'txn_min_baseline', 'param_txn_min_baseline', 1],
    ['churn', 'txn_zero_points', 'param_txn_zero_points', 1],
    ['churn', 'txn_half_ratio', 'param_txn_half_ratio', 0.05],
    ['churn', 'txn_half_points', 'param_txn_half_points', 1],
    ['churn', 'product_lost_points', 'param_product_lost_points', 1],
    ['churn', 'no_contact_days_1', 'param_no_contact_days_1', 1],
    ['churn', 'no_contact_1_points', 'param_no_contact_1_points', 1],
    ['churn', 'no_contact_days_2', 'param_no_contact_days_2', 1],
    ['churn', 'no_contact_2_points', 'param_no_contact_2_points', 1],
    ['churn', 'manager_left_points', 'param_manager_left_points', 1],
    ['churn', 'unassigned_points', 'param_unassigned_points', 1],
    ['churn', 'complaints_window', 'param_complaints_window', 1],
    ['churn', 'complaints_1', 'param_complaints_1', 1],
    ['churn', 'complaints_1_points', 'param_complaints_1_points', 1],
    ['churn', 'complaints_2', 'param_complaints_2', 1],
    ['churn', 'complaints_2_points', 'param_complaints_2_points', 1],
    ['churn', 'cap', 'param_cap', 1],
    ['churn', 'level_yellow', 'param_level_yellow', 1],
    ['churn', 'level_orange', 'param_level_orange', 1],
    ['churn', 'level_red', 'param_level_red', 1],
    ['churn', 'baseline_window', 'param_baseline_window', 1],
    ['risk', 'exit_doubtful_overdue_days', 'param_exit_doubtful_overdue_days', 1],
    ['risk', 'doubtful_overdue_days', 'param_doubtful_overdue_days', 1],
    ['risk', 'watch_funds_drop', 'param_watch_funds_drop', 0.05]
  ];
