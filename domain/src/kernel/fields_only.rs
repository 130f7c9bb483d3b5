//! A message's payload read with every record in it an object of its fields: serde's derived
//! records also take a JSON array of their fields in order, so a log writing `[id, conference, …]`
//! read as if the fields were named, and a writer that swapped two of them verified clean.

use serde::de::{
    self, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, Unexpected,
    VariantAccess, Visitor,
};
use std::fmt;

/// Each named `deserialize_*` (with the arguments it takes before the visitor) asked of the
/// inner deserializer with the visitor made deep.
macro_rules! forward_deeply {
    ($($method:ident($($arg:ident: $ty:ty),*))*) => {
        $(fn $method<V: Visitor<'de>>(self, $($arg: $ty,)* visitor: V) -> Result<V::Value, D::Error> {
            self.0.$method($($arg,)* Deep(visitor))
        })*
    };
}

/// Each named `visit_*` of a plain value handed to the inner visitor as it came.
macro_rules! visit_plainly {
    ($($method:ident($ty:ty))*) => {
        $(fn $method<E: de::Error>(self, v: $ty) -> Result<Self::Value, E> {
            self.0.$method(v)
        })*
    };
}

/// The visits that hand on something still to be read, each wrapped so it reads deeply.
macro_rules! visit_deeply {
    () => {
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            self.0.visit_none()
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            self.0.visit_unit()
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            self.0.visit_some(FieldsOnly(d))
        }
        fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            self.0.visit_newtype_struct(FieldsOnly(d))
        }
        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
            self.0.visit_map(FieldsOnly(map))
        }
        fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Self::Value, A::Error> {
            self.0.visit_enum(FieldsOnly(data))
        }
        visit_plainly! {
            visit_bool(bool) visit_i8(i8) visit_i16(i16) visit_i32(i32) visit_i64(i64)
            visit_i128(i128) visit_u8(u8) visit_u16(u16) visit_u32(u32) visit_u64(u64)
            visit_u128(u128) visit_f32(f32) visit_f64(f64) visit_char(char) visit_str(&str)
            visit_borrowed_str(&'de str) visit_string(String) visit_bytes(&[u8])
            visit_borrowed_bytes(&'de [u8]) visit_byte_buf(Vec<u8>)
        }
    };
}

/// `D`, with every record asked of it, however deep, refused when written as a list. Everything
/// else is asked of `D` as it was asked, so a type that reads a value in its own way (an amount
/// from its JSON text, say) reads it as it would without the wrapper.
pub struct FieldsOnly<D>(pub D);

/// A visitor whose nested values are read through `FieldsOnly` in turn.
struct Deep<V>(V);

/// A record's visitor: refuses a list, and reads the fields of an object deeply.
struct NoList<V>(V);

impl<'de, D: Deserializer<'de>> Deserializer<'de> for FieldsOnly<D> {
    type Error = D::Error;

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_struct(name, fields, NoList(visitor))
    }

    fn is_human_readable(&self) -> bool {
        self.0.is_human_readable()
    }

    forward_deeply! {
        deserialize_any()
        deserialize_bool()
        deserialize_i8()
        deserialize_i16()
        deserialize_i32()
        deserialize_i64()
        deserialize_i128()
        deserialize_u8()
        deserialize_u16()
        deserialize_u32()
        deserialize_u64()
        deserialize_u128()
        deserialize_f32()
        deserialize_f64()
        deserialize_char()
        deserialize_str()
        deserialize_string()
        deserialize_bytes()
        deserialize_byte_buf()
        deserialize_option()
        deserialize_unit()
        deserialize_seq()
        deserialize_map()
        deserialize_identifier()
        deserialize_ignored_any()
        deserialize_unit_struct(name: &'static str)
        deserialize_newtype_struct(name: &'static str)
        deserialize_tuple(len: usize)
        deserialize_tuple_struct(name: &'static str, len: usize)
        deserialize_enum(name: &'static str, variants: &'static [&'static str])
    }
}

impl<'de, V: Visitor<'de>> Visitor<'de> for Deep<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        self.0.expecting(f)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        self.0.visit_seq(FieldsOnly(seq))
    }

    visit_deeply!();
}

impl<'de, V: Visitor<'de>> Visitor<'de> for NoList<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        self.0.expecting(f)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<Self::Value, A::Error> {
        Err(de::Error::invalid_type(Unexpected::Seq, &self))
    }

    visit_deeply!();
}

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for FieldsOnly<S> {
    type Value = S::Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<S::Value, D::Error> {
        self.0.deserialize(FieldsOnly(d))
    }
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for FieldsOnly<A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        self.0.next_key_seed(FieldsOnly(seed))
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, A::Error> {
        self.0.next_value_seed(FieldsOnly(seed))
    }

    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

impl<'de, A: SeqAccess<'de>> SeqAccess<'de> for FieldsOnly<A> {
    type Error = A::Error;

    fn next_element_seed<S: DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<Option<S::Value>, A::Error> {
        self.0.next_element_seed(FieldsOnly(seed))
    }

    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

impl<'de, A: EnumAccess<'de>> EnumAccess<'de> for FieldsOnly<A> {
    type Error = A::Error;
    type Variant = FieldsOnly<A::Variant>;

    fn variant_seed<S: DeserializeSeed<'de>>(
        self,
        seed: S,
    ) -> Result<(S::Value, Self::Variant), A::Error> {
        self.0
            .variant_seed(FieldsOnly(seed))
            .map(|(value, variant)| (value, FieldsOnly(variant)))
    }
}

impl<'de, A: VariantAccess<'de>> VariantAccess<'de> for FieldsOnly<A> {
    type Error = A::Error;

    fn unit_variant(self) -> Result<(), A::Error> {
        self.0.unit_variant()
    }

    fn newtype_variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<S::Value, A::Error> {
        self.0.newtype_variant_seed(FieldsOnly(seed))
    }

    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, A::Error> {
        self.0.tuple_variant(len, Deep(visitor))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, A::Error> {
        self.0.struct_variant(fields, NoList(visitor))
    }
}

#[cfg(test)]
mod tests {
    use super::FieldsOnly;
    use crate::kernel::Money;
    use serde::Deserialize;

    #[derive(Debug, Deserialize, PartialEq)]
    struct Pair {
        a: String,
        b: u32,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct Order {
        lines: Vec<Pair>,
        first: Option<Pair>,
        total: Money,
        kind: Kind,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    enum Kind {
        Plain,
        Priced { at: Pair },
    }

    fn read<'a, T: Deserialize<'a>>(text: &'a str) -> Result<T, String> {
        let mut de = serde_json::Deserializer::from_str(text);
        T::deserialize(FieldsOnly(&mut de)).map_err(|e| e.to_string())
    }

    #[test]
    fn a_record_reads_from_an_object_and_not_from_a_list() {
        assert_eq!(
            read::<Pair>(r#"{"a":"x","b":2}"#),
            Ok(Pair {
                a: "x".into(),
                b: 2
            })
        );
        let refused = read::<Pair>(r#"["x",2]"#).unwrap_err();
        assert!(
            refused.starts_with("invalid type: sequence, expected struct Pair"),
            "{refused}"
        );
        let tree = serde_json::json!(["x", 2]);
        assert!(Pair::deserialize(FieldsOnly(tree)).is_err());
    }

    #[test]
    fn records_inside_lists_options_and_variants_are_refused_as_lists_too() {
        let order = r#"{"lines":[{"a":"x","b":2}],"first":{"a":"y","b":3},"total":"1.10","kind":{"Priced":{"at":{"a":"z","b":4}}}}"#;
        let read_whole = read::<Order>(order).unwrap();
        assert_eq!(
            read_whole.lines,
            [Pair {
                a: "x".into(),
                b: 2
            }]
        );
        assert_eq!(read_whole.total.to_string(), "1.10");
        assert_eq!(
            serde_json::from_str::<Order>(order).unwrap(),
            read_whole,
            "an object reads as it does without the wrapper"
        );
        for (listed, place) in [
            (
                order.replace(r#"[{"a":"x","b":2}]"#, r#"[["x",2]]"#),
                "a list's item",
            ),
            (
                order.replace(r#"{"a":"y","b":3}"#, r#"["y",3]"#),
                "an option",
            ),
            (
                order.replace(r#"{"a":"z","b":4}"#, r#"["z",4]"#),
                "a variant's field",
            ),
            (
                order.replace(r#"{"at":{"a":"z","b":4}}"#, r#"[{"a":"z","b":4}]"#),
                "a variant",
            ),
        ] {
            assert!(
                serde_json::from_str::<Order>(&listed).is_ok(),
                "serde alone reads {place} written as a list"
            );
            let refused = read::<Order>(&listed).unwrap_err();
            assert!(
                refused.starts_with("invalid type: sequence"),
                "{place}: {refused}"
            );
            let tree: serde_json::Value = serde_json::from_str(&listed).unwrap();
            assert!(
                Order::deserialize(FieldsOnly(tree)).is_err(),
                "{place}, from a tree"
            );
        }
    }

    #[test]
    fn an_amount_is_still_read_from_its_digits() {
        let exact =
            r#"{"lines":[],"first":null,"total":597.000000000000000000000000001,"kind":"Plain"}"#;
        let refused = read::<Order>(exact).unwrap_err();
        assert!(
            refused.contains("597.000000000000000000000000001"),
            "{refused}"
        );
    }
}
