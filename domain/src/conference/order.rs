//! The `Order` aggregate: a registrant's order for seats of one conference, from placing and
//! pricing through reservation to confirmation or expiry. One stream per order, `Order/<order_id>`.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::kernel::{
    minutes, Aggregate, Context, CouldRecord, Instant, Message, Money, Rejection, Text,
};

use super::prices::ConferencePrices;
use super::{
    AssignRegistrantDetails, ConferenceCommand, ConferenceContext, ConferenceEvent, ConfirmOrder,
    MarkSeatsAsReserved, OrderConfirmed, OrderExpired, OrderLine, OrderPartiallyReserved,
    OrderPlaced, OrderRegistrantAssigned, OrderReservationCompleted, OrderTotalsCalculated,
    OrderUpdated, PersonalInfo, RegisterToConference, RejectOrder, SeatQuantities, SeatQuantity,
};

/// How long a new order's seats are held before the registration process gives them up.
pub const RESERVATION_HOLD_MINUTES: i64 = 15;

/// Where an order stands, in the words of the catalog's `DraftOrder` states.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum OrderStatus {
    /// No order was placed under this id.
    #[default]
    NotPlaced,
    PendingReservation,
    PartiallyReserved,
    ReservationCompleted,
    /// Given up: its seats were released, so it cannot come back.
    Expired,
    Confirmed,
}

/// What an order must remember to decide, rebuilt from its own events alone.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct OrderState {
    pub status: OrderStatus,
    pub conference_id: Text,
    /// The seats as last placed, updated or reserved.
    pub seats: SeatQuantities,
    pub access_code: Text,
    pub registrant: Option<PersonalInfo>,
}

impl OrderState {
    fn is_placed(&self) -> bool {
        self.status != OrderStatus::NotPlaced
    }
}

/// The aggregate, one instance per `order_id`; it prices with the seat prices the orders context
/// caches from conference management.
pub struct Order;

impl Aggregate<ConferenceContext> for Order {
    const NAME: &'static str = "Order";
    const COMMANDS: &'static [&'static str] = &[
        "RegisterToConference",
        "MarkSeatsAsReserved",
        "RejectOrder",
        "AssignRegistrantDetails",
        "ConfirmOrder",
    ];
    const EVENTS: &'static [&'static str] = &[
        "OrderPlaced",
        "OrderUpdated",
        "OrderTotalsCalculated",
        "OrderPartiallyReserved",
        "OrderReservationCompleted",
        "OrderExpired",
        "OrderRegistrantAssigned",
        "OrderConfirmed",
    ];
    type State = OrderState;
    type View = ConferencePrices;

    fn command_stream(command: &ConferenceCommand) -> Option<Text> {
        let id = match command {
            ConferenceCommand::RegisterToConference(c) => &c.order_id,
            ConferenceCommand::MarkSeatsAsReserved(c) => &c.order_id,
            ConferenceCommand::RejectOrder(c) => &c.order_id,
            ConferenceCommand::AssignRegistrantDetails(c) => &c.order_id,
            ConferenceCommand::ConfirmOrder(c) => &c.order_id,
            _ => return None,
        };
        Some(id.clone())
    }

    fn event_stream(event: &ConferenceEvent) -> Option<Text> {
        let id = match event {
            ConferenceEvent::OrderPlaced(e) => &e.order_id,
            ConferenceEvent::OrderUpdated(e) => &e.order_id,
            ConferenceEvent::OrderTotalsCalculated(e) => &e.order_id,
            ConferenceEvent::OrderPartiallyReserved(e) => &e.order_id,
            ConferenceEvent::OrderReservationCompleted(e) => &e.order_id,
            ConferenceEvent::OrderExpired(e) => &e.order_id,
            ConferenceEvent::OrderRegistrantAssigned(e) => &e.order_id,
            ConferenceEvent::OrderConfirmed(e) => &e.order_id,
            _ => return None,
        };
        Some(id.clone())
    }

    fn decide(
        state: &OrderState,
        command: &ConferenceCommand,
        context: &Context<'_, ConferencePrices>,
    ) -> Result<Vec<ConferenceEvent>, Rejection> {
        match command {
            ConferenceCommand::RegisterToConference(c) => register(state, c, context),
            ConferenceCommand::MarkSeatsAsReserved(c) => mark_reserved(state, c, context.view),
            ConferenceCommand::RejectOrder(c) => reject(state, c),
            ConferenceCommand::AssignRegistrantDetails(c) => assign_registrant(state, c),
            ConferenceCommand::ConfirmOrder(c) => confirm(state, c),
            other => Err(Rejection::new(format!(
                "the order does not handle {}",
                other.name()
            ))),
        }
    }

    fn evolve(mut state: OrderState, event: &ConferenceEvent) -> OrderState {
        match event {
            ConferenceEvent::OrderPlaced(e) => {
                state.status = OrderStatus::PendingReservation;
                state.conference_id = e.conference_id.clone();
                state.seats = e.seats.clone();
                state.access_code = e.access_code.clone();
            }
            ConferenceEvent::OrderUpdated(e) => {
                state.status = OrderStatus::PendingReservation;
                state.seats = e.seats.clone();
            }
            ConferenceEvent::OrderPartiallyReserved(e) => {
                state.status = OrderStatus::PartiallyReserved;
                state.seats = e.seats.clone();
            }
            ConferenceEvent::OrderReservationCompleted(e) => {
                state.status = OrderStatus::ReservationCompleted;
                state.seats = e.seats.clone();
            }
            ConferenceEvent::OrderExpired(_) => state.status = OrderStatus::Expired,
            ConferenceEvent::OrderConfirmed(_) => state.status = OrderStatus::Confirmed,
            ConferenceEvent::OrderRegistrantAssigned(e) => {
                state.registrant = Some(PersonalInfo {
                    first_name: Some(e.first_name.clone()),
                    last_name: Some(e.last_name.clone()),
                    email: Some(e.email.clone()),
                });
            }
            _ => {}
        }
        state
    }

    const COULD_RECORD: Option<CouldRecord<ConferenceContext, Self>> = Some(could_record);

    /// An order is priced in the decision that places it, updates it or reserves only part of
    /// its seats (`register`, `mark_reserved`).
    const RECORDED_WITH: &'static [(&'static str, &'static str)] = &[
        ("OrderPlaced", "OrderTotalsCalculated"),
        ("OrderUpdated", "OrderTotalsCalculated"),
        ("OrderPartiallyReserved", "OrderTotalsCalculated"),
    ];
}

/// Why an order in `state` could not have recorded `event`, as `decide` would never have: placed
/// once; its seats changed, reserved and priced only while it is open; given up and confirmed
/// once each; priced as `totals` prices its seats at the prices it knew. An order confirmed after
/// it expired, or expired after it was confirmed, is the invariants' to tell (they say where
/// each ending stood), so that it is told once.
fn could_record(
    state: &OrderState,
    prices: Option<&ConferencePrices>,
    event: &ConferenceEvent,
) -> Result<(), String> {
    use OrderStatus::*;
    // Named only when the event is refused: nothing is copied for an event admitted.
    let order_id = || Order::event_stream(event).unwrap_or_default();
    let never_placed = || format!("order {} was never placed", order_id());
    let status = state.status;
    match event {
        ConferenceEvent::OrderPlaced(_) if status != NotPlaced => Err(format!(
            "order {} was placed already, and is {}",
            order_id(),
            in_words(status)
        )),
        ConferenceEvent::OrderPlaced(e) if e.access_code != access_code(&e.order_id) => {
            Err(format!(
                "order {}'s access code is {}, but its id gives {} (the code is derived from the \
                 id alone)",
                e.order_id,
                e.access_code,
                access_code(&e.order_id)
            ))
        }
        ConferenceEvent::OrderUpdated(_)
        | ConferenceEvent::OrderPartiallyReserved(_)
        | ConferenceEvent::OrderReservationCompleted(_) => match status {
            NotPlaced => Err(never_placed()),
            Confirmed | Expired => Err(format!(
                "order {} is {}: its seats can no longer change",
                order_id(),
                in_words(status)
            )),
            _ => reserved_as_decided(state, event),
        },
        ConferenceEvent::OrderTotalsCalculated(e) => match status {
            NotPlaced => Err(never_placed()),
            // Totals follow the placing, updating or partial reservation they price.
            PendingReservation | PartiallyReserved => priced_as_decided(state, prices, e),
            _ => Err(format!(
                "order {} is {}: it is priced only as it is placed, updated or \
                 partially reserved",
                order_id(),
                in_words(status)
            )),
        },
        ConferenceEvent::OrderExpired(_) => match status {
            NotPlaced => Err(never_placed()),
            Expired => Err(format!("order {} expired already", order_id())),
            _ => Ok(()),
        },
        ConferenceEvent::OrderConfirmed(_) => match status {
            NotPlaced => Err(never_placed()),
            Confirmed => Err(format!("order {} was confirmed already", order_id())),
            _ => Ok(()),
        },
        ConferenceEvent::OrderRegistrantAssigned(_) if status == NotPlaced => Err(never_placed()),
        _ => Ok(()),
    }
}

/// A reservation told as `mark_reserved` tells it: complete exactly when every seat type the
/// order wants is reserved in its quantity (the catalog's rule), partial otherwise.
fn reserved_as_decided(state: &OrderState, event: &ConferenceEvent) -> Result<(), String> {
    let (order_id, reserved, complete) = match event {
        ConferenceEvent::OrderReservationCompleted(e) => (&e.order_id, &e.seats, true),
        ConferenceEvent::OrderPartiallyReserved(e) => (&e.order_id, &e.seats, false),
        _ => return Ok(()),
    };
    match (complete, reserves_exactly(&state.seats, reserved)) {
        (true, false) => Err(format!(
            "order {order_id} wants {}, but its reservation completed with {reserved}",
            state.seats
        )),
        (false, true) => Err(format!(
            "order {order_id} wants {}, and its reservation holds {reserved}, every seat it \
             wants: it completed, and was not partial",
            state.seats
        )),
        _ => Ok(()),
    }
}

/// Totals as `totals` makes them: a line for each of the order's seats with a positive quantity
/// (as last placed, updated or reserved), in seat order, at the price the orders context knew
/// for its seat type; each line its unit price times its quantity, the total their sum, and free
/// of charge exactly when that is zero. Compared in place, line by line: nothing is allocated
/// for totals admitted. The prices are not judged when they cannot be known: without `prices`
/// (a log whose order across streams is not known), or for a conference they never heard of (a
/// log of the orders context alone, conference management keeping its own).
fn priced_as_decided(
    state: &OrderState,
    prices: Option<&ConferencePrices>,
    e: &OrderTotalsCalculated,
) -> Result<(), String> {
    let prices = prices.filter(|p| p.knows(&state.conference_id));
    free_of_charge_as_priced(e)?;
    let order_id = &e.order_id;
    let mut lines = e.lines.iter();
    let priced = state.seats.iter().filter(|s| s.quantity > 0);
    for (i, seat) in priced.enumerate() {
        let place = i + 1;
        let Some(line) = lines.next() else {
            return Err(format!(
                "order {order_id} is priced in {} but holds {}",
                lines_in_words(e.lines.len()),
                seats_in_words(&state.seats)
            ));
        };
        let (seat_type, quantity, unit_price) = (&line.seat_type, line.quantity, line.unit_price);
        if *seat_type != seat.seat_type || quantity != seat.quantity {
            return Err(format!(
                "order {order_id}: line {place} prices {quantity} × {seat_type}, but the order \
                 holds {} × {} there",
                seat.quantity, seat.seat_type
            ));
        }
        if let Some(prices) = prices {
            match prices.price(&state.conference_id, seat_type) {
                Some(price) if price == unit_price => {}
                Some(price) => {
                    return Err(format!(
                        "order {order_id}: line {place} prices {seat_type} at {unit_price}, but \
                         conference {} sold it at {price} when the totals were recorded",
                        state.conference_id
                    ))
                }
                None => {
                    return Err(format!(
                        "order {order_id}: line {place} prices {seat_type} at {unit_price}, but \
                         conference {} had no such seat type when the totals were recorded",
                        state.conference_id
                    ))
                }
            }
        }
        match times(unit_price, quantity) {
            Some(product) if product == line.line_total => {}
            Some(product) => {
                return Err(format!(
                    "order {order_id}: line {place} totals {}, but {quantity} × {unit_price} \
                     = {product}",
                    line.line_total
                ))
            }
            None => {
                return Err(format!(
                    "order {order_id}: line {place} totals {}, but {quantity} × {unit_price} \
                     is beyond any amount of money",
                    line.line_total
                ))
            }
        }
    }
    if lines.next().is_some() {
        return Err(format!(
            "order {order_id} is priced in {} but holds {}",
            lines_in_words(e.lines.len()),
            seats_in_words(&state.seats)
        ));
    }
    // Every seat type an order names is priced, those it wants none of too (they make no line):
    // `decide` refuses one with no price, whatever its quantity.
    if let Some(prices) = prices {
        let conference_id = &state.conference_id;
        if let Some(seat) = (state.seats.iter())
            .find(|s| s.quantity <= 0 && prices.price(conference_id, &s.seat_type).is_none())
        {
            return Err(format!(
                "order {order_id} holds {} × {}, but conference {conference_id} had no such \
                 seat type when the totals were recorded (an order naming a seat type with no \
                 price is refused, whatever its quantity)",
                seat.quantity, seat.seat_type
            ));
        }
    }
    match total_of(&e.lines) {
        Some(sum) if sum == e.total => Ok(()),
        Some(sum) => Err(format!(
            "order {order_id} totals {}, but its lines add up to {sum}",
            e.total
        )),
        None => Err(format!(
            "order {order_id} totals {}, but its lines add up to more than any amount of money",
            e.total
        )),
    }
}

fn lines_in_words(n: usize) -> String {
    match n {
        0 => "no line".into(),
        1 => "1 line".into(),
        n => format!("{n} lines"),
    }
}

/// The seats an order holds, as they would be priced: `2 seat types (full, workshop)`.
fn seats_in_words(seats: &SeatQuantities) -> String {
    let names: Vec<&str> = seats
        .iter()
        .filter(|s| s.quantity > 0)
        .map(|s| s.seat_type.as_str())
        .collect();
    match names.len() {
        0 => "no seat".into(),
        1 => format!("1 seat type ({})", names[0]),
        n => format!("{n} seat types ({})", names.join(", ")),
    }
}

/// An order is free of charge exactly when its total is zero.
fn free_of_charge_as_priced(e: &OrderTotalsCalculated) -> Result<(), String> {
    let order_id = &e.order_id;
    match (e.is_free_of_charge, e.total.is_zero()) {
        (true, false) => Err(format!(
            "order {order_id} totals {}, but is said to be free of charge",
            e.total
        )),
        (false, true) => Err(format!(
            "order {order_id} totals {}, but is said not to be free of charge",
            e.total
        )),
        _ => Ok(()),
    }
}

/// Where an order stands, as the catalog's DraftOrder states say it.
fn in_words(status: OrderStatus) -> &'static str {
    match status {
        OrderStatus::NotPlaced => "not placed",
        OrderStatus::PendingReservation => "pending reservation",
        OrderStatus::PartiallyReserved => "partially reserved",
        OrderStatus::ReservationCompleted => "reserved",
        OrderStatus::Expired => "expired",
        OrderStatus::Confirmed => "confirmed",
    }
}

/// Places a new order or changes the seats of an existing one, and prices it.
fn register(
    state: &OrderState,
    command: &RegisterToConference,
    context: &Context<'_, ConferencePrices>,
) -> Result<Vec<ConferenceEvent>, Rejection> {
    require_still_open(state)?;
    // An update keeps the order's conference: the order's seats were held there.
    let conference_id = if state.is_placed() {
        &state.conference_id
    } else {
        &command.conference_id
    };
    let totals = totals(
        &command.order_id,
        conference_id,
        &command.seats,
        context.view,
    )?;
    if !wants_any_seat(&command.seats) {
        return Err(Rejection::new(
            "no seats ordered: every quantity is zero or less",
        ));
    }
    let changed: ConferenceEvent = if state.is_placed() {
        OrderUpdated {
            order_id: command.order_id.clone(),
            seats: command.seats.clone(),
        }
        .into()
    } else {
        OrderPlaced {
            order_id: command.order_id.clone(),
            conference_id: command.conference_id.clone(),
            seats: command.seats.clone(),
            reservation_auto_expiration: hold_ends(context.now)?,
            access_code: access_code(&command.order_id),
        }
        .into()
    };
    Ok(vec![changed, totals.into()])
}

/// When a new order's seats stop being held. Checked: the clock may stand within the hold of
/// the last instant it can hold, where `+` panics.
fn hold_ends(now: Instant) -> Result<Instant, Rejection> {
    now.checked_add_signed(minutes(RESERVATION_HOLD_MINUTES))
        .ok_or_else(|| {
            Rejection::new(format!(
                "the seats cannot be held for {RESERVATION_HOLD_MINUTES} minutes from {}: that is \
                 past the last instant the clock holds",
                crate::kernel::instant_text(now)
            ))
        })
}

/// Records which seats the reservation got: all the order wants, or only some of them, in which
/// case the order now holds those seats and is priced again for them.
fn mark_reserved(
    state: &OrderState,
    command: &MarkSeatsAsReserved,
    prices: &ConferencePrices,
) -> Result<Vec<ConferenceEvent>, Rejection> {
    require_placed(state)?;
    require_still_open(state)?;
    if reserves_exactly(&state.seats, &command.seats) {
        return Ok(vec![OrderReservationCompleted {
            order_id: command.order_id.clone(),
            reservation_expiration: command.expiration,
            seats: command.seats.clone(),
        }
        .into()]);
    }
    let totals = totals(
        &command.order_id,
        &state.conference_id,
        &command.seats,
        prices,
    )?;
    Ok(vec![
        OrderPartiallyReserved {
            order_id: command.order_id.clone(),
            reservation_expiration: command.expiration,
            seats: command.seats.clone(),
        }
        .into(),
        totals.into(),
    ])
}

/// Gives an order up; an order never placed, or already given up, has nothing to give up.
fn reject(state: &OrderState, command: &RejectOrder) -> Result<Vec<ConferenceEvent>, Rejection> {
    match state.status {
        OrderStatus::NotPlaced | OrderStatus::Expired => Ok(vec![]),
        OrderStatus::Confirmed => Err(already_confirmed()),
        _ => Ok(vec![OrderExpired {
            order_id: command.order_id.clone(),
        }
        .into()]),
    }
}

fn assign_registrant(
    state: &OrderState,
    command: &AssignRegistrantDetails,
) -> Result<Vec<ConferenceEvent>, Rejection> {
    require_placed(state)?;
    Ok(vec![OrderRegistrantAssigned {
        order_id: command.order_id.clone(),
        first_name: command.first_name.clone(),
        last_name: command.last_name.clone(),
        email: command.email.clone(),
    }
    .into()])
}

/// Confirms an order once; confirming it again is not news.
fn confirm(state: &OrderState, command: &ConfirmOrder) -> Result<Vec<ConferenceEvent>, Rejection> {
    require_placed(state)?;
    match state.status {
        OrderStatus::Confirmed => Ok(vec![]),
        OrderStatus::Expired => Err(expired()),
        _ => Ok(vec![OrderConfirmed {
            order_id: command.order_id.clone(),
        }
        .into()]),
    }
}

fn require_placed(state: &OrderState) -> Result<(), Rejection> {
    if state.is_placed() {
        Ok(())
    } else {
        Err(Rejection::new("unknown order"))
    }
}

/// A confirmed order is final, and an expired one has lost its seats.
fn require_still_open(state: &OrderState) -> Result<(), Rejection> {
    match state.status {
        OrderStatus::Confirmed => Err(already_confirmed()),
        OrderStatus::Expired => Err(expired()),
        _ => Ok(()),
    }
}

fn already_confirmed() -> Rejection {
    Rejection::new("order already confirmed")
}

fn expired() -> Rejection {
    Rejection::new("order expired")
}

fn wants_any_seat(seats: &SeatQuantities) -> bool {
    seats.iter().any(|s| s.quantity > 0)
}

/// Whether the reservation holds, for every seat type the order wants, exactly what it wants
/// (the catalog's rule, and the CQRS Journey's `MarkAsReserved`). A quantity below zero wants
/// nothing, as in `SeatsAvailability`; a seat type held but not wanted is no shortfall, so the
/// order keeps the totals it was priced at.
fn reserves_exactly(wanted: &SeatQuantities, reserved: &SeatQuantities) -> bool {
    wanted.iter().all(|s| {
        let wants = seats_of(wanted, &s.seat_type);
        wants == 0 || wants == seats_of(reserved, &s.seat_type)
    })
}

/// How many seats of a type a list asks for or holds: never fewer than none, and summed without
/// overflow when the type appears more than once.
fn seats_of(seats: &SeatQuantities, seat_type: &str) -> i64 {
    seats
        .iter()
        .filter(|s| s.seat_type == seat_type)
        .fold(0i64, |sum, s| sum.saturating_add(s.quantity))
        .max(0)
}

/// Prices seats at the conference's current prices: every seat type named must have a price, and
/// each seat entry with a positive quantity becomes a line, in seat order.
fn totals(
    order_id: &str,
    conference_id: &str,
    seats: &SeatQuantities,
    prices: &ConferencePrices,
) -> Result<OrderTotalsCalculated, Rejection> {
    let unit_prices = seats
        .iter()
        .map(|s| unit_price(prices, conference_id, &s.seat_type))
        .collect::<Result<Vec<_>, _>>()?;
    let lines = seats
        .iter()
        .zip(unit_prices)
        .filter(|(s, _)| s.quantity > 0)
        .map(|(s, price)| line(s, price))
        .collect::<Result<Vec<_>, _>>()?;
    let total = total_of(&lines).ok_or_else(too_large)?;
    Ok(OrderTotalsCalculated {
        order_id: order_id.into(),
        total,
        lines,
        is_free_of_charge: total.is_zero(),
    })
}

fn unit_price(
    prices: &ConferencePrices,
    conference_id: &str,
    seat_type: &str,
) -> Result<Money, Rejection> {
    prices
        .price(conference_id, seat_type)
        .ok_or_else(|| Rejection::new(format!("unknown seat type: {seat_type}")))
}

fn line(seat: &SeatQuantity, unit_price: Money) -> Result<OrderLine, Rejection> {
    Ok(OrderLine {
        seat_type: seat.seat_type.clone(),
        quantity: seat.quantity,
        unit_price,
        line_total: times(unit_price, seat.quantity).ok_or_else(too_large)?,
    })
}

/// `unit_price × quantity`, or `None` beyond what a decimal holds. The product is checked first
/// because `Money`'s own arithmetic panics on overflow, and quantities come from messages.
fn times(unit_price: Money, quantity: i64) -> Option<Money> {
    unit_price
        .decimal()
        .checked_mul(Decimal::from(quantity))
        .map(|_| unit_price.times(quantity))
        .filter(writable)
}

/// Whether an amount can be written as money is, with its two decimal places: a decimal holds
/// ten times more with one, and a total recorded so could not be written in a Then.
fn writable(amount: &Money) -> bool {
    amount.in_cents().is_some()
}

/// The sum of the lines, or `None` beyond what a decimal holds (checked first, as in `times`).
fn total_of(lines: &[OrderLine]) -> Option<Money> {
    lines
        .iter()
        .try_fold(Decimal::ZERO, |sum, l| {
            sum.checked_add(l.line_total.decimal())
        })
        .map(|_| lines.iter().map(|l| l.line_total).sum())
        .filter(writable)
}

fn too_large() -> Rejection {
    Rejection::new("order total too large")
}

const ACCESS_CODE_LENGTH: usize = 6;
const BASE_36_DIGITS: &[u8; 36] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

/// The order's access code: six characters `A-Z0-9` that depend on the order id alone, so that
/// replaying or re-deciding gives the same code (the CQRS Journey drew them at random).
///
/// The code is the FNV-1a 64-bit hash of the id's UTF-8 bytes (offset basis
/// `0xcbf29ce484222325`, prime `0x100000001b3`), reduced modulo 36⁶ and written as six base-36
/// digits `0-9A-Z`, most significant first, zero-padded. Stored events carry the code, so the
/// recipe must never change.
pub fn access_code(order_id: &str) -> Text {
    let mut rest = fnv1a_64(order_id.as_bytes());
    let mut digits = [b'0'; ACCESS_CODE_LENGTH];
    for digit in digits.iter_mut().rev() {
        // `rest % 36` is below 36, so the index is always in range.
        *digit = BASE_36_DIGITS[(rest % 36) as usize];
        rest /= 36;
    }
    digits.iter().map(|&d| char::from(d)).collect()
}

fn fnv1a_64(bytes: &[u8]) -> u64 {
    const OFFSET_BASIS: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0100_0000_01b3;
    bytes.iter().fold(OFFSET_BASIS, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(PRIME)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conference::told::{refused, told};

    fn placed() -> ConferenceEvent {
        told(
            "OrderPlaced",
            r#"{"order_id":"order-1","conference_id":"conf-1","seats":[{"seat_type":"full","quantity":1}],"reservation_auto_expiration":"2026-01-05T09:15:00Z","access_code":"SAXSH9"}"#,
        )
    }

    fn updated() -> ConferenceEvent {
        told(
            "OrderUpdated",
            r#"{"order_id":"order-1","seats":[{"seat_type":"full","quantity":2}]}"#,
        )
    }

    /// Conference management creating seat type `full` of conf-1 at `price`.
    fn seat_at(price: &str) -> ConferenceEvent {
        told(
            "SeatCreated",
            &format!(
                r#"{{"conference_id":"conf-1","seat_type":"full","name":"Full pass","description":"","price":"{price}","quantity":10}}"#
            ),
        )
    }

    fn price_changed_to(price: &str) -> ConferenceEvent {
        told(
            "SeatUpdated",
            &format!(
                r#"{{"conference_id":"conf-1","seat_type":"full","name":"Full pass","description":"","price":"{price}","quantity":10}}"#
            ),
        )
    }

    /// Totals of order-1 with `lines` of (seat type, quantity, unit price, line total).
    fn priced(lines: &[(&str, i64, &str, &str)], total: &str, free: bool) -> ConferenceEvent {
        let lines: Vec<String> = lines
            .iter()
            .map(|(seat_type, quantity, unit, line)| {
                format!(
                    r#"{{"seat_type":"{seat_type}","quantity":{quantity},"unit_price":"{unit}","line_total":"{line}"}}"#
                )
            })
            .collect();
        told(
            "OrderTotalsCalculated",
            &format!(
                r#"{{"order_id":"order-1","total":"{total}","lines":[{}],"is_free_of_charge":{free}}}"#,
                lines.join(",")
            ),
        )
    }

    /// Totals of `quantity` seats of `full` at 199.00, as `decide` prices them.
    fn totals(quantity: i64) -> ConferenceEvent {
        let sum = format!("{}.00", 199 * quantity);
        priced(&[("full", quantity, "199.00", &sum)], &sum, false)
    }

    fn reserved() -> ConferenceEvent {
        told(
            "OrderReservationCompleted",
            r#"{"order_id":"order-1","reservation_expiration":"2026-01-05T09:15:00Z","seats":[{"seat_type":"full","quantity":1}]}"#,
        )
    }

    fn confirmed() -> ConferenceEvent {
        told("OrderConfirmed", r#"{"order_id":"order-1"}"#)
    }

    fn expired() -> ConferenceEvent {
        told("OrderExpired", r#"{"order_id":"order-1"}"#)
    }

    /// What an order that went through `past` says of `next`.
    fn refused_after(past: &[ConferenceEvent], next: ConferenceEvent) -> Option<String> {
        refused::<Order>(past, &next)
    }

    #[test]
    fn an_order_s_own_flow_is_admitted() {
        let flow = [
            seat_at("199.00"),
            placed(),
            totals(1),
            updated(),
            totals(2),
            told(
                "OrderReservationCompleted",
                r#"{"order_id":"order-1","reservation_expiration":"2026-01-05T09:15:00Z","seats":[{"seat_type":"full","quantity":2}]}"#,
            ),
            told(
                "OrderRegistrantAssigned",
                r#"{"order_id":"order-1","first_name":"Ada","last_name":"Lovelace","email":"ada@example.com"}"#,
            ),
            confirmed(),
        ];
        for (i, next) in flow.iter().enumerate() {
            assert_eq!(refused::<Order>(&flow[..i], next), None, "{next:?}");
        }
    }

    /// A reservation is complete exactly when it holds every seat the order wants, partial
    /// otherwise, and an order's access code is the one its id gives.
    #[test]
    fn a_reservation_and_an_access_code_are_judged_as_decided() {
        let placed_two = [placed(), updated()];
        assert_eq!(
            refused_after(&placed_two, reserved()).as_deref(),
            Some("order order-1 wants 2 full, but its reservation completed with 1 full")
        );
        let partial_of = |n: i64| {
            told(
                "OrderPartiallyReserved",
                &format!(
                    r#"{{"order_id":"order-1","reservation_expiration":"2026-01-05T09:15:00Z","seats":[{{"seat_type":"full","quantity":{n}}}]}}"#
                ),
            )
        };
        assert_eq!(refused_after(&placed_two, partial_of(1)), None);
        assert_eq!(
            refused_after(&placed_two, partial_of(2)).as_deref(),
            Some(
                "order order-1 wants 2 full, and its reservation holds 2 full, every seat it \
                 wants: it completed, and was not partial"
            )
        );
        let placed_with = |code: &str| {
            told(
                "OrderPlaced",
                &format!(
                    r#"{{"order_id":"order-1","conference_id":"conf-1","seats":[{{"seat_type":"full","quantity":1}}],"reservation_auto_expiration":"2026-01-05T09:15:00Z","access_code":"{code}"}}"#
                ),
            )
        };
        assert_eq!(refused_after(&[], placed_with("SAXSH9")), None);
        assert_eq!(
            refused_after(&[], placed_with("ABC123")).as_deref(),
            Some(
                "order order-1's access code is ABC123, but its id gives SAXSH9 (the code is \
                 derived from the id alone)"
            )
        );
    }

    #[test]
    fn an_order_is_placed_once() {
        assert_eq!(
            refused_after(&[placed(), reserved(), confirmed()], placed()).as_deref(),
            Some("order order-1 was placed already, and is confirmed")
        );
    }

    #[test]
    fn a_confirmed_or_expired_order_s_seats_no_longer_change() {
        assert_eq!(
            refused_after(&[placed(), reserved(), confirmed()], updated()).as_deref(),
            Some("order order-1 is confirmed: its seats can no longer change")
        );
        assert_eq!(
            refused_after(&[placed(), expired()], reserved()).as_deref(),
            Some("order order-1 is expired: its seats can no longer change")
        );
    }

    #[test]
    fn nothing_happens_to_an_order_never_placed() {
        for next in [updated(), reserved(), totals(1), confirmed(), expired()] {
            assert_eq!(
                refused_after(&[], next).as_deref(),
                Some("order order-1 was never placed")
            );
        }
    }

    #[test]
    fn an_order_ends_once_each_way_and_the_other_way_is_the_invariants_to_tell() {
        let done = [placed(), reserved(), confirmed()];
        assert_eq!(
            refused_after(&done, confirmed()).as_deref(),
            Some("order order-1 was confirmed already")
        );
        assert_eq!(refused_after(&done, expired()), None);
        let gone = [placed(), expired()];
        assert_eq!(
            refused_after(&gone, expired()).as_deref(),
            Some("order order-1 expired already")
        );
        assert_eq!(refused_after(&gone, confirmed()), None);
    }

    #[test]
    fn an_order_is_free_of_charge_exactly_when_its_total_is_zero() {
        let free = [seat_at("0.00"), placed()];
        assert_eq!(
            refused_after(
                &[seat_at("500.00"), placed()],
                priced(&[("full", 1, "500.00", "500.00")], "500.00", true)
            )
            .as_deref(),
            Some("order order-1 totals 500.00, but is said to be free of charge")
        );
        assert_eq!(
            refused_after(&free, priced(&[("full", 1, "0.00", "0.00")], "0.00", false)).as_deref(),
            Some("order order-1 totals 0.00, but is said not to be free of charge")
        );
        assert_eq!(
            refused_after(&free, priced(&[("full", 1, "0.00", "0.00")], "0.00", true)),
            None
        );
    }

    #[test]
    fn an_order_is_priced_at_the_price_it_knew_when_its_totals_were_recorded() {
        let past = [seat_at("199.00"), placed()];
        assert_eq!(
            refused_after(
                &past,
                priced(&[("full", 1, "100.00", "100.00")], "100.00", false)
            )
            .as_deref(),
            Some(
                "order order-1: line 1 prices full at 100.00, but conference conf-1 sold it at \
                 199.00 when the totals were recorded"
            )
        );
        // The price it had when the totals were recorded, not the one it has at the end.
        let repriced = [seat_at("199.00"), price_changed_to("249.00"), placed()];
        assert_eq!(
            refused_after(
                &repriced,
                priced(&[("full", 1, "249.00", "249.00")], "249.00", false)
            ),
            None
        );
        assert!(refused_after(&repriced, totals(1)).is_some());
        // Conference management spoke of conf-1, but never of this seat type.
        let other_seat = told(
            "SeatCreated",
            r#"{"conference_id":"conf-1","seat_type":"vip","name":"VIP","description":"","price":"500.00","quantity":10}"#,
        );
        assert_eq!(
            refused_after(&[other_seat, placed()], totals(1)).as_deref(),
            Some(
                "order order-1: line 1 prices full at 199.00, but conference conf-1 had no such \
                 seat type when the totals were recorded"
            )
        );
    }

    #[test]
    fn a_seat_type_an_order_wants_none_of_has_a_price_too() {
        let placed_with = |other: &str| {
            told(
                "OrderPlaced",
                &format!(
                    r#"{{"order_id":"order-1","conference_id":"conf-1","seats":[{{"seat_type":"full","quantity":1}},{{"seat_type":"{other}","quantity":0}}],"reservation_auto_expiration":"2026-01-05T09:15:00Z","access_code":"SAXSH9"}}"#
                ),
            )
        };
        let vip = told(
            "SeatCreated",
            r#"{"conference_id":"conf-1","seat_type":"vip","name":"VIP","description":"","price":"500.00","quantity":10}"#,
        );
        assert_eq!(
            refused_after(&[seat_at("199.00"), vip, placed_with("vip")], totals(1)),
            None
        );
        assert_eq!(
            refused_after(&[seat_at("199.00"), placed_with("ghost")], totals(1)).as_deref(),
            Some(
                "order order-1 holds 0 × ghost, but conference conf-1 had no such seat type when \
                 the totals were recorded (an order naming a seat type with no price is refused, \
                 whatever its quantity)"
            )
        );
        // The orders context alone: not judged.
        assert_eq!(refused_after(&[placed_with("ghost")], totals(1)), None);
    }

    /// Prices cannot be judged where what the orders context knew cannot be told: in a log whose
    /// order across streams is not known (no view), or one without conference management's
    /// streams (a view that never heard of the conference). What the totals say of themselves
    /// still is.
    #[test]
    fn prices_are_not_judged_where_what_the_order_knew_cannot_be_told() {
        let placed_after = [seat_at("199.00"), price_changed_to("249.00"), placed()];
        let at_old_price = priced(&[("full", 1, "199.00", "199.00")], "199.00", false);
        assert!(refused_after(&placed_after, at_old_price.clone()).is_some());
        let state = crate::conference::told::after::<Order>(&placed_after);
        let unordered =
            |event: &ConferenceEvent| crate::kernel::could_record::<_, Order>(&state, None, event);
        assert_eq!(unordered(&at_old_price), Ok(()));
        assert_eq!(
            unordered(&priced(&[("full", 1, "199.00", "199.00")], "500.00", false)),
            Err("order order-1 totals 500.00, but its lines add up to 199.00".into())
        );
        // The orders context alone: conference management's streams are kept elsewhere.
        assert_eq!(refused_after(&[placed()], at_old_price), None);
    }

    #[test]
    fn an_order_s_lines_are_its_seats_each_its_price_times_its_quantity() {
        let past = [seat_at("199.00"), placed()];
        assert_eq!(
            refused_after(&past, totals(2)).as_deref(),
            Some("order order-1: line 1 prices 2 × full, but the order holds 1 × full there")
        );
        assert_eq!(
            refused_after(&past, priced(&[], "0.00", true)).as_deref(),
            Some("order order-1 is priced in no line but holds 1 seat type (full)")
        );
        assert_eq!(
            refused_after(
                &past,
                priced(
                    &[
                        ("full", 1, "199.00", "199.00"),
                        ("full", 1, "199.00", "199.00")
                    ],
                    "398.00",
                    false
                )
            )
            .as_deref(),
            Some("order order-1 is priced in 2 lines but holds 1 seat type (full)")
        );
        assert_eq!(
            refused_after(
                &past,
                priced(&[("full", 1, "199.00", "150.00")], "150.00", false)
            )
            .as_deref(),
            Some("order order-1: line 1 totals 150.00, but 1 × 199.00 = 199.00")
        );
        assert_eq!(
            refused_after(
                &past,
                priced(&[("full", 1, "199.00", "199.00")], "500.00", false)
            )
            .as_deref(),
            Some("order order-1 totals 500.00, but its lines add up to 199.00")
        );
    }

    #[test]
    fn an_order_is_priced_only_as_its_seats_change() {
        assert_eq!(
            refused_after(&[placed(), reserved()], totals(1)).as_deref(),
            Some(
                "order order-1 is reserved: it is priced only as it is placed, updated or \
                 partially reserved"
            )
        );
    }
}
