//! A command is named in five places: registered in `run_app` (lib.rs), declared in build.rs,
//! granted in the window's capability, wrapped in the UI's `backend.ts`, and pinned by name in
//! `backend.test.ts`. A command added to some of them only fails here.

#![allow(clippy::unwrap_used)] // a test fails loudly by design

use std::collections::BTreeSet;

fn read(path: &str) -> String {
    std::fs::read_to_string(format!("{}/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// The text between `start` and the next `end` after it.
fn between<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let from = text.find(start).unwrap_or_else(|| panic!("no {start:?}")) + start.len();
    let to = text[from..]
        .find(end)
        .unwrap_or_else(|| panic!("no {end:?}"))
        + from;
    &text[from..to]
}

/// Each `quote … quote` run of command-name characters in `text`.
fn quoted(text: &str, quote: char) -> BTreeSet<String> {
    text.split(quote)
        .skip(1)
        .step_by(2)
        .filter(|word| !word.is_empty() && word.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
        .map(str::to_owned)
        .collect()
}

fn registered() -> BTreeSet<String> {
    between(&read("src/lib.rs"), "generate_handler![", "]")
        .split(',')
        .filter_map(|path| path.trim().rsplit("::").next())
        .filter(|name| !name.is_empty())
        .map(str::to_owned)
        .collect()
}

fn declared() -> BTreeSet<String> {
    quoted(
        between(&read("build.rs"), "const COMMANDS: &[&str] = &[", "];"),
        '"',
    )
}

fn granted() -> BTreeSet<String> {
    let capability: serde_json::Value =
        serde_json::from_str(&read("capabilities/main.json")).unwrap();
    capability["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p.as_str()?.strip_prefix("allow-"))
        .map(|name| name.replace('-', "_"))
        .collect()
}

fn wrapped() -> BTreeSet<String> {
    // A listing goes through `paged<Answer, Row>('command_name'`, which calls `call` itself.
    let backend = read("../ui/src/lib/ipc/backend.ts").replace("paged<", "call<");
    backend
        .split("call<")
        .skip(1)
        // `call<Type>('command_name'`; the helpers' own definitions have no name after them.
        .filter_map(|rest| {
            let (_, after) = rest.split_once(">('")?;
            Some(after.split('\'').next()?.to_owned())
        })
        .collect()
}

fn pinned(all: &BTreeSet<String>) -> BTreeSet<String> {
    quoted(&read("../ui/src/lib/ipc/backend.test.ts"), '\'')
        .into_iter()
        .filter(|name| all.contains(name))
        .collect()
}

#[test]
fn every_command_is_registered_declared_granted_wrapped_and_pinned() {
    let registered = registered();
    assert!(registered.len() > 30, "{registered:?}");
    for (place, names) in [
        ("declared in build.rs COMMANDS", declared()),
        ("granted in capabilities/main.json", granted()),
        ("wrapped in ui/src/lib/ipc/backend.ts", wrapped()),
        (
            "pinned in ui/src/lib/ipc/backend.test.ts",
            pinned(&registered),
        ),
    ] {
        let missing: Vec<_> = registered.difference(&names).collect();
        let extra: Vec<_> = names.difference(&registered).collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "not {place}: {missing:?}; {place} but not registered in lib.rs: {extra:?}"
        );
    }
}
