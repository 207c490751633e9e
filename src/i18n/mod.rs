//! Chinese and English for what people read: finding messages, rule titles and
//! summaries, the review page, the workbook's sheets and headers, the summary line.
//! Codes, CSV columns, SQLite names and JSON keys are not translated.
//!
//! The words live in one catalogue file per language (`en.toml`, `zh.toml`), sections of
//! `key = "template"`. A template holds `{name}` placeholders and optional parts in
//! `[…]`, left out when a placeholder inside has no value, so that one template serves a
//! message with and without, say, a money unit. A rule builds its message as a [`Msg`]
//! (a key and its arguments) and the finding keeps it rendered in both languages.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// A language of the catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    En,
    Zh,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Zh];

    pub fn parse(s: &str) -> Option<Lang> {
        match s.trim().to_ascii_lowercase().as_str() {
            "en" => Some(Lang::En),
            "zh" => Some(Lang::Zh),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
        }
    }

    /// The language of the locale: the first of LC_ALL, LC_MESSAGES and LANG that is set
    /// (POSIX's order), Chinese when it starts with `zh`, else English.
    pub fn from_env() -> Lang {
        let var = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
        Lang::from_locale(
            var("LC_ALL")
                .or_else(|| var("LC_MESSAGES"))
                .or_else(|| var("LANG"))
                .as_deref(),
        )
    }

    pub fn from_locale(locale: Option<&str>) -> Lang {
        match locale {
            Some(l) if l.to_ascii_lowercase().starts_with("zh") => Lang::Zh,
            _ => Lang::En,
        }
    }

    /// The chosen language: `--lang` when given, else the locale's.
    pub fn resolve(given: Option<&str>) -> Lang {
        given.and_then(Lang::parse).unwrap_or_else(Lang::from_env)
    }

    /// The template `section.key`; the English one where this language lacks it.
    pub fn template(self, section: &str, key: &str) -> Option<&'static str> {
        let find = |l: Lang| {
            catalogue(l)
                .get(section)
                .and_then(|s| s.get(key))
                .map(String::as_str)
        };
        find(self).or_else(|| find(Lang::En))
    }

    /// `section.key` filled with `args`, as text.
    pub fn fill(self, section: &str, key: &str, args: &[(&str, &dyn std::fmt::Display)]) -> String {
        let args: Vec<(&str, String)> = args.iter().map(|(k, v)| (*k, v.to_string())).collect();
        match self.template(section, key) {
            Some(t) => render(t, &|name| {
                args.iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| v.clone())
            }),
            None => format!("{section}.{key}"),
        }
    }

    /// A word or phrase with no arguments, e.g. `("severity", "error")`.
    pub fn word(self, section: &str, key: &str) -> String {
        self.fill(section, key, &[])
    }
}

/// The catalogue of a language: section → key → template.
pub type Catalogue = BTreeMap<String, BTreeMap<String, String>>;

/// The catalogue of `lang`, parsed once. The files are part of the binary and checked by
/// the tests, so a catalogue that does not parse is a build defect: it reads as empty,
/// and every text falls back to English or to its key.
pub fn catalogue(lang: Lang) -> &'static Catalogue {
    static EN: OnceLock<Catalogue> = OnceLock::new();
    static ZH: OnceLock<Catalogue> = OnceLock::new();
    let (cell, text) = match lang {
        Lang::En => (&EN, include_str!("en.toml")),
        Lang::Zh => (&ZH, include_str!("zh.toml")),
    };
    cell.get_or_init(|| toml::from_str(text).unwrap_or_default())
}

/// Fills a template: `{name}` from `arg`, `[…]` kept only when every placeholder inside
/// has a value. A placeholder without a value outside `[…]` stays as written, so that a
/// missing argument shows.
pub fn render(template: &str, arg: &dyn Fn(&str) -> Option<String>) -> String {
    let mut out = String::new();
    let mut group: Option<(String, bool)> = None;
    let mut rest = template;
    while let Some(c) = rest.chars().next() {
        rest = &rest[c.len_utf8()..];
        let piece = match c {
            '[' => {
                group = Some((String::new(), true));
                continue;
            }
            ']' => {
                if let Some((text, complete)) = group.take() {
                    if complete {
                        out.push_str(&text);
                    }
                }
                continue;
            }
            '{' => match rest.split_once('}') {
                Some((name, after)) if is_name(name) => {
                    rest = after;
                    match (arg(name), &mut group) {
                        (Some(v), _) => v,
                        (None, Some((_, complete))) => {
                            *complete = false;
                            String::new()
                        }
                        (None, None) => format!("{{{name}}}"),
                    }
                }
                _ => c.to_string(),
            },
            _ => c.to_string(),
        };
        match &mut group {
            Some((text, _)) => text.push_str(&piece),
            None => out.push_str(&piece),
        }
    }
    if let Some((text, true)) = group {
        out.push_str(&text);
    }
    out
}

fn is_name(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The placeholders of a template, in order.
pub fn placeholders(template: &str) -> Vec<String> {
    let out = std::cell::RefCell::new(Vec::new());
    render(template, &|name| {
        out.borrow_mut().push(name.to_string());
        Some(String::new())
    });
    out.into_inner()
}

/// A message to be rendered in either language: the template `section.key` and its
/// arguments.
#[derive(Debug, Clone)]
pub struct Msg {
    section: &'static str,
    key: Cow<'static, str>,
    args: Vec<(&'static str, Arg)>,
}

#[derive(Debug, Clone)]
enum Arg {
    Text(String),
    /// Another message, in the same language.
    Part(Msg),
    /// Messages joined by the `common` template named here.
    List(Vec<Msg>, &'static str),
}

impl Msg {
    pub fn new(section: &'static str, key: impl Into<Cow<'static, str>>) -> Msg {
        Msg {
            section,
            key: key.into(),
            args: Vec::new(),
        }
    }

    /// A value shown as is in every language (a label, a figure as written).
    pub fn arg(mut self, name: &'static str, value: impl std::fmt::Display) -> Msg {
        self.args.push((name, Arg::Text(value.to_string())));
        self
    }

    /// A value that may be missing: the `[…]` parts around it are then left out.
    pub fn opt(self, name: &'static str, value: Option<impl std::fmt::Display>) -> Msg {
        match value {
            Some(v) => self.arg(name, v),
            None => self,
        }
    }

    /// A word of the catalogue (`section.key`), shown in the message's language.
    pub fn word(
        self,
        name: &'static str,
        section: &'static str,
        key: impl Into<Cow<'static, str>>,
    ) -> Msg {
        self.part(name, Msg::new(section, key))
    }

    /// Another message, shown in the message's language.
    pub fn part(mut self, name: &'static str, msg: Msg) -> Msg {
        self.args.push((name, Arg::Part(msg)));
        self
    }

    /// Messages joined by the `common.{sep}` template (" + ", " and ", …).
    pub fn list(mut self, name: &'static str, items: Vec<Msg>, sep: &'static str) -> Msg {
        self.args.push((name, Arg::List(items, sep)));
        self
    }

    pub fn render(&self, lang: Lang) -> String {
        let Some(template) = lang.template(self.section, &self.key) else {
            return format!("{}.{}", self.section, self.key);
        };
        render(template, &|name| {
            let (_, a) = self.args.iter().find(|(k, _)| *k == name)?;
            Some(match a {
                Arg::Text(s) => s.clone(),
                Arg::Part(m) => m.render(lang),
                Arg::List(items, sep) => {
                    let sep = lang.word("common", sep);
                    items
                        .iter()
                        .map(|m| m.render(lang))
                        .collect::<Vec<_>>()
                        .join(&sep)
                }
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_fill_and_drop_optional_parts() {
        let args = |name: &str| match name {
            "a" => Some("1".to_string()),
            "u" => Some("万元".to_string()),
            _ => None,
        };
        assert_eq!(render("x {a}[ {u}] y", &args), "x 1 万元 y");
        assert_eq!(render("x {a}[（{p}%）] y", &args), "x 1 y");
        assert_eq!(render("{missing} {a}", &args), "{missing} 1");
        assert_eq!(render("{ not a name } [", &args), "{ not a name } ");
        assert_eq!(placeholders("{a}：[{b} ]{c}"), ["a", "b", "c"]);
    }

    #[test]
    fn locale_picks_the_language() {
        assert_eq!(Lang::from_locale(Some("zh_CN.UTF-8")), Lang::Zh);
        assert_eq!(Lang::from_locale(Some("zh_TW")), Lang::Zh);
        assert_eq!(Lang::from_locale(Some("en_US.UTF-8")), Lang::En);
        assert_eq!(Lang::from_locale(Some("C")), Lang::En);
        assert_eq!(Lang::from_locale(None), Lang::En);
        assert_eq!(Lang::resolve(Some("zh")), Lang::Zh);
        assert_eq!(Lang::parse("EN"), Some(Lang::En));
        assert_eq!(Lang::parse("fr"), None);
    }

    #[test]
    fn messages_render_parts_and_lists_in_their_language() {
        let m = Msg::new("F003", "message")
            .arg("label", "年度资金总额")
            .word("column", "words", "budget")
            .arg("total", "100")
            .list(
                "terms",
                vec![
                    Msg::new("F003", "term")
                        .arg("label", "中央")
                        .arg("value", "60"),
                    Msg::new("F003", "term")
                        .arg("label", "地方")
                        .arg("value", "30"),
                ],
                "plus",
            )
            .arg("sum", "90");
        assert_eq!(
            m.render(Lang::En),
            "年度资金总额: budget 100 ≠ 中央 60 + 地方 30 = 90"
        );
        let zh = m.render(Lang::Zh);
        assert!(
            zh.contains("预算数") && zh.contains("中央 60 + 地方 30"),
            "{zh}"
        );
    }

    /// Both catalogues parse and hold the same sections and keys, and a key's templates
    /// take the same placeholders in both (a rule supplies one set of arguments).
    #[test]
    fn catalogues_agree() {
        let (en, zh) = (catalogue(Lang::En), catalogue(Lang::Zh));
        assert!(en.len() > 5 && zh.len() > 5, "the catalogues parse");
        for (section, keys) in en {
            for (key, t) in keys {
                let Some(z) = zh.get(section).and_then(|s| s.get(key)) else {
                    panic!("zh.toml lacks {section}.{key}");
                };
                let (mut a, mut b) = (placeholders(t), placeholders(z));
                a.sort();
                a.dedup();
                b.sort();
                b.dedup();
                assert!(
                    a.iter().all(|p| b.contains(p)),
                    "{section}.{key}: en uses {a:?}, zh {b:?}"
                );
            }
        }
        for (section, keys) in zh {
            for key in keys.keys() {
                let in_en = en.get(section).is_some_and(|s| s.contains_key(key));
                assert!(in_en || key == "summary", "en.toml lacks {section}.{key}");
            }
        }
    }
}
