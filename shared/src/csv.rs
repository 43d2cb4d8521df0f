//! CSV for spreadsheets: one cell, quoted where it must be, and never read as a formula.

/// One CSV cell: quoted when it holds a comma, quote or line break; a leading `=`, `+`,
/// `-` or `@` is escaped with an apostrophe, so a spreadsheet shows it as text.
pub fn cell(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@']) { format!("'{text}") } else { text.to_owned() };
    if text.contains([',', '"', '\n', '\r']) { format!("\"{}\"", text.replace('"', "\"\"")) } else { text }
}

/// One CSV row of `cells`, ended as RFC 4180 ends it.
pub fn row<'a>(cells: impl IntoIterator<Item = &'a str>) -> String {
    let mut row = cells.into_iter().map(cell).collect::<Vec<_>>().join(",");
    row.push_str("\r\n");
    row
}
