//! `gijiroku schema`: print the JSON Schema of the record.

use std::io::Write;

use super::CliError;

/// Prints the schema.
pub(super) fn run(out: &mut dyn Write) -> Result<(), CliError> {
    let schema = crate::record::record_schema();
    writeln!(
        out,
        "{}",
        serde_json::to_string_pretty(&schema).expect("schema serialises")
    )
    .map_err(CliError::Output)
}
