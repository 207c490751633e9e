//! The rule registry (placeholder until the rules land).
use crate::normalize::Patterns;
use crate::record::{Finding, Record};

#[derive(Clone, Debug)]
pub struct RuleConfig {
    pub underexecution_threshold: f64,
}
impl Default for RuleConfig {
    fn default() -> Self {
        RuleConfig {
            underexecution_threshold: 90.0,
        }
    }
}
pub struct CheckContext<'a> {
    pub patterns: &'a Patterns,
    pub config: &'a RuleConfig,
}
pub fn check_record(_record: &Record, _ctx: &CheckContext) -> Vec<Finding> {
    Vec::new()
}
pub struct Rule {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: crate::record::Severity,
    pub summary: &'static str,
    pub doc: &'static str,
    pub check: fn(&Record, &CheckContext) -> Vec<Finding>,
}
pub fn registry() -> &'static [Rule] {
    &[]
}
pub fn find(code: &str) -> Option<&'static Rule> {
    registry()
        .iter()
        .find(|r| r.code.eq_ignore_ascii_case(code))
}
