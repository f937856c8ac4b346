//! Parsing one JSONL record, taking only the fields asked for.
//!
//! A corpus record holds the text and a handful of other fields (url, dates, metadata). Building
//! a full `serde_json::Value` for each would allocate a map and a string for every field; here
//! the object is walked once, the wanted top-level fields are read (the text borrowed from the
//! line when it holds no escapes), and everything else is skipped without being built. A dotted
//! path such as `metadata.url` reads its first part as raw JSON and looks the rest up in that,
//! which is small.
//!
//! ```
//! use despin_corpus::input::record::{parse, Field};
//!
//! let line = br#"{"id": 7, "text": "caf\u00e9 time", "meta": {"url": "https://a.example/x"}}"#;
//! let r = parse(line, "text", "id", Some("meta.url")).unwrap();
//! assert_eq!(r.text, Field::Str("café time".into()));
//! assert_eq!(r.id, Field::Str("7".into()));
//! assert_eq!(r.extra, Field::Str("https://a.example/x".into()));
//! ```

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;
use serde_json::Value;

/// What a record holds under a key.
#[derive(Debug, Clone, PartialEq)]
pub enum Field<'a> {
    /// No such key.
    Missing,
    /// A string, or a number written out as JSON writes it.
    Str(Cow<'a, str>),
    /// Something else: `null`, `a boolean`, `an array`, `an object`.
    Other(&'static str),
}

impl Field<'_> {
    /// Describes the field for messages.
    pub fn kind(&self) -> &'static str {
        match self {
            Field::Missing => "missing",
            Field::Str(_) => "a string",
            Field::Other(kind) => kind,
        }
    }
}

/// The fields taken from one record.
#[derive(Debug, Clone, PartialEq)]
pub struct Fields<'a> {
    /// The text field; numbers count as `Other("a number")` here.
    pub text: Field<'a>,
    /// The id field; numbers are turned into their JSON spelling.
    pub id: Field<'a>,
    /// An extra field asked for (the grouping key of `sources`), numbers spelled out.
    pub extra: Field<'a>,
}

/// Why a line is not a record.
#[derive(Debug, Clone, PartialEq)]
pub struct ParseError(pub String);

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Parses one JSON object and takes the fields under `text_key`, `id_key` and `extra_key`
/// (each may be a dotted path). The line must be valid UTF-8; a leading byte order mark and
/// surrounding white space are allowed.
pub fn parse<'a>(
    line: &'a [u8],
    text_key: &str,
    id_key: &str,
    extra_key: Option<&str>,
) -> Result<Fields<'a>, ParseError> {
    let line = line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line);
    match line.iter().find(|b| !b.is_ascii_whitespace()) {
        Some(b'{') => {}
        Some(b'[') => return Err(ParseError("not a JSON object but an array".into())),
        Some(b'"') => return Err(ParseError("not a JSON object but a string".into())),
        Some(b'0'..=b'9' | b'-') => return Err(ParseError("not a JSON object but a number".into())),
        _ => {
            // Let the parser say what is wrong, with its column.
            let e = serde_json::from_slice::<IgnoredAny>(line).err();
            let why = e.map_or_else(|| "not a JSON object".to_string(), |e| format!("not valid JSON: {e}"));
            return Err(ParseError(why));
        }
    }
    let keys = Keys { text: text_key, id: id_key, extra: extra_key };
    let mut de = serde_json::Deserializer::from_slice(line);
    let top = (&mut de)
        .deserialize_map(TopVisitor { keys: &keys })
        .map_err(|e| ParseError(format!("not valid JSON: {e}")))?;
    de.end().map_err(|e| ParseError(format!("not valid JSON: {e}")))?;
    let text = top.resolve(0, text_key, false)?;
    let id = top.resolve(1, id_key, true)?;
    let extra = match extra_key {
        Some(key) => top.resolve(2, key, true)?,
        None => Field::Missing,
    };
    Ok(Fields { text, id, extra })
}

struct Keys<'k> {
    text: &'k str,
    id: &'k str,
    extra: Option<&'k str>,
}

impl Keys<'_> {
    fn get(&self, i: usize) -> Option<&str> {
        match i {
            0 => Some(self.text),
            1 => Some(self.id),
            _ => self.extra,
        }
    }
}

/// What the walk over the top-level object found, for each of the three keys: the value under
/// the whole key, and the raw value under its first dotted part.
struct Top<'a> {
    exact: [Option<Found<'a>>; 3],
    head: [Option<&'a RawValue>; 3],
}

enum Found<'a> {
    Str(Cow<'a, str>),
    Number(String),
    Other(&'static str),
}

impl<'a> Top<'a> {
    fn resolve(&self, i: usize, key: &str, numbers: bool) -> Result<Field<'a>, ParseError> {
        if let Some(found) = &self.exact[i] {
            return Ok(match found {
                Found::Str(s) => Field::Str(s.clone()),
                Found::Number(n) if numbers => Field::Str(Cow::Owned(n.clone())),
                Found::Number(_) => Field::Other("a number"),
                Found::Other(kind) => Field::Other(kind),
            });
        }
        let (Some(raw), Some((_, rest))) = (self.head[i], key.split_once('.')) else {
            return Ok(Field::Missing);
        };
        let value: Value = serde_json::from_str(raw.get()).map_err(|e| ParseError(format!("not valid JSON: {e}")))?;
        Ok(match lookup(&value, rest) {
            None => Field::Missing,
            Some(Value::String(s)) => Field::Str(Cow::Owned(s.clone())),
            Some(Value::Number(n)) if numbers => Field::Str(Cow::Owned(n.to_string())),
            Some(other) => Field::Other(kind_of(other)),
        })
    }
}

/// Looks a dotted path up in a JSON value: `metadata.url` is `value["metadata"]["url"]`. A key
/// that itself contains dots is found too, when it is present as it is.
pub fn lookup<'v>(value: &'v Value, path: &str) -> Option<&'v Value> {
    if let Some(v) = value.get(path) {
        return Some(v);
    }
    let mut current = value;
    for part in path.split('.') {
        current = current.get(part)?;
    }
    Some(current)
}

/// The values under `keys` (dotted paths allowed) in a JSON line, null where a key is missing
/// or the line is not a JSON object: what `scan --keep` carries into each row.
///
/// ```
/// use despin_corpus::input::record::values;
/// use serde_json::json;
///
/// let line = br#"{"text": "t", "metadata": {"url": "https://a.example/", "n": [1]}}"#;
/// let keys = ["metadata.url".to_string(), "metadata.n".into(), "nope".into()];
/// assert_eq!(values(line, &keys), [json!("https://a.example/"), json!([1]), json!(null)]);
/// ```
pub fn values(line: &[u8], keys: &[String]) -> Vec<Value> {
    let line = line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line);
    // (A line that is not UTF-8 was scored after lossy decoding; its fields are read the same way.)
    let value: Value = serde_json::from_str(&String::from_utf8_lossy(line)).unwrap_or(Value::Null);
    keys.iter().map(|k| lookup(&value, k).cloned().unwrap_or(Value::Null)).collect()
}

/// What a record holds where `path` was not found, for messages: the keys of the object the
/// path led to, and the dotted paths elsewhere in the record that end in the same key. None
/// when the line is not a JSON object.
///
/// ```
/// use despin_corpus::input::record::miss_hint;
///
/// let line = br#"{"id": 1, "text": "t", "metadata": {"url": "https://a.example/"}}"#;
/// let hint = miss_hint(line, "url").unwrap();
/// assert_eq!(hint, r#"the record has "id", "text", "metadata"; did you mean "metadata.url"?"#);
/// assert_eq!(miss_hint(line, "metadata.link").unwrap(), r#""metadata" has "url""#);
/// ```
pub fn miss_hint(line: &[u8], path: &str) -> Option<String> {
    let line = line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line);
    // (The order of the keys as written: serde_json keeps it with `preserve_order` only, so
    // they are read with a visitor of their own.)
    let value: Value = serde_json::from_slice(line).ok()?;
    value.as_object()?;
    let mut at = &value;
    let mut walked: Vec<&str> = Vec::new();
    for part in path.split('.') {
        match at.get(part) {
            Some(v) if v.is_object() => {
                walked.push(part);
                at = v;
            }
            _ => break,
        }
    }
    let keys = keys_in_order(line, &walked).unwrap_or_default();
    const SHOWN: usize = 12;
    let mut listed: Vec<String> = keys.iter().take(SHOWN).map(|k| format!("{k:?}")).collect();
    if keys.len() > SHOWN {
        listed.push(format!("and {} more", keys.len() - SHOWN));
    }
    let whose = if walked.is_empty() { "the record".to_string() } else { format!("{:?}", walked.join(".")) };
    let mut hint =
        if listed.is_empty() { format!("{whose} has no keys") } else { format!("{whose} has {}", listed.join(", ")) };
    let leaf = path.rsplit('.').next().unwrap_or(path);
    let mut found = Vec::new();
    paths_ending_in(&value, leaf, String::new(), 0, &mut found);
    found.retain(|p| p != path);
    found.truncate(3);
    if !found.is_empty() {
        let quoted: Vec<String> = found.iter().map(|p| format!("{p:?}")).collect();
        hint += &format!("; did you mean {}?", quoted.join(" or "));
    }
    Some(hint)
}

/// The keys of the object under `walked` (a path of keys from the top), in the order written.
fn keys_in_order(line: &[u8], walked: &[&str]) -> Option<Vec<String>> {
    let mut raw: &RawValue = serde_json::from_slice(line).ok()?;
    for part in walked {
        let map: Vec<(String, &RawValue)> = serde_json::from_str::<Pairs>(raw.get()).ok()?.0;
        raw = map.into_iter().rev().find(|(k, _)| k == part)?.1;
    }
    Some(serde_json::from_str::<Pairs>(raw.get()).ok()?.0.into_iter().map(|(k, _)| k).collect())
}

/// An object's entries in the order written.
pub(crate) struct Pairs<'a>(pub(crate) Vec<(String, &'a RawValue)>);

impl<'de: 'a, 'a> serde::Deserialize<'de> for Pairs<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for V<'a> {
            type Value = Pairs<'a>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Pairs<'a>, A::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = map.next_entry::<String, &'de RawValue>()? {
                    out.push((k, v));
                }
                Ok(Pairs(out))
            }
        }
        d.deserialize_map(V(std::marker::PhantomData))
    }
}

/// Dotted paths (up to four keys deep) in `value` whose last key is `leaf`.
fn paths_ending_in(value: &Value, leaf: &str, prefix: String, depth: usize, out: &mut Vec<String>) {
    let Some(map) = value.as_object() else { return };
    for (k, v) in map {
        let path = if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") };
        if k == leaf {
            out.push(path.clone());
        }
        if depth < 3 {
            paths_ending_in(v, leaf, path, depth + 1, out);
        }
    }
}

/// Describes a JSON value for messages: "a number", "an array".
pub fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

struct TopVisitor<'k> {
    keys: &'k Keys<'k>,
}

impl<'de> Visitor<'de> for TopVisitor<'_> {
    type Value = Top<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Top<'de>, A::Error> {
        let mut top = Top { exact: [None, None, None], head: [None, None, None] };
        while let Some(key) = map.next_key::<Cow<'de, str>>()? {
            let exact = (0..3).find(|&i| self.keys.get(i) == Some(&*key));
            if let Some(i) = exact {
                let found = map.next_value_seed(FoundSeed)?;
                // The same key may serve two roles (id and grouping key): copy it over.
                for j in 0..3 {
                    if j != i && self.keys.get(j) == Some(&*key) {
                        top.exact[j] = Some(match &found {
                            Found::Str(s) => Found::Str(s.clone()),
                            Found::Number(n) => Found::Number(n.clone()),
                            Found::Other(k) => Found::Other(k),
                        });
                    }
                }
                top.exact[i] = Some(found);
                continue;
            }
            let head =
                (0..3).filter(|&i| self.keys.get(i).and_then(|k| k.split_once('.')).is_some_and(|(h, _)| h == key));
            let heads: Vec<usize> = head.collect();
            if heads.is_empty() {
                map.next_value::<IgnoredAny>()?;
            } else {
                let raw: &'de RawValue = map.next_value()?;
                for i in heads {
                    top.head[i] = Some(raw);
                }
            }
        }
        Ok(top)
    }
}

struct FoundSeed;

impl<'de> DeserializeSeed<'de> for FoundSeed {
    type Value = Found<'de>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Found<'de>, D::Error> {
        d.deserialize_any(FoundVisitor)
    }
}

struct FoundVisitor;

impl<'de> Visitor<'de> for FoundVisitor {
    type Value = Found<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Found<'de>, E> {
        Ok(Found::Str(Cow::Borrowed(v)))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Found<'de>, E> {
        Ok(Found::Str(Cow::Owned(v.to_string())))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Found<'de>, E> {
        Ok(Found::Str(Cow::Owned(v)))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Found<'de>, E> {
        Ok(Found::Number(v.to_string()))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Found<'de>, E> {
        Ok(Found::Number(v.to_string()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Found<'de>, E> {
        Ok(Found::Number(serde_json::Number::from_f64(v).map_or_else(|| v.to_string(), |n| n.to_string())))
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Found<'de>, E> {
        Ok(Found::Other("a boolean"))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Found<'de>, E> {
        Ok(Found::Other("null"))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Found<'de>, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Found::Other("an array"))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Found<'de>, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Found::Other("an object"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields<'a>(line: &'a str, extra: Option<&str>) -> Result<Fields<'a>, ParseError> {
        parse(line.as_bytes(), "text", "id", extra)
    }

    #[test]
    fn takes_only_what_is_asked() {
        let f = fields(r#"{"x": [1, {"text": 2}], "text": "a\"b", "id": "d1", "n": null}"#, None).unwrap();
        assert_eq!(f.text, Field::Str("a\"b".into()));
        assert_eq!(f.id, Field::Str("d1".into()));
        assert_eq!(f.extra, Field::Missing);
        assert!(matches!(f.text, Field::Str(Cow::Owned(_))));
        let f = fields(r#"{"text": "plain", "id": 1.5}"#, None).unwrap();
        assert!(matches!(f.text, Field::Str(Cow::Borrowed("plain"))));
        assert_eq!(f.id, Field::Str("1.5".into()));
    }

    #[test]
    fn kinds_and_paths() {
        let f = fields(r#"{"text": 3, "id": null}"#, None).unwrap();
        assert_eq!(f.text, Field::Other("a number"));
        assert_eq!(f.id, Field::Other("null"));
        let f = fields(r#"{"text": ["a"], "meta": {"u": {"v": "deep"}}}"#, Some("meta.u.v")).unwrap();
        assert_eq!(f.text, Field::Other("an array"));
        assert_eq!(f.extra, Field::Str("deep".into()));
        let f = fields(r#"{"text": "t", "meta.u": "flat", "meta": {"u": "nested"}}"#, Some("meta.u")).unwrap();
        assert_eq!(f.extra, Field::Str("flat".into()));
        let f = parse(br#"{"doc": {"body": "b"}, "id": "x"}"#, "doc.body", "id", Some("id")).unwrap();
        assert_eq!(f.text, Field::Str("b".into()));
        assert_eq!(f.extra, Field::Str("x".into()));
    }

    #[test]
    fn errors_say_what() {
        let cases = [
            ("[1]", "not a JSON object but an array"),
            ("\"s\"", "not a JSON object but a string"),
            ("nope", "not valid JSON: expected ident at line 1 column 2"),
            ("{\"text\": \"a\"", "not valid JSON: EOF while parsing an object at line 1 column 12"),
            ("{\"text\": \"a\"} x", "not valid JSON: trailing characters at line 1 column 15"),
            ("", "not valid JSON: EOF while parsing a value at line 1 column 0"),
        ];
        for (line, want) in cases {
            assert_eq!(fields(line, None).unwrap_err().0, want, "{line:?}");
        }
        assert!(parse(b"\xEF\xBB\xBF{\"text\": \"bom\"}\r", "text", "id", None).is_ok());
    }
}
