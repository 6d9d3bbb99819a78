//! One tabular shape rendered as a terminal table, Markdown or CSV, so formats never disagree.

use unicode_width::UnicodeWidthChar;

/// The columns a narrow terminal drops first, in this order (SPEC §3.5: title, then detail;
/// the rule catalogue has no title and keeps its description over its family).
const DROP_ORDER: [&str; 5] = ["title", "detail", "what to send", "family", "fires when"];

/// A cell's text for a terminal: a tab or line break is a space, other control characters and
/// bidirectional overrides are shown escaped (SPEC §4.1).
fn cell_text(cell: &str) -> String {
    crate::escape::terminal_cell(cell).into_owned()
}

/// Columns a character takes on a terminal.
fn char_width(c: char) -> usize {
    c.width().unwrap_or(0)
}

/// Columns a text takes on a terminal.
fn text_width(s: &str) -> usize {
    s.chars().map(char_width).sum()
}

/// Whether a line may break before or after this character (East Asian wide).
fn is_wide(c: char) -> bool {
    char_width(c) >= 2
}

/// The widest piece a line cannot break: a word, or a run of narrow characters inside a word
/// that holds wide ones (wide characters may be broken between).
fn longest_word(s: &str) -> usize {
    let mut best = 0;
    let mut run = 0;
    for c in s.chars() {
        if c == ' ' {
            run = 0;
        } else if is_wide(c) {
            run = 0;
            best = best.max(char_width(c));
        } else {
            run += char_width(c);
            best = best.max(run);
        }
    }
    best
}

/// The pieces of a text between which a line may break: (piece, space before it).
fn pieces(s: &str) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    for word in s.split(' ').filter(|w| !w.is_empty()) {
        let mut first = true;
        let mut run = String::new();
        for c in word.chars() {
            if is_wide(c) {
                if !run.is_empty() {
                    out.push((std::mem::take(&mut run), first));
                    first = false;
                }
                out.push((c.to_string(), first));
                first = false;
            } else {
                run.push(c);
            }
        }
        if !run.is_empty() {
            out.push((run, first));
        }
    }
    out
}

/// Wrap `s` to lines of at most `width` columns: at spaces or between wide characters; a
/// piece wider than the column is broken (the last resort).
pub fn wrap(s: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut line_w = 0;
    for (piece, space) in pieces(s) {
        let w = text_width(&piece);
        let gap = usize::from(space && !line.is_empty());
        if line_w + gap + w <= width {
            if gap == 1 {
                line.push(' ');
            }
            line.push_str(&piece);
            line_w += gap + w;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
            line_w = 0;
        }
        if w <= width {
            line.push_str(&piece);
            line_w = w;
            continue;
        }
        for c in piece.chars() {
            let cw = char_width(c);
            if line_w + cw > width && !line.is_empty() {
                lines.push(std::mem::take(&mut line));
                line_w = 0;
            }
            line.push(c);
            line_w += cw;
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

fn head_cells(header: &[String], visible: &[usize]) -> Vec<String> {
    visible.iter().map(|c| header[*c].clone()).collect()
}

/// The lines a table of `grid` (header row first) takes at these column widths.
fn height(grid: &[Vec<&str>], widths: &[usize]) -> usize {
    grid.iter()
        .map(|row| {
            row.iter()
                .zip(widths)
                .map(|(c, w)| wrap(c, *w).len())
                .max()
                .unwrap_or(1)
        })
        .sum()
}

/// Tighten each column to its widest wrapped line, then hand the spare width, a little at a
/// time, to the column where it saves the most lines. Small tables only: a big one keeps the
/// first layout.
fn balance(grid: &[Vec<&str>], widths: &mut [usize], available: usize) {
    for (i, w) in widths.iter_mut().enumerate() {
        let widest = grid
            .iter()
            .flat_map(|row| wrap(row.get(i).copied().unwrap_or(""), *w))
            .map(|l| text_width(&l))
            .max()
            .unwrap_or(1);
        *w = widest.clamp(1, (*w).max(1));
    }
    if grid.len() * widths.len() > 600 {
        return;
    }
    let natural: Vec<usize> = (0..widths.len())
        .map(|i| {
            grid.iter()
                .map(|row| text_width(row.get(i).copied().unwrap_or("")))
                .max()
                .unwrap_or(1)
        })
        .collect();
    let mut current = height(grid, widths);
    loop {
        let slack = available.saturating_sub(widths.iter().sum());
        let mut best: Option<(usize, usize, usize)> = None; // (column, step, lines saved)
        for i in 0..widths.len() {
            let room = natural[i].saturating_sub(widths[i]).min(slack);
            for step in 1..=room {
                widths[i] += step;
                let h = height(grid, widths);
                widths[i] -= step;
                if h < current {
                    let saved = current - h;
                    let better = best.is_none_or(|(_, s, v)| saved * s > v * step);
                    if better {
                        best = Some((i, step, saved));
                    }
                    break;
                }
            }
        }
        match best {
            Some((i, step, saved)) => {
                widths[i] += step;
                current -= saved;
            }
            // No single column saves a line: unwrap the column closest to whole, if it fits.
            None => {
                let pick = (0..widths.len())
                    .filter(|i| widths[*i] < natural[*i] && natural[*i] - widths[*i] <= slack)
                    .min_by_key(|i| natural[*i] - widths[*i]);
                match pick {
                    Some(i) => {
                        widths[i] = natural[i];
                        current = height(grid, widths);
                    }
                    None => break,
                }
            }
        }
    }
}

/// One table row, its cells wrapped to their columns, `fg` colouring the text (not the frame).
fn render_row(out: &mut String, cells: &[String], widths: &[usize], fg: Option<&str>) {
    let wrapped: Vec<Vec<String>> = cells.iter().zip(widths).map(|(c, w)| wrap(c, *w)).collect();
    let height = wrapped.iter().map(Vec::len).max().unwrap_or(1);
    for i in 0..height {
        out.push('│');
        for (k, (lines, w)) in wrapped.iter().zip(widths).enumerate() {
            if k > 0 {
                out.push('┆');
            }
            let text = lines.get(i).map(String::as_str).unwrap_or("");
            let pad = w.saturating_sub(text_width(text));
            out.push(' ');
            match fg {
                Some(code) if !text.is_empty() => {
                    out.push_str(code);
                    out.push_str(text);
                    out.push_str("\x1b[39m");
                }
                _ => out.push_str(text),
            }
            out.push_str(&" ".repeat(pad + 1));
        }
        out.push_str("│\n");
    }
}

/// Rows of text under a header, with an optional colour per row for terminals.
#[derive(Clone, Debug, Default)]
pub struct Tabular {
    pub header: Vec<&'static str>,
    pub rows: Vec<Vec<String>>,
    /// Per row: highlight as urgent (red) or current (yellow) on a colour terminal.
    pub tone: Vec<Tone>,
    /// Columns that are wrapped on a terminal only as a last resort (dates, statuses).
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

    /// A terminal table that fits `width` columns (SPEC §3.5; 0 is read as 80): lines break
    /// at spaces or between East Asian wide characters, never inside a word; when the words
    /// cannot fit, the title column and then the detail column are dropped, with a note; only
    /// after that may a single word wider than its column be broken.
    pub fn terminal(&self, width: usize, color: bool) -> String {
        let width = if width == 0 { 80 } else { width };
        let cells: Vec<Vec<String>> = self
            .rows
            .iter()
            .map(|r| r.iter().map(|c| cell_text(c)).collect())
            .collect();
        let header: Vec<String> = self.header.iter().map(|h| cell_text(h)).collect();
        let mut visible: Vec<usize> = (0..self.header.len()).collect();
        let mut dropped: Vec<&str> = Vec::new();
        let column = |c: usize| {
            std::iter::once(header[c].as_str()).chain(
                cells
                    .iter()
                    .map(move |r| r.get(c).map(String::as_str).unwrap_or("")),
            )
        };
        let min_of = |c: usize| column(c).map(longest_word).max().unwrap_or(0).max(1);
        let frame = |n: usize| 3 * n + 1;
        loop {
            let need: usize =
                visible.iter().map(|c| min_of(*c)).sum::<usize>() + frame(visible.len());
            if need <= width {
                break;
            }
            let next = DROP_ORDER.iter().find_map(|name| {
                visible
                    .iter()
                    .position(|c| self.header[*c] == *name)
                    .filter(|_| visible.len() > 1)
            });
            match next {
                Some(i) => dropped.push(self.header[visible.remove(i)]),
                None => break,
            }
        }
        let available = width.saturating_sub(frame(visible.len()));
        let mins: Vec<usize> = visible.iter().map(|c| min_of(*c)).collect();
        let mut widths: Vec<usize> = visible
            .iter()
            .map(|c| column(*c).map(text_width).max().unwrap_or(0).max(1))
            .collect();
        // Shrink the widest column first: the free-text columns down to their longest word,
        // then the kept-whole ones (dates, statuses) down to theirs, then (last resort) below.
        let whole: Vec<bool> = visible
            .iter()
            .map(|c| self.keep_whole.contains(c))
            .collect();
        for phase in 0..3 {
            let floors: Vec<usize> = (0..widths.len())
                .map(|i| match phase {
                    0 if whole[i] => widths[i],
                    0 | 1 => mins[i],
                    _ => 1,
                })
                .collect();
            while widths.iter().sum::<usize>() > available {
                let pick = (0..widths.len())
                    .filter(|i| widths[*i] > floors[*i])
                    .max_by_key(|i| (widths[*i], std::cmp::Reverse(*i)));
                match pick {
                    Some(i) => widths[i] -= 1,
                    None => break,
                }
            }
        }
        let head_row = head_cells(&header, &visible);
        let grid: Vec<Vec<&str>> = std::iter::once(&head_row)
            .map(|h| h.iter().map(String::as_str).collect())
            .chain(cells.iter().map(|r| {
                visible
                    .iter()
                    .map(|c| r.get(*c).map(String::as_str).unwrap_or(""))
                    .collect()
            }))
            .collect();
        balance(&grid, &mut widths, available);
        let mut out = String::new();
        let rule = |l: &str, m: &str, r: &str, fill: &str| {
            let parts: Vec<String> = widths.iter().map(|w| fill.repeat(w + 2)).collect();
            format!("{l}{}{r}\n", parts.join(m))
        };
        out.push_str(&rule("┌", "┬", "┐", "─"));
        let head: Vec<String> = visible.iter().map(|c| header[*c].clone()).collect();
        render_row(&mut out, &head, &widths, None);
        out.push_str(&rule("╞", "╪", "╡", "═"));
        for (r, tone) in cells.iter().zip(&self.tone) {
            let row: Vec<String> = visible
                .iter()
                .map(|c| r.get(*c).cloned().unwrap_or_default())
                .collect();
            let fg = match tone {
                Tone::Urgent if color => Some("\x1b[31m"),
                Tone::Current if color => Some("\x1b[33m"),
                _ => None,
            };
            render_row(&mut out, &row, &widths, fg);
        }
        out.push_str(&rule("└", "┴", "┘", "─"));
        if !dropped.is_empty() {
            let names: Vec<String> = dropped.iter().map(|d| format!("`{d}`")).collect();
            let (list, what) = if names.len() == 1 {
                (names[0].clone(), "column was")
            } else {
                (names.join(" and "), "columns were")
            };
            let note = format!(
                "note: the {list} {what} dropped to fit {width} columns; widen the terminal (or set COLUMNS), or use --format markdown, csv or json for every column"
            );
            for line in wrap(&note, width) {
                out.push_str(&line);
                out.push('\n');
            }
        }
        out
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

    fn sample() -> Tabular {
        let mut t = Tabular::new(vec![
            "status",
            "action",
            "opportunity",
            "title",
            "window",
            "what to send",
        ]);
        for (title, hint) in [
            (
                "Acme Corp — Senior Site Reliability Engineer",
                "bring a value-add",
            ),
            (
                "東京株式会社のシニアエンジニア",
                "mention one point you discussed",
            ),
            ("Initech", "optional; keep the door open"),
        ] {
            t.push(
                vec![
                    "planned 12-01".into(),
                    "check-in-2".into(),
                    "initech-platform".into(),
                    title.into(),
                    "2026-11-30 → 12-02".into(),
                    hint.into(),
                ],
                Tone::Urgent,
            );
        }
        t.keep_whole = vec![0, 4];
        t
    }

    #[test]
    fn tables_fit_every_width_from_60_up_without_cutting_words() {
        let t = sample();
        for width in 60..=220 {
            let out = t.terminal(width, false);
            for line in out.lines() {
                assert!(text_width(line) <= width, "{width}: {line}");
            }
            for word in ["check-in-2", "initech-platform", "value-add", "discussed"] {
                let dropped = word == "value-add" || word == "discussed";
                assert!(
                    out.contains(word) || (dropped && out.contains("`what to send`")),
                    "{width}: `{word}` cut\n{out}"
                );
            }
        }
        // 0 is read as 80.
        assert_eq!(t.terminal(0, false), t.terminal(80, false));
    }

    #[test]
    fn colour_wraps_the_text_not_the_frame() {
        let out = sample().terminal(200, true);
        assert!(out.contains("\x1b[31mcheck-in-2\x1b[39m"));
        assert!(!sample().terminal(200, false).contains('\x1b'));
    }

    #[test]
    fn wrap_breaks_at_spaces_and_between_wide_characters_only() {
        assert_eq!(wrap("bring a value-add", 10), ["bring a", "value-add"]);
        assert_eq!(wrap("東京株式会社", 5), ["東京", "株式", "会社"]);
        assert_eq!(wrap("ab東京", 4), ["ab東", "京"]);
        // The last resort: one word wider than the column.
        assert_eq!(wrap("opportunity", 5), ["oppor", "tunit", "y"]);
        assert_eq!(wrap("", 5), [""]);
    }

    #[test]
    fn a_tab_in_a_cell_is_a_space_and_controls_are_escaped() {
        let mut t = Tabular::new(vec!["a"]);
        t.push(vec!["x\ty\u{1b}z".into()], Tone::Plain);
        let out = t.terminal(80, false);
        assert!(out.contains("x y\\u{1b}z"), "{out}");
    }
}
