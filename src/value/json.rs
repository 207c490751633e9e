//! Numbers as the dataset writes them in JSON: integral values without a fraction.

use serde::Serializer;
use serde_json::Value;

/// Serialises whole floats as integers (4108 rather than 4108.0), as the forms write them.
pub fn ser_num<S: Serializer>(v: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        None => s.serialize_none(),
        Some(x) => s.serialize_some(&num_json(*x)),
    }
}

/// A float as JSON: integral values without a fraction, others rounded to 10 significant decimals.
pub fn num_json(x: f64) -> Value {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        Value::from(x as i64)
    } else {
        let r = (x * 1e10).round() / 1e10;
        serde_json::Number::from_f64(r)
            .map(Value::Number)
            .unwrap_or(Value::Null)
    }
}
