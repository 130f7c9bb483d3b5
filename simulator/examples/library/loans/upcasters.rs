//! Older stored forms: `MemberRegistered` version 1 had `full_name` and no `email`.

use serde_json::{Map, Value};

use domain::kernel::{Recorded, Upcaster, Upcasters};

pub fn upcasters() -> Upcasters {
    Upcasters::default()
        .current("MemberRegistered", 2)
        .step(Upcaster {
            from: ("MemberRegistered", 1),
            to: ("MemberRegistered", 2),
            up: name_from_full_name,
            down: full_name_from_name,
            replaced_fields: &[("full_name", "name")],
        })
}

fn fields(payload: Value) -> Result<Map<String, Value>, String> {
    match payload {
        Value::Object(fields) => Ok(fields),
        other => Err(format!(
            "the payload is {other}, expected an object of fields"
        )),
    }
}

fn name_from_full_name(payload: Value, _: &Recorded) -> Result<Value, String> {
    let mut fields = fields(payload)?;
    for newer in ["name", "email"] {
        if fields.contains_key(newer) {
            return Err(format!(
                "version 1 has no `{newer}` (it came with version 2)"
            ));
        }
    }
    let name = fields
        .remove("full_name")
        .ok_or("missing field `full_name`")?;
    fields.insert("name".into(), name);
    fields.insert("email".into(), Value::Null);
    Ok(Value::Object(fields))
}

fn full_name_from_name(payload: Value, _: &Recorded) -> Result<Value, String> {
    let mut fields = fields(payload)?;
    match fields.remove("email") {
        None | Some(Value::Null) => {}
        Some(email) => return Err(format!("version 1 cannot hold an email ({email})")),
    }
    let name = fields.remove("name").ok_or("missing field `name`")?;
    fields.insert("full_name".into(), name);
    Ok(Value::Object(fields))
}
