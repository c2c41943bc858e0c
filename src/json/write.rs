//! Writing JSON exactly as JavaScript's `JSON.stringify` does: compact, keys
//! in the order written, the same string escapes. Bodies are signed byte for
//! byte, so "equivalent JSON" is not good enough.

/// Writes one JSON object compactly, as `JSON.stringify` does.
pub(crate) struct JsonObject<'a> {
    out: &'a mut String,
    empty: bool,
}

impl<'a> JsonObject<'a> {
    pub(crate) fn begin(out: &'a mut String) -> Self {
        out.push('{');
        JsonObject { out, empty: true }
    }

    pub(crate) fn end(self) {
        self.out.push('}');
    }

    /// Writes `"key":` (after a comma when needed) and returns the buffer for the value.
    fn key(&mut self, key: &'static str) -> &mut String {
        if !self.empty {
            self.out.push(',');
        }
        self.empty = false;
        // Keys are this crate's own field names: nothing in them to escape.
        debug_assert!(!key.bytes().any(|b| b < 0x20 || b == b'"' || b == b'\\'));
        self.out.push('"');
        self.out.push_str(key);
        self.out.push_str("\":");
        self.out
    }

    pub(crate) fn string(&mut self, key: &'static str, value: Option<&str>) {
        if let Some(value) = value {
            write_json_string(self.key(key), value);
        }
    }

    pub(crate) fn boolean(&mut self, key: &'static str, value: Option<bool>) {
        if let Some(value) = value {
            self.key(key).push_str(if value { "true" } else { "false" });
        }
    }

    pub(crate) fn strings(&mut self, key: &'static str, values: Option<&[String]>) {
        let Some(values) = values else { return };
        let out = self.key(key);
        out.push('[');
        for (i, value) in values.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            write_json_string(out, value);
        }
        out.push(']');
    }

    /// `"key":[{…},{…}]`, each object written by `fill`; nothing when `items` is `None`.
    pub(crate) fn objects<T>(
        &mut self,
        key: &'static str,
        items: Option<&[T]>,
        fill: impl Fn(&mut JsonObject<'_>, &T),
    ) {
        let Some(items) = items else { return };
        let out = self.key(key);
        out.push('[');
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            let mut object = JsonObject::begin(out);
            fill(&mut object, item);
            object.end();
        }
        out.push(']');
    }

    pub(crate) fn object(&mut self, key: &'static str, fill: impl FnOnce(&mut JsonObject<'_>)) {
        let mut inner = JsonObject::begin(self.key(key));
        fill(&mut inner);
        inner.end();
    }
}

/// Writes a JSON string literal with `JSON.stringify`'s escapes: the short
/// forms where JSON has them, `\u00xx` (lower-case hex) for other control
/// characters, and everything else, `/`, DEL and U+2028/U+2029 included, as is.
pub fn write_json_string(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.reserve(s.len() + 2);
    out.push('"');
    let mut rest = s;
    // Runs between escapes are copied whole; an escape is always an ASCII
    // byte, so every split falls on a character boundary.
    while let Some(at) = rest.bytes().position(|b| b < 0x20 || b == b'"' || b == b'\\') {
        let Some((run, tail)) = rest.split_at_checked(at) else { break };
        out.push_str(run);
        let Some((&byte, _)) = tail.as_bytes().split_first() else { break };
        match byte {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            0x08 => out.push_str("\\b"),
            0x0c => out.push_str("\\f"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            _ => {
                out.push_str("\\u00");
                out.extend(
                    [byte >> 4, byte & 0xf].iter().filter_map(|&n| HEX.get(usize::from(n))).map(|&h| char::from(h)),
                );
            }
        }
        rest = tail.get(1..).unwrap_or_default();
    }
    out.push_str(rest);
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(s: &str) -> String {
        let mut out = String::new();
        write_json_string(&mut out, s);
        out
    }

    #[test]
    fn control_characters_escape_like_json_stringify() {
        let all: String = (0u8..0x20).map(char::from).collect();
        // From Node 20: JSON.stringify(String.fromCharCode(0, 1, …, 0x1f)).
        let expected = r#""\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\b\t\n\u000b\f\r\u000e\u000f\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c\u001d\u001e\u001f""#;
        assert_eq!(json(&all), expected);
    }

    #[test]
    fn other_characters_stay_literal_like_json_stringify() {
        let input = "q\"b\\s/ del\u{7f} ls\u{2028} ps\u{2029} astral\u{1f600}\u{1d11e} \u{e9}\u{4e2d} \u{80}\u{9f}";
        // From Node 20: JSON.stringify of the same string (non-ASCII re-spelt as \u{..} here).
        let expected =
            "\"q\\\"b\\\\s/ del\u{7f} ls\u{2028} ps\u{2029} astral\u{1f600}\u{1d11e} \u{e9}\u{4e2d} \u{80}\u{9f}\"";
        assert_eq!(json(input), expected);
        assert_eq!(json(""), "\"\"");
    }
}
