//! `json_type`, the shape of a field as the catalog's JSON gives it to tools, comes from the
//! field's Rust type through `record!` alone: a toy library's loan, which writes none of it, gets
//! every shape the kernel knows, a record's fields and a literal's JSON form included.

use domain::kernel::*;
use domain::record;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

/// A shelf mark, written in a cell as `B-12`; by hand, as a domain declares its literals.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Shelf(String);

impl Field for Shelf {
    fn field_type() -> FieldType {
        FieldType::Literal {
            name: "Shelf",
            example: "B-12",
            inner: Box::new(FieldType::Text),
            parse: |cell| Ok(Value::from(cell)),
            format: |value| value.as_str().map(str::to_string),
        }
    }
}

record! {
    pub struct Borrower { pub name: String, pub email: Option<Text> }
}
record! {
    pub struct LoanMade {
        pub loan_id: Text,
        pub copies: u8,
        pub fine: Money,
        pub due: Instant,
        pub renewed: bool,
        pub borrower: Borrower,
        pub co_borrowers: Vec<Borrower>,
        pub notes: Option<Vec<i64>>,
        pub shelf: Shelf,
    }
}

/// Each field's name and `json_type`, as the catalog's JSON writes them.
fn json_types(fields: Vec<FieldSpec>) -> Vec<(String, Value)> {
    let written = serde_json::to_value(fields).unwrap();
    (written.as_array().unwrap().iter())
        .map(|f| {
            (
                f["name"].as_str().unwrap().to_string(),
                f["json_type"].clone(),
            )
        })
        .collect()
}

#[test]
fn every_shape_is_written_as_json_in_the_catalogs_words() {
    let borrower_fields = json!([
        {"name": "name", "type": "String", "shape": "text", "json_type": "text",
         "required": true},
        {"name": "email", "type": "Option<Text>", "shape": "text or null",
         "json_type": {"optional": "text"}, "required": false},
    ]);
    let borrower = json!({"record": "Borrower", "fields": borrower_fields});
    let expected: Vec<(String, Value)> = [
        ("loan_id", json!("text")),
        ("copies", json!("integer")),
        ("fine", json!("decimal")),
        ("due", json!("instant")),
        ("renewed", json!("boolean")),
        ("borrower", borrower.clone()),
        ("co_borrowers", json!({"list": borrower})),
        ("notes", json!({"optional": {"list": "integer"}})),
        (
            "shelf",
            json!({"literal": "Shelf", "example": "B-12", "in_json": "text"}),
        ),
    ]
    .into_iter()
    .map(|(name, ty)| (name.to_string(), ty))
    .collect();
    assert_eq!(json_types(<LoanMade as Described>::fields()), expected);
}

#[test]
fn the_json_type_is_added_beside_the_keys_tools_already_read() {
    let written = serde_json::to_value(<Borrower as Described>::fields()).unwrap();
    let keys: Vec<Vec<&str>> = (written.as_array().unwrap().iter())
        .map(|f| f.as_object().unwrap().keys().map(String::as_str).collect())
        .collect();
    assert_eq!(
        keys,
        [["json_type", "name", "required", "shape", "type"]; 2],
        "keys as serde_json orders them"
    );
}
