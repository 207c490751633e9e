//! The counts of the line printed at the end of a run.

use crate::i18n::Lang;
use crate::output::RecordSource;
use crate::record::{Severity, Status};

/// Files by status, forms, and findings by severity, over a whole dataset.
pub struct Summary {
    files: usize,
    status: [usize; 3],
    forms: usize,
    by_severity: [(Severity, usize); 3],
}

impl Summary {
    pub fn of(records: &dyn RecordSource) -> std::io::Result<Summary> {
        let mut t = Summary {
            files: 0,
            status: [0; 3],
            forms: 0,
            by_severity: [
                (Severity::Error, 0),
                (Severity::Warning, 0),
                (Severity::Info, 0),
            ],
        };
        records.each(&mut |r| {
            t.files += 1;
            let k = match r.status {
                Status::Ok => 0,
                Status::Partial => 1,
                Status::Failed => 2,
            };
            if let Some(c) = t.status.get_mut(k) {
                *c += 1;
            }
            t.forms += r.reports.len();
            for f in &r.findings {
                for (s, n) in t.by_severity.iter_mut() {
                    if *s == f.severity {
                        *n += 1;
                    }
                }
            }
            Ok(())
        })?;
        Ok(t)
    }

    /// Whether a finding of `severity` or worse exists (`--fail-on`).
    pub fn has_findings_from(&self, severity: Severity) -> bool {
        self.by_severity
            .iter()
            .any(|(s, n)| *s >= severity && *n > 0)
    }

    pub fn line(&self, lang: Lang) -> String {
        let [ok, partial, failed] = self.status;
        let [(_, e), (_, w), (_, i)] = self.by_severity;
        lang.fill(
            "summary",
            "line",
            &[
                ("files", &self.files),
                ("ok", &ok),
                ("partial", &partial),
                ("failed", &failed),
                ("forms", &self.forms),
                ("error", &e),
                ("warning", &w),
                ("info", &i),
            ],
        )
    }
}
