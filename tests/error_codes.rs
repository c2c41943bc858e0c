//! Error codes have one source, `ErrorCode` (src/error.rs): the package's
//! `.d.ts` union and the README's table must list exactly its codes, each
//! with the class it is thrown as.

use std::collections::BTreeMap;

use kyc_sign::ErrorCode;

fn read(path: &str) -> String {
    let full = format!("{}/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("reading {full}: {e}"))
}

/// Every `KYC_…` word in `text`.
fn codes_in(text: &str) -> Vec<&str> {
    text.split(|c: char| !(c.is_ascii_uppercase() || c == '_'))
        .filter(|w| w.starts_with("KYC_") && w.len() > 4)
        .collect()
}

fn rust_codes() -> BTreeMap<&'static str, &'static str> {
    ErrorCode::ALL.iter().map(|code| (code.as_str(), code.class().js_name())).collect()
}

#[test]
fn the_type_union_lists_every_code() {
    let types = read("pkg-template/index.d.ts");
    let start = types.find("export type KycErrorCode").expect("the KycErrorCode union");
    let union = &types[start..start + types[start..].find(';').expect("the union ends")];
    let mut listed = codes_in(union);
    listed.sort_unstable();
    let expected: Vec<&str> = rust_codes().into_keys().collect();
    assert_eq!(listed, expected);
}

#[test]
fn the_readme_table_gives_every_code_its_class() {
    let readme = read("README.md");
    let table: BTreeMap<&str, &str> = readme
        .lines()
        .filter_map(|line| {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            match cells.as_slice() {
                ["", codes, class, _, ""] if codes.starts_with("`KYC_") => Some((codes_in(codes), *class)),
                _ => None,
            }
        })
        .flat_map(|(codes, class)| codes.into_iter().map(move |code| (code, class)))
        .collect();
    assert_eq!(table, rust_codes());
}

#[test]
fn codes_are_unique_and_stable_in_form() {
    let codes = rust_codes();
    assert_eq!(codes.len(), ErrorCode::ALL.len(), "a code string is used twice");
    assert!(codes.keys().all(|c| c.starts_with("KYC_") && c.bytes().all(|b| b.is_ascii_uppercase() || b == b'_')));
}
