//! Write a generated journal to stdout: `cargo run --release --example generate -- 1000000 > big.nudge`
//! (entries, then an optional seed).

#[path = "../src/generate.rs"]
mod generate;

fn main() {
    let mut args = std::env::args().skip(1);
    let entries = args.next().and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let seed = args.next().and_then(|a| a.parse().ok()).unwrap_or(1);
    let text = generate::journal(entries, seed);
    use std::io::Write;
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
}
