//! Reading loose input objects (a [`Value`] from JavaScript) field by field:
//! unknown keys refused with a did-you-mean, `null` refused, types checked,
//! every error carrying the field's path.

use crate::error::{quote, Error, ErrorCode, Result};
use crate::json::Value;

/// The entries of an input object whose keys have been checked against the
/// allowed list, with no `null`s and no duplicates.
pub(crate) struct Fields<'v> {
    entries: &'v [(String, Value)],
}

impl<'v> Fields<'v> {
    /// `explained` gives a dedicated message for keys that are known to be wrong here.
    pub(crate) fn parse(value: &'v Value, allowed: &[&'static str], explained: &[(&str, &str)]) -> Result<Self> {
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
        self.get(key).map(|v| as_string(v).map_err(|e| e.within(key))).transpose()
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

    /// An array whose items `read` reads, each error under `key[i]`.
    pub(crate) fn array<T>(&self, key: &str, read: impl Fn(&Value) -> Result<T>) -> Result<Option<Vec<T>>> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::Array(items)) => items
                .iter()
                .enumerate()
                .map(|(i, item)| read(item).map_err(|e| e.within(&format!("[{i}]"))))
                .collect::<Result<Vec<_>>>()
                .map(Some)
                .map_err(|e| e.within(key)),
            Some(other) => Err(type_error(key, "an array", other)),
        }
    }

    pub(crate) fn object<T>(&self, key: &str, read: impl FnOnce(&Value) -> Result<T>) -> Result<Option<T>> {
        self.get(key).map(|v| read(v).map_err(|e| e.within(key))).transpose()
    }
}

/// A string, with the error path left empty for the caller to fill in.
pub(crate) fn as_string(value: &Value) -> Result<String> {
    match value {
        Value::String(s) => Ok(s.clone()),
        Value::Null => Err(Error::new(ErrorCode::NullField, "", "expected a string, got null")),
        other => Err(type_error("", "a string", other)),
    }
}

/// `KYC_INVALID_TYPE` (or `KYC_NULL_FIELD` for `null`): "expected …, got a number".
pub fn type_error(path: &str, expected: &str, got: &Value) -> Error {
    let code = match got {
        Value::Null => ErrorCode::NullField,
        _ => ErrorCode::InvalidType,
    };
    Error::new(code, path, format!("expected {expected}, got {}", got.type_name()))
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

/// `KYC_UNKNOWN_FIELD` for `key`, with the near miss among `allowed` when there is one.
pub fn unknown_field(key: &str, allowed: &[&str], explained: &[(&str, &str)]) -> Error {
    if let Some((_, why)) = explained.iter().find(|(k, _)| *k == key) {
        return Error::new(ErrorCode::UnknownField, key_path(key), *why);
    }
    let message = match (suggestion(key, allowed), allowed) {
        (Some(near), _) => format!("unknown field; did you mean \"{near}\"?"),
        (None, []) => "unknown field; this takes no fields".to_owned(),
        (None, _) => format!("unknown field; allowed fields are {}", allowed.join(", ")),
    };
    Error::new(ErrorCode::UnknownField, key_path(key), message)
}

/// Shows, in a message, a value given for an option that takes one of
/// `choices`: quoted when it is short or a near miss of one (a typo, another
/// case), else only its length. A long value that is no near miss is no typo,
/// and a value pasted into the wrong option is often a secret.
pub fn quote_choice(value: &str, choices: &[&str]) -> String {
    const SHORT: usize = 12;
    let length = value.chars().count();
    if length <= SHORT || suggestion(value, choices).is_some() {
        quote(value)
    } else {
        format!("a string of {length} characters")
    }
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

// ---------------------------------------------------------------------------
// Rules more than one provider's fields follow
// ---------------------------------------------------------------------------

/// Runs `rule` on a present field and puts the field's name on its error.
pub(crate) fn check(field: &Option<String>, path: &str, rule: impl FnOnce(&str) -> Result<()>) -> Result<()> {
    match field {
        Some(value) => rule(value).map_err(|e| e.within(path)),
        None => Ok(()),
    }
}

pub(crate) fn invalid(code: ErrorCode, message: impl Into<String>) -> Error {
    Error::new(code, "", message)
}

pub(crate) fn check_one_of(value: &str, allowed: &[&str]) -> Result<()> {
    if allowed.contains(&value) {
        return Ok(());
    }
    let list = allowed.iter().map(|a| format!("\"{a}\"")).collect::<Vec<_>>().join(", ");
    Err(invalid(ErrorCode::InvalidValue, format!("expected one of {list}, got {}", quote(value))))
}

pub(crate) fn check_non_empty(value: &str) -> Result<()> {
    if value.is_empty() {
        Err(invalid(ErrorCode::InvalidValue, "must not be empty"))
    } else {
        Ok(())
    }
}

pub(crate) fn check_country(value: &str) -> Result<()> {
    if is_country(value) {
        return Ok(());
    }
    let upper = value.to_ascii_uppercase();
    let message = if is_country(&upper) {
        format!("expected an upper-case ISO 3166-1 alpha-2 code; use upper case: \"{upper}\"")
    } else {
        format!("expected an ISO 3166-1 alpha-2 country code such as \"US\", got {}", quote(value))
    };
    Err(invalid(ErrorCode::InvalidCountry, message))
}

fn is_country(code: &str) -> bool {
    COUNTRIES.binary_search(&code).is_ok()
}

// ---------------------------------------------------------------------------
// ISO 3166-1 alpha-2
// ---------------------------------------------------------------------------

/// The 249 officially assigned ISO 3166-1 alpha-2 codes, sorted for binary search.
#[rustfmt::skip]
const COUNTRIES: [&str; 249] = [
    "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ",
    "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS",
    "BT", "BV", "BW", "BY", "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN",
    "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM", "DO", "DZ", "EC", "EE",
    "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK", "FM", "FO", "FR", "GA", "GB", "GD", "GE", "GF",
    "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY", "HK", "HM",
    "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT", "JE", "JM",
    "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC",
    "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK",
    "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA",
    "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG",
    "PH", "PK", "PL", "PM", "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW",
    "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS",
    "ST", "SV", "SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO",
    "TR", "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI",
    "VN", "VU", "WF", "WS", "YE", "YT", "ZA", "ZM", "ZW",

];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_field_message_always_says_what_is_allowed() {
        assert_eq!(unknown_field("x", &[], &[]).reason(), "unknown field; this takes no fields");
        assert_eq!(unknown_field("zzz", &["a", "b"], &[]).reason(), "unknown field; allowed fields are a, b");
        assert_eq!(unknown_field("A", &["a"], &[]).reason(), "unknown field; did you mean \"a\"?");
    }

    #[test]
    fn country_table_is_sorted_complete_and_upper_case() {
        assert_eq!(COUNTRIES.len(), 249);
        assert!(COUNTRIES.windows(2).all(|w| matches!(w, [a, b] if a < b)));
        assert!(COUNTRIES.iter().all(|c| c.len() == 2 && c.bytes().all(|b| b.is_ascii_uppercase())));
        for code in ["US", "GB", "DE", "AX", "BQ", "CW", "SS", "SX", "XK"] {
            assert_eq!(is_country(code), code != "XK", "{code}");
        }
        // Reserved or withdrawn, not officially assigned.
        for code in ["UK", "EU", "AN", "YU", "ZZ", "us", ""] {
            assert!(!is_country(code), "{code}");
        }
    }

    #[test]
    fn the_empty_key_keeps_a_visible_path() {
        let err = Fields::parse(&Value::object([("", Value::from("x"))]), &["a"], &[]).err().unwrap();
        assert_eq!(err.within("person").path(), "person[\"\"]");
    }

    #[test]
    fn edit_distance() {
        assert_eq!(edit_distance_ignoring_case("firstname", "firstName", 2), Some(0));
        assert_eq!(edit_distance_ignoring_case("fistName", "firstName", 2), Some(1));
        assert_eq!(edit_distance_ignoring_case("kitten", "sitting", 3), Some(3));
        assert_eq!(edit_distance_ignoring_case("kitten", "sitting", 2), None);
        assert_eq!(edit_distance_ignoring_case("dob", "dateOfBirth", 2), None);
        assert_eq!(edit_distance_ignoring_case("", "ab", 2), Some(2));
    }
}
