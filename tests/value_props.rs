//! Property tests for value parsing: round trips, intervals and robustness on any input.

use jixiao::value::{
    interval, met, parse_amount, parse_number, parse_rate, parse_value, Num, Op, Parsed,
};
use proptest::prelude::*;

/// Inserts a thousands separator every three integer digits.
fn group(s: &str) -> String {
    let (sign, body) = match s.strip_prefix('-') {
        Some(b) => ("-", b),
        None => ("", s),
    };
    let (int, frac) = match body.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    match frac {
        Some(f) => format!("{sign}{out}.{f}"),
        None => format!("{sign}{out}"),
    }
}

/// ASCII digits and punctuation to their full-width forms.
fn fullwidth(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '!'..='~' => char::from_u32(c as u32 + 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .collect()
}

fn ops() -> impl Strategy<Value = Op> {
    prop_oneof![
        Just(Op::Ge),
        Just(Op::Le),
        Just(Op::Gt),
        Just(Op::Lt),
        Just(Op::Eq),
        Just(Op::Approx),
        Just(Op::Range),
        Just(Op::NotBelowLastYear),
        Just(Op::NotAboveLastYear),
        Just(Op::Qualitative),
        Just(Op::Text),
    ]
}

fn any_f64() -> impl Strategy<Value = f64> {
    prop_oneof![
        any::<f64>(),
        -1e6f64..1e6,
        Just(f64::NAN),
        Just(f64::INFINITY),
        Just(0.0)
    ]
}

fn parsed() -> impl Strategy<Value = Parsed> {
    (
        ".{0,20}",
        ops(),
        proptest::option::of(any_f64()),
        proptest::option::of(any_f64()),
        proptest::option::of(prop_oneof![
            Just("%".to_string()),
            Just("万人".to_string()),
            Just("人".to_string()),
            Just("元".to_string()),
            Just("亿元".to_string()),
            Just("万".to_string()),
            ".{0,4}",
        ]),
    )
        .prop_map(|(raw, op, value, value_hi, unit)| Parsed {
            raw,
            op,
            value,
            value_hi,
            unit,
        })
}

/// Text shaped like value cells, so that the parsers' deeper paths are reached.
fn value_like() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            Just("≥"),
            Just("≦"),
            Just("不低于"),
            Just("上年"),
            Just("以上"),
            Just("左右"),
            Just("%"),
            Just("万人"),
            Just("元/"),
            Just("个月"),
            Just("-"),
            Just("—"),
            Just("至"),
            Just("("),
            Just(")"),
            Just("。"),
            Just(","),
            Just("."),
            Just("年"),
            Just("月"),
            Just("*"),
            Just("１"),
            Just("0"),
            Just("9"),
            Just("12"),
            Just("2020"),
            Just("明显提高"),
            Just("未完成"),
        ],
        0..10,
    )
    .prop_map(|parts| parts.concat())
}

proptest! {
    #[test]
    fn number_round_trips(
        x in -1e12f64..1e12,
        decimals in 0usize..6,
        sep in any::<bool>(),
        wide in any::<bool>(),
    ) {
        let written = format!("{x:.decimals$}");
        let mut text = if sep { group(&written) } else { written.clone() };
        if wide {
            text = fullwidth(&text);
        }
        let n = parse_number(&text);
        prop_assert!(n.is_some(), "{text:?} did not parse");
        let n = n.unwrap_or(Num { value: f64::NAN, decimals: 0 });
        let expected: f64 = written.parse().unwrap_or(f64::NAN);
        prop_assert_eq!(n.value, expected);
        prop_assert_eq!(n.decimals as usize, decimals);
    }

    #[test]
    fn amount_round_trips(
        x in 0f64..1e9,
        unit in prop_oneof![Just(""), Just("元"), Just("万元"), Just("万"), Just("亿元")],
    ) {
        let written = format!("{x:.2}");
        let text = format!("{}{unit}", group(&written));
        let a = parse_amount(&text);
        prop_assert!(a.is_some(), "{text:?} did not parse");
        if let Some(a) = a {
            prop_assert_eq!(a.num.value, written.parse::<f64>().unwrap_or(f64::NAN));
            prop_assert_eq!(a.unit.is_some(), !unit.is_empty());
        }
    }

    #[test]
    fn interval_contains_value(mantissa in -1_000_000_000_000i64..1_000_000_000_000, decimals in 0u32..4) {
        // Numbers as written: at most 15 significant digits, so the interval's ends are
        // distinct doubles.
        let scale = 10f64.powi(decimals as i32);
        let x = mantissa as f64 / scale;
        let (lo, hi) = interval(Num { value: x, decimals });
        prop_assert!(lo < x && x < hi, "{lo} {x} {hi}");
        let width = 1.0 / scale;
        // The subtraction loses what the magnitude of x leaves of the width's precision.
        let slack = x.abs().max(1.0) * f64::EPSILON * 4.0;
        prop_assert!(((hi - lo) - width).abs() <= slack, "{lo} {hi} {width}");
    }

    #[test]
    fn rate_of_formatted_percent(x in -1000f64..1000.0) {
        let r = parse_rate(&format!("{x:.2}%"));
        prop_assert!(r.is_some());
        if let Some(r) = r {
            prop_assert!((r.value - x).abs() <= 0.005 + 1e-9);
            prop_assert_eq!(r.decimals, 2);
        }
    }

    #[test]
    fn rate_of_fraction(x in 0f64..1.5) {
        let r = parse_rate(&format!("{x:.4}"));
        prop_assert!(r.is_some());
        if let Some(r) = r {
            prop_assert!((r.value - x * 100.0).abs() <= 0.005 + 1e-9);
            prop_assert_eq!(r.decimals, 2);
        }
    }

    #[test]
    fn parse_value_reads_plain_percent(
        x in 0f64..1000.0,
        op in prop_oneof![Just(("≥", Op::Ge)), Just(("≤", Op::Le)), Just(("", Op::Eq))],
    ) {
        let raw = format!("{}{x:.2}%", op.0);
        let p = parse_value(&raw);
        prop_assert_eq!(p.op, op.1);
        prop_assert_eq!(p.unit.as_deref(), Some("%"));
        let v = p.value.unwrap_or(f64::NAN);
        prop_assert!((v - x).abs() <= 0.005 + 1e-9);
        prop_assert_eq!(p.raw, raw);
    }

    #[test]
    fn never_panics_on_any_string(s in ".{0,40}") {
        let _ = parse_number(&s);
        let _ = parse_amount(&s);
        let _ = parse_rate(&s);
        let p = parse_value(&s);
        prop_assert_eq!(&p.raw, &s);
        let _ = met(&p, &p);
    }

    #[test]
    fn never_panics_on_value_like_text(t in value_like(), a in value_like()) {
        let _ = parse_number(&t);
        let _ = parse_amount(&t);
        let _ = parse_rate(&t);
        let (pt, pa) = (parse_value(&t), parse_value(&a));
        if let (Some(lo), Some(hi)) = (pt.value, pt.value_hi) {
            prop_assert!(lo <= hi);
        }
        let _ = met(&pt, &pa);
    }

    #[test]
    fn met_never_panics(t in parsed(), a in parsed()) {
        let _ = met(&t, &a);
    }
}
