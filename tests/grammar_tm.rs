//! The TextMate grammar of the VS Code extension (`editors/vscode/syntaxes/nudge.tmLanguage.json`)
//! tokenises every example journal with dates, times, kinds, slugs, titles, keys, values,
//! bodies, directives and comments in their scopes — checked line by line against nudge's own
//! line classifier. syntect loads `.sublime-syntax`, so the test converts the JSON grammar's
//! patterns into one; the converted grammar is shipped as
//! `editors/sublime/nudge.sublime-syntax` and must stay equal to the conversion.

use nudge::parse::line;
use nudge::parse::syntax::{self, LineKind};
use syntect::easy::ScopeRangeIterator;
use syntect::parsing::{ParseState, ScopeStack, SyntaxDefinition, SyntaxSet, SyntaxSetBuilder};

const GRAMMAR: &str = "editors/vscode/syntaxes/nudge.tmLanguage.json";
const SUBLIME: &str = "editors/sublime/nudge.sublime-syntax";

/// The JSON grammar (top-level `match` patterns with `captures`) as a `.sublime-syntax`.
fn to_sublime(json: &str) -> String {
    let g: serde_json::Value = serde_json::from_str(json).unwrap();
    let mut out = format!(
        "%YAML 1.2\n---\n# Generated from {GRAMMAR} by tests/grammar_tm.rs (NUDGE_BLESS=1 rewrites it).\nname: {}\nscope: {}\nfile_extensions: [nudge]\ncontexts:\n  main:\n",
        g["name"].as_str().unwrap(),
        g["scopeName"].as_str().unwrap()
    );
    for p in g["patterns"].as_array().unwrap() {
        let re = p["match"].as_str().expect("only `match` patterns");
        assert!(!re.contains('\''));
        out.push_str(&format!(
            "    - match: '{re}'\n      scope: {}\n",
            p["name"].as_str().unwrap()
        ));
        if let Some(caps) = p["captures"].as_object() {
            out.push_str("      captures:\n");
            let mut caps: Vec<_> = caps.iter().collect();
            caps.sort_by_key(|(k, _)| k.parse::<u32>().unwrap());
            for (k, v) in caps {
                out.push_str(&format!("        {k}: {}\n", v["name"].as_str().unwrap()));
            }
        }
    }
    out
}

fn syntax_set() -> SyntaxSet {
    let sublime = to_sublime(&std::fs::read_to_string(GRAMMAR).unwrap());
    if std::env::var_os("NUDGE_BLESS").is_some() {
        std::fs::create_dir_all("editors/sublime").unwrap();
        std::fs::write(SUBLIME, &sublime).unwrap();
    }
    assert_eq!(
        std::fs::read_to_string(SUBLIME).unwrap_or_default(),
        sublime,
        "{SUBLIME} is out of date: run with NUDGE_BLESS=1"
    );
    let def = SyntaxDefinition::load_from_str(&sublime, true, None).unwrap();
    let mut b = SyntaxSetBuilder::new();
    b.add(def);
    b.build()
}

/// The scopes at each byte of `line` (with its `\n`), as strings.
fn scopes(state: &mut ParseState, set: &SyntaxSet, line: &str) -> Vec<String> {
    let ops = state.parse_line(line, set).unwrap();
    let mut stack = ScopeStack::new();
    let mut at = vec![String::new(); line.len()];
    for (range, op) in ScopeRangeIterator::new(&ops, line) {
        stack.apply(op).unwrap();
        let s = stack
            .as_slice()
            .iter()
            .map(|x| x.build_string())
            .collect::<Vec<_>>()
            .join(" ");
        for slot in &mut at[range] {
            *slot = s.clone();
        }
    }
    at
}

fn journals() -> Vec<std::path::PathBuf> {
    let mut v: Vec<_> = ["examples", "tests/fixtures/rules", "tests/fixtures/lsp"]
        .iter()
        .flat_map(|d| std::fs::read_dir(d).unwrap())
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "nudge"))
        .collect();
    v.sort();
    v
}

#[test]
fn every_journal_tokenises_with_each_part_in_its_scope() {
    let set = syntax_set();
    let syntax = set.find_syntax_by_extension("nudge").unwrap();
    let mut seen = std::collections::BTreeSet::new();
    for path in journals() {
        let text = std::fs::read_to_string(&path).unwrap();
        let file = syntax::parse(&text);
        let mut state = ParseState::new(syntax);
        for (n, l) in file.lines.iter().enumerate() {
            let full = format!("{}{}{}\n", l.indent, l.content, l.trailing);
            if full.len() > 2000 || (n == 0 && text.starts_with('\u{feff}')) {
                continue;
            }
            let sc = scopes(&mut state, &set, &full);
            let base = l.indent.len();
            let at = |part: &str| base + line::offset(l.content, part);
            let mut expect = |offset: usize, scope: &str| {
                seen.insert(scope.to_string());
                assert!(
                    sc[offset].contains(scope),
                    "{}:{}: byte {offset} of {full:?} should be {scope}, is {:?}",
                    path.display(),
                    n + 1,
                    sc[offset]
                );
            };
            match &l.kind {
                LineKind::Comment => expect(base, "comment.line.nudge"),
                LineKind::Header(h) => {
                    expect(0, "constant.numeric.date.nudge");
                    let mut words = l
                        .content
                        .split(line::is_blank)
                        .filter(|w| !w.is_empty())
                        .skip(1)
                        .peekable();
                    if let Some(t) = words.next_if(|w| w.contains(':')) {
                        expect(at(t), "constant.numeric.time.nudge");
                    }
                    if let Some(p) = words.next_if(|w| *w == "!") {
                        expect(at(p), "keyword.operator.planned.nudge");
                    }
                    let kind = words.next().unwrap();
                    expect(at(kind), "keyword.other.kind.nudge");
                    expect(at(h.entry.opportunity), "entity.name.tag.slug.nudge");
                    if let Some(t) = h.entry.text.filter(|t| !t.is_empty()) {
                        expect(at(t), "string.quoted.title.nudge");
                    }
                    if let Some(c) = l.comment() {
                        expect(
                            base + l.content.len() + l.trailing.len() - c.len(),
                            "comment.line.nudge",
                        );
                    }
                }
                LineKind::Attribute { key, value } => {
                    expect(base, "variable.other.key.nudge");
                    if !value.is_empty() {
                        expect(at(value), "string.unquoted.value.nudge");
                    }
                    let _ = key;
                }
                LineKind::Body(text) => {
                    expect(base, "punctuation.definition.body.nudge");
                    if !text.is_empty() {
                        expect(at(text), "string.unquoted.body.nudge");
                    }
                }
                LineKind::Directive { .. } => {
                    expect(base, "keyword.control.directive.nudge");
                    if let Some(c) = l.comment() {
                        expect(
                            base + l.content.len() + l.trailing.len() - c.len(),
                            "comment.line.nudge",
                        );
                    }
                }
                LineKind::Blank | LineKind::Error => {}
            }
        }
    }
    // Every part was met somewhere.
    for scope in [
        "constant.numeric.date.nudge",
        "constant.numeric.time.nudge",
        "keyword.operator.planned.nudge",
        "keyword.other.kind.nudge",
        "entity.name.tag.slug.nudge",
        "string.quoted.title.nudge",
        "variable.other.key.nudge",
        "string.unquoted.value.nudge",
        "string.unquoted.body.nudge",
        "keyword.control.directive.nudge",
        "comment.line.nudge",
    ] {
        assert!(seen.contains(scope), "no journal exercised {scope}");
    }
}

#[test]
fn the_editor_set_ups_are_well_formed() {
    for json in [
        "editors/vscode/package.json",
        "editors/vscode/language-configuration.json",
        GRAMMAR,
    ] {
        let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(json).unwrap())
            .unwrap_or_else(|e| panic!("{json}: {e}"));
        assert!(v.is_object(), "{json}");
    }
    let package: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string("editors/vscode/package.json").unwrap())
            .unwrap();
    assert_eq!(
        package["contributes"]["grammars"][0]["path"],
        "./syntaxes/nudge.tmLanguage.json"
    );
    assert_eq!(package["main"], "./extension.js");
    let helix: toml::Table = std::fs::read_to_string("editors/helix/languages.toml")
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(
        helix["language-server"]["nudge"]["args"][0].as_str(),
        Some("lsp")
    );
    assert_eq!(
        helix["language"][0]["file-types"][0].as_str(),
        Some("nudge")
    );
    let js = std::fs::read_to_string("editors/vscode/extension.js").unwrap();
    assert!(js.contains("\"lsp\"") && js.contains("initializationOptions"));
    let el = std::fs::read_to_string("editors/emacs/nudge.el").unwrap();
    assert_eq!(
        el.matches('(').count(),
        el.matches(')').count(),
        "balanced parentheses"
    );
}
