//! Prices: every priced line is its unit price times its quantity, and a total the sum of its
//! lines.

use rust_decimal::Decimal;

use crate::kernel::{Money, System, Text};

use super::super::read_models::priced_order::PricedOrderEntry;
use super::super::ConferenceContext;
use super::{by_key, entries_of, PRICED_ORDER};

/// Every priced line is its unit price times its quantity, and the total is the sum of the lines.
pub(super) fn priced_order_violations(system: &System<ConferenceContext>) -> Vec<String> {
    let mut violations = Vec::new();
    let Some(entries) = entries_of::<PricedOrderEntry>(system, PRICED_ORDER, &mut violations)
    else {
        return violations;
    };
    violations.extend(by_key(
        entries.iter().map(|(k, v)| (k, &**v)),
        |order_id, entry, violations| {
            let lines = entry.lines.iter().map(|line| {
                let (seat_type, quantity) = (&line.seat_type, line.quantity);
                (seat_type, quantity, line.unit_price, line.line_total)
            });
            mispriced(order_id, lines, entry.total, violations);
        },
    ));
    violations
}

/// What is wrong with an order's prices as shown: each line (seat type, quantity, unit price,
/// line total) is its unit price times its quantity, the total (`None`: not priced yet) the sum
/// of the lines. The PricedOrder read model's entries are judged by it, and so are totals told
/// where they were read, so that what the entry shows of them is known to repeat them.
pub(super) fn mispriced<'l>(
    order_id: &str,
    lines: impl Iterator<Item = (&'l Text, i64, Money, Money)>,
    total: Option<Money>,
    violations: &mut Vec<String>,
) {
    // `None` once the sum cannot be counted: the total is then not compared.
    let mut sum = Some(Decimal::ZERO);
    for (i, (seat_type, quantity, unit_price, line_total)) in lines.enumerate() {
        let position = i + 1;
        match unit_price.decimal().checked_mul(Decimal::from(quantity)) {
            // Decimals compare by value, so 398 equals 398.00.
            Some(product) if product == line_total.decimal() => {}
            Some(product) => violations.push(format!(
                "priced order {order_id}: line {position} ({seat_type}) totals {line_total}, \
                 but {quantity} × {unit_price} = {}",
                amount(product)
            )),
            None => violations.push(format!(
                "priced order {order_id}: line {position} ({seat_type}) totals {line_total}, \
                 but {quantity} × {unit_price} is beyond any amount of money"
            )),
        }
        sum = sum.and_then(|s| s.checked_add(line_total.decimal()));
    }
    // Not priced yet: there is no total to check.
    let (Some(total), Some(sum)) = (total, sum) else {
        return;
    };
    if total.decimal() != sum {
        violations.push(format!(
            "priced order {order_id} totals {total}, but its lines add up to {}",
            amount(sum)
        ));
    }
}

/// A decimal written as money is, with at least two places (`398.00`).
pub(super) fn amount(mut decimal: Decimal) -> String {
    if decimal.scale() < 2 {
        decimal.rescale(2);
    }
    decimal.to_string()
}
