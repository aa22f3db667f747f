//! The JSON Schema is generated from the record types and checked in; every sample's record (and
//! the seed's) validates against it.

use crate::{parse_relative, root, sample_minutes};

fn checked_in() -> serde_json::Value {
    let text = std::fs::read_to_string(root().join("schemas/record.schema.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

#[test]
fn checked_in_schema_is_the_generated_one() {
    let generated = gijiroku::record::record_schema();
    if std::env::var_os("GIJIROKU_BLESS").is_some() {
        let text = serde_json::to_string_pretty(&generated).unwrap() + "\n";
        std::fs::write(root().join("schemas/record.schema.json"), text).unwrap();
        return;
    }
    assert_eq!(
        checked_in(),
        generated,
        "schemas/record.schema.json is stale; regenerate with GIJIROKU_BLESS=1"
    );
}

#[test]
fn schema_is_draft_2020_12() {
    assert_eq!(
        checked_in()["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
}

#[test]
fn every_sample_record_validates() {
    let errors = crate::schema_errors(&sample_minutes());
    assert!(errors.is_empty(), "{errors:?}");
}

#[test]
fn a_broken_record_does_not_validate() {
    let validator = jsonschema::validator_for(&checked_in()).unwrap();
    let rel = &sample_minutes()[0];
    let mut value = serde_json::to_value(parse_relative(rel)).unwrap();
    value["kind"] = "agenda".into();
    assert!(!validator.is_valid(&value));
    value["kind"] = "minutes".into();
    value["meeting"]["fiscal_year"] = "2023".into();
    assert!(!validator.is_valid(&value));
}
