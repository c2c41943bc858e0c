//! Reading loose input objects (a [`Value`] from JavaScript) field by field:
//! unknown keys refused with a did-you-mean, `null` refused, types checked,
//! every error carrying the field's path.

use crate::error::{Error, ErrorCode, Result};
use crate::value::Value;


/// The entries of an input object whose keys have been checked against the
/// allowed list, with no `null`s and no duplicates.
pub(crate) struct Fields<'v> {
    entries: &'v [(String, Value)],
}

impl<'v> Fields<'v> {
    /// `explained` gives a dedicated message for keys that are known to be wrong here.
    pub(crate) fn parse(
        value: &'v Value,
        allowed: &[&'static str],
        explained: &[(&str, &str)],
    ) -> Result<Self> {
        let Value::Object(entries) = value else {
            return Err(type_error("", "an object", value));
        };
        for (i, (key, item)) in entries.iter().enumerate() {
            if !allowed.contains(&key.as_str()) {
                return Err(unknown_field(key, allowed, explained));
            }
            if entries.iter().take(i).any(|(k, _)| k == key) {
                return Err(Error::new(ErrorCode::InvalidValue, key_path(key), "duplicate field"));
            }
            if matches!(item, Value::Null) {
                return Err(Error::new(
                    ErrorCode::NullField,
                    key_path(key),
                    "null is not allowed; omit the field instead (the provider treats null and absent differently)",
                ));
            }
        }
        Ok(Fields { entries })
    }

    pub(crate) fn get(&self, key: &str) -> Option<&'v Value> {
        self.entries.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    pub(crate) fn string(&self, key: &str) -> Result<Option<String>> {
        self.get(key)
            .map(|v| as_string(v).map_err(|e| e.within(key)))
            .transpose()
    }

    pub(crate) fn boolean(&self, key: &str) -> Result<Option<bool>> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(other) => Err(type_error(key, "a boolean", other)),
        }
    }

    pub(crate) fn strings(&self, key: &str) -> Result<Option<Vec<String>>> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::Array(items)) => items
                .iter()
                .enumerate()
                .map(|(i, item)| as_string(item).map_err(|e| e.within(&format!("[{i}]"))))
                .collect::<Result<Vec<_>>>()
                .map(Some)
                .map_err(|e| e.within(key)),
            Some(other) => Err(type_error(key, "an array of strings", other)),
        }
    }

    pub(crate) fn object<T>(&self, key: &str, read: impl FnOnce(&Value) -> Result<T>) -> Result<Option<T>> {
        self.get(key)
            .map(|v| read(v).map_err(|e| e.within(key)))
            .transpose()
    }
}

/// A string, with the error path left empty for the caller to fill in.
pub(crate) fn as_string(value: &Value) -> Result<String> {
    match value {
        Value::String(s) => Ok(s.clone()),
        Value::Null => Err(Error::new(
            ErrorCode::NullField,
            "",
            "expected a string, got null",
        )),
        other => Err(type_error("", "a string", other)),
    }
}

pub(crate) fn type_error(path: &str, expected: &str, got: &Value) -> Error {
    let code = match got {
        Value::Null => ErrorCode::NullField,
        _ => ErrorCode::InvalidType,
    };
    Error::new(
        code,
        path,
        format!("expected {expected}, got {}", got.type_name()),
    )
}

/// The path segment for a key: the key itself, or `[""]` for the empty key,
/// which would otherwise vanish from the path and blame its parent.
pub(crate) fn key_path(key: &str) -> String {
    if key.is_empty() {
        "[\"\"]".to_owned()
    } else {
        key.to_owned()
    }
}

pub(crate) fn unknown_field(key: &str, allowed: &[&str], explained: &[(&str, &str)]) -> Error {
    if let Some((_, why)) = explained.iter().find(|(k, _)| *k == key) {
        return Error::new(ErrorCode::UnknownField, key_path(key), *why);
    }
    let message = match suggestion(key, allowed) {
        Some(near) => format!("unknown field; did you mean \"{near}\"?"),
        None => format!("unknown field; allowed fields are {}", allowed.join(", ")),
    };
    Error::new(ErrorCode::UnknownField, key_path(key), message)
}

/// The allowed key closest to a misspelt one: equal ignoring ASCII case, or
/// within two edits of it.
fn suggestion<'a>(key: &str, allowed: &[&'a str]) -> Option<&'a str> {
    const MAX_EDITS: usize = 2;
    allowed
        .iter()
        .filter_map(|&candidate| {
            let distance = edit_distance_ignoring_case(key, candidate, MAX_EDITS)?;
            Some((distance, candidate))
        })
        .min_by_key(|&(distance, _)| distance)
        .map(|(_, candidate)| candidate)
}

/// Levenshtein distance over ASCII-lower-cased characters, or `None` when it
/// exceeds `max` (checked up front by length so huge keys cost nothing).
fn edit_distance_ignoring_case(a: &str, b: &str, max: usize) -> Option<usize> {
    if a.chars().count().abs_diff(b.chars().count()) > max {
        return None;
    }
    let a: Vec<char> = a.chars().map(|c| c.to_ascii_lowercase()).collect();
    let b: Vec<char> = b.chars().map(|c| c.to_ascii_lowercase()).collect();
    // Row of distances from a prefix of `a` to every prefix of `b`.
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, &ca) in a.iter().enumerate() {
        let mut current = Vec::with_capacity(previous.len());
        let mut left = i + 1;
        current.push(left);
        for (&cb, pair) in b.iter().zip(previous.windows(2)) {
            if let &[diagonal, up] = pair {
                left = (diagonal + usize::from(ca != cb)).min(up + 1).min(left + 1);
                current.push(left);
            }
        }
        previous = current;
    }
    previous.last().copied().filter(|&d| d <= max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_empty_key_keeps_a_visible_path() {
        let err = Fields::parse(&Value::object([("", Value::from("x"))]), &["a"], &[]).err().unwrap();
        assert_eq!(err.within("person").path(), "person[\"\"]");
    }

    #[test]
    fn edit_distance() {
        assert_eq!(
            edit_distance_ignoring_case("firstname", "firstName", 2),
            Some(0)
        );
        assert_eq!(
            edit_distance_ignoring_case("fistName", "firstName", 2),
            Some(1)
        );
        assert_eq!(edit_distance_ignoring_case("kitten", "sitting", 3), Some(3));
        assert_eq!(edit_distance_ignoring_case("kitten", "sitting", 2), None);
        assert_eq!(edit_distance_ignoring_case("dob", "dateOfBirth", 2), None);
        assert_eq!(edit_distance_ignoring_case("", "ab", 2), Some(2));
    }
}
