//! A message's payload read as an object of its fields only: serde's derived records also take
//! a JSON array of their fields in order, so a log writing `[id, conference, …]` read as if the
//! fields were named, and a writer that swapped two of them verified clean.

use serde::de::{Deserializer, Visitor};

/// `D`, with a record asked of it read as a map (an object) and never as a sequence.
pub struct FieldsOnly<D>(pub D);

impl<'de, D: Deserializer<'de>> Deserializer<'de> for FieldsOnly<D> {
    type Error = D::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_any(visitor)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_map(visitor)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
        ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::FieldsOnly;
    use serde::Deserialize;

    #[derive(Debug, Deserialize, PartialEq)]
    struct Pair {
        a: String,
        b: u32,
    }

    #[test]
    fn a_record_reads_from_an_object_and_not_from_a_list() {
        let read = |text: &str| {
            let mut de = serde_json::Deserializer::from_str(text);
            Pair::deserialize(FieldsOnly(&mut de)).map_err(|e| e.to_string())
        };
        assert_eq!(
            read(r#"{"a":"x","b":2}"#),
            Ok(Pair {
                a: "x".into(),
                b: 2
            })
        );
        let refused = read(r#"["x",2]"#).unwrap_err();
        assert!(
            refused.starts_with("invalid type: sequence, expected struct Pair"),
            "{refused}"
        );
        let tree = serde_json::json!(["x", 2]);
        assert!(Pair::deserialize(FieldsOnly(tree)).is_err());
    }
}
