//! One tabular shape rendered as a terminal table, Markdown or CSV, so formats never disagree.

use comfy_table::{presets, Cell, Color, ColumnConstraint, ContentArrangement, Table};

/// Rows of text under a header, with an optional colour per row for terminals.
#[derive(Clone, Debug, Default)]
pub struct Tabular {
    pub header: Vec<&'static str>,
    pub rows: Vec<Vec<String>>,
    /// Per row: highlight as urgent (red) or current (yellow) on a colour terminal.
    pub tone: Vec<Tone>,
    /// Columns that are never wrapped on a terminal (dates, statuses).
    pub keep_whole: Vec<usize>,
}

/// How a row is highlighted on a colour terminal.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Tone {
    #[default]
    Plain,
    Urgent,
    Current,
}

impl Tabular {
    pub fn new(header: Vec<&'static str>) -> Self {
        Tabular {
            header,
            rows: Vec::new(),
            tone: Vec::new(),
            keep_whole: Vec::new(),
        }
    }
    pub fn push(&mut self, row: Vec<String>, tone: Tone) {
        self.rows.push(row);
        self.tone.push(tone);
    }

    /// A terminal table that fits `width` columns, wrapping long cells.
    pub fn terminal(&self, width: usize, color: bool) -> String {
        let mut table = Table::new();
        table
            .load_style(presets::UTF8_FULL_CONDENSED)
            .set_content_arrangement(ContentArrangement::Dynamic)
            .set_width(width.min(u16::MAX as usize) as u16)
            .set_header(self.header.clone());
        if !color {
            table.force_no_tty();
        } else {
            table.enforce_styling();
        }
        for (row, tone) in self.rows.iter().zip(&self.tone) {
            let fg = match tone {
                Tone::Urgent if color => Some(Color::Red),
                Tone::Current if color => Some(Color::Yellow),
                _ => None,
            };
            table.add_row(row.iter().map(|c| {
                let c = crate::escape::terminal_cell(c);
                match fg {
                    Some(f) => Cell::new(c).fg(f),
                    None => Cell::new(c),
                }
            }));
        }
        for i in &self.keep_whole {
            if let Some(c) = table.column_mut(*i) {
                c.set_constraint(ColumnConstraint::ContentWidth);
            }
        }
        format!("{table}\n")
    }

    /// A GitHub-flavoured Markdown table; cells are escaped by [`crate::escape::markdown`], so
    /// they render as the same text, never as markup.
    pub fn markdown(&self) -> String {
        let esc = |s: &str| crate::escape::markdown(s).into_owned();
        let mut s = format!("| {} |\n", self.header.join(" | "));
        s.push_str(&format!("|{}\n", "---|".repeat(self.header.len())));
        for row in &self.rows {
            let cells: Vec<String> = row.iter().map(|c| esc(c)).collect();
            s.push_str(&format!("| {} |\n", cells.join(" | ")));
        }
        s
    }

    /// RFC 4180 CSV; cells that a spreadsheet would run as a formula are neutralised.
    pub fn csv(&self) -> String {
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(Vec::new());
        let _ = w.write_record(&self.header);
        for row in &self.rows {
            let _ = w.write_record(row.iter().map(|c| spreadsheet_safe(c)));
        }
        String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
    }
}

/// A cell a spreadsheet shows as text: see [`crate::escape::csv`].
pub fn spreadsheet_safe(cell: &str) -> String {
    crate::escape::csv(cell).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_and_neutralises_formulas() {
        let mut t = Tabular::new(vec!["a", "b"]);
        t.push(
            vec!["=HYPERLINK(\"x\")".into(), "Acme, Inc".into()],
            Tone::Plain,
        );
        assert_eq!(
            t.csv(),
            "a,b\r\n\"'=HYPERLINK(\"\"x\"\")\",\"Acme, Inc\"\r\n"
        );
    }

    #[test]
    fn markdown_escapes_pipes() {
        let mut t = Tabular::new(vec!["a"]);
        t.push(vec!["x | y".into()], Tone::Plain);
        assert_eq!(t.markdown(), "| a |\n|---|\n| x \\| y |\n");
    }
}
