//! Older stored forms of conference events and the steps that bring them to the current form
//! (and back, for writing older forms in tests and simulations), as the catalog's table lists.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde_json::{Map, Value};

use crate::kernel::{Money, Recorded, Upcaster, Upcasters};

/// Every upcaster of the conference domain, with the current version of each changed event.
pub fn upcasters() -> Upcasters {
    Upcasters::default()
        .current("OrderConfirmed", 2)
        .current("OrderTotalsCalculated", 2)
        .current("SeatCreated", 2)
        .current("SeatUpdated", 2)
        .step(Upcaster {
            // The CQRS Journey's V3 release renamed the event; its fields stayed the same.
            from: ("OrderPaymentConfirmed", 1),
            to: ("OrderConfirmed", 2),
            up: same_fields,
            down: same_fields,
            replaced_fields: &[],
        })
        .step(Upcaster {
            // Zero-cost seats came later: before them no order was free of charge unless its
            // total was zero.
            from: ("OrderTotalsCalculated", 1),
            to: ("OrderTotalsCalculated", 2),
            up: free_of_charge_from_total,
            down: drop_free_of_charge,
            replaced_fields: &[],
        })
        .step(Upcaster {
            from: ("SeatCreated", 1),
            to: ("SeatCreated", 2),
            up: price_from_cents,
            down: price_to_cents,
            replaced_fields: &[("price_cents", "price")],
        })
        .step(Upcaster {
            from: ("SeatUpdated", 1),
            to: ("SeatUpdated", 2),
            up: price_from_cents,
            down: price_to_cents,
            replaced_fields: &[("price_cents", "price")],
        })
}

fn fields(payload: Value) -> Result<Map<String, Value>, String> {
    match payload {
        Value::Object(fields) => Ok(fields),
        other => Err(format!(
            "the payload is {}, expected an object of fields",
            crate::kernel::shortened(&other.to_string(), 120)
        )),
    }
}

fn same_fields(payload: Value, _: &Recorded) -> Result<Value, String> {
    fields(payload).map(Value::Object)
}

/// A field holding an amount of money, written as a JSON string or number.
fn money_field(fields: &Map<String, Value>, name: &str) -> Result<Money, String> {
    let value = fields
        .get(name)
        .ok_or_else(|| format!("missing field `{name}` (expected an amount of money)"))?;
    serde_json::from_value(value.clone())
        .map_err(|_| format!("`{name}` is {value}, expected an amount of money such as 199.00"))
}

/// A field the older form never had is refused rather than overwritten by the one the upcaster
/// derives: a stored form holding both is not the version it says, and which of the two it
/// meant cannot be told.
fn not_in_version_1(fields: &Map<String, Value>, name: &str, instead: &str) -> Result<(), String> {
    match fields.contains_key(name) {
        true => Err(format!(
            "version 1 has no `{name}` (it came with version 2): {instead}"
        )),
        false => Ok(()),
    }
}

fn free_of_charge_from_total(payload: Value, _: &Recorded) -> Result<Value, String> {
    let mut fields = fields(payload)?;
    not_in_version_1(
        &fields,
        "is_free_of_charge",
        "in version 1 an order is free exactly when its `total` is 0",
    )?;
    let total = money_field(&fields, "total")?;
    fields.insert("is_free_of_charge".into(), Value::Bool(total.is_zero()));
    Ok(Value::Object(fields))
}

/// Version 1 can only say "free" through a zero total, so an event that says otherwise has no
/// version 1 form.
fn drop_free_of_charge(payload: Value, _: &Recorded) -> Result<Value, String> {
    let mut fields = fields(payload)?;
    let total = money_field(&fields, "total")?;
    let free = match fields.remove("is_free_of_charge") {
        Some(Value::Bool(free)) => free,
        Some(other) => {
            return Err(format!(
                "`is_free_of_charge` is {other}, expected true or false"
            ))
        }
        None => return Err("missing field `is_free_of_charge` (expected true or false)".into()),
    };
    if free != total.is_zero() {
        return Err(format!(
            "`is_free_of_charge` is {free} with a total of {total}: version 1 cannot express it \
             (it is free exactly when the total is 0)"
        ));
    }
    Ok(Value::Object(fields))
}

fn price_from_cents(payload: Value, _: &Recorded) -> Result<Value, String> {
    let mut fields = fields(payload)?;
    not_in_version_1(
        &fields,
        "price",
        "version 1 gives the price as `price_cents`, a whole number of cents",
    )?;
    let cents = match fields.remove("price_cents") {
        Some(value) => value.as_i64().ok_or_else(|| {
            // A whole number past 64 bits reaches here as a float (`1.99e+29`): say so, rather
            // than call it not whole.
            // `4900.0` is whole but written as a fraction; only past i64 is a number too large.
            match value.as_f64() {
                Some(n) if n.fract() == 0.0 && n.abs() >= i64::MAX as f64 => format!(
                    "`price_cents` is too large a number of cents (at most {})",
                    crate::kernel::readable_number(i64::MAX.into())
                ),
                _ => format!(
                    "`price_cents` is {value}, expected a whole number of cents such as 19900"
                ),
            }
        })?,
        None => {
            return Err(
                "missing field `price_cents` (expected a whole number of cents such as 19900)"
                    .into(),
            )
        }
    };
    fields.insert(
        "price".into(),
        Value::String(Money::from_cents(cents).to_string()),
    );
    Ok(Value::Object(fields))
}

fn price_to_cents(payload: Value, _: &Recorded) -> Result<Value, String> {
    let mut fields = fields(payload)?;
    let price = money_field(&fields, "price")?;
    let cents = whole_cents(price)?;
    fields.remove("price");
    fields.insert("price_cents".into(), Value::from(cents));
    Ok(Value::Object(fields))
}

/// The price in cents, if it is a whole number of them that version 1 can store.
fn whole_cents(price: Money) -> Result<i64, String> {
    // Checked arithmetic: a price read from a payload may be as large as a decimal allows.
    price
        .decimal()
        .checked_mul(Decimal::ONE_HUNDRED)
        .filter(|cents| cents.fract().is_zero())
        .and_then(|cents| cents.to_i64())
        .ok_or_else(|| {
            format!(
                "`price` is {price}, which is not a whole number of cents that fits version 1's \
                 integer `price_cents`"
            )
        })
}
