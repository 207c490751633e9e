//! The value parser: numbers, amounts, rates, targets and `met` on arbitrary text.
#![no_main]

use jixiao::value::{met, parse_amount, parse_number, parse_rate, parse_value};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let s = String::from_utf8_lossy(data);
    let (a, b) = s.split_at(s.char_indices().nth(s.chars().count() / 2).map_or(0, |(i, _)| i));
    let _ = parse_number(&s);
    let _ = parse_amount(&s);
    let _ = parse_rate(&s);
    let (t, x) = (parse_value(a), parse_value(b));
    let _ = met(&t, &x);
});
