//! The timeline picture of the HTML report (SPEC §3.6) as inline SVG: one lane per
//! opportunity, a mark per entry, a bar per due window, the decision dates, today, weekends.
//!
//! A pure function of [`Picture`] (plain data, built by [`super::html`]): no journal, no clock.
//! Every date becomes an x-position through [`Scale::x`] alone, so tests can check the numbers.
//! Journal text only ever lands in SVG text nodes (`<title>`, `<text>`), escaped by the `svg`
//! crate after [`super::html::text`] has made control characters visible.

use super::due::Status;
use super::html::text as clean;
use crate::diagnostic::Severity;
use crate::model::Kind;
use chrono::{Datelike, NaiveDate, Weekday};
use svg::node::element::{
    Definitions, Description, Element, Group, Line, Path, Pattern, Rectangle, Title,
};
use svg::Document;

/// The width of the picture in SVG user units (CSS pixels at 100 %).
pub const WIDTH: f64 = 1200.0;
/// Where the day columns start: the lane labels sit left of it.
pub const LEFT: f64 = 250.0;
/// Space kept right of the last day.
pub const RIGHT: f64 = 12.0;
/// Height of the date axis at the top of each picture.
pub const AXIS: f64 = 58.0;
/// Height of a lane's row of marks.
pub const MARK_ROW: f64 = 40.0;
/// Height of each row of window bars under the marks.
pub const BAR_ROW: f64 = 20.0;
/// Most lanes in one SVG: a picture this tall fits a printed landscape page.
pub const LANES_PER_PICTURE: usize = 8;

/// Everything the picture shows.
#[derive(Clone, Debug)]
pub struct Picture {
    /// First and last day shown (inclusive).
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub today: NaiveDate,
    /// The report's own period, highlighted on the axis.
    pub period: Option<(NaiveDate, NaiveDate)>,
    /// Days in `from..=to` that are not business days; a holiday carries its name (maybe
    /// empty), a day outside the workweek `None`.
    pub days_off: Vec<(NaiveDate, Option<String>)>,
    pub lanes: Vec<Lane>,
}

/// One opportunity's lane.
#[derive(Clone, Debug, Default)]
pub struct Lane {
    pub slug: String,
    pub title: Option<String>,
    /// The report's stage, or a summary of the due actions.
    pub stage: Option<String>,
    pub marks: Vec<Mark>,
    pub bars: Vec<Bar>,
    /// Decision dates D of the current round, and whether each was assumed.
    pub deadlines: Vec<(NaiveDate, bool)>,
    /// Entries of the opportunity dated before / after the days shown.
    pub earlier: usize,
    pub later: usize,
}

/// One entry.
#[derive(Clone, Debug)]
pub struct Mark {
    pub date: NaiveDate,
    pub kind: Kind,
    pub planned: bool,
    /// What the entry is, in words (the text alternative): `check-in #2 to Priya`.
    pub label: String,
    pub findings: Vec<Finding>,
}

/// A finding located in an entry.
#[derive(Clone, Debug)]
pub struct Finding {
    pub code: &'static str,
    pub severity: Severity,
    pub message: String,
}

/// One due window.
#[derive(Clone, Debug)]
pub struct Bar {
    /// `check-in-2`, `thank-you to Jane Doe`.
    pub action: String,
    pub earliest: NaiveDate,
    pub latest: NaiveDate,
    pub status: Status,
    /// The date of the planned entry covering it.
    pub planned: Option<NaiveDate>,
}

/// The one mapping from dates to x-positions.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scale {
    pub from: NaiveDate,
    /// Width of one day, in user units.
    pub day: f64,
}

impl Scale {
    /// The scale that fits `from..=to` between [`LEFT`] and `WIDTH - RIGHT`.
    pub fn new(from: NaiveDate, to: NaiveDate) -> Scale {
        let days = (to - from).num_days().max(0) + 1;
        Scale {
            from,
            day: (WIDTH - LEFT - RIGHT) / days as f64,
        }
    }
    /// The left edge of `date`'s column: `LEFT + days since from × day`.
    pub fn x(&self, date: NaiveDate) -> f64 {
        round(LEFT + (date - self.from).num_days() as f64 * self.day)
    }
    /// The middle of `date`'s column: where a lone mark of that day sits.
    pub fn center(&self, date: NaiveDate) -> f64 {
        round(self.x(date) + self.day / 2.0)
    }
    /// The right edge of `date`'s column (a window bar ends there: windows are inclusive).
    pub fn end(&self, date: NaiveDate) -> f64 {
        self.x(date + chrono::TimeDelta::days(1))
    }
}

/// An SVG `<text>` element written on one line (`svg`'s own `Text` element puts its content on
/// lines of its own, which ends up in the text and in the tests' eyes).
struct Label(Element);

impl Label {
    fn new(content: impl Into<String>) -> Label {
        let mut e = Element::new("text");
        svg::Node::append(&mut e, svg::node::Text::new(content));
        Label(e)
    }
    fn set(mut self, name: &str, value: impl Into<svg::node::Value>) -> Label {
        svg::Node::assign(&mut self.0, name, value);
        self
    }
    fn add(mut self, node: impl Into<Box<dyn svg::Node>>) -> Label {
        svg::Node::append(&mut self.0, node);
        self
    }
}

impl From<Label> for Box<dyn svg::Node> {
    fn from(l: Label) -> Self {
        Box::new(l.0)
    }
}

fn round(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

/// Colour and shape of each kind (colours keep at least 4.5:1 against white).
pub fn kind_style(kind: Kind) -> (&'static str, &'static str) {
    match kind {
        Kind::Apply => ("#4b5563", "square"),
        Kind::Interview => ("#6d28d9", "circle"),
        Kind::ThankYou => ("#065f46", "diamond"),
        Kind::CheckIn => ("#0369a1", "triangle"),
        Kind::Reply => ("#854d0e", "triangle-down"),
        Kind::Withdraw => ("#be123c", "cross"),
        Kind::Outcome => ("#111827", "star"),
        Kind::Note => ("#57534e", "plus"),
    }
}

/// The shape of a mark as an SVG path centred on (0, 0), about 14 units across.
fn shape_path(shape: &str) -> &'static str {
    match shape {
        "square" => "M-5.5,-5.5H5.5V5.5H-5.5Z",
        "circle" => "M-7,0A7,7 0 1,0 7,0A7,7 0 1,0 -7,0Z",
        "diamond" => "M0,-7.5L7.5,0L0,7.5L-7.5,0Z",
        "triangle" => "M0,-7L7,6H-7Z",
        "triangle-down" => "M0,7L7,-6H-7Z",
        "cross" => "M-6,-6L6,6M6,-6L-6,6",
        "star" => {
            "M0,-7.5L2.2,-2.4L7.5,-2.3L3.3,1.1L4.8,6.3L0,3.3L-4.8,6.3L-3.3,1.1L-7.5,-2.3L-2.2,-2.4Z"
        }
        _ => "M-6,0H6M0,-6V6",
    }
}

/// Whether a shape is drawn with strokes only (a cross, a plus).
fn line_shape(shape: &str) -> bool {
    matches!(shape, "cross" | "plus")
}

/// Fill and stroke for a window's status: overdue is hatched (with the pattern `hatch`, an
/// id in the same SVG), due solid, upcoming light, planned white with a dashed outline.
pub fn status_style(status: Status, hatch: &str) -> (String, &'static str) {
    match status {
        Status::Overdue => (format!("url(#{hatch})"), "#b91c1c"),
        Status::Due => ("#d97706".into(), "#92400e"),
        Status::Upcoming => ("#dbeafe".into(), "#1d4ed8"),
        Status::Planned => ("#ffffff".into(), "#15803d"),
    }
}

/// The hatch pattern of overdue windows, with its id (unique in the page).
fn hatch(id: &str) -> Definitions {
    Definitions::new().add(
        Pattern::new()
            .set("id", id)
            .set("width", 6)
            .set("height", 6)
            .set("patternUnits", "userSpaceOnUse")
            .set("patternTransform", "rotate(45)")
            .add(
                Rectangle::new()
                    .set("width", 6)
                    .set("height", 6)
                    .set("fill", "#fecaca"),
            )
            .add(
                Line::new()
                    .set("x1", 0)
                    .set("y1", 0)
                    .set("x2", 0)
                    .set("y2", 6)
                    .set("stroke", "#b91c1c")
                    .set("stroke-width", 3),
            ),
    )
}

fn mark_shape(kind: Kind, planned: bool) -> Path {
    let (colour, shape) = kind_style(kind);
    let mut p = Path::new()
        .set("d", shape_path(shape))
        .set("stroke", colour)
        .set("stroke-width", if line_shape(shape) { 3 } else { 2 });
    p = if line_shape(shape) {
        p.set("fill", "none")
    } else if planned {
        p.set("fill", "#ffffff")
    } else {
        p.set("fill", colour)
    };
    if planned {
        p = p.set("stroke-dasharray", "3 1.5");
    }
    p
}

/// A finding badge centred on (0, 0): a circle for errors, a triangle for warnings.
fn badge(severity: Severity, count: usize) -> Group {
    let (colour, d) = match severity {
        Severity::Error => ("#b91c1c", "M-6,0A6,6 0 1,0 6,0A6,6 0 1,0 -6,0Z"),
        _ => ("#b45309", "M0,-6.5L7,5.5H-7Z"),
    };
    let mut g = Group::new()
        .set("class", format!("badge {}", severity.as_str()))
        .add(Path::new().set("d", d).set("fill", colour))
        .add(
            Label::new("!")
                .set("y", 4)
                .set("text-anchor", "middle")
                .set("font-size", 10)
                .set("font-weight", "bold")
                .set("fill", "#ffffff"),
        );
    if count > 1 {
        g = g.add(
            Label::new(count.to_string())
                .set("x", 8)
                .set("y", 4)
                .set("font-size", 10)
                .set("font-weight", "bold")
                .set("fill", colour),
        );
    }
    g
}

fn short(date: NaiveDate) -> String {
    date.format("%b %-d").to_string()
}

/// Cut `s` to about `max` characters, with an ellipsis.
fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

fn lane_height(lane: &Lane) -> f64 {
    (MARK_ROW + BAR_ROW * lane.bars.len() as f64 + 8.0).max(54.0)
}

/// The SVG pictures for `picture`, at most [`LANES_PER_PICTURE`] lanes each (each repeats the
/// axis, so a printed page never cuts a lane). An empty list when there are no lanes.
pub fn render(picture: &Picture) -> Vec<String> {
    picture
        .lanes
        .chunks(LANES_PER_PICTURE)
        .enumerate()
        .map(|(k, lanes)| render_part(picture, lanes, k * LANES_PER_PICTURE))
        .collect()
}

fn render_part(p: &Picture, lanes: &[Lane], first: usize) -> String {
    let scale = Scale::new(p.from, p.to);
    let height = AXIS + lanes.iter().map(lane_height).sum::<f64>() + 4.0;
    let id = |s: &str| format!("{s}-{first}");
    let title = format!(
        "Timeline of {} opportunit{} from {} to {}",
        p.lanes.len(),
        if p.lanes.len() == 1 { "y" } else { "ies" },
        p.from,
        p.to
    );
    let mut desc = format!(
        "One lane per opportunity; a mark per journal entry, shaped and coloured by kind, hollow when planned; a bar per due window, styled by status; D marks the decision date; the dark line is today, {}.",
        p.today
    );
    if lanes.len() < p.lanes.len() {
        desc.push_str(&format!(
            " This part shows lanes {} to {}.",
            first + 1,
            first + lanes.len()
        ));
    }
    let mut doc = Document::new()
        .set("viewBox", (0, 0, WIDTH, round(height)))
        .set("width", "100%")
        .set("role", "graphics-document")
        .set(
            "aria-labelledby",
            format!("{} {}", id("tl-title"), id("tl-desc")),
        )
        .set("class", "timeline")
        .set(
            "font-family",
            "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
        )
        .set("font-size", 12)
        .set("data-from", p.from.to_string())
        .set("data-to", p.to.to_string())
        .set("data-left", LEFT)
        .set("data-day-width", scale.day)
        .add(Title::new(title).set("id", id("tl-title")))
        .add(
            Description::new()
                .set("id", id("tl-desc"))
                .add(svg::node::Text::new(desc)),
        )
        .add(hatch(&id("hatch")));
    let bottom = height - 4.0;

    // Days off, shaded across the axis and every lane.
    if scale.day >= 1.5 {
        let mut off = Group::new().set("class", "days-off");
        for (d, holiday) in &p.days_off {
            let what = match holiday {
                Some(name) if !name.is_empty() => format!("holiday: {}", clean(name)),
                Some(_) => "holiday".to_string(),
                None => "weekend".to_string(),
            };
            off = off.add(
                Rectangle::new()
                    .set(
                        "class",
                        if holiday.is_some() {
                            "holiday"
                        } else {
                            "weekend"
                        },
                    )
                    .set("data-date", d.to_string())
                    .set("x", scale.x(*d))
                    .set("y", 14)
                    .set("width", round(scale.day))
                    .set("height", round(bottom - 14.0))
                    .set(
                        "fill",
                        if holiday.is_some() {
                            "#e5e7eb"
                        } else {
                            "#eef2f6"
                        },
                    )
                    .add(Title::new(format!("{d} {what}"))),
            );
        }
        doc = doc.add(off);
    }
    doc = doc.add(axis(p, &scale));

    let mut y = AXIS;
    for (k, lane) in lanes.iter().enumerate() {
        let h = lane_height(lane);
        doc = doc.add(render_lane(
            lane,
            &scale,
            p,
            (y, h),
            first + k,
            &id("hatch"),
        ));
        y += h;
    }

    // Today, over everything.
    if p.today >= p.from && p.today <= p.to {
        let x = scale.center(p.today);
        doc = doc.add(
            Group::new()
                .set("class", "today")
                .set("data-date", p.today.to_string())
                .add(Title::new(format!("today, {}", p.today)))
                .add(
                    Line::new()
                        .set("x1", x)
                        .set("y1", 41)
                        .set("x2", x)
                        .set("y2", round(bottom))
                        .set("stroke", "#111827")
                        .set("stroke-width", 2),
                )
                .add(
                    Rectangle::new()
                        .set("x", round(x - 20.0))
                        .set("y", 41)
                        .set("width", 40)
                        .set("height", 13)
                        .set("rx", 3)
                        .set("fill", "#111827"),
                )
                .add(
                    Label::new("today")
                        .set("x", x)
                        .set("y", 51)
                        .set("text-anchor", "middle")
                        .set("font-size", 10)
                        .set("font-weight", "bold")
                        .set("fill", "#ffffff"),
                ),
        );
    }
    Element::from(doc).to_string()
}

fn axis(p: &Picture, scale: &Scale) -> Group {
    let mut g = Group::new().set("class", "axis").set("aria-hidden", "true");
    if let Some((a, b)) = p.period {
        let (a, b) = (a.max(p.from), b.min(p.to));
        if a <= b {
            g = g.add(
                Rectangle::new()
                    .set("class", "period")
                    .set("x", scale.x(a))
                    .set("y", 45)
                    .set("width", round(scale.end(b) - scale.x(a)))
                    .set("height", 5)
                    .set("fill", "#6d28d9"),
            );
            g = g.add(
                Label::new("report period")
                    .set("x", round(LEFT - 6.0))
                    .set("y", 51)
                    .set("text-anchor", "end")
                    .set("font-size", 10)
                    .set("font-weight", "bold")
                    .set("fill", "#6d28d9"),
            );
        }
    }
    // Label each day when there is room, else Mondays, else the first of each month.
    let every = if scale.day >= 22.0 {
        1
    } else if scale.day * 7.0 >= 30.0 {
        7
    } else {
        0
    };
    let mut d = p.from;
    let mut month_shown = false;
    while d <= p.to {
        let label = match every {
            1 => true,
            7 => d.weekday() == Weekday::Mon,
            _ => d.day() == 1,
        };
        if label {
            let x = scale.center(d);
            g = g.add(
                Label::new(if every == 0 {
                    d.format("%b %Y").to_string()
                } else {
                    d.day().to_string()
                })
                .set("x", x)
                .set("y", 37)
                .set("text-anchor", "middle")
                .set("font-size", 11)
                .set("fill", "#1f2937"),
            );
            if every == 1 && scale.day >= 22.0 {
                g = g.add(
                    Label::new(d.format("%a").to_string())
                        .set("x", x)
                        .set("y", 24)
                        .set("text-anchor", "middle")
                        .set("font-size", 9)
                        .set("fill", "#4b5563"),
                );
            }
        }
        if every != 0 && (d.day() == 1 || !month_shown) {
            g = g.add(
                Label::new(d.format("%B %Y").to_string())
                    .set(
                        "x",
                        if month_shown {
                            round(scale.x(d) + 2.0)
                        } else {
                            8.0
                        },
                    )
                    .set("y", 11)
                    .set("font-size", 11)
                    .set("font-weight", "bold")
                    .set("fill", "#1f2937"),
            );
            month_shown = true;
        }
        match d.succ_opt() {
            Some(n) => d = n,
            None => break,
        }
    }
    g.add(
        Line::new()
            .set("x1", 0)
            .set("y1", AXIS - 0.5)
            .set("x2", WIDTH)
            .set("y2", AXIS - 0.5)
            .set("stroke", "#9ca3af"),
    )
}

fn render_lane(
    lane: &Lane,
    scale: &Scale,
    p: &Picture,
    (y, h): (f64, f64),
    index: usize,
    hatch: &str,
) -> Group {
    let slug = clean(&lane.slug);
    let title = lane.title.as_deref().map(clean);
    let mut name = slug.clone();
    if let Some(t) = &title {
        name.push_str(&format!(" ({t})"));
    }
    let mut g = Group::new()
        .set("class", "lane")
        .set("role", "group")
        .set("data-lane", index)
        .set("transform", format!("translate(0,{})", round(y)));
    let mut summary = format!("{name}: {} entries shown", lane.marks.len());
    if lane.earlier > 0 {
        summary.push_str(&format!(", {} earlier", lane.earlier));
    }
    if lane.later > 0 {
        summary.push_str(&format!(", {} later", lane.later));
    }
    if let Some(s) = &lane.stage {
        summary.push_str(&format!("; {}", clean(s)));
    }
    g = g.add(Title::new(summary));
    // Separator and label.
    g = g.add(
        Line::new()
            .set("x1", 0)
            .set("y1", round(h))
            .set("x2", WIDTH)
            .set("y2", round(h))
            .set("stroke", "#d1d5db"),
    );
    g = g.add(
        Label::new(truncate(&slug, 26))
            .set("class", "slug")
            .set("x", 8)
            .set("y", 17)
            .set("font-weight", "bold")
            .set("font-size", 13)
            .set("fill", "#111827"),
    );
    if let Some(t) = &title {
        g = g.add(
            Label::new(truncate(t, 40))
                .set("x", 8)
                .set("y", 31)
                .set("font-size", 11)
                .set("fill", "#374151"),
        );
    }
    if let Some(s) = &lane.stage {
        g = g.add(
            Label::new(truncate(&clean(s), 44))
                .set("x", 8)
                .set("y", 45)
                .set("font-size", 10)
                .set("font-style", "italic")
                .set("fill", "#4b5563"),
        );
    }
    if lane.earlier > 0 {
        g = g.add(
            Label::new(format!("◀ {} earlier", lane.earlier))
                .set("x", round(LEFT - 4.0))
                .set("y", 16)
                .set("text-anchor", "end")
                .set("font-size", 9)
                .set("fill", "#4b5563")
                .add(Title::new(format!(
                    "{} earlier entr{}",
                    lane.earlier,
                    if lane.earlier == 1 { "y" } else { "ies" }
                ))),
        );
    }
    // Decision dates.
    for (d, assumed) in &lane.deadlines {
        if *d < p.from || *d > p.to {
            continue;
        }
        let x = scale.center(*d);
        g = g.add(
            Group::new()
                .set("class", "deadline")
                .set("data-date", d.to_string())
                .add(Title::new(format!(
                    "decision date D: {d}{}",
                    if *assumed { " (assumed)" } else { "" }
                )))
                .add(
                    Line::new()
                        .set("x1", x)
                        .set("y1", 4)
                        .set("x2", x)
                        .set("y2", round(h - 4.0))
                        .set("stroke", "#111827")
                        .set("stroke-width", 1.5)
                        .set("stroke-dasharray", "4 3"),
                )
                .add(
                    Label::new("D")
                        .set("x", round(x - 3.0))
                        .set("y", 11)
                        .set("text-anchor", "end")
                        .set("font-size", 10)
                        .set("font-weight", "bold")
                        .set("fill", "#111827"),
                ),
        );
    }
    // Window bars, one row each under the marks.
    for (k, bar) in lane.bars.iter().enumerate() {
        let (a, b) = (bar.earliest.max(p.from), bar.latest.min(p.to));
        if a > b {
            continue;
        }
        let (fill, stroke) = status_style(bar.status, hatch);
        let by = MARK_ROW + BAR_ROW * k as f64 + 3.0;
        let x0 = scale.x(a);
        let x1 = scale.end(b);
        let status = match (bar.status, bar.planned) {
            (Status::Planned, Some(d)) => format!("planned {}", short(d)),
            (s, Some(d)) => format!("{} (planned {} not sent)", s.as_str(), short(d)),
            (s, None) => s.as_str().to_string(),
        };
        let words = format!("{} · {status}", clean(&bar.action));
        let mut rect = Rectangle::new()
            .set("x", x0)
            .set("y", round(by))
            .set("width", round(x1 - x0))
            .set("height", 12)
            .set("rx", 3)
            .set("fill", fill)
            .set("stroke", stroke)
            .set("stroke-width", 1.5);
        if bar.status == Status::Planned {
            rect = rect.set("stroke-dasharray", "4 2");
        }
        // The words go right of the bar, or left of it when the right has no room.
        let room_right = WIDTH - RIGHT - x1;
        let est = words.chars().count() as f64 * 6.0;
        let label = if room_right >= est + 6.0 || room_right >= x0 - LEFT {
            Label::new(words.clone()).set("x", round(x1 + 5.0))
        } else {
            Label::new(words.clone())
                .set("x", round(x0 - 5.0))
                .set("text-anchor", "end")
        };
        g = g.add(
            Group::new()
                .set("class", format!("window {}", bar.status.as_str()))
                .set("role", "img")
                .set("data-earliest", bar.earliest.to_string())
                .set("data-latest", bar.latest.to_string())
                .add(Title::new(format!(
                    "{}: window {} to {}, {status}",
                    clean(&bar.action),
                    bar.earliest,
                    bar.latest
                )))
                .add(rect)
                .add(
                    label
                        .set("y", round(by + 10.0))
                        .set("font-size", 11)
                        .set("fill", "#1f2937"),
                ),
        );
    }
    // Marks: entries of one day share its column, side by side in journal order.
    let mid = 22.0;
    let mut i = 0;
    while i < lane.marks.len() {
        let day = lane.marks[i].date;
        let n = lane.marks[i..].iter().take_while(|m| m.date == day).count();
        let step = (scale.day / n as f64).min(16.0);
        for (j, m) in lane.marks[i..i + n].iter().enumerate() {
            let cx = round(scale.center(day) + (j as f64 - (n as f64 - 1.0) / 2.0) * step);
            g = g.add(render_mark(m, cx, mid));
        }
        i += n;
    }
    g
}

fn render_mark(m: &Mark, cx: f64, cy: f64) -> Group {
    let mut alt = format!("{} {}", m.date, clean(&m.label));
    if m.planned {
        alt.push_str(" (planned)");
    }
    for f in &m.findings {
        alt.push_str(&format!(
            "\n{} {}: {}",
            f.code,
            f.severity.as_str(),
            clean(&f.message)
        ));
    }
    let mut g = Group::new()
        .set(
            "class",
            format!(
                "mark {}{}{}",
                m.kind.as_str(),
                if m.planned { " planned" } else { "" },
                if m.findings.is_empty() {
                    ""
                } else {
                    " finding"
                }
            ),
        )
        .set("role", "img")
        .set("data-date", m.date.to_string())
        .set("data-kind", m.kind.as_str())
        .set("transform", format!("translate({cx},{cy})"))
        .add(Title::new(alt))
        .add(mark_shape(m.kind, m.planned));
    if let Some(worst) = m.findings.iter().map(|f| f.severity).max() {
        let count = m.findings.len();
        let mut b = badge(worst, count).set("transform", "translate(7,-10)");
        b = b.add(Title::new(
            m.findings
                .iter()
                .map(|f| format!("{} {}: {}", f.code, f.severity.as_str(), clean(&f.message)))
                .collect::<Vec<_>>()
                .join("\n"),
        ));
        g = g.add(b);
    }
    g
}

/// The legend: every kind's mark, planned, the window statuses, D, today, days off, findings.
pub fn legend() -> String {
    let mut doc = Document::new()
        .set("viewBox", (0, 0, WIDTH, 96))
        .set("width", "100%")
        .set("role", "img")
        .set("aria-labelledby", "legend-title legend-desc")
        .set("class", "legend")
        .set("font-family", "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif")
        .set("font-size", 12)
        .add(Title::new("Legend of the timeline").set("id", "legend-title"))
        .add(Description::new().set("id", "legend-desc").add(svg::node::Text::new(
            "Entry kinds: apply square, interview circle, thank-you diamond, check-in triangle, reply downward triangle, withdraw cross, outcome star, note plus; planned entries are hollow with a dashed outline. Windows: overdue hatched red, due solid amber, upcoming light blue, planned dashed green outline. D dashed line: decision date. Dark line: today. Grey columns: weekends and holidays. Red circle with !: an error finding; amber triangle with !: a warning.",
        )))
        .add(hatch("hatch-legend"));
    let item = |x: f64, y: f64, glyph: Element, words: &str| -> Group {
        Group::new()
            .set("class", "legend-item")
            .set("transform", format!("translate({x},{y})"))
            .add(glyph)
            .add(
                Label::new(words)
                    .set("x", 14)
                    .set("y", 4)
                    .set("fill", "#1f2937"),
            )
    };
    let mut x = 8.0;
    for k in Kind::ALL {
        doc = doc.add(item(x, 16.0, mark_shape(k, false).into(), k.as_str()));
        x += 98.0;
    }
    doc = doc.add(item(
        x,
        16.0,
        mark_shape(Kind::CheckIn, true).into(),
        "planned (hollow)",
    ));
    let mut x = 8.0;
    for s in [
        Status::Overdue,
        Status::Due,
        Status::Upcoming,
        Status::Planned,
    ] {
        let (fill, stroke) = status_style(s, "hatch-legend");
        let mut r = Rectangle::new()
            .set("x", -8)
            .set("y", -6)
            .set("width", 18)
            .set("height", 12)
            .set("rx", 3)
            .set("fill", fill)
            .set("stroke", stroke)
            .set("stroke-width", 1.5);
        if s == Status::Planned {
            r = r.set("stroke-dasharray", "4 2");
        }
        doc = doc.add(item(x, 48.0, r.into(), &format!("{} window", s.as_str())));
        x += 150.0;
    }
    doc = doc.add(item(
        x,
        48.0,
        legend_tick(1.5).set("stroke-dasharray", "4 3").into(),
        "D decision date",
    ));
    x += 140.0;
    doc = doc.add(item(x, 48.0, legend_tick(2).into(), "today"));
    let mut x = 8.0;
    doc = doc.add(item(
        x,
        80.0,
        Rectangle::new()
            .set("x", -6)
            .set("y", -8)
            .set("width", 12)
            .set("height", 16)
            .set("fill", "#e5e7eb")
            .into(),
        "weekend or holiday",
    ));
    x += 170.0;
    doc = doc.add(item(
        x,
        80.0,
        badge(Severity::Error, 1).into(),
        "error finding",
    ));
    x += 150.0;
    doc = doc.add(item(
        x,
        80.0,
        badge(Severity::Warning, 1).into(),
        "warning finding",
    ));
    x += 160.0;
    doc = doc.add(
        Label::new("Hover a mark or a window for its details.")
            .set("x", x)
            .set("y", 84)
            .set("fill", "#4b5563"),
    );
    Element::from(doc).to_string()
}

/// A short vertical line for the legend (the D tick and the today line), `width` its stroke.
fn legend_tick(width: impl Into<svg::node::Value>) -> Line {
    Line::new()
        .set("x1", 0)
        .set("y1", -8)
        .set("x2", 0)
        .set("y2", 8)
        .set("stroke", "#111827")
        .set("stroke-width", width)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn the_scale_maps_days_to_equal_columns_from_the_left_edge() {
        // 14 days across 938 units: 67 a day.
        let s = Scale::new(d("2026-11-16"), d("2026-11-29"));
        assert_eq!(s.day, 67.0);
        assert_eq!(s.x(d("2026-11-16")), LEFT);
        assert_eq!(s.x(d("2026-11-17")), 317.0);
        assert_eq!(s.center(d("2026-11-17")), 350.5);
        assert_eq!(s.end(d("2026-11-29")), WIDTH - RIGHT);
        // One day fills the width; a reversed period does not divide by zero.
        assert_eq!(Scale::new(d("2026-11-16"), d("2026-11-16")).day, 938.0);
        assert_eq!(Scale::new(d("2026-11-16"), d("2026-11-01")).day, 938.0);
    }

    /// WCAG 2 contrast ratio of two `#rrggbb` colours.
    fn contrast(a: &str, b: &str) -> f64 {
        let lum = |c: &str| {
            let ch = |i: usize| {
                let v = u8::from_str_radix(&c[i..i + 2], 16).unwrap() as f64 / 255.0;
                if v <= 0.03928 {
                    v / 12.92
                } else {
                    ((v + 0.055) / 1.055).powf(2.4)
                }
            };
            0.2126 * ch(1) + 0.7152 * ch(3) + 0.0722 * ch(5)
        };
        let (x, y) = (lum(a), lum(b));
        (x.max(y) + 0.05) / (x.min(y) + 0.05)
    }

    #[test]
    fn the_palette_keeps_its_contrast() {
        let backgrounds = ["#ffffff", "#eef2f6", "#e5e7eb"];
        for bg in backgrounds {
            // Marks are graphics (3:1 needed); they keep text contrast anyway.
            for k in Kind::ALL {
                let (c, _) = kind_style(k);
                assert!(contrast(c, bg) >= 4.5, "{k:?} on {bg}: {}", contrast(c, bg));
            }
            for s in [
                Status::Overdue,
                Status::Due,
                Status::Upcoming,
                Status::Planned,
            ] {
                let (_, stroke) = status_style(s, "h");
                assert!(contrast(stroke, bg) >= 3.0, "{s:?} on {bg}");
            }
            // Text: labels, dates, the report period.
            for t in ["#111827", "#1f2937", "#374151", "#4b5563", "#6d28d9"] {
                assert!(contrast(t, bg) >= 4.5, "{t} on {bg}: {}", contrast(t, bg));
            }
        }
        // White on the badges and the today tag.
        for c in ["#b91c1c", "#b45309", "#111827"] {
            assert!(contrast("#ffffff", c) >= 4.5, "{c}");
        }
        // The solid due bar stands out from the page.
        assert!(contrast("#d97706", "#ffffff") >= 3.0);
    }

    #[test]
    fn long_names_are_cut_with_an_ellipsis() {
        assert_eq!(truncate("acme", 4), "acme");
        assert_eq!(truncate("acme-sre", 5), "acme…");
    }

    #[test]
    fn lanes_are_split_into_pictures_that_fit_a_page() {
        let lane = Lane {
            slug: "a".into(),
            ..Lane::default()
        };
        let p = Picture {
            from: d("2026-11-16"),
            to: d("2026-11-29"),
            today: d("2026-11-20"),
            period: None,
            days_off: vec![],
            lanes: vec![lane; LANES_PER_PICTURE + 1],
        };
        let parts = render(&p);
        assert_eq!(parts.len(), 2);
        assert_eq!(
            parts[0].matches("class=\"lane\"").count(),
            LANES_PER_PICTURE
        );
        assert_eq!(parts[1].matches("class=\"lane\"").count(), 1);
        assert!(parts[1].contains("data-lane=\"8\""));
        // Ids stay unique across the parts.
        assert!(parts[0].contains("id=\"tl-title-0\"") && parts[1].contains("id=\"tl-title-8\""));
    }
}
