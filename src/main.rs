fn main() {
    std::process::exit(nudge::cli::run(std::env::args_os()));
}
